package kubernetes

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

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

// Paths from an object to its pod template, in YAML keys.
var (
	templatePath        = []any{"spec", "template"}
	cronJobTemplatePath = []any{"spec", "jobTemplate", "spec", "template"}
)

// workload is an object that runs pods: a container in C4 terms.
type workload struct {
	obj      *object
	id       string
	meta     metav1.ObjectMeta
	template metav1.ObjectMeta // the pod template's metadata (a Pod's own)
	spec     corev1.PodSpec
	// specNode is the YAML node of the pod spec, for source lines.
	specNode *yaml.Node
}

// decodeWorkload reads the pod template of a workload object.
func decodeWorkload(o *object) (*workload, error) {
	w := &workload{obj: o, id: workloadID(o.namespace, o.kind, o.name)}
	tmpl := templatePath
	var pt *corev1.PodTemplateSpec
	var err error
	switch o.kind {
	case "Deployment":
		var x appsv1.Deployment
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, &x.Spec.Template
	case "StatefulSet":
		var x appsv1.StatefulSet
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, &x.Spec.Template
	case "DaemonSet":
		var x appsv1.DaemonSet
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, &x.Spec.Template
	case "ReplicaSet":
		var x appsv1.ReplicaSet
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, &x.Spec.Template
	case "ReplicationController":
		var x corev1.ReplicationController
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, x.Spec.Template
	case "Job":
		var x batchv1.Job
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, &x.Spec.Template
	case "CronJob":
		var x batchv1.CronJob
		err = json.Unmarshal(o.raw, &x)
		w.meta, pt = x.ObjectMeta, &x.Spec.JobTemplate.Spec.Template
		tmpl = cronJobTemplatePath
	case "Pod":
		var x corev1.Pod
		err = json.Unmarshal(o.raw, &x)
		w.meta, w.template, w.spec = x.ObjectMeta, x.ObjectMeta, x.Spec
		w.specNode = lookup(o.node, "spec")
		return w, err
	default:
		return nil, fmt.Errorf("%s is not a workload kind", o.kind)
	}
	if err != nil {
		return nil, err
	}
	if pt != nil {
		w.template, w.spec = pt.ObjectMeta, pt.Spec
	}
	w.specNode = lookup(o.node, append(slices.Clone(tmpl), "spec")...)
	return w, nil
}

// workloadID is the stable observed ID: kubernetes:<namespace>/<kind>/<name>.
func workloadID(ns, kind, name string) string {
	return scannerName + ":" + ns + "/" + strings.ToLower(kind) + "/" + name
}

// element renders the workload as a C4 container.
func (w *workload) element() *model.Element {
	o := w.obj
	e := &model.Element{
		ID:    w.id,
		Name:  o.name,
		Kind:  model.KindContainer,
		Group: o.namespace,
		Properties: map[string]string{
			model.PropType: o.kind,
			"namespace":    o.namespace,
		},
		Sources: []model.Source{{Scanner: scannerName, File: o.file, Line: o.line, Column: o.col, Address: o.address()}},
	}
	e.Class, e.Technology = classify(w.spec.Containers)
	var images []string
	for _, c := range w.spec.Containers {
		if c.Image != "" {
			images = append(images, c.Image)
		}
	}
	if len(images) > 0 {
		e.Properties["image"] = images[0]
		e.Properties["images"] = strings.Join(images, ",")
	}
	for _, labels := range []map[string]string{w.meta.Labels, w.template.Labels} {
		for k, v := range labels {
			if _, ok := e.Properties["label:"+k]; !ok {
				e.Properties["label:"+k] = v
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
func explicitElement(metas ...metav1.ObjectMeta) string {
	for _, m := range metas {
		for _, set := range []map[string]string{m.Annotations, m.Labels} {
			for _, k := range elementKeys {
				if v := strings.TrimSpace(set[k]); v != "" {
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
func isSidecar(c corev1.Container) bool {
	repo := c.Image
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	}
	repo = path.Base(repo)
	if i := strings.IndexByte(repo, ':'); i >= 0 {
		repo = repo[:i]
	}
	for _, n := range []string{strings.ToLower(c.Name), strings.ToLower(repo)} {
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
func classify(containers []corev1.Container) (model.Class, string) {
	var main, side []corev1.Container
	for _, c := range containers {
		if isSidecar(c) {
			side = append(side, c)
		} else {
			main = append(main, c)
		}
	}
	if len(main) == 0 {
		main = side
	}
	for _, c := range main {
		t, ok := model.TechnologyFromImage(c.Image)
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
	for _, ref := range w.meta.OwnerReferences {
		if ref.Controller != nil && *ref.Controller && ids[workloadID(w.obj.namespace, ref.Kind, ref.Name)] {
			return true
		}
	}
	return false
}
