package policies

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/archdrift/archdrift/model"
)

// TestConvertEarly checks that members converted early give the input
// inputValue gives, that Evaluate's conversion takes them rather than
// converting again, and that an early conversion of something that is not a
// member changes nothing.
func TestConvertEarly(t *testing.T) {
	type input struct {
		Documented *model.Graph `json:"documented"`
		Observed   *model.Graph `json:"observed"`
		Other      []string     `json:"other"`
	}
	doc, obs := adrEstate(t)
	in := input{Documented: doc, Observed: obs, Other: []string{"x"}}
	want, err := inputValue(in)
	if err != nil {
		t.Fatal(err)
	}
	stranger, _ := adrEstate(t)
	for name, early := range map[string][]*Early{
		"none":          nil,
		"documented":    {ConvertEarly(doc)},
		"both":          {ConvertEarly(obs), ConvertEarly(doc)},
		"not a member":  {ConvertEarly(stranger)},
		"nil and value": {nil, ConvertEarly((*model.Graph)(nil)), ConvertEarly(in)},
	} {
		got, err := inputValue(in, early...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ast.Compare(got, want) != 0 {
			t.Errorf("%s: converting early changed the input:\n got %v\nwant %v", name, got, want)
		}
	}

	// A member converted early is not converted again: a change made after
	// its conversion (which callers must not make) does not show.
	e := ConvertEarly(obs)
	<-e.done
	if err := obs.Add(&model.Element{ID: "late", Name: "Late", Kind: model.KindContainer}); err != nil {
		t.Fatal(err)
	}
	got, err := inputValue(in, e)
	if err != nil {
		t.Fatal(err)
	}
	if ast.Compare(got, want) != 0 {
		t.Error("the observed graph was converted again instead of taken from ConvertEarly")
	}
	if again, _ := inputValue(in); ast.Compare(again, want) == 0 {
		t.Error("the element added late is not in a fresh conversion: the test above proves nothing")
	}
}

// TestEarlyIndex checks that the parts of the index built beside early
// conversions give the index withIndex builds without them: with names
// shared by both graphs, with an id in both (no index), and with an early
// conversion of a graph that is not a member.
func TestEarlyIndex(t *testing.T) {
	type input struct {
		Documented *model.Graph `json:"documented"`
		Observed   *model.Graph `json:"observed"`
	}
	doc, obs := adrEstate(t)
	shared, sharedObs := adrEstate(t)
	// An observed element named as a documented one, and one whose name
	// is the last part of a documented id.
	for _, e := range []*model.Element{{ID: "k:x", Name: "order service"}, {ID: "k:y", Name: "DB"}, {ID: "k:z"}} {
		if err := obs.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := sharedObs.Add(&model.Element{ID: "shop.orders", Name: "dup"}); err != nil {
		t.Fatal(err)
	}
	stranger, _ := adrEstate(t)
	for name, in := range map[string]input{
		"names shared": {doc, obs},
		"id in both":   {shared, sharedObs},
	} {
		v, err := inputValue(in)
		if err != nil {
			t.Fatal(err)
		}
		want := withIndex(v)
		if name == "id in both" && ast.Compare(want, v) != 0 {
			t.Fatalf("%s: an index was added", name)
		}
		early := []*Early{ConvertEarly(in.Documented), ConvertEarly(in.Observed), ConvertEarly(stranger)}
		v, err = inputValue(in, early...)
		if err != nil {
			t.Fatal(err)
		}
		<-early[2].indexed
		if got := withIndex(v, early...); ast.Compare(got, want) != 0 {
			t.Errorf("%s: the index built early differs:\n got %v\nwant %v", name, got, want)
		}
	}
}
