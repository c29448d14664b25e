package policies

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// roundTrip is what inputValue stands for: the input's JSON form, decoded.
func roundTrip(t *testing.T, x any) ast.Value {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ast.ValueFromReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// assertSameAsJSON fails unless inputValue(x) is the value the JSON round
// trip gives.
func assertSameAsJSON(t *testing.T, x any) {
	t.Helper()
	got, err := inputValue(x)
	if err != nil {
		t.Fatal(err)
	}
	if want := roundTrip(t, x); ast.Compare(got, want) != 0 {
		t.Errorf("inputValue differs from the JSON round trip:\n got %v\nwant %v", got, want)
	}
}

type ptrMarshaler struct{ N int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"pointer":true}`), nil }

type valMarshaler struct{ N int }

func (valMarshaler) MarshalJSON() ([]byte, error) { return []byte(`"value"`), nil }

type textKey string

// ptrText has a MarshalText method on its pointer type only: encoding/json
// calls it for addressable values (slice elements), not for map values.
type ptrText string

func (p *ptrText) MarshalText() ([]byte, error) { return []byte("pointer:" + string(*p)), nil }

type textMarshaler struct{ s string }

func (t textMarshaler) MarshalText() ([]byte, error) { return []byte("text:" + t.s), nil }

type inner struct {
	A string `json:"a"`
	B int    `json:"b,omitempty"`
}

type embedding struct {
	inner
	C string `json:"c"`
}

// asString and duplicates are structs whose members encoding/json names by
// rules the converter leaves to it.
type asString struct {
	N int `json:"n,string"`
}

type omitZero struct {
	M int `json:"m,omitzero"`
	N int `json:"n"`
}

type duplicates struct {
	A string `json:"X"`
	X string
}

type tricky struct {
	Plain       string
	Tagged      string            `json:"tagged"`
	Skipped     string            `json:"-"`
	Dash        string            `json:"-,"`
	Invalid     string            `json:"a\\b"`
	Empty       string            `json:",omitempty"`
	ZeroInt     int               `json:"zero_int,omitempty"`
	ZeroUint    uint8             `json:"zero_uint,omitempty"`
	False       bool              `json:"false,omitempty"`
	NilPtr      *inner            `json:"nil_ptr,omitempty"`
	NilPtrKept  *inner            `json:"nil_ptr_kept"`
	NilSlice    []string          `json:"nil_slice"`
	EmptySlice  []string          `json:"empty_slice,omitempty"`
	NilMap      map[string]string `json:"nil_map"`
	NilAny      any               `json:"nil_any"`
	Any         any               `json:"any"`
	Bytes       []byte            `json:"bytes"`
	IntKeys     map[int]string    `json:"int_keys"`
	TextKeys    map[textKey]int   `json:"text_keys"`
	Floats      []float64         `json:"floats"`
	Float32     float32           `json:"float32"`
	Negative    int64             `json:"negative"`
	BadUTF8     string            `json:"bad_utf8"`
	BadKeys     map[string]bool   `json:"bad_keys"`
	Array       [2]inner          `json:"array"`
	PtrMarsh    []ptrMarshaler    `json:"ptr_marshalers"`
	PtrMarshVal ptrMarshaler      `json:"ptr_marshaler_field"`
	ValMarsh    valMarshaler      `json:"val_marshaler"`
	MapMarsh    map[string]ptrMarshaler
	MapPtrText  map[string]ptrText  `json:"map_ptr_text"`
	PtrTexts    []ptrText           `json:"ptr_texts"`
	MapStrings  map[string][]string `json:"map_strings"`
	Text        textMarshaler       `json:"text"`
	Embedding   embedding           `json:"embedding"`
	AsString    asString            `json:"as_string"`
	Duplicates  duplicates          `json:"duplicates"`
	OmitZero    omitZero            `json:"omit_zero"`
	Nested      map[string]any      `json:"nested"`
	unexported  string
}

func TestInputValueIsTheJSONValue(t *testing.T) {
	x := tricky{
		Plain: "p", Tagged: "t", Skipped: "s", Dash: "d", Invalid: "i",
		Any:        map[string]any{"k": []any{1, "two", nil, true, 2.5}},
		Bytes:      []byte("bytes"),
		IntKeys:    map[int]string{1: "one"},
		TextKeys:   map[textKey]int{"k": 1},
		Floats:     []float64{0.1, 1e8, 1e21, 1e-7, -0, 3},
		Float32:    0.1,
		Negative:   -42,
		BadUTF8:    "a\xffb\xfe\xfdc",
		BadKeys:    map[string]bool{"\xff": true},
		Array:      [2]inner{{A: "x"}, {B: 2}},
		PtrMarsh:   []ptrMarshaler{{1}, {2}},
		ValMarsh:   valMarshaler{3},
		MapMarsh:   map[string]ptrMarshaler{"m": {4}},
		MapPtrText: map[string]ptrText{"v": "x"},
		PtrTexts:   []ptrText{"y"},
		MapStrings: map[string][]string{"a": {"b"}, "c": nil},
		Text:       textMarshaler{"x"},
		Embedding:  embedding{inner: inner{A: "in"}, C: "c"},
		AsString:   asString{N: 7},
		Duplicates: duplicates{A: "a", X: "x"},
		Nested:     map[string]any{"list": []string{"a"}, "map": map[string]int{"n": 1}, "ptr": &inner{A: "p"}},
		unexported: "u",
	}
	for name, v := range map[string]any{
		"struct":           x,
		"pointer":          &x,
		"nil":              nil,
		"nil pointer":      (*tricky)(nil),
		"slice of structs": []tricky{x, {}},
		"synthetic input":  syntheticInput(t, 50),
	} {
		t.Run(name, func(t *testing.T) { assertSameAsJSON(t, v) })
	}
}

func TestInputValueRefusesWhatJSONRefuses(t *testing.T) {
	if _, err := inputValue(map[string]any{"f": func() {}}); err == nil {
		t.Error("a function was accepted")
	}
}

func BenchmarkInputValue(b *testing.B) {
	in := syntheticInput(b, 500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := inputValue(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInputValueJSON(b *testing.B) {
	in := syntheticInput(b, 500)
	b.ReportAllocs()
	for b.Loop() {
		bs, err := json.Marshal(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ast.ValueFromReader(strings.NewReader(string(bs))); err != nil {
			b.Fatal(err)
		}
	}
}

// fuzzInput holds what text can make differ between the converter and
// encoding/json: strings and map keys (any bytes), numbers at the edges.
type fuzzInput struct {
	S     string            `json:"s"`
	E     string            `json:"e,omitempty"`
	M     map[string]string `json:"m"`
	L     []any             `json:"l"`
	N     int64             `json:"n,omitempty"`
	F     float64           `json:"f"`
	P     *fuzzInput        `json:"p,omitempty"`
	Bytes []byte            `json:"bytes"`
}

func FuzzInputValue(f *testing.F) {
	f.Add("name", "key", "\xff\xfe", int64(-1), 0.1)
	f.Add("", "", "", int64(0), 1e21)
	f.Add("a\u2028b", "\x00", "é", int64(1<<62), -0.0)
	f.Fuzz(func(t *testing.T, s, k, v string, n int64, fl float64) {
		if fl != fl || fl > 1e308 || fl < -1e308 {
			return // NaN and infinities: encoding/json refuses them, as inputValue does
		}
		in := fuzzInput{S: s, E: v, M: map[string]string{k: v, v: s}, L: []any{s, n, fl, map[string]any{k: v}}, N: n, F: fl,
			P: &fuzzInput{S: v, M: map[string]string{}}, Bytes: []byte(s)}
		assertSameAsJSON(t, in)
	})
}
