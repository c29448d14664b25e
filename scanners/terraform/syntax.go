package terraform

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// A module's bodies are the same in every instance of the module: a shared
// module called two thousand times has two thousand instances, which would
// otherwise each walk the same expressions for their traversals, their size
// and their index expressions, and read the same traversals into
// addresses. What does not depend on the instance is read here once (on
// the parse pool for resource bodies and module arguments, else on first
// use) and kept; what does (values, reference targets) is computed per
// instance.

// exprInfo is what the scanner reads of one expression, whatever the
// instance.
type exprInfo struct {
	// evaluable: small and flat enough to evaluate (see evaluable).
	evaluable bool
	// vars are the expression's traversals (hclsyntax.Variables), in order.
	vars []traversal
	// hints are its index expressions whose collection is a traversal
	// (aws_sqs_queue.q[each.key]), in walk order (see keyHints).
	hints []hintSite
}

// hintSite is an index expression: the byte offset of its collection's
// traversal and its key.
type hintSite struct {
	at  int
	key hclsyntax.Expression
}

// traversal is one traversal of an expression, with the parts resolve
// reads of it.
type traversal struct {
	t    hcl.Traversal
	root string
	name string // the second step's attribute name: var.NAME, local.NAME, module.NAME, TYPE.NAME
	// addr is the address the traversal names in its module: "TYPE.NAME"
	// of a resource (for any root resolve does not handle itself), "TYPE.NAME"
	// of data.TYPE.NAME.
	addr string
	// key is the third step, an index, as a string, when it is one
	// (aws_x.y["k"], module.m["k"]).
	key   string
	keyOK bool
}

// info returns what the scanner reads of expr, reading it on first use.
// The expressions of resource and data source bodies and the arguments of
// module calls carry theirs with them instead (sites, callArg): they are
// the bulk of a module, and most are read once, so a map entry for each
// would cost more than it saves.
func (e *estate) info(expr hclsyntax.Expression) *exprInfo {
	if x, ok := e.exprs[expr]; ok {
		return x
	}
	x := new(exprInfo)
	*x = e.walker.read(expr)
	if e.exprs == nil {
		e.exprs = map[hclsyntax.Expression]*exprInfo{}
	}
	e.exprs[expr] = x
	return x
}

// read walks expr once for what evaluable, hclsyntax.Variables and
// keyHints each used to walk it for.
func (w *exprWalker) read(expr hclsyntax.Expression) exprInfo {
	x := w.walk(expr)
	if len(w.vars) > 0 {
		x.vars = make([]traversal, len(w.vars))
		for i, t := range w.vars {
			x.vars[i] = readTraversal(t)
		}
	}
	return x
}

// walk is read leaving the traversals in w.vars, unread.
func (w *exprWalker) walk(expr hclsyntax.Expression) exprInfo {
	w.evalGuard = evalGuard{}
	w.vars, w.hints, w.localScopes = w.vars[:0], w.hints[:0], w.localScopes[:0]
	walkExpr(expr, w)
	return exprInfo{evaluable: !w.tooBig, hints: slices.Clone(w.hints)}
}

func readTraversal(t hcl.Traversal) traversal {
	r := traversal{t: t, root: t.RootName(), name: stepName(t, 1)}
	switch r.root {
	case "count", "path", "terraform", "self", "each", "var", "local", "module":
	case "data":
		r.addr = r.name + "." + stepName(t, 2)
	default:
		if r.name != "" {
			r.addr = r.root + "." + r.name
		}
	}
	if len(t) > 2 {
		if ix, ok := t[2].(hcl.TraverseIndex); ok {
			r.key, r.keyOK = asString(ix.Key)
		}
	}
	return r
}

// exprWalker does in one walk what evalGuard (the size of an expression),
// hclsyntax.Variables (its traversals of the root scope: the walker is
// hclsyntax's variablesWalker, which hides the names a for expression
// declares in the scope it opens) and keyHints (its index expressions) did
// in three. Each goroutine that reads keeps one and reuses it, so that
// reading an expression allocates only what is kept of it.
type exprWalker struct {
	evalGuard
	vars        []hcl.Traversal
	localScopes []map[string]struct{}
	hints       []hintSite
	// siteVars and siteCounts gather the traversals of a body's sites,
	// and how many each has, for readSites.
	siteVars   []hcl.Traversal
	siteCounts []int
}

func (w *exprWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	switch x := n.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		if len(w.localScopes) == 0 || !w.local(x.Traversal.RootName()) {
			w.vars = append(w.vars, x.Traversal)
		}
	case hclsyntax.ChildScope:
		w.localScopes = append(w.localScopes, x.LocalNames)
	case *hclsyntax.IndexExpr:
		if coll, ok := x.Collection.(*hclsyntax.ScopeTraversalExpr); ok {
			w.hints = append(w.hints, hintSite{at: coll.SrcRange.Start.Byte, key: x.Key})
		}
	}
	return w.evalGuard.Enter(n)
}

func (w *exprWalker) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(hclsyntax.ChildScope); ok {
		w.localScopes = w.localScopes[:len(w.localScopes)-1]
	}
	return w.evalGuard.Exit(n)
}

func (w *exprWalker) local(name string) bool {
	for _, names := range w.localScopes {
		if _, ok := names[name]; ok {
			return true
		}
	}
	return false
}

// walkExpr calls w.Enter and w.Exit on n and on every node below it in the
// order hclsyntax.Walk does, without the closure Walk allocates per node:
// walking resource bodies allocated more than all the rest the scanner
// keeps of them. The expression types written most are walked here, their
// children in the order of their walkChildNodes; any other subtree (for
// expressions and the scopes they open, syntax errors, types hcl may add)
// is handed to hclsyntax.Walk itself. TestWalkExpr holds the two to the
// same sequence on every expression of the test estates.
func walkExpr(n hclsyntax.Node, w hclsyntax.Walker) {
	switch x := n.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr, *hclsyntax.AnonSymbolExpr:
		w.Enter(n)
	case *hclsyntax.TemplateExpr:
		w.Enter(n)
		for _, p := range x.Parts {
			walkExpr(p, w)
		}
	case *hclsyntax.TemplateWrapExpr:
		w.Enter(n)
		walkExpr(x.Wrapped, w)
	case *hclsyntax.TemplateJoinExpr:
		w.Enter(n)
		walkExpr(x.Tuple, w)
	case *hclsyntax.TupleConsExpr:
		w.Enter(n)
		for _, v := range x.Exprs {
			walkExpr(v, w)
		}
	case *hclsyntax.ObjectConsExpr:
		w.Enter(n)
		for _, it := range x.Items {
			walkExpr(it.KeyExpr, w)
			walkExpr(it.ValueExpr, w)
		}
	case *hclsyntax.ObjectConsKeyExpr:
		w.Enter(n)
		// hclsyntax walks the key only when it is not read as a literal
		// name (ObjectConsKeyExpr.literalName).
		if hcl.ExprAsKeyword(x.Wrapped) == "" {
			walkExpr(x.Wrapped, w)
		}
	case *hclsyntax.FunctionCallExpr:
		w.Enter(n)
		for _, a := range x.Args {
			walkExpr(a, w)
		}
	case *hclsyntax.IndexExpr:
		w.Enter(n)
		walkExpr(x.Collection, w)
		walkExpr(x.Key, w)
	case *hclsyntax.RelativeTraversalExpr:
		w.Enter(n)
		walkExpr(x.Source, w)
	case *hclsyntax.SplatExpr:
		w.Enter(n)
		walkExpr(x.Source, w)
		walkExpr(x.Each, w)
	case *hclsyntax.BinaryOpExpr:
		w.Enter(n)
		walkExpr(x.LHS, w)
		walkExpr(x.RHS, w)
	case *hclsyntax.UnaryOpExpr:
		w.Enter(n)
		walkExpr(x.Val, w)
	case *hclsyntax.ConditionalExpr:
		w.Enter(n)
		walkExpr(x.Condition, w)
		walkExpr(x.TrueResult, w)
		walkExpr(x.FalseResult, w)
	case *hclsyntax.ParenthesesExpr:
		w.Enter(n)
		walkExpr(x.Expression, w)
	default:
		hclsyntax.Walk(n, w)
		return
	}
	w.Exit(n)
}

// site is one attribute of a resource or data source body, nested and
// dynamic blocks included: its path ("environment.variables"), what the
// scanner reads of its expression, and the dynamic block iterators in
// scope there.
type site struct {
	path  string
	expr  exprInfo
	iters map[string]*dynIter
}

// blockSites are the sites of a resource or data source body.
type blockSites struct {
	sites []site
	read  bool
	// vars is how many traversals the sites hold: about the number of
	// references a resource instance has.
	vars int
}

// readSites reads the sites of a resource or data source body, in the
// order blockRefs reports them.
func (w *exprWalker) readSites(body *hclsyntax.Body) blockSites {
	w.siteVars, w.siteCounts = w.siteVars[:0], w.siteCounts[:0]
	bs := blockSites{sites: w.appendSites(nil, body, "", nil, true), read: true}
	// The traversals of all the sites are read into one slice, of which
	// each site holds its part: one allocation per body, not per site.
	if len(w.siteVars) > 0 {
		all := make([]traversal, len(w.siteVars))
		for i, t := range w.siteVars {
			all[i] = readTraversal(t)
		}
		off := 0
		for i := range bs.sites {
			if n := w.siteCounts[i]; n > 0 {
				bs.sites[i].expr.vars = all[off : off+n : off+n]
				off += n
			}
		}
	}
	bs.vars = len(w.siteVars)
	return bs
}

// readSite reads the expression of one site, gathering its traversals
// for readSites.
func (w *exprWalker) readSite(expr hclsyntax.Expression) exprInfo {
	x := w.walk(expr)
	w.siteVars = append(w.siteVars, w.vars...)
	w.siteCounts = append(w.siteCounts, len(w.vars))
	return x
}

// sites returns the sites of a block, reading them on first use: the
// parse reads those of every resource (parseSource), data sources are read
// when something references them.
func (e *estate) sites(b *block) *blockSites {
	if !b.sites.read {
		b.sites = e.walker.readSites(b.body)
	}
	return &b.sites
}

// callArg is an argument a module call passes: its name, its expression
// and what the scanner reads of it.
type callArg struct {
	name string
	expr hclsyntax.Expression
	info exprInfo
}

// readArgs reads the attributes of a module block, sorted by name.
func (w *exprWalker) readArgs(body *hclsyntax.Body) []callArg {
	// The names are sorted, not the arguments: a callArg is large, and
	// moving one moves pointers the garbage collector must be told of.
	var buf [16]string
	names := buf[:0]
	for name := range body.Attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]callArg, len(names))
	for i, name := range names {
		expr := body.Attributes[name].Expr
		out[i] = callArg{name: name, expr: expr, info: w.read(expr)}
	}
	return out
}

// countAttributes is how many attributes body holds, in nested blocks
// too: about as many sites as appendSites makes of it.
func countAttributes(body *hclsyntax.Body) int {
	n := len(body.Attributes)
	for _, b := range body.Blocks {
		n += countAttributes(b.Body)
	}
	return n
}

// appendSites appends the attributes of body, sorted by name, then those of
// its nested blocks in order: a dynamic block's content counts under the
// block's label, with its iterator in scope.
func (w *exprWalker) appendSites(out []site, body *hclsyntax.Body, prefix string, iters map[string]*dynIter, top bool) []site {
	if out == nil {
		out = make([]site, 0, countAttributes(body))
	}
	var buf [16]string
	names := buf[:0]
	for name := range body.Attributes {
		if !(top && metaArguments[name]) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		out = append(out, site{path: prefix + name, expr: w.readSite(body.Attributes[name].Expr), iters: iters})
	}
	for _, b := range body.Blocks {
		if top && metaArguments[b.Type] {
			continue
		}
		if b.Type != "dynamic" {
			out = w.appendSites(out, b.Body, prefix+b.Type+".", iters, false)
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
				out = w.appendSites(out, cb.Body, prefix+label+".", inner, false)
			}
		}
	}
	return out
}
