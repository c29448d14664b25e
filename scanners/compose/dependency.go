package compose

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners/hostref"
)

// Kinds of reference, in the order a relationship's description lists them.
var structural = []string{"depends_on", "links", "network_mode", "volumes_from", "ipc", "pid", "uts", "cgroup"}

// edge gathers everything that says one service depends on another.
type edge struct {
	rel   *model.Relationship
	kinds []string // structural kinds, then command and entrypoint
	envs  []string
}

// edges collects the relationships of one project, one per pair.
type edges struct {
	lp    *loaded
	byKey map[[2]string]*edge
	order []*edge
	diags []model.Diagnostic
}

func (es *edges) add(from, to, kind string, env bool, scheme string, src model.Source) {
	if from == to {
		return // a service naming itself: its own port, its own URL
	}
	k := [2]string{from, to}
	e := es.byKey[k]
	if e == nil {
		e = &edge{rel: &model.Relationship{From: es.lp.id(from), To: es.lp.id(to), Sources: []model.Source{src}}}
		es.byKey[k] = e
		es.order = append(es.order, e)
	}
	if e.rel.Technology == "" {
		e.rel.Technology = hostref.SchemeTechnology(scheme)
	}
	if env {
		if !slices.Contains(e.envs, kind) {
			e.envs = append(e.envs, kind)
		}
	} else if !slices.Contains(e.kinds, kind) {
		e.kinds = append(e.kinds, kind)
	}
}

// relationships turns depends_on, links, "service:" references and the
// values of the environment and command line into one relationship per pair
// of services. The first reference gives the relationship its source; the
// description lists every kind of reference and every variable.
func (lp *loaded) relationships() ([]*model.Relationship, []model.Diagnostic) {
	es := &edges{lp: lp, byKey: map[[2]string]*edge{}}
	hosts := lp.hostIndex()
	known := map[string]bool{}
	for _, s := range lp.services {
		known[s.Name] = true
	}
	for _, s := range lp.services {
		named := func(kind, target string, required bool, src model.Source) {
			if known[target] {
				es.add(s.Name, target, kind, false, "", src)
			} else if required {
				es.diags = append(es.diags, model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName,
					File: src.File, Line: src.Line, Column: src.Column,
					Message: "service " + s.Name + ": " + kind + " names " + strconv.Quote(target) + ", which is not a service of the project; no relationship"})
			}
		}
		for _, t := range lp.declared[s.Name] {
			dep, ok := s.DependsOn[t]
			named("depends_on", t, !ok || dep.Required, lp.attrSource(s.Name, "depends_on"))
		}
		for _, ln := range s.Links {
			target, _, _ := strings.Cut(ln, ":")
			named("links", target, true, lp.attrSource(s.Name, "links"))
		}
		for _, ns := range []struct{ kind, value string }{
			{"network_mode", s.NetworkMode}, {"ipc", s.Ipc}, {"pid", s.Pid}, {"uts", s.Uts}, {"cgroup", s.Cgroup},
		} {
			if t, ok := strings.CutPrefix(ns.value, types.ServicePrefix); ok {
				named(ns.kind, t, true, lp.attrSource(s.Name, ns.kind))
			}
		}
		for _, vf := range s.VolumesFrom {
			if !strings.HasPrefix(vf, types.ContainerPrefix) {
				target, _, _ := strings.Cut(vf, ":")
				named("volumes_from", target, true, lp.attrSource(s.Name, "volumes_from"))
			}
		}
		env := lp.env[s.Name]
		for _, k := range slices.Sorted(maps.Keys(env)) {
			v := env[k]
			for _, h := range hostRefs(v.value) {
				for _, to := range hosts.resolve(h.Host, s) {
					es.add(s.Name, to, k, true, h.Scheme, lp.envSource(s.Name, k, v))
				}
			}
		}
		for _, part := range []struct {
			key   string
			words []string
		}{{"command", s.Command}, {"entrypoint", s.Entrypoint}} {
			for j, w := range part.words {
				for _, h := range hostRefs(w) {
					for _, to := range hosts.resolve(h.Host, s) {
						es.add(s.Name, to, part.key, false, h.Scheme, lp.wordSource(s.Name, part.key, j))
					}
				}
			}
		}
	}
	out := make([]*model.Relationship, 0, len(es.order))
	for _, e := range es.order {
		var parts []string
		for _, k := range structural {
			if slices.Contains(e.kinds, k) {
				parts = append(parts, k)
			}
		}
		if len(e.envs) > 0 {
			slices.Sort(e.envs)
			parts = append(parts, "env "+strings.Join(e.envs, ", "))
		}
		for _, k := range []string{"command", "entrypoint"} {
			if slices.Contains(e.kinds, k) {
				parts = append(parts, k)
			}
		}
		e.rel.Description = strings.Join(parts, "; ")
		out = append(out, e.rel)
	}
	return out, es.diags
}

// hostIndex maps the names a container of the project can resolve to the
// services behind them: service names, container names and network
// aliases, all lower case, as Docker's embedded DNS answers them.
type hostIndex map[string][]string

func (lp *loaded) hostIndex() hostIndex {
	idx := hostIndex{}
	add := func(name, service string) {
		name = strings.ToLower(name)
		if name != "" && !slices.Contains(idx[name], service) {
			idx[name] = append(idx[name], service)
			slices.Sort(idx[name])
		}
	}
	for _, s := range lp.services {
		add(s.Name, s.Name)
		add(s.ContainerName, s.Name)
		for _, n := range s.Networks {
			if n != nil {
				for _, a := range n.Aliases {
					add(a, s.Name)
				}
			}
		}
	}
	return idx
}

// resolve returns the services a host name reaches from service s: its own
// link aliases first, then the project's names. A link to a service the
// project does not have reaches nothing (the link itself is reported).
func (h hostIndex) resolve(host string, s service) []string {
	for _, ln := range s.Links {
		if target, alias, ok := strings.Cut(ln, ":"); ok && strings.ToLower(alias) == host {
			if slices.Contains(h[strings.ToLower(target)], target) {
				return []string{target}
			}
			return nil
		}
	}
	return h[host]
}

// attrSource is where an attribute of a service is written: the last file
// that sets it (its value won the merge), or the service itself.
func (lp *loaded) attrSource(service, attr string) model.Source {
	return lp.nodeSource(service, func(v *yaml.Node) *yaml.Node {
		k, _ := entry(v, attr)
		return k
	})
}

// envSource is where an environment variable was set: its entry in the
// environment attribute, its env file, or the service.
func (lp *loaded) envSource(service, name string, v envVar) model.Source {
	if v.file != "" {
		return model.Source{Scanner: scannerName, File: v.file, Line: v.line, Address: strings.TrimPrefix(lp.id(service), scannerName+":")}
	}
	return lp.nodeSource(service, func(svc *yaml.Node) *yaml.Node {
		k, env := entry(svc, "environment")
		env = deref(env)
		if env == nil {
			return nil
		}
		if ek, _ := entry(env, name); ek != nil {
			return ek
		}
		if env.Kind == yaml.SequenceNode {
			for _, item := range env.Content {
				if item = deref(item); item != nil && item.Kind == yaml.ScalarNode &&
					(item.Value == name || strings.HasPrefix(item.Value, name+"=")) {
					return item
				}
			}
		}
		return k
	})
}

// wordSource is where word j of a command line is written.
func (lp *loaded) wordSource(service, attr string, j int) model.Source {
	return lp.nodeSource(service, func(svc *yaml.Node) *yaml.Node {
		k, v := entry(svc, attr)
		if v = deref(v); v != nil && v.Kind == yaml.SequenceNode && j < len(v.Content) {
			return v.Content[j]
		}
		return k
	})
}

// nodeSource finds a node under the service's entry with find, trying the
// files from the last; it falls back to the service's first source.
func (lp *loaded) nodeSource(service string, find func(svc *yaml.Node) *yaml.Node) model.Source {
	addr := strings.TrimPrefix(lp.id(service), scannerName+":")
	for _, f := range slices.Backward(lp.files) {
		if _, svc := f.serviceEntry(service); svc != nil {
			if n := find(svc); n != nil {
				return model.Source{Scanner: scannerName, File: f.name, Line: n.Line, Column: n.Column, Address: addr}
			}
		}
	}
	return lp.serviceSources(service)[0]
}
