package policies

import (
	"reflect"
	"strconv"

	"github.com/archdrift/archdrift/model"
	"github.com/open-policy-agent/opa/v1/ast"
)

// The elements, relationships and sources of the two graphs are most of an
// input (at 100×, 6,500 elements, 6,200 relationships and 13,000 sources
// of 150,000 values), so their structs have encoders of their own: the
// reflective one reads each field through reflect and looks every string
// up in the converter's table, where these know which strings repeat
// (kinds, classes, scanners, file names) and which hardly ever do (an
// element's id and name), and make the latter without the table. They write
// exactly what the reflective encoder writes (TestModelEncoders,
// FuzzModelEncoders), whose rules (json tags, omitempty) they spell out;
// TestModelEncodersKnowEveryField fails when a field is added to one of
// these structs, so that it is added here too. Fields that are not strings
// or ints go through the reflective encoders.
var (
	elementType      = reflect.TypeFor[model.Element]()
	relationshipType = reflect.TypeFor[model.Relationship]()
	sourceType       = reflect.TypeFor[model.Source]()
)

// modelEncoder returns the encoder of t when it is one of the model's
// structs above.
func modelEncoder(t reflect.Type) (encoder, bool) {
	switch t {
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
	kindKey        = ast.StringTerm("kind")
	classKey       = ast.StringTerm("class")
	technologyKey  = ast.StringTerm("technology")
	descriptionKey = ast.StringTerm("description")
	groupKey       = ast.StringTerm("group")
	tagsKey        = ast.StringTerm("tags")
	propertiesKey  = ast.StringTerm("properties")
	sourcesKey     = ast.StringTerm("sources")
	scannerKey     = ast.StringTerm("scanner")
	fileKey        = ast.StringTerm("file")
	lineKey        = ast.StringTerm("line")
	columnKey      = ast.StringTerm("column")
	addressKey     = ast.StringTerm("address")
)

// model.Element's fields, by index, for the fields that are not strings.
var (
	elementTags       = fieldIndex(elementType, "Tags")
	elementProperties = fieldIndex(elementType, "Properties")
	elementSources    = fieldIndex(elementType, "Sources")
	relTags           = fieldIndex(relationshipType, "Tags")
	relProperties     = fieldIndex(relationshipType, "Properties")
	relSources        = fieldIndex(relationshipType, "Sources")
)

func fieldIndex(t reflect.Type, name string) int {
	f, ok := t.FieldByName(name)
	if !ok {
		panic("policies: " + t.String() + " has no field " + name)
	}
	return f.Index[0]
}

func encodeElement(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
	e := addressOf[model.Element](v)
	items := make([][2]*ast.Term, 0, 11)
	items = append(items,
		ast.Item(idKey, uniqueStr(e.ID)),
		ast.Item(nameKey, uniqueStr(e.Name)),
		ast.Item(kindKey, c.str(string(e.Kind))),
		ast.Item(classKey, c.str(string(e.Class))),
		ast.Item(technologyKey, c.str(e.Technology)),
	)
	if e.Description != "" {
		items = append(items, ast.Item(descriptionKey, c.str(e.Description)))
	}
	items = append(items,
		ast.Item(parentKey, c.str(e.Parent)),
		ast.Item(groupKey, c.str(e.Group)),
	)
	return c.withFields(items, v, depth, elementFields)
}

// The fields of model.Element and model.Relationship left to the
// reflection path, in the order their JSON has them.
var (
	elementFields = []modelField{{tagsKey, elementTags, false}, {propertiesKey, elementProperties, false}, {sourcesKey, elementSources, false}}
	relFields     = []modelField{{tagsKey, relTags, true}, {propertiesKey, relProperties, true}, {sourcesKey, relSources, false}}
)

// modelField is a member of a model struct that the reflection path
// converts: its key, its field index and whether it is left out when empty.
type modelField struct {
	key       *ast.Term
	index     int
	omitEmpty bool
}

// withFields converts the fields of v onto items and returns the object.
func (c *converter) withFields(items [][2]*ast.Term, v reflect.Value, depth int, fields []modelField) (*ast.Term, error) {
	for _, f := range fields {
		fv := v.Field(f.index)
		if f.omitEmpty && fv.Len() == 0 {
			continue
		}
		x, err := c.term(fv, depth+1)
		if err != nil {
			return nil, err
		}
		items = append(items, ast.Item(f.key, x))
	}
	return ast.NewTerm(ast.NewObject(items...)), nil
}

func encodeRelationship(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
	r := addressOf[model.Relationship](v)
	items := make([][2]*ast.Term, 0, 8)
	if r.ID != "" {
		items = append(items, ast.Item(idKey, uniqueStr(r.ID)))
	}
	items = append(items,
		ast.Item(fromKey, c.str(r.From)),
		ast.Item(toKey, c.str(r.To)),
		ast.Item(descriptionKey, c.str(r.Description)),
		ast.Item(technologyKey, c.str(r.Technology)),
	)
	return c.withFields(items, v, depth, relFields)
}

func encodeSource(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
	s := addressOf[model.Source](v)
	items := make([][2]*ast.Term, 0, 5)
	items = append(items, ast.Item(scannerKey, c.str(s.Scanner)))
	if s.File != "" {
		items = append(items, ast.Item(fileKey, c.str(s.File)))
	}
	if s.Line != 0 {
		items = append(items, ast.Item(lineKey, intTerm(s.Line)))
	}
	if s.Column != 0 {
		items = append(items, ast.Item(columnKey, intTerm(s.Column)))
	}
	if s.Address != "" {
		// Relationships share their sources' addresses.
		items = append(items, ast.Item(addressKey, c.str(s.Address)))
	}
	return ast.NewTerm(ast.NewObject(items...)), nil
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
