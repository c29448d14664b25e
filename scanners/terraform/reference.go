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
	path    string     // attribute path in the resource: "environment.variables"
	at      *traversal // where the reference is written
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
	// Each node's references are about as many as the traversals of its
	// sites: they are taken from chunks shared by many nodes, each node
	// appending into its part (and reallocating only if a dynamic block
	// makes it more).
	refs := slab[ref]{chunk: 256}
	for _, n := range e.nodes {
		k := refSink{keepRefs: true, refs: refs.take(e.sites(n.res).vars)[:0]}
		e.blockRefs(scope{inst: n.inst, each: n.each}, n.res, 0, &k)
		n.refs = k.refs
	}
}

// refSink collects what exprRefs finds: with keepRefs, one ref per
// traversal that references something, under path; else only the targets.
type refSink struct {
	keepRefs bool
	path     string
	refs     []ref
	targets  []*node
	sets     int // target sets added
}

func (k *refSink) add(at *traversal, targets []*node) {
	switch {
	case k.keepRefs:
		k.refs = append(k.refs, ref{path: k.path, at: at, targets: targets})
	case k.sets == 0:
		// Shared, not copied: a target set is never written once made,
		// and most expressions reference one thing.
		k.targets = targets
	default:
		k.targets = append(slices.Clip(k.targets), targets...)
	}
	k.sets++
}

// nodes is every target added, deduplicated. Each set resolve returns is
// already free of repeats, so a single one is returned as it is.
func (k *refSink) nodes() []*node {
	if k.sets <= 1 {
		return k.targets
	}
	return dedupeNodes(k.targets)
}

// blockRefs visits every attribute of a resource or data source body,
// nested and dynamic blocks included (estate.sites), and reports what each
// traversal references under its path.
func (e *estate) blockRefs(sc scope, b *block, depth int, k *refSink) {
	sites := e.sites(b).sites
	for i := range sites {
		k.path = sites[i].path
		e.exprRefs(sc, &sites[i].expr, sites[i].iters, depth, nil, k)
	}
}

// exprRefs reports, for each traversal of an expression, what it
// references, at the traversal or, when at is set, at at. A traversal of a
// dynamic block's iterator reports what the block's for_each references, at
// the iterator's position.
func (e *estate) exprRefs(sc scope, x *exprInfo, iters map[string]*dynIter, depth int, at *traversal, k *refSink) {
	if depth > maxRefDepth {
		return
	}
	hints := e.keyHints(sc, x)
	for i := range x.vars {
		t := &x.vars[i]
		pos := at
		if pos == nil {
			pos = t
		}
		if it, ok := iters[t.root]; ok {
			if it.expr != nil {
				e.exprRefs(sc, e.info(it.expr), it.outer, depth+1, pos, k)
			}
			continue
		}
		if targets := e.resolve(sc, t, hints.at(t), depth); len(targets) > 0 {
			k.add(pos, targets)
		}
	}
}

// targetsOf is every node expr references, deduplicated.
func (e *estate) targetsOf(sc scope, expr hclsyntax.Expression, depth int) []*node {
	return e.targetsOfRead(sc, e.info(expr), depth)
}

// targetsOfRead is targetsOf of an expression already read.
func (e *estate) targetsOfRead(sc scope, x *exprInfo, depth int) []*node {
	var k refSink
	e.exprRefs(sc, x, nil, depth, nil, &k)
	return k.nodes()
}

// keyHint is an index whose key is known in an iteration: the byte offset
// of the indexed traversal and the key.
type keyHint struct {
	at  int
	key string
}

type keyHints []keyHint

// at is the key of the index of t, or "". When two indexes start at the
// same offset, the later one counts.
func (h keyHints) at(t *traversal) string {
	if len(h) == 0 {
		return ""
	}
	at := t.t.SourceRange().Start.Byte
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].at == at {
			return h[i].key
		}
	}
	return ""
}

// keyHints finds indexes such as aws_sqs_queue.q[each.key] whose key is
// known in this iteration, so that the reference names one instance rather
// than all of them.
func (e *estate) keyHints(sc scope, x *exprInfo) keyHints {
	if sc.each == nil || sc.each.key == "" || len(x.hints) == 0 {
		return nil
	}
	var hints keyHints
	for _, h := range x.hints {
		if key, ok := asString(e.eval(sc, h.key)); ok {
			hints = append(hints, keyHint{at: h.at, key: key})
		}
	}
	return hints
}

// memoKind says what a memoised reference set or value is of.
type memoKind uint8

const (
	memoVar memoKind = iota
	memoLocal
	memoData
	memoOutput
	memoLocalValue // a local's value (localValue), not its references
)

// memoKey names one memoised result of an instance: by what it is of (a
// variable or data block, a local or output attribute), as a pointer
// hashes faster than the name, which names the same thing in one module.
type memoKey struct {
	kind memoKind
	blk  *block
	attr *hclsyntax.Attribute
}

// memoEntry is a memoised reference set, or busy while it is computed.
type memoEntry struct {
	nodes []*node
	busy  bool
}

// resolve returns the resource instances a traversal names in a scope.
func (e *estate) resolve(sc scope, t *traversal, keyHint string, depth int) []*node {
	in := sc.inst
	switch t.root {
	case "count", "path", "terraform", "self":
		return nil
	case "each":
		if t.name != "value" {
			return nil // each.key names an instance, it references nothing
		}
		return e.eachRefs(sc, depth)
	case "var":
		name := t.name
		v, ok := in.mod.variables[name]
		if !ok {
			e.unresolved(in, t, "reference to undeclared variable %q", name)
			return nil
		}
		return e.memo(in, memoKey{kind: memoVar, blk: v}, depth, func() []*node {
			if in.call == nil {
				return nil
			}
			a := in.call.arg(name)
			if a == nil {
				return nil
			}
			return e.targetsOfRead(scope{inst: in.parent, each: in.each}, &a.info, depth+1)
		})
	case "local":
		name := t.name
		a, ok := in.mod.locals[name]
		if !ok {
			e.unresolved(in, t, "reference to undeclared local value %q", name)
			return nil
		}
		return e.memo(in, memoKey{kind: memoLocal, attr: a}, depth, func() []*node {
			return e.targetsOf(scope{inst: in}, a.Expr, depth+1)
		})
	case "module":
		return e.moduleRefs(in, t, depth)
	case "data":
		blk, ok := in.mod.data[t.addr]
		if !ok {
			e.unresolved(in, t, "reference to undeclared data source data.%s", t.addr)
			return nil
		}
		return e.memo(in, memoKey{kind: memoData, blk: blk}, depth, func() []*node {
			var k refSink
			e.blockRefs(scope{inst: in}, blk, depth+1, &k)
			return k.nodes()
		})
	}
	if t.name == "" {
		e.unresolved(in, t, "reference to %q is not a resource address", t.root)
		return nil
	}
	r, ok := in.mod.resByAddr[t.addr]
	if !ok {
		e.unresolved(in, t, "reference to undeclared resource %s", t.addr)
		return nil
	}
	key := keyHint
	if t.keyOK {
		key = t.key
	}
	return pickKey(in.nodes[r.index], key)
}

// moduleRefs resolves module.NAME[KEY].OUTPUT to what the output references
// in each instance of the call.
func (e *estate) moduleRefs(in *instance, t *traversal, depth int) []*node {
	name := t.name
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
	if t.keyOK {
		children = slices.DeleteFunc(slices.Clone(children), func(c *instance) bool {
			return c.each != nil && c.each.key != "" && c.each.key != t.key
		})
	}
	rest := t.t[min(2, len(t.t)):]
	if len(rest) > 0 {
		if _, ok := rest[0].(hcl.TraverseIndex); ok {
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
			out = append(out, e.memo(child, memoKey{kind: memoOutput, attr: a}, depth, func() []*node {
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
func (e *estate) memo(in *instance, key memoKey, depth int, compute func() []*node) []*node {
	if m, ok := in.memo[key]; ok {
		if m.busy {
			return nil
		}
		return m.nodes
	}
	if depth > maxRefDepth {
		return nil
	}
	if in.memo == nil {
		in.memo = map[memoKey]memoEntry{}
	}
	in.memo[key] = memoEntry{busy: true}
	v := compute()
	in.memo[key] = memoEntry{nodes: v}
	return v
}

// unresolved reports a reference that names nothing, unless the module did
// not parse (then its own syntax error says more).
func (e *estate) unresolved(in *instance, t *traversal, format string, args ...any) {
	if in.mod.broken {
		return
	}
	e.d.warn("", t.t.SourceRange(), format, args...)
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

// dedupeNodes drops repeated nodes, keeping the first of each. Every caller
// passes a slice it built itself, so a slice without repeats is returned as
// it is; most reference sets are a few nodes, and a quadratic scan of those
// is cheaper than a map.
func dedupeNodes(in []*node) []*node {
	if len(in) < 2 {
		return in
	}
	if len(in) <= 16 {
		repeated := false
		for i := 1; i < len(in) && !repeated; i++ {
			repeated = slices.Contains(in[:i], in[i])
		}
		if !repeated {
			return in
		}
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
