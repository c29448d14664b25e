package kubernetes

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A shape is what encoding/json accepts into one Go type of k8s.io/api,
// derived from the type by the rules encoding/json follows. The fast path
// (fit.go) checks an object's YAML nodes against the shape of its kind:
// an object that fits would decode through JSON without error, so the
// scanner can read the few fields it uses straight from the nodes. What the
// shapes do not describe exactly (odd field layouts, uncommon Go types)
// refuses, and such objects take the JSON path, which decides as before.
type shape struct {
	kind shapeKind
	// bits is the width of an intValue.
	bits int
	// fields holds a structValue's fields by JSON name. names is every
	// name, to recognise keys that JSON would match case-insensitively.
	fields map[string]*shape
	names  []string
	// elem is the shape of a mapValue's values and a sliceValue's items.
	elem *shape
	// custom is a customValue's type, which decodes itself
	// (UnmarshalJSON). pointer says it is reached through a pointer, so
	// that JSON null sets the pointer to nil instead of calling it.
	custom  reflect.Type
	pointer bool
}

type shapeKind uint8

const (
	// refuse: the fast path does not judge; the object takes the JSON path.
	refuse shapeKind = iota
	// anyValue: interface{}, or a key no field takes, which encoding/json
	// skips: any value JSON can represent.
	anyValue
	stringValue
	boolValue
	intValue
	structValue
	mapValue
	sliceValue
	customValue
)

// field returns the shape of a mapping key's value in a struct. A key no
// field takes is skipped by encoding/json, unless it matches a field
// case-insensitively: then JSON would set that field, so the fast path
// refuses (as it does for any key outside ASCII, where Unicode folding
// rules would have to be repeated).
func (s *shape) field(key string, known *shapes) *shape {
	if f, ok := s.fields[key]; ok {
		return f
	}
	for i := 0; i < len(key); i++ {
		if key[i] >= 0x80 {
			return known.refuse
		}
	}
	for _, name := range s.names {
		if strings.EqualFold(name, key) {
			return known.refuse
		}
	}
	return known.any
}

// shapes holds the shape of every kind the scanner decodes, and the shared
// shapes. It is built once and never changes.
type shapes struct {
	byKind map[string]*shape
	any    *shape
	refuse *shape
}

// kindShapes returns the shapes, built on first use.
var kindShapes = sync.OnceValue(func() *shapes {
	b := &shapeBuilder{
		shapes: &shapes{byKind: map[string]*shape{}, any: &shape{kind: anyValue}, refuse: &shape{kind: refuse}},
		memo:   map[reflect.Type]*shape{},
	}
	for kind, t := range map[string]reflect.Type{
		"Deployment":            reflect.TypeFor[appsv1.Deployment](),
		"StatefulSet":           reflect.TypeFor[appsv1.StatefulSet](),
		"DaemonSet":             reflect.TypeFor[appsv1.DaemonSet](),
		"ReplicaSet":            reflect.TypeFor[appsv1.ReplicaSet](),
		"ReplicationController": reflect.TypeFor[corev1.ReplicationController](),
		"Job":                   reflect.TypeFor[batchv1.Job](),
		"CronJob":               reflect.TypeFor[batchv1.CronJob](),
		"Pod":                   reflect.TypeFor[corev1.Pod](),
		"Service":               reflect.TypeFor[corev1.Service](),
		"ConfigMap":             reflect.TypeFor[corev1.ConfigMap](),
	} {
		b.shapes.byKind[kind] = b.build(t)
	}
	return b.shapes
})

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

type shapeBuilder struct {
	shapes *shapes
	memo   map[reflect.Type]*shape
}

func (b *shapeBuilder) build(t reflect.Type) *shape {
	if s, ok := b.memo[t]; ok {
		return s
	}
	if acceptsAnyJSON(t) {
		return b.remember(t, b.shapes.any)
	}
	if t.Kind() == reflect.Pointer {
		// JSON null sets a pointer to nil and anything else decodes
		// into what it points to: the same shape, except for types
		// that decode themselves.
		e := t.Elem()
		if decodesItself(e) {
			return b.remember(t, &shape{kind: customValue, custom: e, pointer: true})
		}
		return b.remember(t, b.build(e))
	}
	if decodesItself(t) {
		return b.remember(t, &shape{kind: customValue, custom: t})
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return b.remember(t, b.shapes.refuse)
	}
	switch t.Kind() {
	case reflect.String:
		return b.remember(t, &shape{kind: stringValue})
	case reflect.Bool:
		return b.remember(t, &shape{kind: boolValue})
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return b.remember(t, &shape{kind: intValue, bits: t.Bits()})
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return b.remember(t, b.shapes.any)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			break // []byte is base64 text in JSON
		}
		s := b.remember(t, &shape{kind: sliceValue})
		s.elem = b.build(t.Elem())
		return s
	case reflect.Map:
		k := t.Key()
		if k.Kind() != reflect.String || reflect.PointerTo(k).Implements(textUnmarshaler) {
			break
		}
		s := b.remember(t, &shape{kind: mapValue})
		s.elem = b.build(t.Elem())
		return s
	case reflect.Struct:
		s := b.remember(t, &shape{kind: structValue}) // before the fields: types may nest themselves
		var fields []jsonField
		if !collectFields(t, false, &fields, map[reflect.Type]bool{}) {
			*s = shape{kind: refuse}
			return s
		}
		s.fields = make(map[string]*shape, len(fields))
		for _, f := range fields {
			if _, dup := s.fields[f.name]; dup {
				// Go's rules for embedded fields decide which one
				// JSON sets; no k8s.io/api type needs them.
				s.fields[f.name] = b.shapes.refuse
				continue
			}
			s.names = append(s.names, f.name)
			if f.refuse {
				s.fields[f.name] = b.shapes.refuse
			} else {
				s.fields[f.name] = b.build(f.typ)
			}
		}
		return s
	}
	// Floats, unsigned integers, arrays, []byte and the like: no field
	// the scanner reads has them, and they are rare in manifests.
	return b.remember(t, b.shapes.refuse)
}

func (b *shapeBuilder) remember(t reflect.Type, s *shape) *shape {
	b.memo[t] = s
	return s
}

// fieldsV1Type is the type of metadata.managedFields[].fieldsV1, which
// every object read back from a cluster carries.
var fieldsV1Type = reflect.TypeFor[metav1.FieldsV1]()

// acceptsAnyJSON reports whether t, or what t points to, takes any JSON
// value without error, so that it has the shape of interface{}. That is
// metav1.FieldsV1: its UnmarshalJSON keeps the bytes as they are (null
// leaves it, or sets a pointer to it to nil) and returns no error but for
// a nil receiver, which encoding/json never passes. Without this, the
// mapping under fieldsV1 would send every exported object the JSON way.
func acceptsAnyJSON(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t == fieldsV1Type
}

// decodesItself reports whether encoding/json hands values of t to t's own
// UnmarshalJSON (intstr.IntOrString, resource.Quantity, metav1.Time …).
func decodesItself(t reflect.Type) bool {
	return t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(jsonUnmarshaler)
}

// jsonField is one field of a struct as encoding/json sees it.
type jsonField struct {
	name string
	typ  reflect.Type
	// refuse marks a field the fast path leaves to JSON: one with the
	// ",string" option, or promoted through an embedded pointer (which
	// JSON allocates, or fails to, if its type is unexported).
	refuse bool
}

// collectFields lists the JSON fields of struct t the way encoding/json's
// typeFields does: exported fields and the fields of embedded structs
// without a JSON name, named by their tag or else their Go name, "-"
// skipped. Where the rules get intricate it does not follow them: a struct
// embedded twice, or a tag name with unusual characters, makes it return
// false, and a name found twice is left to JSON by the caller.
func collectFields(t reflect.Type, viaPointer bool, out *[]jsonField, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if !sf.IsExported() && ft.Kind() != reflect.Struct {
				continue
			}
		} else if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !plainTagName(name) {
			return false
		}
		ft := sf.Type
		if ft.Name() == "" && ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
			if !collectFields(ft, viaPointer || sf.Type.Kind() == reflect.Pointer, out, seen) {
				return false
			}
			continue
		}
		if name == "" {
			name = sf.Name
		}
		quoted := false
		for _, o := range strings.Split(opts, ",") {
			quoted = quoted || o == "string"
		}
		*out = append(*out, jsonField{name: name, typ: sf.Type, refuse: quoted || viaPointer})
	}
	return true
}

// plainTagName reports whether a JSON tag name is empty or made of letters,
// digits and "-_./": names encoding/json takes as they are.
func plainTagName(s string) bool {
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '/':
		default:
			return false
		}
	}
	return true
}
