package kubernetes

import (
	"cmp"
	"slices"
	"strings"

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
//
// The list is appended to out[:0], so that one buffer serves every
// workload.
func (c *cluster) references(w *workload, out []reference) []reference {
	out = out[:0]
	// at places a reference at the first of the positions that exists,
	// else at the workload.
	at := func(r reference, ps ...pos) reference {
		r.line, r.col = w.obj.line, w.obj.col
		for _, p := range ps {
			if p != (pos{}) {
				r.line, r.col = p.line, p.col
				break
			}
		}
		return r
	}
	for _, list := range [][]container{w.spec.containers, w.spec.initContainers} {
		for _, ct := range list {
			for _, ev := range ct.env {
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
				out = append(out, at(r, ev.at, ct.at))
			}
			// Variables set directly win over those imported from a
			// ConfigMap.
			var direct map[string]bool
			for _, ef := range ct.envFrom {
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
					out = append(out, at(reference{via: name, env: true, value: cm.data[k]}, ef.at, ct.at))
				}
			}
			for j, a := range ct.command {
				out = append(out, at(reference{via: "command", value: a}, wordAt(ct.commandAt, j), ct.at))
			}
			for j, a := range ct.args {
				out = append(out, at(reference{via: "args", value: a}, wordAt(ct.argsAt, j), ct.at))
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
	rel   model.Relationship
	src   [1]model.Source // rel.Sources, in the same allocation
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
//
// Workloads of an estate repeat the same values (a port, a log level, the
// URL of a shared Service), so the host names of a value and the targets
// of a host name, both fixed once the cluster is indexed, are looked up
// once per value and per (host, namespace).
func (c *cluster) relationships(g *model.Graph) []*model.Relationship {
	edges := map[[2]string]*edge{}
	var order []*edge
	hosts := map[string][]hostref.Ref{}
	resolved := map[[2]string][]string{}
	envVia := map[string]string{} // "env <name>", by name
	var refs []reference
	for _, w := range c.workloads {
		address := w.address
		refs = c.references(w, refs)
		for _, ref := range refs {
			found, ok := hosts[ref.value]
			if !ok {
				found = hostRefs(ref.value)
				hosts[ref.value] = found
			}
			for _, h := range found {
				hk := [2]string{h.Host, w.obj.namespace}
				targets, ok := resolved[hk]
				if !ok {
					targets = c.resolve(h.Host, w.obj.namespace)
					resolved[hk] = targets
				}
				if len(targets) == 0 && ref.env {
					via, ok := envVia[ref.via]
					if !ok {
						via = "env " + ref.via
						envVia[ref.via] = via
					}
					g.AddReference(model.Reference{From: w.id, Value: h.Host, Via: via, Source: w.source(ref, address)})
				}
				for _, to := range targets {
					if to == w.id {
						continue // a workload reaching its own Service
					}
					k := [2]string{w.id, to}
					e := edges[k]
					if e == nil {
						e = &edge{rel: model.Relationship{From: w.id, To: to}, src: [1]model.Source{w.source(ref, address)}}
						e.rel.Sources = e.src[:]
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
	var b strings.Builder
	for _, e := range order {
		e.rel.Description = description(&b, e.envs, e.other)
		out = append(out, &e.rel)
	}
	return out
}

// description is "env A, B; args; command": the variables that name the
// peer, then the other places, each list sorted (in place). b is scratch
// space, reset on every call.
func description(b *strings.Builder, envs, other []string) string {
	slices.Sort(envs)
	slices.Sort(other)
	b.Reset()
	n := len("env ") + 2*len(envs) + 2*len(other)
	for _, v := range envs {
		n += len(v)
	}
	for _, v := range other {
		n += len(v)
	}
	b.Grow(n)
	parts := 0
	if len(envs) > 0 {
		b.WriteString("env ")
		for i, v := range envs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v)
		}
		parts++
	}
	for _, v := range other {
		if parts > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v)
		parts++
	}
	return b.String()
}

// wordAt returns where word j was written, or the zero pos.
func wordAt(at []pos, j int) pos {
	if j < len(at) {
		return at[j]
	}
	return pos{}
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
