package kubernetes

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Readers of the fields the scanner uses, straight from nodes that fit their
// kind's shape (fit.go). In such a tree every mapping key is a unique,
// untagged string, nothing is an alias, and every value has the type its
// field wants or is null, so each reader sets what encoding/json would
// have: a string field the scalar's text (yaml.v3 only yields valid UTF-8,
// which JSON carries across unchanged), a map or slice nil for null and
// empty (not nil) for {} or [], a null item its zero value.

// readBody reads what the scanner uses of a fitting object.
func readBody(o *object) {
	n := o.node
	switch o.kind {
	case "Service":
		o.service = readService(child(n, "spec"))
	case "ConfigMap":
		o.data = readStringMap(child(n, "data"))
	case "Pod":
		meta := readMeta(child(n, "metadata"))
		o.pod = &podTemplate{meta: meta, template: meta, spec: readPodSpec(child(n, "spec"))}
	default:
		tmpl := child(child(n, "spec"), "template")
		if o.kind == "CronJob" {
			tmpl = child(child(child(child(n, "spec"), "jobTemplate"), "spec"), "template")
		}
		o.pod = &podTemplate{
			meta:     readMeta(child(n, "metadata")),
			template: readMeta(child(tmpl, "metadata")),
			spec:     readPodSpec(child(tmpl, "spec")),
		}
	}
}

// child returns the value of key in mapping n, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func readString(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == nullTag {
		return ""
	}
	return n.Value
}

// readBool reads a !!bool: yaml.v3 spells true "true", "True" or "TRUE".
func readBool(n *yaml.Node) bool {
	return n != nil && n.Tag == boolTag && (n.Value[0] == 't' || n.Value[0] == 'T')
}

// readWords reads a list of strings and where each was written.
func readWords(n *yaml.Node) ([]string, []pos) {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil, nil
	}
	out, at := make([]string, len(n.Content)), make([]pos, len(n.Content))
	for i, c := range n.Content {
		out[i], at[i] = readString(c), posOf(c)
	}
	return out, at
}

func readStringMap(n *yaml.Node) map[string]string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		out[n.Content[i].Value] = readString(n.Content[i+1])
	}
	return out
}

func readLabels(n *yaml.Node) labels {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make(labels, len(n.Content)/2)
	for i := range out {
		out[i] = label{n.Content[2*i].Value, readString(n.Content[2*i+1])}
	}
	return out
}

// isNull reports whether n is absent or null, for pointer fields.
func isNull(n *yaml.Node) bool { return n == nil || n.Kind == yaml.ScalarNode }

func readMeta(n *yaml.Node) objectMeta {
	m := objectMeta{labels: readLabels(child(n, "labels")), annotations: readLabels(child(n, "annotations"))}
	if refs := child(n, "ownerReferences"); refs != nil && refs.Kind == yaml.SequenceNode {
		m.owners = make([]ownerReference, len(refs.Content))
		for i, r := range refs.Content {
			m.owners[i] = ownerReference{kind: readString(child(r, "kind")), name: readString(child(r, "name")),
				controller: readBool(child(r, "controller"))}
		}
	}
	return m
}

func readPodSpec(n *yaml.Node) podSpec {
	return podSpec{containers: readContainers(child(n, "containers")), initContainers: readContainers(child(n, "initContainers"))}
}

func readContainers(n *yaml.Node) []container {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]container, len(n.Content))
	for i, c := range n.Content {
		out[i] = container{name: readString(child(c, "name")), image: readString(child(c, "image")), at: posOf(c)}
		out[i].command, out[i].commandAt = readWords(child(c, "command"))
		out[i].args, out[i].argsAt = readWords(child(c, "args"))
		if env := child(c, "env"); env != nil && env.Kind == yaml.SequenceNode {
			out[i].env = make([]envVar, len(env.Content))
			for j, e := range env.Content {
				v := envVar{name: readString(child(e, "name")), value: readString(child(e, "value")), at: posOf(e)}
				if ref := child(child(e, "valueFrom"), "configMapKeyRef"); !isNull(ref) {
					v.fromConfigMap = &configMapKey{configMap: readString(child(ref, "name")), key: readString(child(ref, "key"))}
				}
				out[i].env[j] = v
			}
		}
		if envFrom := child(c, "envFrom"); envFrom != nil && envFrom.Kind == yaml.SequenceNode {
			out[i].envFrom = make([]envFromSource, len(envFrom.Content))
			for j, e := range envFrom.Content {
				s := envFromSource{prefix: readString(child(e, "prefix")), at: posOf(e)}
				if ref := child(e, "configMapRef"); !isNull(ref) {
					s.configMap, s.fromConfigMap = readString(child(ref, "name")), true
				}
				out[i].envFrom[j] = s
			}
		}
	}
	return out
}

func readService(spec *yaml.Node) *serviceSpec {
	s := &serviceSpec{selector: readStringMap(child(spec, "selector")), headless: readString(child(spec, "clusterIP")) == "None"}
	if readString(child(spec, "type")) == "ExternalName" {
		s.externalName = strings.TrimSpace(readString(child(spec, "externalName")))
	}
	return s
}
