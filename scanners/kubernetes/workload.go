package kubernetes

import (
	"path"
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
	obj *object
	id  string
	podTemplate
}

// podTemplate is what the scanner reads of a workload object.
type podTemplate struct {
	meta     objectMeta // the workload's own
	template objectMeta // the pod template's (a Pod's own)
	spec     podSpec
	// specNode is the YAML node of the pod spec, for source lines.
	specNode *yaml.Node
}

// objectMeta holds the metadata the scanner reads.
type objectMeta struct {
	labels, annotations map[string]string
	owners              []ownerReference
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
}

type envVar struct {
	name, value string
	// fromConfigMap is set when the value is a ConfigMap's
	// (valueFrom.configMapKeyRef); Secrets are never read.
	fromConfigMap *configMapKey
}

type configMapKey struct{ configMap, key string }

type envFromSource struct {
	prefix string
	// configMap names the ConfigMap imported when fromConfigMap is set
	// (configMapRef).
	configMap     string
	fromConfigMap bool
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
		// type, namespace, image, images, the element and the labels
		Properties: make(map[string]string, 5+len(w.meta.labels)+len(w.template.labels)),
		Sources:    []model.Source{{Scanner: scannerName, File: o.file, Line: o.line, Column: o.col, Address: o.address()}},
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
	for _, labels := range []map[string]string{w.meta.labels, w.template.labels} {
		for k, v := range labels {
			p := "label:" + k
			if _, ok := e.Properties[p]; !ok {
				e.Properties[p] = v
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
		for _, set := range []map[string]string{m.annotations, m.labels} {
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
