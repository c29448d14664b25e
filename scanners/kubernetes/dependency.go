package kubernetes

import (
	"cmp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

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
	// line and col are where the value was written, the edge's source.
	line, col int
}

// source is where a reference of workload w was written.
func (w *workload) source(r reference, address string) model.Source {
	return model.Source{Scanner: scannerName, File: w.obj.file, Line: r.line, Column: r.col, Address: address}
}

// references lists the values of every container of a workload, init
// containers after the others, in the order they are written. Secrets are
// never read.
func (c *cluster) references(w *workload) []reference {
	size := 0 // envFrom may add more
	for _, list := range [][]container{w.spec.containers, w.spec.initContainers} {
		for _, ct := range list {
			size += len(ct.env) + len(ct.command) + len(ct.args)
		}
	}
	out := make([]reference, 0, size)
	// at places a reference at the first of nodes that exists, else at
	// the workload.
	at := func(r reference, nodes ...*yaml.Node) reference {
		r.line, r.col = w.obj.line, w.obj.col
		for _, n := range nodes {
			if n != nil {
				r.line, r.col = n.Line, n.Column
				break
			}
		}
		return r
	}
	lists := []struct {
		key        string
		containers []container
	}{{"containers", w.spec.containers}, {"initContainers", w.spec.initContainers}}
	for _, list := range lists {
		for i, ct := range list.containers {
			cNode := lookup(w.specNode, list.key, i)
			envNode := lookup(cNode, "env")
			for j, ev := range ct.env {
				r := reference{via: ev.name, env: true}
				switch {
				case ev.value != "":
					r.value = ev.value
				case ev.fromConfigMap != nil:
					ref := ev.fromConfigMap
					cm := c.configMaps[key(w.obj.namespace, ref.configMap)]
					if cm == nil {
						continue
					}
					v, ok := cm.data[ref.key]
					if !ok {
						continue
					}
					r.value = v
				default:
					continue
				}
				out = append(out, at(r, lookup(envNode, j), cNode))
			}
			// Variables set directly win over those imported from a
			// ConfigMap.
			var direct map[string]bool
			envFromNode := lookup(cNode, "envFrom")
			for j, ef := range ct.envFrom {
				if !ef.fromConfigMap {
					continue
				}
				cm := c.configMaps[key(w.obj.namespace, ef.configMap)]
				if cm == nil {
					continue // optional, or defined outside the scanned files
				}
				if direct == nil {
					direct = make(map[string]bool, len(ct.env))
					for _, ev := range ct.env {
						direct[ev.name] = true
					}
				}
				keys := make([]string, 0, len(cm.data))
				for k := range cm.data {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				for _, k := range keys {
					name := ef.prefix + k
					if direct[name] {
						continue
					}
					out = append(out, at(reference{via: name, env: true, value: cm.data[k]}, lookup(envFromNode, j), cNode))
				}
			}
			for _, part := range []struct {
				key  string
				args []string
			}{{"command", ct.command}, {"args", ct.args}} {
				partNode := lookup(cNode, part.key)
				for j, a := range part.args {
					out = append(out, at(reference{via: part.key, value: a}, lookup(partNode, j), cNode))
				}
			}
		}
	}
	// The edge's source is its first reference in the manifest, wherever
	// in the container it was written.
	slices.SortStableFunc(out, func(a, b reference) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
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
// Environment values that name no Service are added to g as references
// as they are found: they may name what another scanner sees (a Terraform
// bucket, an RDS endpoint).
func (c *cluster) relationships(g *model.Graph) []*model.Relationship {
	edges := map[[2]string]*edge{}
	var order []*edge
	for _, w := range c.workloads {
		address := w.obj.address()
		for _, ref := range c.references(w) {
			for _, h := range hostRefs(ref.value) {
				targets := c.resolve(h.Host, w.obj.namespace)
				if len(targets) == 0 && ref.env {
					g.AddReference(model.Reference{From: w.id, Value: h.Host, Via: "env " + ref.via, Source: w.source(ref, address)})
				}
				for _, to := range targets {
					if to == w.id {
						continue // a workload reaching its own Service
					}
					k := [2]string{w.id, to}
					e := edges[k]
					if e == nil {
						e = &edge{rel: &model.Relationship{From: w.id, To: to, Sources: []model.Source{w.source(ref, address)}}}
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
	return out
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
