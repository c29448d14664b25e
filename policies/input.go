package policies

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// inputValue converts input to the value policies see: the value its JSON
// form decodes to, so that struct tags and MarshalJSON methods decide what
// policies see. It builds the AST directly from the Go values instead of
// writing the JSON and parsing it back, which was most of the cost of an
// evaluation on a large estate (bench/RESULTS.md). Whatever it does not
// handle itself exactly as encoding/json does (a MarshalJSON or MarshalText
// method, embedded structs, non-string map keys, floats, ",string" and
// ",omitzero" fields) goes through encoding/json, value by value.
func inputValue(input any) (ast.Value, error) {
	c := &converter{structs: map[reflect.Type]*structFields{}, methods: map[reflect.Type]methods{}}
	v, err := c.value(reflect.ValueOf(input), 0)
	if err != nil {
		return nil, fmt.Errorf("policies: encode input: %w", err)
	}
	return v, nil
}

// jsonDocumenter is implemented by values whose MarshalJSON writes another
// value (model.Graph writes its elements sorted, with empty lists): the
// converter reads that value instead of calling MarshalJSON.
type jsonDocumenter interface {
	JSONDocument() any
}

// maxDepth is where encoding/json starts checking for pointer cycles; the
// converter hands deeper values to it, so that a cycle fails the same way.
const maxDepth = 1000

var (
	documenterType    = reflect.TypeFor[jsonDocumenter]()
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// converter holds what it learnt about the types met in one input.
type converter struct {
	structs map[reflect.Type]*structFields
	methods map[reflect.Type]methods
}

// methods says which of the methods encoding/json calls a type has.
type methods struct {
	documenter bool
	// marshaler: MarshalJSON or MarshalText on the type; ptrMarshaler: on
	// its pointer type only, called when the value is addressable.
	marshaler, ptrMarshaler bool
}

func (c *converter) methodsOf(t reflect.Type) methods {
	if m, ok := c.methods[t]; ok {
		return m
	}
	m := methods{
		documenter: t.Implements(documenterType),
		marshaler:  t.Implements(marshalerType) || t.Implements(textMarshalerType),
	}
	if t.Kind() != reflect.Pointer {
		pt := reflect.PointerTo(t)
		m.ptrMarshaler = pt.Implements(marshalerType) || pt.Implements(textMarshalerType)
	}
	c.methods[t] = m
	return m
}

// structFields are the JSON members of a struct type, or fallback when
// encoding/json's rules for it are more than the converter follows.
type structFields struct {
	fields   []structField
	fallback bool
}

type structField struct {
	index     int
	key       *ast.Term
	omitEmpty bool
}

func (c *converter) value(v reflect.Value, depth int) (ast.Value, error) {
	if !v.IsValid() {
		return ast.NullValue, nil
	}
	if depth > maxDepth {
		return viaJSON(v)
	}
	t := v.Type()
	m := c.methodsOf(t)
	if m.documenter {
		if t.Kind() == reflect.Pointer && v.IsNil() {
			return ast.NullValue, nil
		}
		return c.value(reflect.ValueOf(v.Interface().(jsonDocumenter).JSONDocument()), depth+1)
	}
	if m.marshaler || m.ptrMarshaler && v.CanAddr() {
		return viaJSON(v)
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		return c.value(v.Elem(), depth+1)
	case reflect.String:
		return ast.String(validUTF8(v.String())), nil
	case reflect.Bool:
		return ast.Boolean(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Struct:
		return c.object(v, depth)
	case reflect.Map:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		if t.Key().Kind() != reflect.String {
			return viaJSON(v)
		}
		items := make([][2]*ast.Term, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key().String()
			if !utf8.ValidString(k) {
				// Two keys may become one once their bad bytes are
				// replaced; encoding/json decides which value stays.
				return viaJSON(v)
			}
			x, err := c.value(iter.Value(), depth+1)
			if err != nil {
				return nil, err
			}
			items = append(items, ast.Item(ast.StringTerm(k), ast.NewTerm(x)))
		}
		return ast.NewObject(items...), nil
	case reflect.Slice:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return viaJSON(v) // base64, or a named byte type's own encoding
		}
		fallthrough
	case reflect.Array:
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			x, err := c.value(v.Index(i), depth+1)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(x)
		}
		return ast.NewArray(terms...), nil
	}
	// Floats (formatted as encoding/json formats them), and what JSON
	// refuses (channels, functions), which then fails as before.
	return viaJSON(v)
}

func (c *converter) object(v reflect.Value, depth int) (ast.Value, error) {
	sf := c.fields(v.Type())
	if sf.fallback {
		return viaJSON(v)
	}
	items := make([][2]*ast.Term, 0, len(sf.fields))
	for _, f := range sf.fields {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		x, err := c.value(fv, depth+1)
		if err != nil {
			return nil, err
		}
		items = append(items, ast.Item(f.key, ast.NewTerm(x)))
	}
	return ast.NewObject(items...), nil
}

// fields lists the JSON members of struct type t as encoding/json names
// them, for the structs it handles: exported fields, named by their tag
// when it is valid, "-" skipped, omitempty honoured.
func (c *converter) fields(t reflect.Type) *structFields {
	if sf, ok := c.structs[t]; ok {
		return sf
	}
	sf := &structFields{}
	c.structs[t] = sf
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			sf.fallback = true // promoted fields follow rules of their own
			break
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !validTag(name) {
			name = ""
		}
		if name == "" {
			name = f.Name
		}
		omitEmpty := false
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty":
				omitEmpty = true
			case "string", "omitzero":
				sf.fallback = true
			}
		}
		if seen[name] {
			sf.fallback = true // encoding/json decides between the two
		}
		seen[name] = true
		sf.fields = append(sf.fields, structField{index: i, key: ast.StringTerm(name), omitEmpty: omitEmpty})
	}
	return sf
}

// validTag is encoding/json's rule for a tag name it accepts.
func validTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// validUTF8 replaces each byte that is not UTF-8 with U+FFFD, as
// encoding/json does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// viaJSON converts one value through its JSON form. An addressable value
// is marshalled through its address, as encoding/json does, so that a
// MarshalJSON method with a pointer receiver is called.
func viaJSON(v reflect.Value) (ast.Value, error) {
	x := v.Interface()
	if v.Kind() != reflect.Pointer && v.CanAddr() {
		x = v.Addr().Interface()
	}
	b, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	val, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", v.Type(), err)
	}
	return val, nil
}
