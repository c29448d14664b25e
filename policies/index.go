package policies

import (
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// indexKey is the input member the engine adds: lookups that rules would
// otherwise build by scanning the graphs (README.md, "index").
var indexKey = ast.StringTerm("index")

var (
	documentedKey = ast.StringTerm("documented")
	observedKey   = ast.StringTerm("observed")
	elementsKey   = ast.StringTerm("elements")
	idKey         = ast.StringTerm("id")
	nameKey       = ast.StringTerm("name")
	namesKey      = ast.StringTerm("names")
	parentKey     = ast.StringTerm("parent")
	childrenKey   = ast.StringTerm("children")
	diffKey       = ast.StringTerm("diff")
	matchesKey    = ast.StringTerm("matches")
	matchedKey    = ast.StringTerm("matched")
	observedIDs   = ast.StringTerm("observed")
	liftedKey     = ast.StringTerm("lifted")
	fromKey       = ast.StringTerm("from")
	toKey         = ast.StringTerm("to")
	edgesFromKey  = ast.StringTerm("edges_from")
	edgesToKey    = ast.StringTerm("edges_to")
)

// withIndex returns input with its index member set: the elements of each
// graph by id, and every element by the lower-case names an ADR selector
// may use (a documented element's name, id and the last dot-separated part
// of its id; an observed element's name and id; none with a colon); and
// the groupings adr.violation makes of the documented hierarchy and of the
// diff's matches and lifted edges (childrenIndex, matchedIndex,
// edgeIndexes), each only when it is what the rule would build. Rego
// builds an object at about a microsecond per member read, and the ADR
// rules need these lookups over thousands of elements; built here they
// cost a fraction of that.
//
// The rules fall back to building the same lookups themselves when the
// input has no index (a Rego test's `with input as`), so the index is only
// added when it is exactly what they would build: every element an object
// with a string id, unique across both graphs, and a string name
// (documented elements always have one). Otherwise input is returned as it
// is, and a malformed element fails or is skipped in Rego as before.
//
// The part of the index that each graph makes alone (graphIndex) is built
// beside the graph's early conversion when there is one (ConvertEarly), so
// that what is left after the diff is to check that no id is in both
// graphs, merge the names and group the diff's facts.
func withIndex(input ast.Value, early ...*Early) ast.Value {
	obj, ok := input.(ast.Object)
	if !ok {
		return input
	}
	docEls, ok := graphElements(obj, documentedKey)
	if !ok {
		return input
	}
	obsEls, ok := graphElements(obj, observedKey)
	if !ok {
		return input
	}
	// The groupings of the diff's facts need nothing else: they are
	// built meanwhile.
	var groupings [][2]*ast.Term
	done := make(chan struct{})
	go func() {
		defer close(done)
		groupings = diffGroupings(obj)
	}()
	defer func() { <-done }()
	doc := indexOf(docEls, early)
	if !doc.ok || !doc.named {
		return input
	}
	obs := indexOf(obsEls, early)
	if !obs.ok || !disjoint(doc.ids, obs.ids) {
		return input
	}
	members := [][2]*ast.Term{
		ast.Item(documentedKey, ast.NewTerm(doc.byID)),
		ast.Item(observedKey, ast.NewTerm(obs.byID)),
		ast.Item(namesKey, ast.NewTerm(mergeNames(doc, obs))),
	}
	// Only the documented graph's: built here rather than for both
	// graphs ahead.
	if children, ok := childrenIndex(docEls); ok {
		members = append(members, ast.Item(childrenKey, ast.NewTerm(children)))
	}
	<-done
	index := ast.NewObject(append(members, groupings...)...)
	// A new object holding the same members: Copy would copy them deeply.
	items := make([][2]*ast.Term, 0, obj.Len()+1)
	obj.Foreach(func(k, v *ast.Term) {
		if !k.Equal(indexKey) {
			items = append(items, ast.Item(k, v))
		}
	})
	return ast.NewObject(append(items, ast.Item(indexKey, ast.NewTerm(index)))...)
}

// indexOf returns the part of the index that els make: built beside the
// early conversion that made els, if any, else now.
func indexOf(els *ast.Array, early []*Early) *graphIndex {
	for _, e := range early {
		if e == nil {
			continue
		}
		select {
		case <-e.done:
		default:
			continue // not converted yet, so not what els come from
		}
		if e.elements == els {
			<-e.indexed
			return e.index
		}
	}
	return newGraphIndex(els)
}

// disjoint reports whether no id is in both sets.
func disjoint(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for id := range a {
		if b[id] {
			return false
		}
	}
	return true
}

// objectMember returns obj[key] when it is an object.
func objectMember(obj ast.Object, key *ast.Term) (ast.Object, bool) {
	t := obj.Get(key)
	if t == nil {
		return nil, false
	}
	o, ok := t.Value.(ast.Object)
	return o, ok
}

// graphElements returns obj[graph].elements when it is an array.
func graphElements(obj ast.Object, graph *ast.Term) (*ast.Array, bool) {
	g := obj.Get(graph)
	if g == nil {
		return nil, false
	}
	return elementsOf(g)
}

// elementsOf returns graph.elements when it is an array.
func elementsOf(graph *ast.Term) (*ast.Array, bool) {
	gobj, ok := graph.Value.(ast.Object)
	if !ok {
		return nil, false
	}
	els := gobj.Get(elementsKey)
	if els == nil {
		return nil, false
	}
	arr, ok := els.Value.(*ast.Array)
	return arr, ok
}

// graphIndex is the part of the index that one graph's elements make,
// whichever graph it is.
type graphIndex struct {
	// ok says that every element is an object with a string id, unique in
	// the graph, and a name that is a string or absent; named that none
	// is absent. Nothing below is set unless ok.
	ok, named bool
	byID      ast.Object
	ids       map[string]bool
	idTerms   []*ast.Term // in element order
	// names holds the names of the elements and their ids (not the last
	// parts of ids, which only documented elements have).
	names map[string]nameEntry
}

// nameEntry is what the names index holds of one lower-case name: the ids
// it names, the term of the name (that of an element's name or id when it
// was in lower case already: most observed names) and, once finished, the
// ids sorted and their array.
type nameEntry struct {
	key   *ast.Term
	ids   []*ast.Term
	array *ast.Term
}

// newGraphIndex builds the part of the index that els make.
func newGraphIndex(els *ast.Array) *graphIndex {
	g := &graphIndex{
		ok:      true,
		named:   true,
		ids:     make(map[string]bool, els.Len()),
		idTerms: make([]*ast.Term, 0, els.Len()),
		names:   make(map[string]nameEntry, 2*els.Len()),
	}
	items := make([][2]*ast.Term, 0, els.Len())
	els.Until(func(t *ast.Term) bool {
		e, isObj := t.Value.(ast.Object)
		if !isObj {
			g.ok = false
			return true
		}
		idTerm := e.Get(idKey)
		if idTerm == nil {
			g.ok = false
			return true
		}
		id, isStr := idTerm.Value.(ast.String)
		if !isStr || g.ids[string(id)] {
			g.ok = false
			return true
		}
		g.ids[string(id)] = true
		var name ast.String
		nameTerm := e.Get(nameKey)
		if nameTerm == nil {
			g.named = false
		} else if name, isStr = nameTerm.Value.(ast.String); !isStr {
			g.ok = false
			return true
		}
		addName(g.names, string(name), nameTerm, idTerm)
		addName(g.names, string(id), idTerm, idTerm)
		g.idTerms = append(g.idTerms, idTerm)
		items = append(items, ast.Item(idTerm, t))
		return false
	})
	if !g.ok {
		return &graphIndex{}
	}
	g.byID = ast.NewObject(items...)
	for n, ent := range g.names {
		g.names[n] = ent.finish(n)
	}
	return g
}

// addName records in names that name (any case) names the element id.
// nameTerm, when not nil, is the term of name. "" names nothing, and a
// selector with a colon picks by kind (tag:, class:, tech:), never by name:
// a name with one (every observed id, "scanner:address") is left out.
func addName(names map[string]nameEntry, name string, nameTerm, id *ast.Term) {
	if name == "" || strings.IndexByte(name, ':') >= 0 {
		return
	}
	n := strings.ToLower(name)
	ent := names[n]
	// An element's name, id and the last part of its id are often the same
	// word: it is listed once. Ids arrive in element order, so a repeat is
	// the last one.
	if len(ent.ids) > 0 && ent.ids[len(ent.ids)-1] == id {
		return
	}
	if ent.key == nil && nameTerm != nil && n == name {
		ent.key = nameTerm
	}
	ent.ids = append(ent.ids, id)
	names[n] = ent
}

// finish sorts the ids of name n and makes its terms.
func (ent nameEntry) finish(n string) nameEntry {
	if len(ent.ids) > 1 {
		slices.SortFunc(ent.ids, compareTerms)
	}
	if ent.key == nil {
		ent.key = ast.StringTerm(n)
	}
	ent.array = ast.ArrayTerm(ent.ids...)
	return ent
}

func compareTerms(x, y *ast.Term) int { return ast.Compare(x, y) }

// mergeNames is the names index of both graphs: the names of doc's
// elements, their ids and the last dot-separated parts of their ids, and
// the names of obs's elements and their ids. No id is in both graphs.
func mergeNames(doc, obs *graphIndex) ast.Object {
	last := map[string]nameEntry{}
	for _, id := range doc.idTerms {
		s := string(id.Value.(ast.String))
		addName(last, s[strings.LastIndexByte(s, '.')+1:], nil, id)
	}
	items := make([][2]*ast.Term, 0, len(doc.names)+len(obs.names)+len(last))
	// Each name once, with the first of the three that has it.
	for n, d := range doc.names {
		o, inObs := obs.names[n]
		l, inLast := last[n]
		if !inObs && !inLast {
			items = append(items, ast.Item(d.key, d.array))
			continue
		}
		items = append(items, mergedName(n, d, o, l))
	}
	for n, o := range obs.names {
		if _, inDoc := doc.names[n]; inDoc {
			continue
		}
		l, inLast := last[n]
		if !inLast {
			items = append(items, ast.Item(o.key, o.array))
			continue
		}
		items = append(items, mergedName(n, o, l))
	}
	for n, l := range last {
		_, inDoc := doc.names[n]
		_, inObs := obs.names[n]
		if !inDoc && !inObs {
			l = l.finish(n)
			items = append(items, ast.Item(l.key, l.array))
		}
	}
	return ast.NewObject(items...)
}

// mergedName is the names member of n that the entries share. They hold
// different elements, save that a documented element may be in two (by its
// name and by the last part of its id): once sorted, its two mentions are
// side by side and one is dropped.
func mergedName(n string, ents ...nameEntry) [2]*ast.Term {
	var key *ast.Term
	var ids []*ast.Term
	for _, e := range ents {
		ids = append(ids, e.ids...)
		if key == nil {
			key = e.key
		}
	}
	slices.SortFunc(ids, compareTerms)
	ids = slices.Compact(ids) // one term per element: the same pointer
	if key == nil {
		key = ast.StringTerm(n)
	}
	return ast.Item(key, ast.ArrayTerm(ids...))
}

// diffGroupings are the index members grouping input.diff's facts:
// matched, edges_from and edges_to, each when the facts have the shape
// that lets it stand for the rules' own grouping.
func diffGroupings(input ast.Object) [][2]*ast.Term {
	d, ok := objectMember(input, diffKey)
	if !ok {
		return nil
	}
	var out [][2]*ast.Term
	if matched, ok := matchedIndex(d.Get(matchesKey)); ok {
		out = append(out, ast.Item(matchedKey, ast.NewTerm(matched)))
	}
	if from, to, ok := edgeIndexes(d.Get(liftedKey)); ok {
		out = append(out, ast.Item(edgesFromKey, ast.NewTerm(from)), ast.Item(edgesToKey, ast.NewTerm(to)))
	}
	return out
}

// childrenIndex maps each documented element with a parent to the set of
// the elements whose parent it is (empty when none): _children of
// builtin/adr_violation.rego, whose graph walks only know elements with a
// parent. False when a parent is not a string; documented elements are
// objects with unique string ids (byID checked).
func childrenIndex(doc *ast.Array) (ast.Object, bool) {
	kids := map[string][]*ast.Term{}
	var withParent []*ast.Term
	ok := true
	doc.Until(func(t *ast.Term) bool {
		e := t.Value.(ast.Object)
		p := e.Get(parentKey)
		if p == nil {
			return false
		}
		parent, isStr := p.Value.(ast.String)
		if !isStr {
			ok = false
			return true
		}
		if parent == "" {
			return false
		}
		id := e.Get(idKey)
		withParent = append(withParent, id)
		kids[string(parent)] = append(kids[string(parent)], id)
		return false
	})
	if !ok {
		return nil, false
	}
	items := make([][2]*ast.Term, len(withParent))
	for i, id := range withParent {
		items[i] = ast.Item(id, ast.SetTerm(kids[string(id.Value.(ast.String))]...))
	}
	return ast.NewObject(items...), true
}

// matchedIndex maps each documented id of diff.matches to the set of the
// observed ids matched to it, leaving out those with none: _matched of
// builtin/adr_violation.rego. False unless every match is an object with a
// string documented and an array of strings observed.
func matchedIndex(matches *ast.Term) (ast.Object, bool) {
	if matches == nil {
		return nil, false
	}
	if _, isNull := matches.Value.(ast.Null); isNull {
		return ast.NewObject(), true
	}
	arr, isArr := matches.Value.(*ast.Array)
	if !isArr {
		return nil, false
	}
	byDoc := map[string][]*ast.Term{}
	var order []*ast.Term
	ok := true
	arr.Until(func(t *ast.Term) bool {
		m, isObj := t.Value.(ast.Object)
		if !isObj {
			ok = false
			return true
		}
		d, obs := m.Get(documentedKey), m.Get(observedIDs)
		if d == nil || obs == nil {
			ok = false
			return true
		}
		doc, isStr := d.Value.(ast.String)
		os, isArr := obs.Value.(*ast.Array)
		if !isStr || !isArr {
			ok = false
			return true
		}
		os.Until(func(o *ast.Term) bool {
			if _, isStr := o.Value.(ast.String); !isStr {
				ok = false
				return true
			}
			if _, seen := byDoc[string(doc)]; !seen {
				order = append(order, d)
			}
			byDoc[string(doc)] = append(byDoc[string(doc)], o)
			return false
		})
		return !ok
	})
	if !ok {
		return nil, false
	}
	items := make([][2]*ast.Term, len(order))
	for i, d := range order {
		items[i] = ast.Item(d, ast.SetTerm(byDoc[string(d.Value.(ast.String))]...))
	}
	return ast.NewObject(items...), true
}

// edgeIndexes map each from (to) of diff.lifted to the set of the edges
// leaving (entering) it: _edges_from and _edges_to of
// builtin/adr_violation.rego. False unless every edge is an object with a
// string from and to.
func edgeIndexes(lifted *ast.Term) (from, to ast.Object, ok bool) {
	if lifted == nil {
		return nil, nil, false
	}
	if _, isNull := lifted.Value.(ast.Null); isNull {
		return ast.NewObject(), ast.NewObject(), true
	}
	arr, isArr := lifted.Value.(*ast.Array)
	if !isArr {
		return nil, nil, false
	}
	byFrom, byTo := edgeGroups{}, edgeGroups{}
	ok = true
	arr.Until(func(t *ast.Term) bool {
		e, isObj := t.Value.(ast.Object)
		if !isObj {
			ok = false
			return true
		}
		f, to := e.Get(fromKey), e.Get(toKey)
		if f == nil || to == nil {
			ok = false
			return true
		}
		if _, isStr := f.Value.(ast.String); !isStr {
			ok = false
			return true
		}
		if _, isStr := to.Value.(ast.String); !isStr {
			ok = false
			return true
		}
		byFrom.add(f, t)
		byTo.add(to, t)
		return false
	})
	if !ok {
		return nil, nil, false
	}
	return byFrom.object(), byTo.object(), true
}

// edgeGroups collects edges by one of their string ends, in first-seen
// order of the ends.
type edgeGroups struct {
	keys  []*ast.Term
	edges map[string][]*ast.Term
}

func (g *edgeGroups) add(key, edge *ast.Term) {
	if g.edges == nil {
		g.edges = map[string][]*ast.Term{}
	}
	k := string(key.Value.(ast.String))
	if _, seen := g.edges[k]; !seen {
		g.keys = append(g.keys, key)
	}
	g.edges[k] = append(g.edges[k], edge)
}

func (g *edgeGroups) object() ast.Object {
	items := make([][2]*ast.Term, len(g.keys))
	for i, k := range g.keys {
		items[i] = ast.Item(k, ast.SetTerm(g.edges[string(k.Value.(ast.String))]...))
	}
	return ast.NewObject(items...)
}
