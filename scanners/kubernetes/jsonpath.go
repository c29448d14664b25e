package kubernetes

import (
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/archdrift/archdrift/scanners/yamlbound"
)

// The JSON path: an object the fast path (fit.go) refuses goes node → Go
// values → JSON → the k8s.io/api type of its kind, and the scanner keeps
// the fields it uses. This is the route every object took before the fast
// path existed; its errors (alias bombs, values JSON cannot represent,
// fields of the wrong type) are the scanner's diagnostics.

// toJSON converts an object's node to JSON, after checking its expanded
// size against the file's budget. yaml.v3 also refuses excessive aliasing,
// but only by ratio: a file of many small bombs would pass that check
// document by document.
func (d *fileDecoder) toJSON(n *yaml.Node) ([]byte, error) {
	nodes, err := yamlbound.Measure(n, yamlbound.Limits{Nodes: d.budget, Depth: maxDepth})
	if err != nil {
		return nil, fmt.Errorf("%w; skipped", err)
	}
	d.budget -= nodes
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("not representable as JSON: %w", err)
	}
	return b, nil
}

// decodeJSON decodes an object's JSON into the k8s.io/api type of its kind
// and sets its body from it; the error is encoding/json's.
func decodeJSON(o *object, raw []byte) error {
	switch o.kind {
	case "Service":
		var s corev1.Service
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		o.service = &serviceSpec{selector: s.Spec.Selector, headless: s.Spec.ClusterIP == corev1.ClusterIPNone}
		if s.Spec.Type == corev1.ServiceTypeExternalName {
			o.service.externalName = strings.TrimSpace(s.Spec.ExternalName)
		}
		return nil
	case "ConfigMap":
		var cm corev1.ConfigMap
		if err := json.Unmarshal(raw, &cm); err != nil {
			return err
		}
		o.data = cm.Data
		return nil
	}
	tmpl := templatePath
	var meta metav1.ObjectMeta
	var pt *corev1.PodTemplateSpec
	var err error
	switch o.kind {
	case "Deployment":
		var x appsv1.Deployment
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &x.Spec.Template
	case "StatefulSet":
		var x appsv1.StatefulSet
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &x.Spec.Template
	case "DaemonSet":
		var x appsv1.DaemonSet
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &x.Spec.Template
	case "ReplicaSet":
		var x appsv1.ReplicaSet
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &x.Spec.Template
	case "ReplicationController":
		var x corev1.ReplicationController
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, x.Spec.Template
	case "Job":
		var x batchv1.Job
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &x.Spec.Template
	case "CronJob":
		var x batchv1.CronJob
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &x.Spec.JobTemplate.Spec.Template
		tmpl = cronJobTemplatePath
	case "Pod":
		var x corev1.Pod
		err = json.Unmarshal(raw, &x)
		meta, pt = x.ObjectMeta, &corev1.PodTemplateSpec{ObjectMeta: x.ObjectMeta, Spec: x.Spec}
		tmpl = nil // a Pod's own spec
	default:
		return fmt.Errorf("%s is not a workload kind", o.kind)
	}
	if err != nil {
		return err
	}
	p := &podTemplate{meta: metaFromAPI(meta)}
	if pt != nil {
		p.template, p.spec = metaFromAPI(pt.ObjectMeta), podSpecFromAPI(pt.Spec)
	}
	spec := lookup(o.node, append(append([]any(nil), tmpl...), "spec")...)
	place(spec, "containers", p.spec.containers)
	place(spec, "initContainers", p.spec.initContainers)
	o.pod = p
	return nil
}

// place sets where the containers under key of a pod spec node, and their
// variables and words, were written, following aliases as the JSON route
// did: the item at the same index in the nodes.
func place(spec *yaml.Node, key string, cs []container) {
	for i := range cs {
		c := &cs[i]
		cNode := lookup(spec, key, i)
		c.at = posOf(cNode)
		env, envFrom := lookup(cNode, "env"), lookup(cNode, "envFrom")
		for j := range c.env {
			c.env[j].at = posOf(lookup(env, j))
		}
		for j := range c.envFrom {
			c.envFrom[j].at = posOf(lookup(envFrom, j))
		}
		c.commandAt, c.argsAt = wordsAt(lookup(cNode, "command"), len(c.command)), wordsAt(lookup(cNode, "args"), len(c.args))
	}
}

// wordsAt returns where the first n items of a sequence node were written.
func wordsAt(seq *yaml.Node, n int) []pos {
	if n == 0 {
		return nil
	}
	at := make([]pos, n)
	for j := range at {
		at[j] = posOf(lookup(seq, j))
	}
	return at
}

// Paths from an object to its pod template, in YAML keys.
var (
	templatePath        = []any{"spec", "template"}
	cronJobTemplatePath = []any{"spec", "jobTemplate", "spec", "template"}
)

func metaFromAPI(m metav1.ObjectMeta) objectMeta {
	out := objectMeta{labels: labelsOf(m.Labels), annotations: labelsOf(m.Annotations)}
	for _, r := range m.OwnerReferences {
		out.owners = append(out.owners, ownerReference{kind: r.Kind, name: r.Name, controller: r.Controller != nil && *r.Controller})
	}
	return out
}

func podSpecFromAPI(s corev1.PodSpec) podSpec {
	return podSpec{containers: containersFromAPI(s.Containers), initContainers: containersFromAPI(s.InitContainers)}
}

func containersFromAPI(cs []corev1.Container) []container {
	var out []container
	for _, c := range cs {
		ct := container{name: c.Name, image: c.Image, command: c.Command, args: c.Args}
		for _, e := range c.Env {
			v := envVar{name: e.Name, value: e.Value}
			if e.ValueFrom != nil && e.ValueFrom.ConfigMapKeyRef != nil {
				v.fromConfigMap = &configMapKey{configMap: e.ValueFrom.ConfigMapKeyRef.Name, key: e.ValueFrom.ConfigMapKeyRef.Key}
			}
			ct.env = append(ct.env, v)
		}
		for _, e := range c.EnvFrom {
			s := envFromSource{prefix: e.Prefix}
			if e.ConfigMapRef != nil {
				s.configMap, s.fromConfigMap = e.ConfigMapRef.Name, true
			}
			ct.envFrom = append(ct.envFrom, s)
		}
		out = append(out, ct)
	}
	return out
}
