package kubernetes

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// maxAliasHops bounds how many ExternalName Services may point at one
// another before a name is given up on (they may form a cycle).
const maxAliasHops = 8

// service is a Service: not a box, but the name through which workloads
// reach each other.
type service struct {
	obj *object
	serviceSpec
}

// serviceSpec is what the scanner reads of a Service.
type serviceSpec struct {
	selector     map[string]string
	headless     bool   // clusterIP: None
	externalName string // for type ExternalName
}

// externalID is the ID of the system an ExternalName Service stands for.
func (s *service) externalID() string {
	return scannerName + ":" + s.obj.namespace + "/external/" + s.obj.name
}

// externalElement renders an ExternalName Service as the external system it
// names.
func (s *service) externalElement() *model.Element {
	o := s.obj
	return &model.Element{
		ID:    s.externalID(),
		Name:  o.name,
		Kind:  model.KindSystem,
		Class: model.ClassExternal,
		Group: o.namespace,
		Properties: map[string]string{
			model.PropType: "Service",
			"namespace":    o.namespace,
			"externalName": s.externalName,
		},
		Sources: []model.Source{{Scanner: scannerName, File: o.file, Line: o.line, Column: o.col, Address: o.address()}},
	}
}

// selects reports whether the Service routes to pods with these labels: a
// selector is a subset of the pod template's labels. A Service without a
// selector has hand-made endpoints and selects no workload.
func (s *service) selects(ls labels) bool {
	if len(s.selector) == 0 {
		return false
	}
	for k, v := range s.selector {
		if lv, ok := ls.get(k); !ok || lv != v {
			return false
		}
	}
	return true
}

// cluster indexes what one scan found, so that names can be resolved the way
// cluster DNS resolves them.
type cluster struct {
	workloads  []*workload           // in file order
	services   map[string]*service   // by "<namespace>/<name>"
	configMaps map[string]*configMap // by "<namespace>/<name>"
	targets    map[*service][]string // memo of serviceTargets
	// byLabel and statefulSets index workloads (by namespace and one pod
	// template label, and by "<namespace>/<name>") so that resolving
	// stays linear in the size of the estate.
	byLabel      map[labelKey][]*workload
	statefulSets map[string][]*workload
}

// labelKey is one label of the pods of a namespace.
type labelKey struct{ namespace, key, value string }

// index builds the workload indexes; call it once the workloads are final.
func (c *cluster) index() {
	n := 0
	for _, w := range c.workloads {
		n += len(w.template.labels)
	}
	c.byLabel = make(map[labelKey][]*workload, n)
	c.statefulSets = map[string][]*workload{}
	for _, w := range c.workloads {
		for _, l := range w.template.labels {
			lk := labelKey{w.obj.namespace, l.key, l.value}
			c.byLabel[lk] = append(c.byLabel[lk], w)
		}
		if w.obj.kind == "StatefulSet" {
			k := key(w.obj.namespace, w.obj.name)
			c.statefulSets[k] = append(c.statefulSets[k], w)
		}
	}
}

func key(ns, name string) string { return ns + "/" + name }

// resolve returns the IDs of the elements a host name reaches from a pod in
// namespace ns: the workloads behind the Service it names, or the external
// system of an ExternalName Service. Unknown names reach nothing.
func (c *cluster) resolve(host, ns string) []string {
	return c.resolveHops(host, ns, 0)
}

func (c *cluster) resolveHops(host, ns string, hops int) []string {
	s := c.lookupHost(host, ns)
	if s == nil {
		return nil
	}
	return c.serviceTargets(s, hops)
}

// serviceTargets lists what a Service routes to, sorted. An ExternalName
// Service that names another Service of the cluster is an alias and routes
// where that one does (a chain longer than maxAliasHops, or a cycle, routes
// nowhere); otherwise it routes to its external system.
func (c *cluster) serviceTargets(s *service, hops int) []string {
	if s.externalName != "" {
		if !c.isAlias(s) {
			return []string{s.externalID()}
		}
		if hops >= maxAliasHops {
			return nil
		}
		h, _ := hostName(s.externalName)
		return c.resolveHops(h, s.obj.namespace, hops+1)
	}
	if t, ok := c.targets[s]; ok {
		return t
	}
	// Candidates: the workloads carrying the selector's rarest pair.
	var candidates []*workload
	for i, k := range slices.Sorted(maps.Keys(s.selector)) {
		ws := c.byLabel[labelKey{s.obj.namespace, k, s.selector[k]}]
		if i == 0 || len(ws) < len(candidates) {
			candidates = ws
		}
	}
	var out []string
	for _, w := range candidates {
		if s.selects(w.template.labels) {
			out = append(out, w.id)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	c.targets[s] = out
	return out
}

// isAlias reports whether an ExternalName Service names a Service of the
// cluster rather than a system outside it.
func (c *cluster) isAlias(s *service) bool {
	h, ok := hostName(s.externalName)
	return ok && c.lookupHost(h, s.obj.namespace) != nil
}

// lookupHost finds the Service a cluster DNS name names from namespace ns:
// svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local, and the pod names of a
// headless Service, pod.svc and pod.svc.ns(.svc.cluster.local).
func (c *cluster) lookupHost(host, ns string) *service {
	labels := strings.Split(host, ".")
	n := len(labels)
	switch {
	case n >= 4 && labels[n-2] == "cluster" && labels[n-1] == "local":
		if labels[n-3] != "svc" || n < 5 {
			return nil
		}
		labels = labels[:n-3]
	case n >= 3 && labels[n-1] == "svc":
		labels = labels[:n-1]
	}
	switch len(labels) {
	case 1:
		return c.services[key(ns, labels[0])]
	case 2:
		if s := c.services[key(labels[1], labels[0])]; s != nil {
			return s
		}
		if s := c.services[key(ns, labels[1])]; s != nil && c.hasPod(s, labels[0]) {
			return s
		}
	case 3:
		if s := c.services[key(labels[2], labels[1])]; s != nil && c.hasPod(s, labels[0]) {
			return s
		}
	}
	return nil
}

// ordinal matches a StatefulSet pod name: <statefulset>-<ordinal>.
var ordinal = regexp.MustCompile(`^(.+)-[0-9]+$`)

// hasPod reports whether pod can name a pod behind s in DNS: any pod of a
// headless Service has a name there, and so, in practice, does a
// StatefulSet's pod (<name>-<n>) behind its governing Service.
func (c *cluster) hasPod(s *service, pod string) bool {
	if s.externalName != "" {
		return false
	}
	if s.headless {
		return true
	}
	m := ordinal.FindStringSubmatch(pod)
	if m == nil {
		return false
	}
	for _, w := range c.statefulSets[key(s.obj.namespace, m[1])] {
		if s.selects(w.template.labels) {
			return true
		}
	}
	return false
}

// configMap holds the data of a ConfigMap, read to resolve environments.
type configMap struct {
	obj  *object
	data map[string]string
}
