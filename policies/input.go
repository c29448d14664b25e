package policies

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
func inputValue(input any, early ...*Early) (ast.Value, error) {
	if v, ok := splittable(input); ok {
		return fieldsInParallel(v, early)
	}
	t, err := newConverter().term(reflect.ValueOf(input), 0)
	if err != nil {
		return nil, fmt.Errorf("policies: encode input: %w", err)
	}
	return t.Value, nil
}

// newConverter returns a converter that converts long arrays in parallel
// chunks (see chunkLen).
func newConverter() *converter {
	c := newSerialConverter()
	c.chunkLen = chunkLen
	return c
}

// newSerialConverter returns a converter that converts everything on the
// calling goroutine.
func newSerialConverter() *converter {
	return &converter{
		encoders: map[reflect.Type]encoder{},
		structs:  map[reflect.Type]*structFields{},
		strings:  map[string]*ast.Term{},
	}
}

// splittable returns the struct an input is, or points to, when the
// converter writes it member by member (no MarshalJSON or JSONDocument
// method, no embedded or ",string" fields): its members can then be
// converted on their own.
func splittable(input any) (reflect.Value, bool) {
	v := reflect.ValueOf(input)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return v, false
	}
	// The struct's methods and its pointer's, whichever form input has.
	t := v.Type()
	for _, t := range []reflect.Type{t, reflect.PointerTo(t)} {
		if t.Implements(documenterType) || t.Implements(marshalerType) || t.Implements(textMarshalerType) {
			return v, false
		}
	}
	return v, !newConverter().fields(t).fallback
}

// fieldsInParallel converts the members of a splittable struct side by
// side, one converter each. The policy stage runs after the scanners, when
// nothing else uses the cores, and the input's members (the two graphs,
// the diff) are of a size: converted together they take most of the
// stage's wall time. Each converter shares strings only within its member,
// which costs some allocations and no correctness: terms are values.
//
// A member converted early (ConvertEarly) is taken as it is.
func fieldsInParallel(v reflect.Value, early []*Early) (ast.Value, error) {
	sf := newConverter().fields(v.Type())
	items := make([][2]*ast.Term, len(sf.fields))
	errs := make([]error, len(sf.fields))
	var wg sync.WaitGroup
	for i, f := range sf.fields {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		wg.Go(func() {
			x, ok, err := earlyFor(early, fv)
			if !ok {
				x, err = newConverter().term(fv, 1)
			}
			items[i], errs[i] = ast.Item(f.key, x), err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("policies: encode input: %w", err)
	}
	return ast.NewObject(slices.DeleteFunc(items, func(it [2]*ast.Term) bool { return it[0] == nil })...), nil
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

// converter holds what it learnt about the types met in one input, and the
// terms it made of the strings met so far: an input repeats most of its
// strings (kinds, classes, scanners, file names, ids; 150,000 strings of
// which 24,000 differ at 100×), and a term shared is one neither allocated
// nor checked for UTF-8 again. Terms are values: sharing them is safe.
type converter struct {
	encoders map[reflect.Type]encoder
	structs  map[reflect.Type]*structFields
	strings  map[string]*ast.Term
	// chunkLen, when not zero, is the length from which an array is
	// converted in parallel chunks of at least that many elements.
	chunkLen int
	// scanner and file are the last source's (recent).
	scanner, file recentStr
	// items holds the members of the objects being built, innermost last:
	// one slice for all of them instead of one per object.
	items [][2]*ast.Term
}

// encoder converts one value of the type it was made for.
type encoder func(c *converter, v reflect.Value, depth int) (*ast.Term, error)

// term converts any value.
func (c *converter) term(v reflect.Value, depth int) (*ast.Term, error) {
	if !v.IsValid() {
		return ast.InternedNullTerm, nil
	}
	return c.encode(c.encoderOf(v.Type()), v, depth)
}

// encode converts v with enc, the encoder of its type.
func (c *converter) encode(enc encoder, v reflect.Value, depth int) (*ast.Term, error) {
	if depth > maxDepth {
		return viaJSON(v)
	}
	return enc(c, v, depth)
}

// encoderOf returns the encoder of t, made once per type the way
// encoding/json decides how to write it, so that values only pay for what
// their type needs.
func (c *converter) encoderOf(t reflect.Type) encoder {
	if enc, ok := c.encoders[t]; ok {
		return enc
	}
	// A recursive type meets itself while its encoder is being made: it
	// gets one that calls the finished encoder.
	var made encoder
	c.encoders[t] = func(c *converter, v reflect.Value, depth int) (*ast.Term, error) { return made(c, v, depth) }
	made = c.newEncoder(t)
	c.encoders[t] = made
	return made
}

func (c *converter) newEncoder(t reflect.Type) encoder {
	if enc, ok := modelEncoder(t); ok {
		return enc
	}
	if enc, ok := plainEncoder(t); ok {
		return enc
	}
	if t.Implements(documenterType) {
		return encodeDocument
	}
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
		return encodeViaJSON
	}
	enc := c.kindEncoder(t)
	if t.Kind() != reflect.Pointer {
		// A method on the pointer type is called when the value is
		// addressable (a slice element, a field reached through a pointer).
		if pt := reflect.PointerTo(t); pt.Implements(marshalerType) || pt.Implements(textMarshalerType) {
			return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
				if v.CanAddr() {
					return viaJSON(v)
				}
				return enc(c, v, depth)
			}
		}
	}
	return enc
}

func (c *converter) kindEncoder(t reflect.Type) encoder {
	switch t.Kind() {
	case reflect.Pointer:
		elem := c.encoderOf(t.Elem())
		return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
			if v.IsNil() {
				return ast.InternedNullTerm, nil
			}
			return c.encode(elem, v.Elem(), depth+1)
		}
	case reflect.Interface:
		return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
			if v.IsNil() {
				return ast.InternedNullTerm, nil
			}
			return c.term(v.Elem(), depth+1)
		}
	case reflect.String:
		return func(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
			return c.str(v.String()), nil
		}
	case reflect.Bool:
		return func(_ *converter, v reflect.Value, _ int) (*ast.Term, error) {
			return ast.InternedTerm(v.Bool()), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(_ *converter, v reflect.Value, _ int) (*ast.Term, error) {
			if n := v.Int(); n >= 0 && n < smallInts {
				return ast.InternedTerm(int(n)), nil
			}
			return ast.NewTerm(ast.Number(strconv.FormatInt(v.Int(), 10))), nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(_ *converter, v reflect.Value, _ int) (*ast.Term, error) {
			if n := v.Uint(); n < smallInts {
				return ast.InternedTerm(int(n)), nil
			}
			return ast.NewTerm(ast.Number(strconv.FormatUint(v.Uint(), 10))), nil
		}
	case reflect.Struct:
		return c.structEncoder(t)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return encodeViaJSON
		}
		return c.mapEncoder(t)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return encodeViaJSON // base64, or a named byte type's own encoding
		}
		elems := c.arrayEncoder(t)
		return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
			if v.IsNil() {
				return ast.InternedNullTerm, nil
			}
			return elems(c, v, depth)
		}
	case reflect.Array:
		return c.arrayEncoder(t)
	}
	// Floats (formatted as encoding/json formats them), and what JSON
	// refuses (channels, functions), which then fails as before.
	return encodeViaJSON
}

var (
	stringsType     = reflect.TypeFor[[]string]()
	stringMapType   = reflect.TypeFor[map[string]string]()
	stringListsType = reflect.TypeFor[map[string][]string]()
)

// plainEncoder returns the encoder of t when it is one of the unnamed
// types above (which have no methods): they are read as Go values, not
// element by element through reflect. The technologies of an input are a
// map[string][]string of thousands of ids, and diff facts hold lists of
// ids.
func plainEncoder(t reflect.Type) (encoder, bool) {
	switch t {
	case stringsType:
		return func(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
			// Through its address when it has one: a slice put in an
			// interface is copied to the heap, a pointer is not.
			return c.stringList(*addressOf[[]string](v), ast.InternedNullTerm), nil
		}, true
	case stringMapType:
		return func(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
			return c.properties(v.Interface().(map[string]string), ast.InternedNullTerm)
		}, true
	case stringListsType:
		return encodeStringLists, true
	}
	return nil, false
}

func encodeStringLists(c *converter, v reflect.Value, _ int) (*ast.Term, error) {
	m := v.Interface().(map[string][]string)
	switch {
	case m == nil:
		return ast.InternedNullTerm, nil
	case len(m) == 0:
		return ast.InternedEmptyObject, nil
	}
	base := len(c.items)
	for k, l := range m {
		if !utf8.ValidString(k) {
			// As in mapEncoder.
			c.items = c.items[:base]
			return viaJSON(v)
		}
		// The keys are ids, each once: made without the table of strings.
		c.items = append(c.items, ast.Item(uniqueStr(k), c.stringList(l, ast.InternedNullTerm)))
	}
	return c.object(base), nil
}

// smallInts are the integers OPA keeps one term of (line numbers, mostly).
const smallInts = 512

// str is the term of string s, with each byte that is not UTF-8 replaced
// by U+FFFD as encoding/json does.
func (c *converter) str(s string) *ast.Term {
	if t, ok := c.strings[s]; ok {
		return t
	}
	t := ast.StringTerm(validUTF8(s))
	c.strings[s] = t
	return t
}

func encodeDocument(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return ast.InternedNullTerm, nil
	}
	return c.term(reflect.ValueOf(v.Interface().(jsonDocumenter).JSONDocument()), depth+1)
}

func encodeViaJSON(_ *converter, v reflect.Value, _ int) (*ast.Term, error) {
	return viaJSON(v)
}

func (c *converter) structEncoder(t reflect.Type) encoder {
	sf := c.fields(t)
	if sf.fallback {
		return encodeViaJSON
	}
	encs := make([]encoder, len(sf.fields))
	for i, f := range sf.fields {
		encs[i] = c.encoderOf(t.Field(f.index).Type)
	}
	return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
		base := len(c.items)
		defer func() { c.items = c.items[:base] }()
		for i, f := range sf.fields {
			fv := v.Field(f.index)
			if f.omitEmpty && isEmpty(fv) {
				continue
			}
			x, err := c.encode(encs[i], fv, depth+1)
			if err != nil {
				return nil, err
			}
			c.items = append(c.items, ast.Item(f.key, x))
		}
		return ast.NewTerm(ast.NewObject(c.items[base:]...)), nil
	}
}

func (c *converter) mapEncoder(t reflect.Type) encoder {
	elem := c.encoderOf(t.Elem())
	reuseValue := addressNeutral(t.Elem())
	return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
		if v.IsNil() {
			return ast.InternedNullTerm, nil
		}
		base := len(c.items)
		defer func() { c.items = c.items[:base] }()
		// iter.Key and iter.Value allocate a copy of each key and value:
		// the key, and the value when it can be, are set in turn into one
		// variable instead.
		key := reflect.New(t.Key()).Elem()
		var val reflect.Value
		if reuseValue {
			val = reflect.New(t.Elem()).Elem()
		}
		iter := v.MapRange()
		for iter.Next() {
			key.SetIterKey(iter)
			k := key.String()
			if !utf8.ValidString(k) {
				// Two keys may become one once their bad bytes are
				// replaced; encoding/json decides which value stays.
				return viaJSON(v)
			}
			if reuseValue {
				val.SetIterValue(iter)
			} else {
				val = iter.Value()
			}
			x, err := c.encode(elem, val, depth+1)
			if err != nil {
				return nil, err
			}
			c.items = append(c.items, ast.Item(c.str(k), x))
		}
		return ast.NewTerm(ast.NewObject(c.items[base:]...)), nil
	}
}

// addressNeutral reports whether a value of type t converts the same
// whether it is addressable or not. A map value is not addressable, a
// variable is; encoding/json calls a method on the pointer type only for an
// addressable value, and the fields of an addressable struct or array are
// addressable too.
func addressNeutral(t reflect.Type) bool {
	if k := t.Kind(); k == reflect.Struct || k == reflect.Array {
		return false
	}
	pt := reflect.PointerTo(t)
	return !pt.Implements(marshalerType) && !pt.Implements(textMarshalerType)
}

func (c *converter) arrayEncoder(t reflect.Type) encoder {
	elem := c.encoderOf(t.Elem())
	return func(c *converter, v reflect.Value, depth int) (*ast.Term, error) {
		if n := v.Len(); n == 0 || c.inChunks(n) {
			return c.array(n, func(c *converter, i int) (*ast.Term, error) {
				return c.encode(elem, v.Index(i), depth+1)
			})
		}
		// The short arrays of an input (thousands) are converted here,
		// without the function array takes, which would be allocated.
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			x, err := c.encode(elem, v.Index(i), depth+1)
			if err != nil {
				return nil, err
			}
			terms[i] = x
		}
		return ast.NewTerm(ast.NewArray(terms...)), nil
	}
}

// inChunks reports whether an array of n elements is converted in chunks.
func (c *converter) inChunks(n int) bool {
	return c.chunkLen > 0 && n >= 2*c.chunkLen
}

// array is the term of an array of n elements, element i converted by
// elem. An encoder keeps nothing of the converter that made it (it works
// on the one it is given), so elem may be called with another converter,
// that of a chunk (see chunkLen).
func (c *converter) array(n int, elem func(c *converter, i int) (*ast.Term, error)) (*ast.Term, error) {
	if n == 0 {
		// Every element of a graph has a list of tags, and most are
		// empty. An empty array has nothing to change in place, so one
		// term of it is shared as OPA shares its own.
		return ast.InternedEmptyArray, nil
	}
	terms := make([]*ast.Term, n)
	if c.inChunks(n) {
		if err := encodeChunks(terms, elem); err != nil {
			return nil, err
		}
		return ast.NewTerm(ast.NewArray(terms...)), nil
	}
	for i := range terms {
		x, err := elem(c, i)
		if err != nil {
			return nil, err
		}
		terms[i] = x
	}
	return ast.NewTerm(ast.NewArray(terms...)), nil
}

// chunkLen is the shortest chunk of a long array that a converter of its
// own converts in parallel with the others. The large arrays of an input
// (the elements and relationships of the observed graph: 5,500 and 4,700
// at 100×) are most of the conversion; one goroutine per input member
// left the observed graph's on one core while the other idled.
const chunkLen = 256

// encodeChunks converts the elements of an array into terms, in chunks
// side by side, each with a serial converter of its own (which shares
// strings only within its chunk: terms are values, so this costs
// allocations and no correctness). The first error in element order wins,
// as when converting one element after the other.
func encodeChunks(terms []*ast.Term, elem func(c *converter, i int) (*ast.Term, error)) error {
	n := len(terms)
	pieces := min(n/chunkLen, runtime.GOMAXPROCS(0))
	errs := make([]error, pieces)
	var wg sync.WaitGroup
	for p := range pieces {
		lo, hi := p*n/pieces, (p+1)*n/pieces
		wg.Go(func() {
			c := newSerialConverter()
			for i := lo; i < hi; i++ {
				x, err := elem(c, i)
				if err != nil {
					errs[p] = err
					return
				}
				terms[i] = x
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
func viaJSON(v reflect.Value) (*ast.Term, error) {
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
	return ast.NewTerm(val), nil
}
