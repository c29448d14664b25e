package compose

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
)

// TestDecodeAttrAsTransform checks decodeAttr's direct ways against
// loader.Transform, on the shapes they take and on shapes next to them
// (extension keys aside: decodeAttr moves them first, as ModelToProject
// does).
func TestDecodeAttrAsTransform(t *testing.T) {
	for _, v := range []any{
		map[string]any{"default": nil},
		map[string]any{"front": nil, "back": map[string]any{"aliases": []any{"db", "store"}}},
		map[string]any{"a": map[string]any{}},
		map[string]any{"a": map[string]any{"aliases": nil}},
		map[string]any{"a": map[string]any{"aliases": []any{}}},
		map[string]any{"a": map[string]any{"aliases": []any{"x"}, "priority": 3}},
		map[string]any{"a": map[string]any{"aliases": []any{1}}},
		map[string]any{"a": map[string]any{"aliases": "x"}},
		map[string]any{"a": "x"},
		[]any{"a"},
	} {
		var got, want map[string]*serviceNetwork
		gotErr := decodeAttr(v, &got)
		wantErr := loader.Transform(v, &want)
		if !reflect.DeepEqual(got, want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("networks %v: decodeAttr %s, %v; loader.Transform %s, %v", v, show(got), gotErr, show(want), wantErr)
		}
	}
}

// show prints networks with what their pointers hold.
func show(nets map[string]*serviceNetwork) string {
	out := map[string]any{}
	for k, n := range nets {
		if n == nil {
			out[k] = nil
		} else {
			out[k] = *n
		}
	}
	return fmt.Sprintf("%#v", out)
}
