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
)

// withIndex returns input with its index member set: the elements of each
// graph by id, and every element by the lower-case names an ADR selector
// may use (a documented element's name, id and the last dot-separated part
// of its id; an observed element's name and id; none with a colon). Rego
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
	b := indexBuilder{seen: make(map[string]bool, doc.Len()+obs.Len()), names: make(map[string][]*ast.Term, 2*(doc.Len()+obs.Len()))}
	docByID, ok := b.byID(doc, true)
	if !ok {
		return input
	}
	obsByID, ok := b.byID(obs, false)
	if !ok {
		return input
	}
	index := ast.NewObject(
		ast.Item(documentedKey, ast.NewTerm(docByID)),
		ast.Item(observedKey, ast.NewTerm(obsByID)),
		ast.Item(namesKey, ast.NewTerm(b.namesObject())),
	)
	// A new object holding the same members: Copy would copy them deeply.
	items := make([][2]*ast.Term, 0, obj.Len()+1)
	obj.Foreach(func(k, v *ast.Term) {
		if !k.Equal(indexKey) {
			items = append(items, ast.Item(k, v))
		}
	})
	return ast.NewObject(append(items, ast.Item(indexKey, ast.NewTerm(index)))...)
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
