package c4

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
)

// classTags are the tags that make model.InferClass read a documented
// element back with the class it was observed with.
var classTags = map[model.Class]string{
	model.ClassDatabase: "Database", model.ClassCache: "Cache", model.ClassQueue: "Queue",
	model.ClassTopic: "Topic", model.ClassStream: "Stream", model.ClassBucket: "Bucket",
	model.ClassSearch: "Search", model.ClassFunction: "Function", model.ClassGateway: "Gateway",
	model.ClassLoadBalancer: "Load Balancer", model.ClassUI: "Web Browser", model.ClassExternal: "External",
}

// ClassTag returns the tag that documents class c ("" for services and
// unknown classes, which need none).
func ClassTag(c model.Class) string { return classTags[c] }

// SourceGlob writes an observed ID as an archdrift.source value that
// matches exactly that ID: glob characters are put in character classes
// ("web[0]" is "web[[]0]"), which survive DSL strings, where a backslash
// cannot be written safely.
func SourceGlob(id string) string {
	return strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`).Replace(id)
}

// ExportOptions tune FromObserved.
type ExportOptions struct {
	// Name names the software system of elements in no group (or in
	// Kubernetes' "default" namespace): usually the estate's folder name.
	Name string
	// Systems puts observed elements in software systems by name: system
	// name → globs over observed IDs. The first system (by name) with a
	// matching glob wins; elements no glob matches are grouped by their
	// group (Kubernetes namespace, Terraform module, compose project).
	Systems map[string][]string
}

// unit is one documented element in the making: the observed elements it
// stands for.
type unit struct {
	kind    model.Kind
	system  string // the software system it goes in ("" for people and external systems)
	name    string
	tech    string
	class   model.Class
	group   string
	members []*model.Element
	parent  *unit // the container of a component
	id      string
}

// FromObserved turns an observed topology into a documented C4 model: a
// software system per group (or per ExportOptions.Systems), holding a
// container for each observed workload, store or queue (observations of
// one thing by several scanners — the same name in compatible classes —
// are one container); components inside the containers they were observed
// in; people and external systems at the top. Infrastructure (IAM roles,
// keys) is left out: the diff never asks for it. Each element maps
// explicitly to what it stands for (archdrift.source), carries the
// observed technology and a tag giving its class, and the relationships
// are the observed edges lifted to these elements, so a check of the
// estate against its export finds no drift. IDs are hierarchical
// identifiers ("shop.orders"), and the result is deterministic.
func FromObserved(obs *model.Graph, o ExportOptions) *model.Graph {
	var units []*unit
	byObserved := map[string]*unit{}
	systemNames := slices.Sorted(maps.Keys(o.Systems))
	systemOf := func(e *model.Element) string {
		for _, s := range systemNames {
			for _, g := range o.Systems[s] {
				if config.MatchGlob(g, e.ID) {
					return s
				}
			}
		}
		if e.Group == "" || e.Group == "default" {
			return cmp.Or(o.Name, "system")
		}
		return e.Group
	}
	var components, techOnly []*model.Element
	for _, e := range obs.Elements() {
		switch {
		case e.Class == model.ClassInfrastructure:
			continue
		case e.Properties[model.PropTechnologyOnly] == "true":
			techOnly = append(techOnly, e)
			continue
		case e.Kind == model.KindComponent:
			components = append(components, e)
			continue
		}
		u := &unit{kind: model.KindContainer, name: cmp.Or(e.Name, e.ID), tech: e.Technology, class: e.Class, group: e.Group}
		switch {
		case e.Kind == model.KindPerson:
			u.kind = model.KindPerson
		case e.Kind == model.KindSystem || e.Class == model.ClassExternal:
			u.kind = model.KindSystem
		default:
			u.system = systemOf(e)
		}
		if old := sameThing(units, u); old != nil {
			old.members = append(old.members, e)
			old.tech = cmp.Or(old.tech, u.tech)
			if old.group == "" || old.group == "default" {
				old.group, old.system = u.group, cmp.Or(u.system, old.system)
			}
			byObserved[e.ID] = old
			continue
		}
		u.members = []*model.Element{e}
		units = append(units, u)
		byObserved[e.ID] = u
	}
	// Components go in the container they were observed in, or stand as
	// containers when there is none.
	for _, e := range components {
		var parent *unit
		for _, a := range obs.Ancestors(e.ID) {
			if p := byObserved[a]; p != nil && p.kind == model.KindContainer {
				parent = p
				break
			}
		}
		u := &unit{kind: model.KindComponent, name: cmp.Or(e.Name, e.ID), tech: e.Technology, class: e.Class, parent: parent, members: []*model.Element{e}}
		if parent == nil {
			u.kind, u.system = model.KindContainer, systemOf(e)
		}
		units = append(units, u)
		byObserved[e.ID] = u
	}
	// A technology-only observation ("some PostgreSQL") is the element
	// running that technology, when there is one.
	for _, e := range techOnly {
		ts := model.Technologies(e.Technology)
		i := slices.IndexFunc(units, func(u *unit) bool {
			for _, ut := range model.Technologies(u.tech) {
				for _, t := range ts {
					if model.SameTechnology(ut, t) {
						return true
					}
				}
			}
			return false
		})
		if i >= 0 {
			units[i].members = append(units[i].members, e)
			continue
		}
		u := &unit{kind: model.KindContainer, system: systemOf(e), name: cmp.Or(e.Name, e.ID), tech: e.Technology, class: e.Class, members: []*model.Element{e}}
		units = append(units, u)
	}
	g := buildExport(units)
	// The relationships are what the diff observes between these elements.
	res := diff.Compare(g, obs, diff.Options{})
	type pair struct{ from, to string }
	seen := map[pair]bool{}
	for _, f := range res.Lifted {
		p := pair{f.From, f.To}
		if f.From == f.To || seen[p] {
			continue
		}
		if _, ok := g.Element(f.From); !ok {
			continue
		}
		if _, ok := g.Element(f.To); !ok {
			continue
		}
		seen[p] = true
		g.AddRelationship(&model.Relationship{From: f.From, To: f.To, Description: "Uses", Technology: f.Technology})
	}
	return g
}

// sameThing finds a unit that u observes again: same kind, same name (as
// an identifier), compatible classes, and groups that do not contradict
// (one of them may be unknown).
func sameThing(units []*unit, u *unit) *unit {
	for _, old := range units {
		if old.kind != u.kind || structurizr.Identifier(old.name) != structurizr.Identifier(u.name) || !model.CompatibleClasses(old.class, u.class) {
			continue
		}
		if old.system != u.system && old.group != "" && old.group != "default" && u.group != "" && u.group != "default" {
			continue
		}
		return old
	}
	return nil
}

// buildExport gives the units IDs and makes them elements.
func buildExport(units []*unit) *model.Graph {
	g := model.NewGraph()
	taken := map[string]bool{}
	ident := func(scope, name string) string {
		base := structurizr.Identifier(name)
		id := base
		for n := 2; ; n++ {
			full := id
			if scope != "" {
				full = scope + "." + id
			}
			if !taken[strings.ToLower(full)] {
				taken[strings.ToLower(full)] = true
				return full
			}
			id = fmt.Sprintf("%s_%d", base, n)
		}
	}
	systems := map[string]string{} // system name → ID
	var sysNames []string
	for _, u := range units {
		if u.system != "" && !slices.Contains(sysNames, u.system) {
			sysNames = append(sysNames, u.system)
		}
	}
	slices.Sort(sysNames)
	for _, s := range sysNames {
		systems[s] = ident("", s)
		_ = g.Add(&model.Element{ID: systems[s], Name: s, Kind: model.KindSystem, Class: model.ClassService, Properties: map[string]string{}})
	}
	add := func(u *unit, scope, parent string) {
		u.id = ident(scope, u.name)
		e := &model.Element{ID: u.id, Name: u.name, Kind: u.kind, Technology: u.tech, Parent: parent, Properties: map[string]string{}}
		if t := classTags[u.class]; t != "" {
			e.Tags = []string{t}
		}
		var srcs []string
		for _, m := range u.members {
			srcs = append(srcs, SourceGlob(m.ID))
		}
		slices.Sort(srcs)
		e.Properties[model.PropSource] = strings.Join(slices.Compact(srcs), ",")
		e.Class = model.InferClass(e)
		_ = g.Add(e)
	}
	for _, u := range units {
		switch {
		case u.kind == model.KindPerson || u.kind == model.KindSystem:
			add(u, "", "")
		case u.kind == model.KindContainer:
			add(u, systems[u.system], systems[u.system])
		}
	}
	for _, u := range units {
		if u.kind == model.KindComponent && u.parent != nil && u.parent.id != "" {
			add(u, u.parent.id, u.parent.id)
		}
	}
	return g
}
