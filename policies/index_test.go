package policies

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/archdrift/archdrift/adr"
	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
)

func TestWithIndex(t *testing.T) {
	in := ast.MustParseTerm(`{
		"documented": {"elements": [
			{"id": "shop", "name": "Shop"},
			{"id": "shop.orders", "name": "Orders", "parent": "shop"},
			{"id": "shop.db", "name": "Orders DB"}
		]},
		"observed": {"elements": [
			{"id": "k:orders", "name": "orders"},
			{"id": "k:ORDERS-2", "name": ""},
			{"id": "tf:x", "name": "a:b"},
			{"id": "x"}
		]},
		"diff": {
			"matches": [
				{"documented": "shop.orders", "observed": ["k:orders", "k:ORDERS-2"]},
				{"documented": "shop.db", "observed": []},
				{"documented": "shop.orders", "observed": ["k:orders"]}
			],
			"lifted": [
				{"from": "shop.orders", "to": "shop.db", "line": 1},
				{"from": "shop.orders", "to": "tf:x"},
				{"from": "shop.orders", "to": "shop.db", "line": 1}
			]
		},
		"index": "replaced"
	}`).Value
	got := withIndex(in).(ast.Object)
	want := ast.MustParseTerm(`{
		"documented": {
			"shop": {"id": "shop", "name": "Shop"},
			"shop.orders": {"id": "shop.orders", "name": "Orders", "parent": "shop"},
			"shop.db": {"id": "shop.db", "name": "Orders DB"}
		},
		"observed": {
			"k:orders": {"id": "k:orders", "name": "orders"},
			"k:ORDERS-2": {"id": "k:ORDERS-2", "name": ""},
			"tf:x": {"id": "tf:x", "name": "a:b"},
			"x": {"id": "x"}
		},
		"names": {
			"shop": ["shop"],
			"orders": ["k:orders", "shop.orders"],
			"shop.orders": ["shop.orders"],
			"db": ["shop.db"],
			"orders db": ["shop.db"],
			"shop.db": ["shop.db"],
			"x": ["x"]
		},
		"children": {"shop.orders": set()},
		"matched": {"shop.orders": {"k:orders", "k:ORDERS-2"}},
		"edges_from": {"shop.orders": {{"from": "shop.orders", "to": "shop.db", "line": 1}, {"from": "shop.orders", "to": "tf:x"}}},
		"edges_to": {
			"shop.db": {{"from": "shop.orders", "to": "shop.db", "line": 1}},
			"tf:x": {{"from": "shop.orders", "to": "tf:x"}}
		}
	}`)
	if idx := got.Get(indexKey); idx == nil || ast.Compare(idx, want) != 0 {
		t.Errorf("index:\n got %v\nwant %v", idx, want)
	}
	if got.Get(ast.StringTerm("documented")) == nil || got.Len() != 4 {
		t.Errorf("the input's members changed: %v", got.Keys())
	}
}

// TestWithIndexLeftOut lists inputs the index would not stand for: the
// rules then build their lookups themselves and fail or skip as before.
func TestWithIndexLeftOut(t *testing.T) {
	for name, in := range map[string]string{
		"not an object":        `[]`,
		"no observed graph":    `{"documented": {"elements": []}}`,
		"elements not a list":  `{"documented": {"elements": {}}, "observed": {"elements": []}}`,
		"element not object":   `{"documented": {"elements": ["x"]}, "observed": {"elements": []}}`,
		"no id":                `{"documented": {"elements": [{"name": "x"}]}, "observed": {"elements": []}}`,
		"number id":            `{"documented": {"elements": []}, "observed": {"elements": [{"id": 1}]}}`,
		"id repeated":          `{"documented": {"elements": [{"id": "a", "name": "a"}]}, "observed": {"elements": [{"id": "a"}]}}`,
		"documented no name":   `{"documented": {"elements": [{"id": "a"}]}, "observed": {"elements": []}}`,
		"name not a string":    `{"documented": {"elements": []}, "observed": {"elements": [{"id": "a", "name": 1}]}}`,
		"id repeated in graph": `{"documented": {"elements": []}, "observed": {"elements": [{"id": "a"}, {"id": "a"}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			v := ast.MustParseTerm(in).Value
			if got := withIndex(v); ast.Compare(got, v) != 0 {
				t.Errorf("got %v, want the input unchanged", got)
			}
		})
	}
}

// TestIndexGroupingsLeftOut lists inputs whose groupings (children,
// matched, edges_from, edges_to) the index would not stand for: it leaves
// them out, and the rules build them in Rego.
func TestIndexGroupingsLeftOut(t *testing.T) {
	for name, tc := range map[string]struct {
		doc, diff string
		absent    []string
	}{
		"parent not a string":     {doc: `[{"id": "a", "name": "a", "parent": 1}]`, diff: `{}`, absent: []string{"children", "matched", "edges_from", "edges_to"}},
		"match not an object":     {doc: `[]`, diff: `{"matches": [1], "lifted": null}`, absent: []string{"matched"}},
		"documented not a string": {doc: `[]`, diff: `{"matches": [{"documented": 1, "observed": []}]}`, absent: []string{"matched", "edges_from"}},
		"observed not a list":     {doc: `[]`, diff: `{"matches": [{"documented": "a", "observed": "b"}]}`, absent: []string{"matched"}},
		"observed id a number":    {doc: `[]`, diff: `{"matches": [{"documented": "a", "observed": [1]}]}`, absent: []string{"matched"}},
		"lifted an object":        {doc: `[]`, diff: `{"matches": null, "lifted": {}}`, absent: []string{"edges_from", "edges_to"}},
		"edge without to":         {doc: `[]`, diff: `{"lifted": [{"from": "a"}]}`, absent: []string{"edges_from", "edges_to"}},
		"edge end a number":       {doc: `[]`, diff: `{"lifted": [{"from": "a", "to": 2}]}`, absent: []string{"edges_from", "edges_to"}},
		"diff not an object":      {doc: `[]`, diff: `null`, absent: []string{"matched", "edges_from", "edges_to"}},
	} {
		t.Run(name, func(t *testing.T) {
			in := ast.MustParseTerm(`{"documented": {"elements": ` + tc.doc + `}, "observed": {"elements": []}, "diff": ` + tc.diff + `}`).Value
			idx := withIndex(in).(ast.Object).Get(indexKey)
			if idx == nil {
				t.Fatal("no index")
			}
			for _, k := range tc.absent {
				if m := idx.Value.(ast.Object).Get(ast.StringTerm(k)); m != nil {
					t.Errorf("index.%s = %v, want it left out", k, m)
				}
			}
		})
	}
}

// TestIndexIsAShortcut checks that the built-in rules find the same with
// the index as without it, where they build the same lookups in Rego: on
// the engine's fixture, on ADR constraints of every verb and selector kind,
// and on a synthetic estate. The generated estates and ShopFlow are checked
// the same way in package policies_test.
func TestIndexIsAShortcut(t *testing.T) {
	e := mustNew(t, Options{Timeout: 10 * DefaultTimeout})
	byID := adrBenchInput(t, 100, 20)
	byID.ADRs = append(byID.ADRs, adr.Record{
		Number: 99, Title: "By id", Status: adr.StatusAccepted, File: "docs/adr/0099.md", Line: 1,
		Constraints: []adr.Constraint{
			// The last part of a documented id (and an observed name),
			// a documented id in capitals, a top-level element, an
			// observed name and a name nothing has.
			{Verb: adr.VerbRequire, From: []string{"s3", "SYS.S4"}, To: []string{"s1"}, Line: 10},
			{Verb: adr.VerbDeny, From: []string{"sys"}, To: []string{"q1", "nothing"}, Line: 11},
		},
	})
	for name, in := range map[string]any{
		"fixture":   loadInput(t),
		"adrs":      adrBenchInput(t, 100, 20),
		"ids":       byID,
		"synthetic": syntheticInput(t, 200),
	} {
		t.Run(name, func(t *testing.T) {
			assertIndexIsAShortcut(t, e, in)
		})
	}
}

// assertIndexIsAShortcut fails unless e finds the same over in with and
// without the index, and something at all.
func assertIndexIsAShortcut(t *testing.T, e *Engine, in any) {
	t.Helper()
	v, err := inputValue(in)
	if err != nil {
		t.Fatal(err)
	}
	indexed := withIndex(v)
	if indexed.(ast.Object).Get(indexKey) == nil {
		t.Fatal("no index was added")
	}
	ctx := context.Background()
	want, err := e.evaluate(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.evaluate(ctx, indexed)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no findings: nothing was compared")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings with the index differ from those without (-without +with):\n%s", diff)
	}
}

// FuzzIndex reads arbitrary JSON as the input: withIndex must not panic,
// and when it adds the index the built-in rules must find what they find
// without it (both may fail on a malformed input, but then both do).
func FuzzIndex(f *testing.F) {
	fixture, err := os.ReadFile(filepath.Join("testdata", "input.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(fixture))
	f.Add(`{"documented": {"elements": [{"id": "a.b", "name": "B", "parent": "a"}, {"id": "a", "name": "A"}]},
		"observed": {"elements": [{"id": "k:b", "name": "b"}, {"id": "c"}]},
		"diff": {"matches": [{"documented": "a.b", "observed": ["k:b"]}], "lifted": [{"from": "a.b", "to": "c"}]},
		"adrs": [{"number": 1, "title": "T", "status": "accepted", "file": "f.md", "constraints": [
			{"verb": "deny", "from": ["b"], "to": ["C"], "line": 2},
			{"verb": "require", "from": ["A"], "to": ["c"], "line": 3},
			{"verb": "technology", "select": ["*"], "deny": ["x"], "line": 4}]}]}`)
	f.Add(`{"documented": {"elements": [{"id": "a", "name": 1}]}, "observed": {"elements": []}}`)
	e, err := New(context.Background(), Options{Timeout: time.Second, MaxMemory: 64 << 20})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		v, err := ast.ValueFromReader(strings.NewReader(text))
		if err != nil {
			return
		}
		indexed := withIndex(v)
		if obj, ok := indexed.(ast.Object); !ok || obj.Get(indexKey) == nil {
			return
		}
		ctx := context.Background()
		want, errWithout := e.evaluate(ctx, v)
		got, errWith := e.evaluate(ctx, indexed)
		if (errWithout != nil) != (errWith != nil) {
			t.Fatalf("without the index: %v; with it: %v", errWithout, errWith)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("findings with the index differ from those without (-without +with):\n%s", diff)
		}
	})
}
