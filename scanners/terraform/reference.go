package terraform

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// ref is what one traversal in one attribute of a resource ultimately
// names: resource instances, reached through variables, locals, module
// outputs and data sources.
type ref struct {
	path    string // attribute path in the resource: "environment.variables"
	rng     hcl.Range
	targets []*node
}

// dynIter is the iterator of a dynamic block: a traversal of its name
// stands for what the block's for_each references.
type dynIter struct {
	expr  hclsyntax.Expression
	outer map[string]*dynIter
}

// resolveAll resolves the references of every resource instance.
func (e *estate) resolveAll() {
	for _, n := range e.nodes {
		sc := scope{inst: n.inst, each: n.each}
		e.walkBody(sc, n.res.body, "", nil, true, 0, func(path string, rng hcl.Range, targets []*node) {
			n.refs = append(n.refs, ref{path: path, rng: rng, targets: targets})
		})
	}
}

// walkBody visits every attribute of a body, nested and dynamic blocks
// included, and reports what each traversal references under its path.
func (e *estate) walkBody(sc scope, body *hclsyntax.Body, prefix string, iters map[string]*dynIter, top bool, depth int, emit func(string, hcl.Range, []*node)) {
	names := make([]string, 0, len(body.Attributes))
	for name := range body.Attributes {
		if !(top && metaArguments[name]) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		p := prefix + name
		e.exprRefs(sc, body.Attributes[name].Expr, iters, depth, func(t hcl.Traversal, targets []*node) {
			emit(p, t.SourceRange(), targets)
		})
	}
	for _, b := range body.Blocks {
		if top && metaArguments[b.Type] {
			continue
		}
		if b.Type != "dynamic" {
			e.walkBody(sc, b.Body, prefix+b.Type+".", iters, false, depth, emit)
			continue
		}
		if len(b.Labels) != 1 {
			continue
		}
		label, iterName := b.Labels[0], b.Labels[0]
		if a, ok := b.Body.Attributes["iterator"]; ok {
			if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
				iterName = kw
			}
		}
		inner := make(map[string]*dynIter, len(iters)+1)
		for k, v := range iters {
			inner[k] = v
		}
		it := &dynIter{outer: iters}
		if a, ok := b.Body.Attributes["for_each"]; ok {
			it.expr = a.Expr
		}
		inner[iterName] = it
		for _, cb := range b.Body.Blocks {
			if cb.Type == "content" {
				e.walkBody(sc, cb.Body, prefix+label+".", inner, false, depth, emit)
			}
		}
	}
}

// exprRefs reports, for each traversal of expr, what it references. A
// traversal of a dynamic block's iterator reports what the block's for_each
// references, at the iterator's position.
func (e *estate) exprRefs(sc scope, expr hclsyntax.Expression, iters map[string]*dynIter, depth int, cb func(hcl.Traversal, []*node)) {
	if depth > maxRefDepth {
		return
	}
	hints := e.keyHints(sc, expr)
	for _, t := range expr.Variables() {
		if it, ok := iters[t.RootName()]; ok {
			if it.expr != nil {
				e.exprRefs(sc, it.expr, it.outer, depth+1, func(_ hcl.Traversal, targets []*node) { cb(t, targets) })
			}
			continue
		}
		if targets := e.resolve(sc, t, hints[t.SourceRange().Start.Byte], depth); len(targets) > 0 {
			cb(t, targets)
		}
	}
}

// targetsOf is every node expr references, deduplicated.
func (e *estate) targetsOf(sc scope, expr hclsyntax.Expression, depth int) []*node {
	var out []*node
	e.exprRefs(sc, expr, nil, depth, func(_ hcl.Traversal, targets []*node) { out = append(out, targets...) })
	return dedupeNodes(out)
}

// keyHints finds indexes such as aws_sqs_queue.q[each.key] whose key is
// known in this iteration, so that the reference names one instance rather
// than all of them. The result maps the byte offset of the collection's
// traversal to the key.
func (e *estate) keyHints(sc scope, expr hclsyntax.Expression) map[int]string {
	if sc.each == nil || sc.each.key == "" {
		return nil
	}
	var hints map[int]string
	hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
		ix, ok := n.(*hclsyntax.IndexExpr)
		if !ok {
			return nil
		}
		coll, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return nil
		}
		if key, ok := asString(e.eval(sc, ix.Key)); ok {
			if hints == nil {
				hints = map[int]string{}
			}
			hints[coll.SrcRange.Start.Byte] = key
		}
		return nil
	})
	return hints
}

// resolve returns the resource instances a traversal names in a scope.
func (e *estate) resolve(sc scope, t hcl.Traversal, keyHint string, depth int) []*node {
	in := sc.inst
	root := t.RootName()
	switch root {
	case "count", "path", "terraform", "self":
		return nil
	case "each":
		if stepName(t, 1) != "value" {
			return nil // each.key names an instance, it references nothing
		}
		return e.eachRefs(sc, depth)
	case "var":
		name := stepName(t, 1)
		if _, ok := in.mod.variables[name]; !ok {
			e.unresolved(in, t, "reference to undeclared variable %q", name)
			return nil
		}
		return e.memo(in, "var."+name, depth, func() []*node {
			if in.call == nil {
				return nil
			}
			a, ok := in.call.body.Attributes[name]
			if !ok || metaArguments[name] {
				return nil
			}
			return e.targetsOf(scope{inst: in.parent, each: in.each}, a.Expr, depth+1)
		})
	case "local":
		name := stepName(t, 1)
		a, ok := in.mod.locals[name]
		if !ok {
			e.unresolved(in, t, "reference to undeclared local value %q", name)
			return nil
		}
		return e.memo(in, "local."+name, depth, func() []*node {
			return e.targetsOf(scope{inst: in}, a.Expr, depth+1)
		})
	case "module":
		return e.moduleRefs(in, t, depth)
	case "data":
		addr := stepName(t, 1) + "." + stepName(t, 2)
		blk, ok := in.mod.data[addr]
		if !ok {
			e.unresolved(in, t, "reference to undeclared data source data.%s", addr)
			return nil
		}
		return e.memo(in, "data."+addr, depth, func() []*node {
			var out []*node
			e.walkBody(scope{inst: in}, blk.body, "", nil, true, depth+1, func(_ string, _ hcl.Range, targets []*node) {
				out = append(out, targets...)
			})
			return dedupeNodes(out)
		})
	}
	name := stepName(t, 1)
	if name == "" {
		e.unresolved(in, t, "reference to %q is not a resource address", root)
		return nil
	}
	addr := root + "." + name
	if _, ok := in.mod.resByAddr[addr]; !ok {
		e.unresolved(in, t, "reference to undeclared resource %s", addr)
		return nil
	}
	nodes := in.nodes[addr]
	key := keyHint
	if len(t) > 2 {
		if ix, ok := t[2].(hcl.TraverseIndex); ok {
			if k, ok := asString(ix.Key); ok {
				key = k
			}
		}
	}
	return pickKey(nodes, key)
}

// moduleRefs resolves module.NAME[KEY].OUTPUT to what the output references
// in each instance of the call.
func (e *estate) moduleRefs(in *instance, t hcl.Traversal, depth int) []*node {
	name := stepName(t, 1)
	var call *moduleCall
	for _, c := range in.mod.calls {
		if c.name == name {
			call = c
		}
	}
	if call == nil {
		e.unresolved(in, t, "reference to undeclared module %q", name)
		return nil
	}
	children := in.children[name]
	rest := t[min(2, len(t)):]
	if len(rest) > 0 {
		if ix, ok := rest[0].(hcl.TraverseIndex); ok {
			if k, ok := asString(ix.Key); ok {
				children = slices.DeleteFunc(slices.Clone(children), func(c *instance) bool {
					return c.each != nil && c.each.key != "" && c.each.key != k
				})
			}
			rest = rest[1:]
		}
	}
	output := ""
	if len(rest) > 0 {
		if a, ok := rest[0].(hcl.TraverseAttr); ok {
			output = a.Name
		}
	}
	var out []*node
	for _, child := range children {
		names := []string{output}
		if output == "" {
			names = sortedKeys(child.mod.outputs)
		} else if _, ok := child.mod.outputs[output]; !ok {
			if !child.mod.broken {
				e.unresolved(in, t, "module %q (%s) has no output %q", name, child.mod.dir, output)
			}
			continue
		}
		for _, o := range names {
			a := child.mod.outputs[o]
			out = append(out, e.memo(child, "output."+o, depth, func() []*node {
				return e.targetsOf(scope{inst: child}, a.Expr, depth+1)
			})...)
		}
	}
	return dedupeNodes(out)
}

// eachRefs resolves each.key and each.value to what the for_each expression
// references, narrowed to the instances with the current key when there are
// such (for_each = aws_sqs_queue.q makes each.value the queue of that key).
func (e *estate) eachRefs(sc scope, depth int) []*node {
	if sc.each == nil || sc.each.expr == nil {
		return nil
	}
	all := e.targetsOf(sc.each.sc, sc.each.expr, depth+1)
	if sc.each.key != "" {
		if picked := pickKey(all, sc.each.key); len(picked) < len(all) && len(picked) > 0 {
			return picked
		}
	}
	return all
}

// memo computes a reference set once per instance, and cuts cycles (a local
// naming itself through another) and chains too deep to follow.
func (e *estate) memo(in *instance, key string, depth int, compute func() []*node) []*node {
	key = "ref:" + key
	if v, ok := in.refMemo[key]; ok {
		return v
	}
	if in.busy[key] || depth > maxRefDepth {
		return nil
	}
	in.busy[key] = true
	v := compute()
	delete(in.busy, key)
	in.refMemo[key] = v
	return v
}

// unresolved reports a reference that names nothing, unless the module did
// not parse (then its own syntax error says more).
func (e *estate) unresolved(in *instance, t hcl.Traversal, format string, args ...any) {
	if in.mod.broken {
		return
	}
	e.d.warn("", t.SourceRange(), format, args...)
}

// pickKey narrows instances to the one with key, when key is set and there
// is such an instance.
func pickKey(nodes []*node, key string) []*node {
	if key == "" {
		return nodes
	}
	for _, n := range nodes {
		if n.key == key {
			return []*node{n}
		}
	}
	return nodes
}

func stepName(t hcl.Traversal, i int) string {
	if i < len(t) {
		if a, ok := t[i].(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

func dedupeNodes(in []*node) []*node {
	if len(in) < 2 {
		return in
	}
	seen := make(map[*node]bool, len(in))
	out := in[:0:0]
	for _, n := range in {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// lookupExpr finds the expression at an attribute path of a body:
// "name", "environment.variables" (an attribute of a nested block) or
// "tags.Name" (a key of a map attribute).
func lookupExpr(body *hclsyntax.Body, p string) hclsyntax.Expression {
	seg, rest, _ := strings.Cut(p, ".")
	if a, ok := body.Attributes[seg]; ok {
		if rest == "" {
			return a.Expr
		}
		return objectItem(a.Expr, rest)
	}
	if rest != "" {
		for _, b := range body.Blocks {
			if b.Type == seg {
				return lookupExpr(b.Body, rest)
			}
		}
	}
	return nil
}

// objectItem is the value of key in an object constructor.
func objectItem(expr hclsyntax.Expression, key string) hclsyntax.Expression {
	obj, ok := expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil
	}
	for _, it := range obj.Items {
		if objectKey(it.KeyExpr) == key {
			return it.ValueExpr
		}
	}
	return nil
}

// objectKey is the literal text of an object key: a bare word or a string.
func objectKey(k hclsyntax.Expression) string {
	if ok, is := k.(*hclsyntax.ObjectConsKeyExpr); is {
		if !ok.ForceNonLiteral {
			if kw := hcl.ExprAsKeyword(ok.Wrapped); kw != "" {
				return kw
			}
		}
		k = ok.Wrapped
	}
	if !evaluable(k) {
		return ""
	}
	s, _ := asString(evalIn(nil, k))
	return s
}
