package terraform

import (
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// The scanner evaluates expressions only where a static value decides what
// exists (count, for_each) or what a thing is called (names, tags). Anything
// it cannot know (resource attributes, unset variables) is unknown, and
// unknown never removes a resource.

// Bounds on evaluation: a hostile estate must not build huge values
// (locals doubling a string), nest for expressions into billions of
// iterations, or chain locals deep enough to exhaust the stack.
const (
	maxExprNodes   = 4096
	maxForNesting  = 2
	maxValueBudget = 4096
	maxValueDepth  = 32
	maxRefDepth    = 128
)

// safeFunctions are the functions an evaluation may call: those whose
// result is at most linear in their arguments. format, join, replace, range
// and friends can turn a small file into gigabytes and are left out; calls to
// them are simply unknown.
var safeFunctions = map[string]function.Function{
	"length":     stdlib.LengthFunc,
	"lookup":     stdlib.LookupFunc,
	"merge":      stdlib.MergeFunc,
	"concat":     stdlib.ConcatFunc,
	"contains":   stdlib.ContainsFunc,
	"keys":       stdlib.KeysFunc,
	"values":     stdlib.ValuesFunc,
	"coalesce":   stdlib.CoalesceFunc,
	"lower":      stdlib.LowerFunc,
	"upper":      stdlib.UpperFunc,
	"element":    stdlib.ElementFunc,
	"compact":    stdlib.CompactFunc,
	"flatten":    stdlib.FlattenFunc,
	"zipmap":     stdlib.ZipmapFunc,
	"jsonencode": stdlib.JSONEncodeFunc,
	"tostring":   stdlib.MakeToFunc(cty.String),
	"tonumber":   stdlib.MakeToFunc(cty.Number),
	"tobool":     stdlib.MakeToFunc(cty.Bool),
	"toset":      stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":      stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"try":        tryfunc.TryFunc,
	"can":        tryfunc.CanFunc,
}

// evaluable reports whether expr is small and flat enough to evaluate.
func evaluable(expr hclsyntax.Expression) bool {
	w := &evalGuard{}
	hclsyntax.Walk(expr, w)
	return !w.tooBig
}

type evalGuard struct {
	nodes, forDepth int
	tooBig          bool
}

func (w *evalGuard) Enter(n hclsyntax.Node) hcl.Diagnostics {
	w.nodes++
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.forDepth++
	}
	if w.nodes > maxExprNodes || w.forDepth > maxForNesting {
		w.tooBig = true
	}
	return nil
}

func (w *evalGuard) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.forDepth--
	}
	return nil
}

// evalIn evaluates expr in ctx, returning unknown on any error, on a value
// too large to keep, and on a panic deep in a function.
func evalIn(ctx *hcl.EvalContext, expr hclsyntax.Expression) cty.Value {
	if expr == nil || !evaluable(expr) {
		return cty.DynamicVal
	}
	return evalChecked(ctx, expr)
}

// evalChecked is evalIn once expr is known to be evaluable.
func evalChecked(ctx *hcl.EvalContext, expr hclsyntax.Expression) (v cty.Value) {
	defer func() {
		if recover() != nil {
			v = cty.DynamicVal
		}
	}()
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return bounded(v)
}

// bounded returns v, or unknown when v is larger than the scanner keeps.
func bounded(v cty.Value) cty.Value {
	budget := maxValueBudget
	if !fits(v, &budget, 0) {
		return cty.DynamicVal
	}
	return v
}

func fits(v cty.Value, budget *int, depth int) bool {
	if depth > maxValueDepth {
		return false
	}
	*budget--
	if v.IsMarked() || !v.IsKnown() || v.IsNull() {
		return *budget >= 0
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		*budget -= len(v.AsString()) / 16
	case ty.IsCollectionType() || ty.IsTupleType() || ty.IsObjectType():
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if !fits(k, budget, depth+1) || !fits(e, budget, depth+1) {
				return false
			}
		}
	}
	return *budget >= 0
}

// asString returns the value as a string when it is a known string, number
// or bool.
func asString(v cty.Value) (string, bool) {
	if v.IsMarked() || !v.IsWhollyKnown() || v.IsNull() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() || !s.IsKnown() {
		return "", false
	}
	return s.AsString(), true
}

// asCount returns a known, non-negative whole count.
func asCount(v cty.Value) (int, bool) {
	if v.IsMarked() || !v.IsKnown() || v.IsNull() {
		return 0, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil || n.IsNull() || !n.IsKnown() {
		return 0, false
	}
	bf := n.AsBigFloat()
	if !bf.IsInt() || bf.Sign() < 0 || bf.Cmp(big.NewFloat(1<<20)) > 0 {
		return 0, false
	}
	i, _ := bf.Int64()
	return int(i), true
}
