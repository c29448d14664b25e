package policies

import (
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/archdrift/archdrift/model"
	"github.com/open-policy-agent/opa/v1/ast"
)

// The two graphs are most of an input (at 100×, 6,500 elements, 6,200
// relationships and 13,000 sources of 150,000 values), so the graph and
// its element, relationship and source structs have encoders of their own.
// The reflective ones read each field through reflect, look every string up
// in the converter's table and go through JSONDocument's copy of each
// element; these read the structs as Go values, know which strings repeat
// (kinds, classes, scanners, file names) and which hardly ever do (an
// element's id and name) and make the latter without the table, and put the
// empty lists JSONDocument puts in place of nil ones themselves. They write
// exactly what the reflective path writes (TestModelEncoders,
// TestGraphEncoder, FuzzModelEncoders), whose rules (json tags, omitempty,
// nil as null, bad UTF-8) they spell out; TestModelEncodersKnowEveryField
// fails when a field is added to one of these structs, so that it is added
// here too.
var (
	graphType        = reflect.TypeFor[*model.Graph]()
	elementType      = reflect.TypeFor[model.Element]()
	relationshipType = reflect.TypeFor[model.Relationship]()
	sourceType       = reflect.TypeFor[model.Source]()
)

// modelEncoder returns the encoder of t when it is one of the model's
// types above.
func modelEncoder(t reflect.Type) (encoder, bool) {
	switch t {
	case graphType:
		return encodeGraph, true
	case elementType:
		return encodeElement, true
	case relationshipType:
		return encodeRelationship, true
	case sourceType:
		return encodeSource, true
	}
	return nil, false
}

var (
	kindKey          = ast.StringTerm("kind")
	classKey         = ast.StringTerm("class")
	technologyKey    = ast.StringTerm("technology")
	descriptionKey   = ast.StringTerm("description")
	groupKey         = ast.StringTerm("group")
	tagsKey          = ast.StringTerm("tags")
	propertiesKey    = ast.StringTerm("properties")
	sourcesKey       = ast.StringTerm("sources")
	scannerKey       = ast.StringTerm("scanner")
	fileKey          = ast.StringTerm("file")
	lineKey          = ast.StringTerm("line")
	columnKey        = ast.StringTerm("column")
	addressKey       = ast.StringTerm("address")
	relationshipsKey = ast.StringTerm("relationships")
	referencesKey    = ast.StringTerm("references")
)

// graphDepth is how much deeper than the graph the values of its
// JSONDocument go (document, member, list, element, member, list, source,
// member): closer than that to maxDepth, a graph takes the reflective path,
// which hands what is too deep to encoding/json.
const graphDepth = 8

// encodeGraph writes a *model.Graph as encodeDocument writes its
// JSONDocument, without the copy of each element and relationship that
// JSONDocument makes to put empty lists in place of nil ones.
func encodeGraph(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
	if v.IsNil() {
		return ast.InternedNullTerm, nil
	}
	if depth+graphDepth > maxDepth {
		return encodeDocument(c, v, depth)
	}
	g := v.Interface().(*model.Graph)
	els, rels := g.Elements(), g.Relationships()
	elements, err := c.array(len(els), func(c *converter, i int) (*ast.Term, error) {
		return c.element(els[i], inGraph)
	})
	if err != nil {
		return nil, err
	}
	relationships, err := c.array(len(rels), func(c *converter, i int) (*ast.Term, error) {
		return c.relationship(rels[i], inGraph)
	})
	if err != nil {
		return nil, err
	}
	items := make([][2]*ast.Term, 2, 3)
	items[0] = ast.Item(elementsKey, elements)
	items[1] = ast.Item(relationshipsKey, relationships)
	if refs := g.References(); len(refs) > 0 {
		// The document's members are at depth+2, as encodeDocument has them.
		x, err := c.term(reflect.ValueOf(refs), depth+2)
		if err != nil {
			return nil, err
		}
		items = append(items, ast.Item(referencesKey, x))
	}
	return ast.NewTerm(ast.NewObject(items...)), nil
}

// nilLists says what a nil Tags, Properties or Sources becomes: null, as
// encoding/json writes it, or, in a graph, the empty list or object that
// JSONDocument puts in its place (for the members it does that for).
type nilLists struct {
	tags, properties, sources *ast.Term
}

var (
	// asJSON is what encoding/json makes of nil lists.
	asJSON = nilLists{ast.InternedNullTerm, ast.InternedNullTerm, ast.InternedNullTerm}
	// inGraph is what model.Graph.JSONDocument makes of them.
	inGraph = nilLists{ast.InternedEmptyArray, ast.InternedEmptyObject, ast.InternedEmptyArray}
)

func encodeElement(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
	return c.element(addressOf[model.Element](v), asJSON)
}

func encodeRelationship(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
	return c.relationship(addressOf[model.Relationship](v), asJSON)
}

func encodeSource(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
	return c.source(addressOf[model.Source](v)), nil
}

// element is the term of e. Its members are gathered on c.items, which
// NewObject copies, rather than on a slice of their own.
func (c *converter) element(e *model.Element, nils nilLists) (*ast.Term, error) {
	base := len(c.items)
	c.items = append(c.items,
		ast.Item(idKey, uniqueStr(e.ID)),
		ast.Item(nameKey, uniqueStr(e.Name)),
		ast.Item(kindKey, c.str(string(e.Kind))),
		ast.Item(classKey, c.str(string(e.Class))),
		ast.Item(technologyKey, c.str(e.Technology)),
	)
	if e.Description != "" {
		c.items = append(c.items, ast.Item(descriptionKey, c.str(e.Description)))
	}
	c.items = append(c.items,
		ast.Item(parentKey, c.str(e.Parent)),
		ast.Item(groupKey, c.str(e.Group)),
		ast.Item(tagsKey, c.stringList(e.Tags, nils.tags)),
	)
	// Each is worked out before it is appended: building it uses c.items.
	props, err := c.properties(e.Properties, nils.properties)
	if err != nil {
		c.items = c.items[:base]
		return nil, err
	}
	c.items = append(c.items, ast.Item(propertiesKey, props))
	sources := c.sources(e.Sources, nils.sources)
	c.items = append(c.items, ast.Item(sourcesKey, sources))
	return c.object(base), nil
}

// relationship is the term of r. JSONDocument leaves a relationship's nil
// tags and properties alone: they are left out (omitempty), as empty ones.
func (c *converter) relationship(r *model.Relationship, nils nilLists) (*ast.Term, error) {
	base := len(c.items)
	if r.ID != "" {
		c.items = append(c.items, ast.Item(idKey, uniqueStr(r.ID)))
	}
	c.items = append(c.items,
		ast.Item(fromKey, c.str(r.From)),
		ast.Item(toKey, c.str(r.To)),
		ast.Item(descriptionKey, c.str(r.Description)),
		ast.Item(technologyKey, c.str(r.Technology)),
	)
	if len(r.Tags) > 0 {
		c.items = append(c.items, ast.Item(tagsKey, c.stringList(r.Tags, nil)))
	}
	if len(r.Properties) > 0 {
		props, err := c.properties(r.Properties, nil)
		if err != nil {
			c.items = c.items[:base]
			return nil, err
		}
		c.items = append(c.items, ast.Item(propertiesKey, props))
	}
	sources := c.sources(r.Sources, nils.sources)
	c.items = append(c.items, ast.Item(sourcesKey, sources))
	return c.object(base), nil
}

func (c *converter) source(s *model.Source) *ast.Term {
	base := len(c.items)
	c.items = append(c.items, ast.Item(scannerKey, c.recent(&c.scanner, s.Scanner)))
	if s.File != "" {
		c.items = append(c.items, ast.Item(fileKey, c.recent(&c.file, s.File)))
	}
	if s.Line != 0 {
		c.items = append(c.items, ast.Item(lineKey, intTerm(s.Line)))
	}
	if s.Column != 0 {
		c.items = append(c.items, ast.Item(columnKey, intTerm(s.Column)))
	}
	if s.Address != "" {
		c.items = append(c.items, ast.Item(addressKey, uniqueStr(s.Address)))
	}
	return c.object(base)
}

// object is the object of the members on c.items from base, which it
// takes off.
func (c *converter) object(base int) *ast.Term {
	t := ast.NewTerm(ast.NewObject(c.items[base:]...))
	c.items = c.items[:base]
	return t
}

// stringList is the term of a []string; nilTerm that of a nil one.
func (c *converter) stringList(s []string, nilTerm *ast.Term) *ast.Term {
	switch {
	case s == nil:
		return nilTerm
	case len(s) == 0:
		return ast.InternedEmptyArray
	}
	terms := make([]*ast.Term, len(s))
	for i, x := range s {
		terms[i] = c.str(x)
	}
	return ast.NewTerm(ast.NewArray(terms...))
}

// properties is the term of a map[string]string; nilTerm that of a nil
// one.
func (c *converter) properties(m map[string]string, nilTerm *ast.Term) (*ast.Term, error) {
	switch {
	case m == nil:
		return nilTerm, nil
	case len(m) == 0:
		return ast.InternedEmptyObject, nil
	}
	base := len(c.items)
	for k, v := range m {
		if !utf8.ValidString(k) {
			// Two keys may become one once their bad bytes are replaced;
			// encoding/json decides which value stays, as in mapEncoder.
			c.items = c.items[:base]
			return viaJSON(reflect.ValueOf(m))
		}
		c.items = append(c.items, ast.Item(c.str(k), c.str(v)))
	}
	return c.object(base), nil
}

// sources is the term of a []model.Source; nilTerm that of a nil one.
func (c *converter) sources(s []model.Source, nilTerm *ast.Term) *ast.Term {
	switch {
	case s == nil:
		return nilTerm
	case len(s) == 0:
		return ast.InternedEmptyArray
	}
	terms := make([]*ast.Term, len(s))
	for i := range s {
		terms[i] = c.source(&s[i])
	}
	return ast.NewTerm(ast.NewArray(terms...))
}

// addressOf returns a pointer to the value v holds: v's own address when it
// has one (a slice element, what a pointer points to), else a copy's.
func addressOf[T any](v reflect.Value) *T {
	if v.CanAddr() {
		return v.Addr().Interface().(*T)
	}
	x := v.Interface().(T)
	return &x
}

// uniqueStr is the term of a string that seldom repeats (an element's id
// or name): made at once, without the converter's table of strings.
func uniqueStr(s string) *ast.Term {
	return ast.StringTerm(validUTF8(s))
}

// intTerm is the term of n, as the reflective encoder makes it.
func intTerm(n int) *ast.Term {
	if n >= 0 && n < smallInts {
		return ast.InternedTerm(n)
	}
	return ast.NewTerm(ast.Number(strconv.Itoa(n)))
}

// recentStr is the last string a member had, and its term.
type recentStr struct {
	s string
	t *ast.Term
}

// recent is the term of s, a member that last was r.s: the sources of one
// graph come in runs of one scanner and of one file.
func (c *converter) recent(r *recentStr, s string) *ast.Term {
	if r.t == nil || r.s != s {
		r.s, r.t = s, c.str(s)
	}
	return r.t
}
