package kubernetes

import (
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/model"
)

// workloadGroups lists the kinds that run pods, with the API groups they are
// served from (older groups included: their pod templates are the same). A
// kind from another group, such as a Knative Service, is a custom resource.
var workloadGroups = map[string][]string{
	"Deployment":            {"apps", "extensions"},
	"StatefulSet":           {"apps"},
	"DaemonSet":             {"apps", "extensions"},
	"ReplicaSet":            {"apps", "extensions"},
	"ReplicationController": {""},
	"Job":                   {"batch"},
	"CronJob":               {"batch"},
	"Pod":                   {""},
}

// workload is an object that runs pods: a container in C4 terms.
type workload struct {
	obj          *object
	id           string
	address      string // obj.address()
	*podTemplate        // obj.pod
}

// podTemplate is what the scanner reads of a workload object.
type podTemplate struct {
	meta     objectMeta // the workload's own
	template objectMeta // the pod template's (a Pod's own)
	spec     podSpec
}

// objectMeta holds the metadata the scanner reads.
type objectMeta struct {
	labels, annotations labels
	owners              []ownerReference
}

// labels holds the labels or the annotations of an object. It is a slice
// rather than a map: an object has a handful, read by key a few times, and
// thousands of small maps cost the scan more than the lookups. Keys are
// unique (the fast path refuses repeated keys, a JSON map has none); the
// order does not matter to any reader.
type labels []label

type label struct{ key, value string }

// get returns the value of label k.
func (ls labels) get(k string) (string, bool) {
	for _, l := range ls {
		if l.key == k {
			return l.value, true
		}
	}
	return "", false
}

// labelsOf returns the labels of a map, sorted by key.
func labelsOf(m map[string]string) labels {
	if m == nil {
		return nil
	}
	ls := make(labels, 0, len(m))
	for k, v := range m {
		ls = append(ls, label{k, v})
	}
	slices.SortFunc(ls, func(a, b label) int { return strings.Compare(a.key, b.key) })
	return ls
}

type ownerReference struct {
	kind, name string
	controller bool
}

// podSpec holds the containers of a pod; init containers (native sidecars
// among them) are read for references only.
type podSpec struct {
	containers, initContainers []container
}

type container struct {
	name, image   string
	command, args []string
	env           []envVar
	envFrom       []envFromSource
	// at is where the container was written; commandAt and argsAt are
	// where each word of command and args was (zero where no node is).
	at                pos
	commandAt, argsAt []pos
}

// pos is where a YAML node was written: its file line and column. The
// scanner keeps positions rather than the nodes, so that a file's node
// tree is garbage once the file is read; the zero pos means there was
// no node.
type pos struct{ line, col int }

// posOf returns the position of n, or the zero pos for nil.
func posOf(n *yaml.Node) pos {
	if n == nil {
		return pos{}
	}
	return pos{n.Line, n.Column}
}

type envVar struct {
	name, value string
	// fromConfigMap is set when the value is a ConfigMap's
	// (valueFrom.configMapKeyRef); Secrets are never read.
	fromConfigMap *configMapKey
	at            pos
}

type configMapKey struct{ configMap, key string }

type envFromSource struct {
	prefix string
	// configMap names the ConfigMap imported when fromConfigMap is set
	// (configMapRef).
	configMap     string
	fromConfigMap bool
	at            pos
}

// workloadID is the stable observed ID: kubernetes:<namespace>/<kind>/<name>.
func workloadID(ns, kind, name string) string {
	return scannerName + ":" + ns + "/" + lowerKind(kind) + "/" + name
}

// lowerKind is strings.ToLower(kind), without an allocation for the
// workload kinds.
func lowerKind(kind string) string {
	switch kind {
	case "Deployment":
		return "deployment"
	case "StatefulSet":
		return "statefulset"
	case "DaemonSet":
		return "daemonset"
	case "ReplicaSet":
		return "replicaset"
	case "ReplicationController":
		return "replicationcontroller"
	case "Job":
		return "job"
	case "CronJob":
		return "cronjob"
	case "Pod":
		return "pod"
	}
	return strings.ToLower(kind)
}

// element renders the workload as a C4 container. labelProps interns the
// "label:<key>" property names, which repeat from workload to workload.
func (w *workload) element(labelProps map[string]string) *model.Element {
	o := w.obj
	e := &model.Element{
		ID:    w.id,
		Name:  o.name,
		Kind:  model.KindContainer,
		Group: o.namespace,
		// type, namespace, image, images, the element and the labels
		Properties: make(map[string]string, 5+len(w.meta.labels)+len(w.template.labels)),
		Sources:    []model.Source{{Scanner: scannerName, File: o.file, Line: o.line, Column: o.col, Address: w.address}},
	}
	e.Properties[model.PropType] = o.kind
	e.Properties["namespace"] = o.namespace
	e.Class, e.Technology = classify(w.spec.containers)
	var images []string
	for _, c := range w.spec.containers {
		if c.image != "" {
			images = append(images, c.image)
		}
	}
	if len(images) > 0 {
		e.Properties["image"] = images[0]
		e.Properties["images"] = strings.Join(images, ",")
	}
	for _, ls := range []labels{w.meta.labels, w.template.labels} {
		for _, l := range ls {
			p, ok := labelProps[l.key]
			if !ok {
				p = "label:" + l.key
				labelProps[l.key] = p
			}
			if _, ok := e.Properties[p]; !ok {
				e.Properties[p] = l.value
			}
		}
	}
	if v := explicitElement(w.meta, w.template); v != "" {
		e.Properties[model.PropElement] = v
	}
	return e
}

// elementKeys are the label and annotation spellings that name the
// documented element a workload implements, preferred first.
var elementKeys = []string{model.PropElement, "c4.element"}

// explicitElement reads the explicit mapping from the workload's annotations
// and labels, then its pod template's. Annotations come first because label
// values cannot hold the spaces of a documented name.
func explicitElement(metas ...objectMeta) string {
	for _, m := range metas {
		for _, set := range []labels{m.annotations, m.labels} {
			for _, k := range elementKeys {
				v, _ := set.get(k)
				if v = strings.TrimSpace(v); v != "" {
					return v
				}
			}
		}
	}
	return ""
}

// sidecars are containers that run beside the workload rather than being it:
// meshes, log shippers, proxies to managed services, metrics exporters.
var sidecars = map[string]bool{
	"istio-proxy": true, "proxyv2": true, "linkerd-proxy": true, "envoy": true, "envoy-alpine": true, "envoy-sidecar": true,
	"fluent-bit": true, "fluentbit": true, "fluentd": true, "filebeat": true, "promtail": true, "vector": true,
	"cloud-sql-proxy": true, "cloudsql-proxy": true, "vault-agent": true, "jaeger-agent": true, "datadog-agent": true,
	"otel-collector": true, "opentelemetry-collector": true, "opentelemetry-collector-contrib": true, "oauth2-proxy": true,
}

// isSidecar reports whether a container is one of the obvious sidecars, by
// its name or its image's repository name.
func isSidecar(c container) bool {
	repo := c.image
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	}
	repo = path.Base(repo)
	if i := strings.IndexByte(repo, ':'); i >= 0 {
		repo = repo[:i]
	}
	for _, n := range []string{strings.ToLower(c.name), strings.ToLower(repo)} {
		if sidecars[n] || strings.HasSuffix(n, "-exporter") || strings.HasSuffix(n, "_exporter") {
			return true
		}
	}
	return false
}

// classify derives class and technology from the first container whose image
// the technology table knows. Sidecars count only when every container is
// one (an Envoy or Istio gateway is nothing but its proxy): a meshed
// service with an unknown image is a service, not a gateway. A language
// runtime (python, node) says the workload is a service written in it.
func classify(containers []container) (model.Class, string) {
	sidecarsOnly := true
	for _, c := range containers {
		if !isSidecar(c) {
			sidecarsOnly = false
			break
		}
	}
	for _, c := range containers {
		if !sidecarsOnly && isSidecar(c) {
			continue
		}
		t, ok := model.TechnologyFromImage(c.image)
		if !ok {
			continue
		}
		if t.Category == model.CatLanguage || t.Class == model.ClassUnknown {
			return model.ClassService, t.Name
		}
		return t.Class, t.Name
	}
	return model.ClassService, ""
}

// ownedByScanned reports whether a controller that is itself in the scan
// created this object (a ReplicaSet of a Deployment, in a cluster export):
// then the object is the controller's, not a container of its own.
func (w *workload) ownedByScanned(ids map[string]bool) bool {
	for _, ref := range w.meta.owners {
		if ref.controller && ids[workloadID(w.obj.namespace, ref.kind, ref.name)] {
			return true
		}
	}
	return false
}
