package kubernetes

import (
	"cmp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners/hostref"
)

// reference is a configuration value of a workload that may name a peer: an
// environment variable (written directly or taken from a ConfigMap) or one
// word of a command line.
type reference struct {
	// via says where the value came from: the variable name for the
	// environment, "args" or "command" otherwise.
	via   string
	env   bool
	value string
	// source is where the value was written, the edge's source.
	source model.Source
}

// references lists the values of every container of a workload, init
// containers after the others. Secrets are never read.
func (c *cluster) references(w *workload) []reference {
	var out []reference
	src := func(nodes ...*yaml.Node) model.Source {
		s := model.Source{Scanner: scannerName, File: w.obj.file, Line: w.obj.line, Column: w.obj.col, Address: w.obj.address()}
		for _, n := range nodes {
			if n != nil {
				s.Line, s.Column = n.Line, n.Column
				break
			}
		}
		return s
	}
	lists := []struct {
		key        string
		containers []corev1.Container
	}{{"containers", w.spec.Containers}, {"initContainers", w.spec.InitContainers}}
	for _, list := range lists {
		for i, ct := range list.containers {
			cNode := lookup(w.specNode, list.key, i)
			direct := map[string]bool{}
			for j, ev := range ct.Env {
				direct[ev.Name] = true
				s := src(lookup(cNode, "env", j), cNode)
				switch {
				case ev.Value != "":
					out = append(out, reference{via: ev.Name, env: true, value: ev.Value, source: s})
				case ev.ValueFrom != nil && ev.ValueFrom.ConfigMapKeyRef != nil:
					ref := ev.ValueFrom.ConfigMapKeyRef
					if cm := c.configMaps[key(w.obj.namespace, ref.Name)]; cm != nil {
						if v, ok := cm.data[ref.Key]; ok {
							out = append(out, reference{via: ev.Name, env: true, value: v, source: s})
						}
					}
				}
			}
			for j, ef := range ct.EnvFrom {
				if ef.ConfigMapRef == nil {
					continue
				}
				cm := c.configMaps[key(w.obj.namespace, ef.ConfigMapRef.Name)]
				if cm == nil {
					continue // optional, or defined outside the scanned files
				}
				s := src(lookup(cNode, "envFrom", j), cNode)
				keys := make([]string, 0, len(cm.data))
				for k := range cm.data {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				for _, k := range keys {
					name := ef.Prefix + k
					if direct[name] {
						continue // env wins over envFrom
					}
					out = append(out, reference{via: name, env: true, value: cm.data[k], source: s})
				}
			}
			for _, part := range []struct {
				key  string
				args []string
			}{{"command", ct.Command}, {"args", ct.Args}} {
				for j, a := range part.args {
					out = append(out, reference{via: part.key, value: a, source: src(lookup(cNode, part.key, j), cNode)})
				}
			}
		}
	}
	// The edge's source is its first reference in the manifest, wherever
	// in the container it was written.
	slices.SortStableFunc(out, func(a, b reference) int {
		return cmp.Or(cmp.Compare(a.source.Line, b.source.Line), cmp.Compare(a.source.Column, b.source.Column))
	})
	return out
}

// edge gathers everything that says one workload depends on another.
type edge struct {
	rel   *model.Relationship
	envs  []string
	other []string
}

// relationships turns the references of every workload into one edge per
// (From, To) pair. The first reference gives the edge its source; every
// variable that names the peer is listed in the description.
//
// Environment values that name no Service are returned as references: they
// may name what another scanner sees (a Terraform bucket, an RDS endpoint).
func (c *cluster) relationships() ([]*model.Relationship, []model.Reference) {
	edges := map[[2]string]*edge{}
	var order []*edge
	var refs []model.Reference
	for _, w := range c.workloads {
		for _, ref := range c.references(w) {
			for _, h := range hostRefs(ref.value) {
				targets := c.resolve(h.Host, w.obj.namespace)
				if len(targets) == 0 && ref.env {
					refs = append(refs, model.Reference{From: w.id, Value: h.Host, Via: "env " + ref.via, Source: ref.source})
				}
				for _, to := range targets {
					if to == w.id {
						continue // a workload reaching its own Service
					}
					k := [2]string{w.id, to}
					e := edges[k]
					if e == nil {
						e = &edge{rel: &model.Relationship{From: w.id, To: to, Sources: []model.Source{ref.source}}}
						edges[k] = e
						order = append(order, e)
					}
					if e.rel.Technology == "" {
						e.rel.Technology = hostref.SchemeTechnology(h.Scheme)
					}
					if ref.env {
						e.envs = appendNew(e.envs, ref.via)
					} else {
						e.other = appendNew(e.other, ref.via)
					}
				}
			}
		}
	}
	out := make([]*model.Relationship, 0, len(order))
	for _, e := range order {
		slices.Sort(e.envs)
		slices.Sort(e.other)
		var parts []string
		if len(e.envs) > 0 {
			parts = append(parts, "env "+strings.Join(e.envs, ", "))
		}
		parts = append(parts, e.other...)
		e.rel.Description = strings.Join(parts, "; ")
		out = append(out, e.rel)
	}
	return out, refs
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
