package policies_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/internal/estategen/estatetest"
	"github.com/archdrift/archdrift/policies"
)

// TestInputValueOfRealInputs compares the input conversion with the JSON
// round trip it replaced, on the inputs of real checks: ShopFlow and a
// generated estate.
func TestInputValueOfRealInputs(t *testing.T) {
	estate, _ := estatetest.Generate(t, 3)
	for _, dir := range []string{"../testdata/shopflow", estate} {
		res, err := check.Run(context.Background(), check.Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		in := *res.Input
		in.Change = &policies.Change{Files: []string{"a.tf"}}
		got, err := policies.InputValue(in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ast.ValueFromReader(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		if ast.Compare(got, want) != 0 {
			t.Errorf("%s: the input differs from its JSON round trip", dir)
		}
	}
}
