package terraform

import (
	"cmp"
	"context"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Bounds on the expansion of module calls, count and for_each.
const (
	maxModuleDepth = 16
	maxInstances   = 5000
	maxNodes       = 200000
	maxKeys        = 256
)

// estate is one scan: the parsed directories and what they expand to.
type estate struct {
	fsys      fs.FS
	mods      map[string]*moduleDir
	d         *diagnostics
	roots     []*instance
	nodes     []*node // every resource instance, in expansion order
	instances int
	full      bool // a bound was hit and reported

	// exprs holds what the scanner read of each expression, walker is
	// reused to read them (syntax.go).
	exprs  map[hclsyntax.Expression]*exprInfo
	walker exprWalker

	// The estate's nodes and instances, and the slices of an instance,
	// are handed out of larger chunks: they live as long as the estate,
	// and there are tens of thousands of each in a large one.
	nodeSlab     slab[node]
	instSlab     slab[instance]
	nodeSets     slab[[]*node]
	nodePtrsSlab slab[*node]

	// deferEval marks the estate that builds elements beside resolveAll
	// (elementsBeside): it evaluates nothing, as evaluating reads and fills
	// caches resolveAll fills too, and sets evalDeferred instead.
	deferEval, evalDeferred bool
}

// instance is one instantiation of a module: a root module, or a module
// called (once per for_each key) by its parent.
type instance struct {
	mod    *moduleDir
	addr   string // "" for a root, else "module.a", "module.a.module.b[\"k\"]"
	parent *instance
	call   *moduleCall // the parent's call that made this instance
	each   *iteration  // the call's for_each iteration, if any
	depth  int

	children map[string][]*instance // call name → instances
	// nodes are the resource instances of each resource (by its index in
	// mod.resources). A resource without count or for_each has one, in
	// a slice of first, so that an instance allocates for all of them at once.
	nodes [][]*node
	first []*node

	// Lazily computed and memoised, never shared between instances. The
	// maps are made on first write: most instances of a shared module
	// never need most of them.
	varObj    *cty.Value
	ctx       *hcl.EvalContext // var, local, path, terraform
	plainCtx  *hcl.EvalContext // ctx with each and count unknown: outside any iteration
	pathObj   *cty.Value
	localVals map[string]cty.Value
	memo      map[memoKey]memoEntry // reference sets, and the locals being evaluated
	tagMemo   map[string]*string
}

// iteration is one step of a for_each: its key and value, and the
// for_each expression with the scope it is evaluated in (so that each.value
// can be traced to what it references).
type iteration struct {
	key   string // "" when the keys are not known statically
	keyV  cty.Value
	value cty.Value
	expr  hclsyntax.Expression
	sc    scope

	// ctx is the evaluation context of the iteration in the instance
	// ctxInst (see evalCtx).
	ctx     *hcl.EvalContext
	ctxInst *instance
}

// scope is where an expression is read: a module instance and, inside a
// for_each resource or call, the current iteration.
type scope struct {
	inst *instance
	each *iteration
}

// node is one resource instance.
type node struct {
	inst  *instance
	res   *block
	spec  *typeSpec
	addr  string // full address: module path, type.name, for_each key (see address)
	keyed bool   // the address ends in the for_each key
	key   string
	each  *iteration
	count int // known count > 1, else 0
	id    string
	refs  []ref
}

func newEstate(fsys fs.FS, mods map[string]*moduleDir, d *diagnostics) *estate {
	return &estate{fsys: fsys, mods: mods, d: d}
}

// expand instantiates every root module: a directory with .tf files that no
// other directory calls as a local module.
func (e *estate) expand(ctx context.Context) error {
	called := map[string]bool{}
	exprs := 0
	for _, m := range e.mods {
		// Most calls of a module name one of a few sources (a shared
		// module called once per resource): each is resolved once.
		var bySource map[string]*moduleCall
		for _, c := range m.calls {
			if p, ok := bySource[c.source]; ok {
				c.dir, c.local, c.inside = p.dir, p.local, p.inside
			} else {
				c.dir, c.local, c.inside = localSource(m.dir, c.source)
				if bySource == nil {
					bySource = make(map[string]*moduleCall, 4)
				}
				bySource[c.source] = c
			}
			if c.local && c.inside && c.dir != m.dir {
				called[c.dir] = true
			}
		}
		exprs += len(m.locals) + len(m.outputs)
	}
	// Most expressions info reads are locals and outputs; sized for them,
	// the map does not grow.
	e.exprs = make(map[hclsyntax.Expression]*exprInfo, exprs)
	dirs := make([]string, 0, len(e.mods))
	for dir := range e.mods {
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		if called[dir] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		m := e.mods[dir]
		m.tfvars = readTFVars(e.fsys, dir, e.d)
		root := e.newInstance(m, nil, nil, nil, "")
		e.roots = append(e.roots, root)
		e.instantiate(root)
	}
	return nil
}

func (e *estate) newInstance(m *moduleDir, parent *instance, call *moduleCall, each *iteration, addr string) *instance {
	e.instances++
	in := e.instSlab.one()
	*in = instance{mod: m, addr: addr, parent: parent, call: call, each: each,
		nodes: e.nodeSets.take(len(m.resources)), first: e.nodePtrsSlab.take(len(m.resources))}
	if parent != nil {
		in.depth = parent.depth + 1
	}
	return in
}

// instantiate expands the resources and module calls of one instance.
func (e *estate) instantiate(in *instance) {
	for _, r := range in.mod.resources {
		e.expandResource(in, r)
	}
	for _, c := range in.mod.calls {
		e.expandCall(in, c)
	}
}

func (e *estate) limit(file string, rng hcl.Range, what string) bool {
	if !e.full {
		e.full = true
		e.d.warn(file, rng, "%s: the estate is larger than the scanner reads, the rest is skipped", what)
	}
	return false
}

func (e *estate) expandResource(in *instance, r *block) {
	sc := scope{inst: in}
	count := 0
	if a, ok := r.body.Attributes["count"]; ok {
		if n, known := asCount(e.eval(sc, a.Expr)); known {
			if n == 0 {
				return
			}
			if n > 1 {
				count = n
			}
		}
	}
	if a, ok := r.body.Attributes["for_each"]; ok {
		iters, known := e.iterations(sc, a.Expr, r.file)
		if !known {
			e.addNode(in, r, false, &iteration{keyV: cty.DynamicVal, value: cty.DynamicVal, expr: a.Expr, sc: sc}, 0)
			return
		}
		for _, it := range iters {
			e.addNode(in, r, true, it, 0)
		}
		return
	}
	e.addNode(in, r, false, nil, count)
}

// addNode adds a resource instance; keyed says its address ends in its
// for_each key.
func (e *estate) addNode(in *instance, r *block, keyed bool, each *iteration, count int) {
	if len(e.nodes) >= maxNodes {
		e.limit(r.file, r.def(), "more than "+strconv.Itoa(maxNodes)+" resources")
		return
	}
	n := e.nodeSlab.one()
	*n = node{inst: in, res: r, spec: specFor(r.typ), keyed: keyed, each: each, count: count}
	if each != nil {
		n.key = each.key
	}
	if i := r.index; in.nodes[i] == nil {
		in.first[i] = n
		in.nodes[i] = in.first[i : i+1 : i+1] // a second node reallocates
	} else {
		in.nodes[i] = append(in.nodes[i], n)
	}
	e.nodes = append(e.nodes, n)
}

// expandCall instantiates the module a call names, once per for_each key.
func (e *estate) expandCall(in *instance, c *moduleCall) {
	dir, local, inside := c.dir, c.local, c.inside
	switch {
	case c.source == "":
		e.d.error(c.file, c.def, "module %q has no source", c.name)
		return
	case !local:
		e.d.warn(c.file, c.def, "module %q: source %q is not a local path; its resources are not scanned", c.name, c.source)
		return
	case !inside:
		e.d.warn(c.file, c.def, "module %q: source %q leaves the scanned directory; not followed", c.name, c.source)
		return
	}
	child, ok := e.mods[dir]
	if !ok {
		e.d.error(c.file, c.def, "module %q: no Terraform files in %s", c.name, dir)
		return
	}
	for p := in; p != nil; p = p.parent {
		if p.mod == child {
			e.d.error(c.file, c.def, "module %q: calls %s, which is already being expanded (a cycle)", c.name, dir)
			return
		}
	}
	if in.depth+1 > maxModuleDepth {
		e.d.error(c.file, c.def, "module %q: module calls nested deeper than %d", c.name, maxModuleDepth)
		return
	}
	sc := scope{inst: in}
	if a := c.attr("count"); a != nil {
		if n, known := asCount(e.eval(sc, a.expr)); known && n == 0 {
			return
		}
	}
	base := "module." + c.name
	if in.addr != "" {
		base = in.addr + ".module." + c.name // one concatenation, not two
	}
	var iters []*iteration
	if a := c.attr("for_each"); a != nil {
		var known bool
		if iters, known = e.iterations(sc, a.expr, c.file); !known {
			iters = []*iteration{{keyV: cty.DynamicVal, value: cty.DynamicVal, expr: a.expr, sc: sc}}
		}
	} else {
		iters = []*iteration{nil}
	}
	for _, it := range iters {
		if e.instances >= maxInstances {
			e.limit(c.file, c.def, "more than "+strconv.Itoa(maxInstances)+" module instances")
			return
		}
		addr := base
		if it != nil {
			addr = withKey(addr, it.key)
		}
		ci := e.newInstance(child, in, c, it, addr)
		if in.children == nil {
			in.children = map[string][]*instance{}
		}
		in.children[c.name] = append(in.children[c.name], ci)
		e.instantiate(ci)
	}
}

// iterations evaluates a for_each expression. known is false when its keys
// cannot be known statically; then the resource or call counts once.
func (e *estate) iterations(sc scope, expr hclsyntax.Expression, file string) (out []*iteration, known bool) {
	v := e.eval(sc, expr)
	if v.IsMarked() || !v.IsWhollyKnown() || v.IsNull() {
		return e.resourceKeys(sc, expr)
	}
	ty := v.Type()
	if !(ty.IsMapType() || ty.IsObjectType() || ty.IsSetType()) {
		return nil, false
	}
	if v.LengthInt() > maxKeys {
		e.d.warn(file, expr.Range(), "for_each has more than %d keys; counted as one resource", maxKeys)
		return nil, false
	}
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		if ty.IsSetType() {
			k = val
		}
		key, ok := asString(k)
		if !ok {
			return nil, false
		}
		out = append(out, &iteration{key: key, keyV: cty.StringVal(key), value: val, expr: expr, sc: sc})
	}
	slices.SortFunc(out, func(a, b *iteration) int { return strings.Compare(a.key, b.key) })
	return out, true
}

// resourceKeys gives for_each = aws_x.y (a resource expanded earlier with
// known keys) the keys of that resource; the values stay unknown.
func (e *estate) resourceKeys(sc scope, expr hclsyntax.Expression) ([]*iteration, bool) {
	st, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(st.Traversal) != 2 {
		return nil, false
	}
	nodes := sc.inst.resourceNodes(st.Traversal.RootName() + "." + stepName(st.Traversal, 1))
	if len(nodes) == 0 {
		return nil, false
	}
	out := make([]*iteration, 0, len(nodes))
	for _, n := range nodes {
		if n.key == "" {
			return nil, false
		}
		out = append(out, &iteration{key: n.key, keyV: cty.StringVal(n.key), value: cty.DynamicVal, expr: expr, sc: sc})
	}
	return out, true
}

// resourceNodes are the instances of the resource "type.name" in the
// module instance.
func (in *instance) resourceNodes(addr string) []*node {
	if r, ok := in.mod.resByAddr[addr]; ok {
		return in.nodes[r.index]
	}
	return nil
}

// address is the node's full address. It is made on first use: most
// resource instances are neither elements nor the source of an edge, and
// never need theirs.
func (n *node) address() string {
	if n.addr == "" {
		n.addr = joinAddr(n.inst.addr, n.res.addr)
		if n.keyed {
			n.addr = withKey(n.addr, n.key)
		}
	}
	return n.addr
}

// slab hands out elements of chunks of chunk (default slabChunk) or more
// at a time: one allocation for many small objects that live as long as
// the estate. Chunks stay small objects (under 32 KiB): the runtime gives
// a large one pages of its own, which fault in afresh at every scan.
type slab[T any] struct {
	free  []T
	chunk int
}

const slabChunk = 32

// take returns n zero elements, with no room to append into the next.
func (s *slab[T]) take(n int) []T {
	if n > len(s.free) {
		s.free = make([]T, max(n, cmp.Or(s.chunk, slabChunk)))
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// one returns a pointer to one zero element.
func (s *slab[T]) one() *T { return &s.take(1)[0] }

func joinAddr(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "." + s
}

// keySuffix renders a for_each key the way Terraform addresses show it.
func keySuffix(key string) string {
	return withKey("", key)
}

// withKey is addr followed by keySuffix(key), made in one allocation.
func withKey(addr, key string) string {
	var buf [96]byte
	b := append(buf[:0], addr...)
	b = append(b, '[')
	b = strconv.AppendQuote(b, key)
	return string(append(b, ']'))
}

// eval evaluates expr in a scope.
func (e *estate) eval(sc scope, expr hclsyntax.Expression) cty.Value {
	if expr == nil || e.deferred() {
		return cty.DynamicVal
	}
	return e.evalRead(sc, expr, e.info(expr))
}

// evalRead is eval of an expression already read.
func (e *estate) evalRead(sc scope, expr hclsyntax.Expression, x *exprInfo) cty.Value {
	if !x.evaluable || e.deferred() {
		return cty.DynamicVal
	}
	return evalChecked(e.evalCtx(sc), expr)
}

// evalIn is the package's evalIn with evaluable read once per expression.
func (e *estate) evalIn(ctx *hcl.EvalContext, expr hclsyntax.Expression) cty.Value {
	if expr == nil || e.deferred() || !e.info(expr).evaluable {
		return cty.DynamicVal
	}
	return evalChecked(ctx, expr)
}

// deferred reports whether the estate evaluates nothing (deferEval), and
// records that an evaluation was asked for.
func (e *estate) deferred() bool {
	if e.deferEval {
		e.evalDeferred = true
	}
	return e.deferEval
}

// evalCtx is the evaluation context of a scope: var, local, path and
// terraform of its instance, and each/count of its iteration. It is built
// once per instance and once per iteration: evaluation only reads it.
func (e *estate) evalCtx(sc scope) *hcl.EvalContext {
	if sc.each == nil {
		if sc.inst.plainCtx == nil {
			sc.inst.plainCtx = iterationCtx(e.baseCtx(sc.inst), cty.DynamicVal, cty.DynamicVal)
		}
		return sc.inst.plainCtx
	}
	if sc.each.ctx == nil || sc.each.ctxInst != sc.inst {
		sc.each.ctx, sc.each.ctxInst = iterationCtx(e.baseCtx(sc.inst), sc.each.keyV, sc.each.value), sc.inst
	}
	return sc.each.ctx
}

// iterationCtx is base with each.key and each.value, and count.index
// unknown.
func iterationCtx(base *hcl.EvalContext, key, value cty.Value) *hcl.EvalContext {
	child := base.NewChild()
	child.Variables = map[string]cty.Value{
		"each":  cty.ObjectVal(map[string]cty.Value{"key": key, "value": value}),
		"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}),
	}
	return child
}

func (e *estate) baseCtx(in *instance) *hcl.EvalContext {
	if in.ctx != nil {
		return in.ctx
	}
	vars := e.varObject(in)
	locals := make(map[string]cty.Value, len(in.mod.locals))
	for name := range in.mod.locals {
		locals[name] = e.localValue(in, name, 0)
	}
	in.ctx = &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":       vars,
			"local":     cty.ObjectVal(locals),
			"path":      e.pathObject(in),
			"terraform": terraformObject,
		},
		Functions: safeFunctions,
	}
	return in.ctx
}

// terraformObject is the terraform object of every evaluation.
var terraformObject = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})

// pathObject is the path object of an instance, built once.
func (e *estate) pathObject(in *instance) cty.Value {
	if in.pathObj != nil {
		return *in.pathObj
	}
	root := rootOf(in)
	obj := cty.ObjectVal(map[string]cty.Value{
		"module": cty.StringVal(in.mod.dir), "root": cty.StringVal(root.mod.dir), "cwd": cty.StringVal(root.mod.dir),
	})
	in.pathObj = &obj
	return obj
}

// varObject is the var object of an instance: what the call passes, else
// the variable's default, else (for a root) the tfvars value, else unknown.
func (e *estate) varObject(in *instance) cty.Value {
	if in.varObj != nil {
		return *in.varObj
	}
	vals := make(map[string]cty.Value, len(in.mod.variables))
	for name, v := range in.mod.variables {
		info := e.variableInfo(v)
		if in.call != nil {
			if a := in.call.arg(name); a != nil {
				vals[name] = info.convert(e.evalRead(scope{inst: in.parent, each: in.each}, a.expr, &a.info))
				continue
			}
		} else if x, ok := in.mod.tfvars[name]; ok {
			vals[name] = info.convert(e.evalIn(nil, x))
			continue
		}
		vals[name] = info.def
	}
	obj := cty.ObjectVal(vals)
	in.varObj = &obj
	return obj
}

// variableInfo is what a variable block declares, read once for every
// instance of its module: its type constraint and its default (unknown
// when it has none), converted to that type.
type variableInfo struct {
	ty    cty.Type
	typed bool // a type constraint that parses
	def   cty.Value
}

func (e *estate) variableInfo(v *block) *variableInfo {
	if v.variable != nil {
		return v.variable
	}
	info := &variableInfo{}
	if a, ok := v.body.Attributes["type"]; ok {
		if ty, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() {
			info.ty, info.typed = ty, true
		}
	}
	info.def = cty.DynamicVal
	if def, ok := v.body.Attributes["default"]; ok {
		info.def = info.convert(e.evalIn(nil, def.Expr))
	}
	v.variable = info
	return info
}

// convert converts a variable's value to its declared type, as Terraform
// does: a default ["a", "b"] of type set(string) is a set, so for_each can
// iterate it.
func (v *variableInfo) convert(val cty.Value) cty.Value {
	if !v.typed || !val.IsWhollyKnown() {
		return val
	}
	if out, err := convert.Convert(val, v.ty); err == nil {
		return out
	}
	return val
}

// localValue evaluates one local, evaluating the locals it names first.
func (e *estate) localValue(in *instance, name string, depth int) cty.Value {
	if v, ok := in.localVals[name]; ok {
		return v
	}
	a, ok := in.mod.locals[name]
	busy := memoKey{kind: memoLocalValue, attr: a}
	if !ok || in.memo[busy].busy || depth > maxRefDepth {
		return cty.DynamicVal
	}
	if in.memo == nil {
		in.memo = map[memoKey]memoEntry{}
	}
	in.memo[busy] = memoEntry{busy: true}
	needed := map[string]cty.Value{}
	for _, t := range e.info(a.Expr).vars {
		if t.root == "local" && len(t.t) > 1 {
			if step, ok := t.t[1].(hcl.TraverseAttr); ok {
				needed[step.Name] = e.localValue(in, step.Name, depth+1)
			}
		}
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":       e.varObject(in),
			"local":     cty.ObjectVal(needed),
			"path":      e.pathObject(in),
			"terraform": terraformObject,
		},
		Functions: safeFunctions,
	}
	v := e.evalIn(ctx, a.Expr)
	delete(in.memo, busy)
	if in.localVals == nil {
		in.localVals = map[string]cty.Value{}
	}
	in.localVals[name] = v
	return v
}
