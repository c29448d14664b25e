package policies

import (
	"context"

	"github.com/archdrift/archdrift/report"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// InputValue lets the external tests compare inputValue with the JSON round
// trip on real check inputs.
var InputValue = inputValue

// PolicyValue is the value Evaluate evaluates input as: converted and
// indexed.
func PolicyValue(input any) (ast.Value, error) {
	v, err := inputValue(input)
	if err != nil {
		return nil, err
	}
	return withIndex(v), nil
}

// EvaluateValue lets the stage benchmarks time evaluation without the input
// conversion; value comes from PolicyValue.
func (e *Engine) EvaluateValue(ctx context.Context, value ast.Value) ([]report.Finding, error) {
	return e.evaluate(ctx, value)
}

// PackageNames names the engine's queries, in order: "rules.<pkg>", and
// "adr" for the ADR policies.
func (e *Engine) PackageNames() []string {
	out := make([]string, len(e.queries))
	for i, q := range e.queries {
		out[i] = q.ns
		if q.pkg != "" {
			out[i] += "." + q.pkg
		}
	}
	return out
}

// EvalPackage runs query i alone over value, with opts added (a tracer).
func (e *Engine) EvalPackage(ctx context.Context, i int, value ast.Value, opts ...rego.EvalOption) (rego.ResultSet, error) {
	return e.queries[i].query.Eval(ctx, append([]rego.EvalOption{rego.EvalParsedInput(value)}, opts...)...)
}
