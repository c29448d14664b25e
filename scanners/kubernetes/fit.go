package kubernetes

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/archdrift/archdrift/scanners/yamlbound"
	"gopkg.in/yaml.v3"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The fast path. An object used to go node → Go values → JSON →
// k8s.io/api types, and the scanner read a dozen fields of the result. Now
// fitter walks the nodes once against the shape of the object's kind and
// answers one question: would that route have succeeded? When it would,
// the fields are read straight from the nodes (read.go), which gives the
// same values, since JSON would only have carried each node's text across.
// When it would not, or when the walk cannot be sure, the object takes the
// JSON route (jsonpath.go), so every refusal, error message and limit is
// exactly what it was. The walk is conservative: anything unusual (aliases,
// explicit tags, merge keys, timestamps, duplicate keys, keys JSON would
// match case-insensitively, floats where integers go) sends the object the
// long way.

// YAML's resolved tags, as yaml.v3 records them on the nodes it parses.
const (
	strTag   = "!!str"
	intTag   = "!!int"
	boolTag  = "!!bool"
	nullTag  = "!!null"
	floatTag = "!!float"
)

// fitter checks one object. It counts nodes as yamlbound.Measure does (a
// tree without aliases expands to itself), so an object that fits charges
// the file's budget exactly what the JSON route would have.
type fitter struct {
	shapes *shapes
	nodes  int // nodes seen so far
	budget int // most nodes allowed
}

// fits reports whether node n, at nesting depth, would decode through the
// JSON route into a value of shape s.
func (f *fitter) fits(n *yaml.Node, s *shape, depth int) bool {
	f.nodes++
	if depth > maxDepth || f.nodes > f.budget || n.Style&yaml.TaggedStyle != 0 {
		return false
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return scalarFits(n, s)
	case yaml.MappingNode:
		if s.kind != structValue && s.kind != mapValue && s.kind != anyValue {
			return false
		}
		if !stringKeys(n) {
			return false
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			// Keys are nodes too, one level down.
			f.nodes++
			if depth+1 > maxDepth || f.nodes > f.budget {
				return false
			}
			vs := s
			switch s.kind {
			case structValue:
				vs = s.field(n.Content[i].Value, f.shapes)
			case mapValue:
				vs = s.elem
			}
			if !f.fits(n.Content[i+1], vs, depth+1) {
				return false
			}
		}
		return true
	case yaml.SequenceNode:
		es := s
		switch s.kind {
		case sliceValue:
			es = s.elem
		case anyValue:
		default:
			return false
		}
		for _, c := range n.Content {
			if !f.fits(c, es, depth+1) {
				return false
			}
		}
		return true
	}
	return false // aliases: the JSON route expands them
}

// stringKeys reports whether every key of mapping n is an untagged string
// scalar and no key repeats. yaml.v3 refuses repeated keys when decoding; a
// key of another type makes a map JSON cannot encode.
func stringKeys(n *yaml.Node) bool {
	c := n.Content
	for i := 0; i < len(c); i += 2 {
		k := c[i]
		if k.Kind != yaml.ScalarNode || k.Tag != strTag || k.Style&yaml.TaggedStyle != 0 {
			return false
		}
	}
	return !yamlbound.DuplicateKey(n)
}

// scalarFits reports whether a scalar decodes into shape s through JSON:
// yaml.v3 gives it the Go type of its tag, encoding/json must accept that.
// Null fits every shape but one that decodes itself (JSON leaves the
// value as it was, or sets a pointer, map or slice to nil).
func scalarFits(n *yaml.Node, s *shape) bool {
	switch s.kind {
	case anyValue:
		switch n.Tag {
		case strTag, intTag, boolTag, nullTag:
			return true
		case floatTag:
			// .inf and .nan have no JSON form; finite floats do,
			// and their YAML spellings never contain an n.
			return !strings.ContainsAny(n.Value, "nN")
		}
		return false // timestamps become time.Time, merge keys …
	case stringValue:
		return n.Tag == strTag || n.Tag == nullTag
	case boolValue:
		return n.Tag == boolTag || n.Tag == nullTag
	case intValue:
		return n.Tag == nullTag || n.Tag == intTag && decimalFits(n.Value, s.bits)
	case structValue, mapValue, sliceValue:
		return n.Tag == nullTag
	case customValue:
		return customFits(n, s)
	}
	return false
}

// decimalFits reports whether v is a plain decimal integer (no sign but
// "-", no leading zero, no underscore: the spellings yaml.v3 and JSON read
// alike) that fits in bits.
func decimalFits(v string, bits int) bool {
	d := strings.TrimPrefix(v, "-")
	if d == "" || d[0] == '0' && len(d) > 1 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseInt(v, 10, bits)
	return err == nil
}

var (
	intOrStringType = reflect.TypeFor[intstr.IntOrString]()
	quantityType    = reflect.TypeFor[resource.Quantity]()
)

// customFits reports whether a type that decodes itself accepts the
// scalar: the two common cases of manifests directly, with the rules of
// their UnmarshalJSON; anything else by doing what the JSON route does to
// this one value.
func customFits(n *yaml.Node, s *shape) bool {
	if n.Tag == nullTag && s.pointer {
		return true
	}
	switch s.custom {
	case intOrStringType:
		// A JSON string is read as a string, a number as an int32.
		if n.Tag == strTag || n.Tag == intTag && decimalFits(n.Value, 32) {
			return true
		}
	case quantityType:
		// UnmarshalJSON parses the text between the quotes: for these
		// characters JSON's quoting changes nothing.
		if n.Tag == strTag && quantityText(n.Value) || n.Tag == intTag && decimalFits(n.Value, 64) {
			_, err := resource.ParseQuantity(n.Value)
			return err == nil
		}
	}
	var v any
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		return false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	u, ok := reflect.New(s.custom).Interface().(json.Unmarshaler)
	return ok && u.UnmarshalJSON(b) == nil
}

// quantityText reports whether s is non-empty and made only of characters
// a quantity may hold, none of which JSON escapes.
func quantityText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '+', c == '-':
		default:
			return false
		}
	}
	return s != ""
}
