package policies

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/archdrift/archdrift/model"
	"github.com/open-policy-agent/opa/v1/ast"
)

// reflective converts x with the reflective encoder of its struct type,
// not the model encoder.
func reflective(t *testing.T, x any) *ast.Term {
	t.Helper()
	c := newSerialConverter()
	v := reflect.ValueOf(x)
	got, err := c.encode(c.structEncoder(v.Type()), v, 0)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// assertModelEncoder fails unless the model encoder of x's type writes what
// the reflective one writes, for x addressable or not.
func assertModelEncoder(t *testing.T, x any) {
	t.Helper()
	want := reflective(t, x)
	enc, ok := modelEncoder(reflect.TypeOf(x))
	if !ok {
		t.Fatalf("no model encoder for %T", x)
	}
	ptr := reflect.New(reflect.TypeOf(x))
	ptr.Elem().Set(reflect.ValueOf(x))
	for _, v := range []reflect.Value{reflect.ValueOf(x), ptr.Elem()} {
		got, err := newSerialConverter().encode(enc, v, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ast.Compare(got, want) != 0 {
			t.Errorf("%T (addressable %v):\n got %v\nwant %v", x, v.CanAddr(), got, want)
		}
	}
}

func TestModelEncoders(t *testing.T) {
	src := model.Source{Scanner: "kubernetes", File: "deploy/a.yaml", Line: 1000, Column: 3, Address: "main/a"}
	for name, x := range map[string]any{
		"empty element":      model.Element{},
		"empty relationship": model.Relationship{},
		"empty source":       model.Source{},
		"element": model.Element{ID: "shop.orders", Name: "Orders", Kind: model.KindContainer, Class: model.ClassService,
			Technology: "Go", Description: "takes orders", Parent: "shop", Group: "g", Tags: []string{"a", "b"},
			Properties: map[string]string{"k": "v", "\xff": "x"}, Sources: []model.Source{src, {Scanner: "s", Line: -2}}},
		"element with empty lists": model.Element{ID: "a\xffb", Name: "n\xfe", Tags: []string{}, Properties: map[string]string{}, Sources: []model.Source{}},
		"relationship": model.Relationship{ID: "r1", From: "a", To: "b", Description: "calls", Technology: "HTTP",
			Tags: []string{"t"}, Properties: map[string]string{"k": "v"}, Sources: []model.Source{src}},
		"relationship with empty lists": model.Relationship{From: "a", To: "b\xff", Tags: []string{}, Properties: map[string]string{}, Sources: []model.Source{}},
		"source":                        src,
		"source with a big column":      model.Source{Scanner: "x", Column: 1 << 40, Address: "\xff"},
	} {
		t.Run(name, func(t *testing.T) {
			assertModelEncoder(t, x)
			assertSameAsJSON(t, x)
		})
	}
}

// assertGraphEncoder fails unless the graph encoder writes what the
// reflective path writes (JSONDocument's copy, converted) and what the JSON
// round trip gives, converting long lists in chunks or not, and near the
// depth where values go to encoding/json.
func assertGraphEncoder(t *testing.T, g *model.Graph) {
	t.Helper()
	v := reflect.ValueOf(g)
	for _, depth := range []int{0, maxDepth - graphDepth, maxDepth - 3} {
		want, err := newSerialConverter().encode(encodeDocument, v, depth)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*converter{newSerialConverter(), newConverter()} {
			got, err := c.encode(encodeGraph, v, depth)
			if err != nil {
				t.Fatal(err)
			}
			if ast.Compare(got, want) != 0 {
				t.Errorf("graph at depth %d (chunks of %d):\n got %v\nwant %v", depth, c.chunkLen, got, want)
			}
		}
	}
	assertSameAsJSON(t, g)
}

func TestGraphEncoder(t *testing.T) {
	src := model.Source{Scanner: "kubernetes", File: "deploy/a.yaml", Line: 1000, Column: 3, Address: "main/a"}
	big := model.NewGraph()
	for i := range 3 * chunkLen {
		id := fmt.Sprintf("k:e%d", i)
		e := &model.Element{ID: id, Name: fmt.Sprint("e", i%7), Kind: model.KindContainer, Sources: []model.Source{src}}
		if i%3 == 0 {
			e.Tags = []string{"t"}
		}
		if err := big.Add(e); err != nil {
			t.Fatal(err)
		}
		big.AddRelationship(&model.Relationship{From: id, To: "k:e0", Sources: []model.Source{src}})
	}
	lists := model.NewGraph()
	for _, e := range []*model.Element{
		{ID: "nil lists"},
		{ID: "empty lists", Tags: []string{}, Properties: map[string]string{}, Sources: []model.Source{}},
		{ID: "full", Name: "Full", Kind: model.KindSystem, Class: model.ClassService, Technology: "Go", Description: "d",
			Parent: "p", Group: "g", Tags: []string{"a", "b\xff"}, Properties: map[string]string{"k": "v", "\xff": "x", "\xfe": "y"},
			Sources: []model.Source{src, {Scanner: "s", Line: -2}}},
		{ID: "bad \xff id", Name: "bad \xfe name"},
		{ID: "bad \xfe id"},
	} {
		if err := lists.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	// Add puts an empty map in place of nil properties; a caller may set
	// them back to nil.
	if e, ok := lists.Element("nil lists"); ok {
		e.Properties = nil
	}
	lists.AddRelationship(&model.Relationship{From: "a", To: "b"})
	lists.AddRelationship(&model.Relationship{ID: "r", From: "a", To: "b", Tags: []string{}, Properties: map[string]string{}, Sources: []model.Source{}})
	lists.AddRelationship(&model.Relationship{From: "a", To: "c", Tags: []string{"t"}, Properties: map[string]string{"k": "v"}, Sources: []model.Source{src}})
	lists.AddReference(model.Reference{From: "full", Value: "orders.internal", Via: "env X", Source: src})
	for name, g := range map[string]*model.Graph{
		"nil":   nil,
		"empty": model.NewGraph(),
		"lists": lists,
		"big":   big,
	} {
		t.Run(name, func(t *testing.T) { assertGraphEncoder(t, g) })
	}
}

// TestModelEncodersKnowEveryField fails when one of the structs with a
// model encoder gains, loses or renames a JSON member: the encoder in
// input_model.go writes each member by hand and must be told.
func TestModelEncodersKnowEveryField(t *testing.T) {
	for typ, want := range map[reflect.Type][]string{
		elementType:      {"id", "name", "kind", "class", "technology", "description,omitempty", "parent", "group", "tags", "properties", "sources"},
		relationshipType: {"id,omitempty", "from", "to", "description", "technology", "tags,omitempty", "properties,omitempty", "sources"},
		sourceType:       {"scanner", "file,omitempty", "line,omitempty", "column,omitempty", "address,omitempty"},
	} {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Tag.Get("json"))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s has JSON members %q; the model encoder writes %q: update input_model.go", typ, got, want)
		}
	}
}

// FuzzModelEncoders compares the model encoders with the reflective ones,
// and the graph encoder with JSONDocument, on any strings and numbers.
func FuzzModelEncoders(f *testing.F) {
	f.Add("id", "name", "tag", "k", "v", 0, 7)
	f.Add("", "\xff", "", "\xfe", "", -1, 1<<20)
	f.Fuzz(func(t *testing.T, a, b, c, k, v string, line, col int) {
		src := model.Source{Scanner: a, File: b, Line: line, Column: col, Address: c}
		assertModelEncoder(t, src)
		assertModelEncoder(t, model.Element{ID: a, Name: b, Kind: model.Kind(c), Class: model.Class(k), Technology: v,
			Description: c, Parent: k, Group: v, Tags: []string{a, c}, Properties: map[string]string{k: v, v: a}, Sources: []model.Source{src}})
		assertModelEncoder(t, model.Relationship{ID: c, From: a, To: b, Description: k, Technology: v,
			Properties: map[string]string{k: v}, Sources: []model.Source{src}})
		g := model.NewGraph()
		for _, e := range []*model.Element{
			{ID: a, Name: b, Kind: model.Kind(c), Parent: k, Tags: []string{v}, Properties: map[string]string{k: v}, Sources: []model.Source{src}},
			{ID: b, Name: a},
			{ID: c + k},
		} {
			_ = g.Add(e) // an empty or repeated id is refused
		}
		g.AddRelationship(&model.Relationship{From: a, To: b, Tags: []string{k}, Sources: []model.Source{src}})
		g.AddRelationship(&model.Relationship{ID: v, From: b, To: a})
		g.AddReference(model.Reference{From: a, Value: v, Via: k, Source: src})
		assertGraphEncoder(t, g)
	})
}
