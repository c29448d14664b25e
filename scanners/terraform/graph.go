package terraform

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/archdrift/archdrift/model"
)

// maxEdges bounds the relationship candidates one estate may produce (a
// security group rule between two groups of a thousand members each).
const maxEdges = 200000

// candidate is one reason for a relationship; several reasons for the same
// pair become one relationship with several sources.
type candidate struct {
	from, to *node
	verb     string
	via      string
	prio     int // lower wins the description: links, then references, then weak links
	src      model.Source
}

// builder turns resource instances into the observed graph.
type builder struct {
	e      *estate
	owners map[*node][]*node // part (or absorbing element) → elements it belongs to
	cands  []candidate
	full   bool
}

// graph resolves the references of the expanded estate (resolveAll) and
// builds the observed graph from it.
func (e *estate) graph() *model.Graph {
	b := &builder{e: e, owners: map[*node][]*node{}}
	g := model.NewGraph()
	var elems []*node
	for _, n := range e.nodes {
		if n.spec.Role == element {
			elems = append(elems, n)
		}
	}
	for _, el := range e.elementsBeside(elems, e.resolveAll) {
		g.Merge(el)
	}
	for _, n := range elems {
		b.absorb(n)
	}
	for _, n := range e.nodes {
		for _, l := range n.spec.Links {
			if l.Member {
				b.join(n, l)
			}
		}
	}
	for _, n := range e.nodes {
		for _, l := range n.spec.Links {
			if !l.Member {
				b.link(n, l)
			}
		}
	}
	for _, r := range b.relationships() {
		g.AddRelationship(r)
	}
	return g
}

// elementsBeside builds the elements of nodes (and sets their IDs) on a
// second goroutine while work runs on this one. The scan ends with work
// only one goroutine can do, expansion and resolveAll, while the other
// scanners are done and their cores idle: an element needs the expansion,
// not the references, so it can be built meanwhile. Naming reads the
// syntax and the expansion, which nothing writes any more; but evaluating
// an expression reads and fills caches that resolveAll fills too (the
// expressions read, evaluation contexts, locals). So the second goroutine
// works on an estate that evaluates nothing (deferEval) and holds nothing
// else, and an element that asked for an evaluation is built again here
// once work is done, as it would have been before. Most ask for none:
// names come from templates and literals, element tags from object
// constructors. Evaluation is pure, so the elements are the same either way.
func (e *estate) elementsBeside(nodes []*node, work func()) []*model.Element {
	out := make([]*model.Element, len(nodes))
	again := make([]bool, len(nodes))
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		side := &estate{deferEval: true}
		for i, n := range nodes {
			n.id = elementID(n)
			side.evalDeferred = false
			out[i] = side.element(n)
			again[i] = side.evalDeferred
		}
	}()
	work()
	if p := <-done; p != nil {
		panic(p)
	}
	for i, n := range nodes {
		if again[i] {
			out[i] = e.element(n)
		}
	}
	return out
}

// elementID is "terraform:<module dir>/<address>", without the directory
// for the top-level directory.
func elementID(n *node) string {
	if n.inst.mod.dir == "." {
		return "terraform:" + n.address()
	}
	return "terraform:" + n.inst.mod.dir + "/" + n.address()
}

// element builds the element of one resource instance.
func (e *estate) element(n *node) *model.Element {
	def := n.res.def()
	el := &model.Element{
		ID:         n.id,
		Name:       e.name(n),
		Kind:       n.spec.Kind,
		Class:      n.spec.Class,
		Technology: e.technology(n),
		Group:      n.inst.addr,
		Properties: map[string]string{model.PropType: n.res.typ},
		Sources: []model.Source{{
			Scanner: "terraform", File: n.res.file, Line: def.Start.Line, Column: def.Start.Column, Address: n.address(),
		}},
	}
	if n.count > 1 {
		el.Properties["count"] = strconv.Itoa(n.count)
	}
	if tag := e.elementTag(n); tag != "" {
		el.Properties[model.PropElement] = tag
	}
	return el
}

// absorb walks what element el references. Elements it names are edges;
// parts (and absorbing elements such as IAM roles) it names become its own,
// and their references count as its references; plumbing is followed only
// through its Forward attributes.
func (b *builder) absorb(el *node) {
	visited := map[*node]bool{el: true}
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		if depth > maxRefDepth {
			return
		}
		for _, r := range n.refs {
			if !followed(n.spec, r.path) {
				continue
			}
			for _, t := range r.targets {
				switch {
				case t == el || visited[t]:
				case t.spec.Role == element && !t.spec.Absorb:
					b.edge(el, t, "uses", "reference", 1, refSource(n, r))
				case t.spec.Role == part || t.spec.Absorb:
					visited[t] = true
					b.owners[t] = append(b.owners[t], el)
					walk(t, depth+1)
				case len(t.spec.Forward) > 0:
					visited[t] = true
					walk(t, depth+1)
				}
			}
		}
	}
	walk(el, 0)
}

// followed reports whether references at path count as the resource's own:
// not in its name or tags, not when a link reads them or the table ignores
// them, and for plumbing only along its Forward attributes.
func followed(s *typeSpec, path string) bool {
	// What a resource is called or tagged with is not what it uses: a
	// dead-letter queue named after its queue does not depend on it.
	for _, p := range s.Names {
		if pathMatches(path, p) {
			return false
		}
	}
	if pathMatches(path, "tags") || pathMatches(path, "tags_all") || pathMatches(path, "labels") {
		return false
	}
	for _, p := range s.Ignore {
		if pathMatches(path, p) {
			return false
		}
	}
	for _, l := range s.Links {
		if pathMatches(path, l.From) || pathMatches(path, l.To) {
			return false
		}
	}
	if s.Role == plumbing {
		return slices.ContainsFunc(s.Forward, func(p string) bool { return pathMatches(path, p) })
	}
	return true
}

// endpoints is what one end of a link stands for: elements, the owners of
// parts, what forwarding plumbing leads to.
func (b *builder) endpoints(n *node, path string) []*node {
	seen := map[*node]bool{}
	var out []*node
	var of func(t *node, depth int)
	of = func(t *node, depth int) {
		if seen[t] || depth > maxRefDepth {
			return
		}
		seen[t] = true
		switch {
		case t.spec.Role == element && !t.spec.Absorb:
			out = append(out, t)
		case t.spec.Role == part || t.spec.Absorb:
			out = append(out, b.owners[t]...)
		default:
			for _, r := range t.refs {
				if slices.ContainsFunc(t.spec.Forward, func(p string) bool { return pathMatches(r.path, p) }) {
					for _, x := range r.targets {
						of(x, depth+1)
					}
				}
			}
		}
	}
	if path == self {
		of(n, 0)
		return dedupeNodes(out)
	}
	for _, r := range n.refs {
		if pathMatches(r.path, path) {
			for _, t := range r.targets {
				of(t, 0)
			}
		}
	}
	return dedupeNodes(out)
}

// join makes what From names a member of the part To names (a target group
// attachment puts an instance behind a target group).
func (b *builder) join(n *node, l link) {
	members := b.endpoints(n, l.From)
	for _, r := range n.refs {
		if !pathMatches(r.path, l.To) {
			continue
		}
		for _, t := range r.targets {
			if t.spec.Role == part || t.spec.Absorb {
				b.owners[t] = dedupeNodes(append(b.owners[t], members...))
			}
		}
	}
}

// link records the edges a connector carries.
func (b *builder) link(n *node, l link) {
	from := b.endpoints(n, l.From)
	if len(from) == 0 {
		return
	}
	to := b.endpoints(n, l.To)
	src := linkSource(n, l)
	prio := 0
	if l.Weak {
		prio = 2
	}
	for _, f := range from {
		for _, t := range to {
			b.edge(f, t, l.Verb, n.res.typ, prio, src)
		}
	}
}

// edge records a candidate relationship. Supporting infrastructure never
// depends on anything, and only workloads depend on it.
func (b *builder) edge(from, to *node, verb, via string, prio int, src model.Source) {
	if from == to || from.id == to.id || from.spec.Class == model.ClassInfrastructure {
		return
	}
	if to.spec.Class == model.ClassInfrastructure && !isWorkload(from.spec.Class) {
		return
	}
	if len(b.cands) >= maxEdges {
		if !b.full {
			b.full = true
			b.e.d.warn(src.File, rangeAt(src), "more than %d relationships; the rest are not shown", maxEdges)
		}
		return
	}
	b.cands = append(b.cands, candidate{from: from, to: to, verb: verb, via: via, prio: prio, src: src})
}

func refSource(n *node, r ref) model.Source {
	rng := r.at.t.SourceRange()
	return model.Source{Scanner: "terraform", File: rng.Filename, Line: rng.Start.Line, Column: rng.Start.Column, Address: n.address()}
}

// linkSource points at the connector's reference to the far end of the
// link, or at the connector itself.
func linkSource(n *node, l link) model.Source {
	for _, p := range []string{l.To, l.From} {
		for _, r := range n.refs {
			if p != self && pathMatches(r.path, p) {
				return refSource(n, r)
			}
		}
	}
	def := n.res.def()
	return model.Source{Scanner: "terraform", File: n.res.file, Line: def.Start.Line, Column: def.Start.Column, Address: n.address()}
}

// relationships folds the candidates into one relationship per pair.
func (b *builder) relationships() []*model.Relationship {
	slices.SortFunc(b.cands, func(x, y candidate) int {
		return cmp.Or(strings.Compare(x.from.id, y.from.id), strings.Compare(x.to.id, y.to.id),
			cmp.Compare(x.prio, y.prio), strings.Compare(x.verb, y.verb), strings.Compare(x.via, y.via), compareSources(x.src, y.src))
	})
	var out []*model.Relationship
	for i := 0; i < len(b.cands); {
		c := b.cands[i]
		r := &model.Relationship{From: c.from.id, To: c.to.id, Description: c.verb, Properties: map[string]string{"via": c.via}}
		for ; i < len(b.cands) && b.cands[i].from.id == c.from.id && b.cands[i].to.id == c.to.id; i++ {
			r.Sources = append(r.Sources, b.cands[i].src)
		}
		slices.SortFunc(r.Sources, compareSources)
		r.Sources = slices.Compact(r.Sources)
		out = append(out, r)
	}
	return out
}

func compareSources(a, b model.Source) int {
	return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
		strings.Compare(a.Address, b.Address))
}

func rangeAt(s model.Source) hcl.Range {
	return hcl.Range{Filename: s.File, Start: hcl.Pos{Line: s.Line, Column: s.Column}}
}
