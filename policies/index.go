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
func withIndex(input ast.Value) ast.Value {
	obj, ok := input.(ast.Object)
	if !ok {
		return input
	}
	doc, ok := graphElements(obj, documentedKey)
	if !ok {
		return input
	}
	obs, ok := graphElements(obj, observedKey)
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
	b := indexBuilder{seen: make(map[string]bool, doc.Len()+obs.Len()), names: make(map[string][]*ast.Term, 2*(doc.Len()+obs.Len()))}
	docByID, ok := b.byID(doc, true)
	if !ok {
		return input
	}
	obsByID, ok := b.byID(obs, false)
	if !ok {
		return input
	}
	members := [][2]*ast.Term{
		ast.Item(documentedKey, ast.NewTerm(docByID)),
		ast.Item(observedKey, ast.NewTerm(obsByID)),
		ast.Item(namesKey, ast.NewTerm(b.namesObject())),
	}
	if children, ok := childrenIndex(doc); ok {
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
	gobj, ok := g.Value.(ast.Object)
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

// indexBuilder collects the index of both graphs.
type indexBuilder struct {
	seen  map[string]bool        // ids of both graphs
	names map[string][]*ast.Term // lower-case name → id terms, in element order
}

// byID maps the id of each element to the element, and records its names.
// It reports false when an element is not one the index can stand for.
func (b *indexBuilder) byID(els *ast.Array, documented bool) (ast.Object, bool) {
	items := make([][2]*ast.Term, 0, els.Len())
	ok := true
	els.Until(func(t *ast.Term) bool {
		e, isObj := t.Value.(ast.Object)
		if !isObj {
			ok = false
			return true
		}
		idTerm := e.Get(idKey)
		if idTerm == nil {
			ok = false
			return true
		}
		id, isStr := idTerm.Value.(ast.String)
		if !isStr || b.seen[string(id)] {
			ok = false
			return true
		}
		b.seen[string(id)] = true
		var name ast.String
		switch n := e.Get(nameKey); {
		case n != nil:
			if name, isStr = n.Value.(ast.String); !isStr {
				ok = false
				return true
			}
		case documented:
			ok = false
			return true
		}
		b.add(string(name), idTerm)
		b.add(string(id), idTerm)
		if documented {
			b.add(string(id)[strings.LastIndexByte(string(id), '.')+1:], idTerm)
		}
		items = append(items, ast.Item(idTerm, t))
		return false
	})
	if !ok {
		return nil, false
	}
	return ast.NewObject(items...), true
}

// add records that name (any case) names the element id. "" names
// nothing, and a selector with a colon picks by kind (tag:, class:, tech:),
// never by name: a name with one (every observed id, "scanner:address") is
// left out.
func (b *indexBuilder) add(name string, id *ast.Term) {
	if name == "" || strings.IndexByte(name, ':') >= 0 {
		return
	}
	n := strings.ToLower(name)
	ids := b.names[n]
	// An element's name, id and the last part of its id are often the same
	// word: it is listed once. Ids arrive in element order, so a repeat is
	// the last one.
	if len(ids) > 0 && ids[len(ids)-1] == id {
		return
	}
	b.names[n] = append(ids, id)
}

// namesObject is the names index: each name's ids, sorted.
func (b *indexBuilder) namesObject() ast.Object {
	items := make([][2]*ast.Term, 0, len(b.names))
	for n, ids := range b.names {
		if len(ids) > 1 {
			slices.SortFunc(ids, func(x, y *ast.Term) int { return ast.Compare(x, y) })
		}
		items = append(items, ast.Item(ast.StringTerm(n), ast.ArrayTerm(ids...)))
	}
	return ast.NewObject(items...)
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
