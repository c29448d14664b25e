package policies

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
	"golang.org/x/sync/errgroup"
)

// DefaultTimeout bounds one evaluation when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// findingsQuery collects every finding of every rule package and of every
// ADR policy (Options.Modules), binding the namespace and package name so a
// malformed finding can be traced to its policy. New compiles it to check
// the modules; Evaluate runs the same per package (packageQueries).
const findingsQuery = `some ns in ["rules", "adr"]; data.archdrift[ns][pkg].finding[f]`

// Options configure New.
type Options struct {
	// Dirs are user policy directories (OS paths) searched recursively for
	// .rego files; _test.rego files are skipped. May be empty.
	Dirs []string
	// Timeout bounds one Evaluate; zero or negative means DefaultTimeout.
	Timeout time.Duration
	// MaxMemory bounds, in bytes, how much the heap may grow during one
	// Evaluate before it is stopped; zero or negative means
	// DefaultMaxMemory.
	MaxMemory int64
	// Modules are in-memory policies, the rego blocks of ADRs. One that
	// does not parse or compile is left out and reported by
	// Engine.Rejected instead of failing New.
	Modules []Module
}

// Input is the document every policy sees as `input`. Evaluate accepts any
// JSON-marshalable value; Input spells the contract (README.md) in Go.
// Evaluate adds the member `index`, lookups over the graphs (withIndex).
type Input struct {
	Documented *model.Graph `json:"documented"`
	Observed   *model.Graph `json:"observed"`
	Diff       *diff.Result `json:"diff"`
	ADRs       []any        `json:"adrs"`
	// ADRProblems are what is wrong with the ADRs (adr.Problem JSON).
	ADRProblems []any `json:"adr_problems"`
	// Technologies are the canonical technologies of each element, by id.
	Technologies map[string][]string `json:"technologies"`
	Change       *Change             `json:"change"`
	Config       map[string]any      `json:"config"`
}

// Change is the change under review (a pull request, or the commits since
// `check --base REF`), when there is one. Every path is relative to the
// checked root.
type Change struct {
	// Files are the files the change adds, modifies, deletes or renames
	// (both names).
	Files []string `json:"files"`
	// ModelFiles are the files the model was read from: the workspace and
	// its includes.
	ModelFiles []string `json:"model_files"`
	// ADRFiles are the ADRs, plus changed files in the ADR folder (a
	// deleted ADR is no longer read but is still a change to the ADRs).
	ADRFiles []string `json:"adr_files"`
}

// Engine evaluates the built-in and user policies. It is compiled once by
// New and safe for concurrent use.
type Engine struct {
	queries   []packageQuery
	timeout   time.Duration
	maxMemory int64
	rules     []Rule
	files     map[string][]string    // rule package name → its policy files
	adr       map[string]*adrPackage // ADR package name → what Modules declare
	rejected  []ModuleError
}

// New loads the built-in rules and every user policy under opts.Dirs,
// compiles them as Rego v1 in the sandbox (see sandboxCapabilities) and
// prepares the findings query. Errors name the policy file and line.
func New(ctx context.Context, opts Options) (*Engine, error) {
	files, err := readBuiltinFiles()
	if err != nil {
		return nil, err
	}
	user, err := readUserFiles(opts.Dirs)
	if err != nil {
		return nil, err
	}
	return newEngine(ctx, append(files, user...), opts)
}

// newEngine compiles files; New and the fuzz target share it.
func newEngine(ctx context.Context, files []policyFile, opts Options) (*Engine, error) {
	e := &Engine{timeout: opts.Timeout, maxMemory: opts.MaxMemory, files: map[string][]string{}}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	if e.maxMemory <= 0 {
		e.maxMemory = DefaultMaxMemory
	}
	caps := sandboxCapabilities()
	mods, err := parseModules(files, caps)
	if err != nil {
		return nil, err
	}
	if err := checkModules(mods); err != nil {
		return nil, err
	}
	e.rules, err = readRules(mods)
	if err != nil {
		return nil, err
	}
	mods = append(mods, e.addModules(mods, opts.Modules, caps)...)
	regoOpts := []func(*rego.Rego){
		rego.Query(findingsQuery),
		rego.Capabilities(caps),
		rego.SetRegoVersion(ast.RegoV1),
		rego.StrictBuiltinErrors(true),
	}
	for _, m := range mods {
		regoOpts = append(regoOpts, rego.ParsedModule(m.parsed))
		if name, _ := rulePackage(m.parsed); name != "" {
			e.files[name] = append(e.files[name], m.file.name)
		}
	}
	// The whole query is compiled once, which checks every module; then
	// each rule package gets a query of its own on the same compiler, so
	// that Evaluate can run packages side by side.
	var compiler *ast.Compiler
	regoOpts = append(regoOpts, rego.CompilerHook(func(c *ast.Compiler) { compiler = c }))
	if _, err := rego.New(regoOpts...).PrepareForEval(ctx); err != nil {
		return nil, policyError(err)
	}
	if e.queries, err = packageQueries(ctx, compiler, caps); err != nil {
		return nil, policyError(err)
	}
	for i, q := range e.queries {
		// Only the built-in file may declare the package (checkModules
		// refuses a user file that does): a rule of another file in it
		// would see a shard of the ADRs.
		q.byADR = q.ns == "rules" && q.pkg == shardedPackage && slices.Equal(e.files[q.pkg], []string{shardedFile})
		e.queries[i] = q
	}
	return e, nil
}

// shardedPackage is the rule package evaluated in shards of the ADRs
// (packageQuery.byADR): adr.violation, the longest package on a large
// estate. Each finding of it comes from one constraint of one ADR, and no
// constraint's findings depend on the others', so the findings over all
// ADRs are the union of those over shards of them.
const (
	shardedPackage = "adr_violation"
	shardedFile    = "builtin/adr_violation.rego"
)

// packageQuery is the findings query of one rule package, or (pkg "") of
// every ADR policy at once.
type packageQuery struct {
	ns, pkg string
	query   rego.PreparedEvalQuery
	// byADR says that the query may run in shards of input.adrs side by
	// side (shardedPackage).
	byADR bool
}

// packageQueries prepares, on an already compiled compiler, one findings
// query per package under data.archdrift.rules and one for the ADR
// policies: together they find what findingsQuery finds.
func packageQueries(ctx context.Context, compiler *ast.Compiler, caps *ast.Capabilities) ([]packageQuery, error) {
	var out []packageQuery
	prepare := func(ns, pkg, query string) error {
		q, err := rego.New(
			rego.Compiler(compiler),
			rego.Query(query),
			rego.Capabilities(caps),
			rego.SetRegoVersion(ast.RegoV1),
			rego.StrictBuiltinErrors(true),
		).PrepareForEval(ctx)
		if err != nil {
			return err
		}
		out = append(out, packageQuery{ns: ns, pkg: pkg, query: q})
		return nil
	}
	if node := compiler.RuleTree.Find(rulesPrefix); node != nil {
		for _, k := range node.Sorted {
			pkg, ok := k.(ast.String)
			if !ok {
				continue
			}
			if err := prepare("rules", string(pkg), fmt.Sprintf("data.archdrift.rules[%q].finding[f]", string(pkg))); err != nil {
				return nil, err
			}
		}
	}
	// Without ADR policies the query would find nothing: it is left out.
	if compiler.RuleTree.Find(adrNamespace) == nil {
		return out, nil
	}
	if err := prepare("adr", "", "data.archdrift.adr[pkg].finding[f]"); err != nil {
		return nil, err
	}
	return out, nil
}

// evalAll runs every package query on a pool of GOMAXPROCS workers: the
// packages do not depend on each other. On a large estate one of them (the
// ADR constraints) is most of an evaluation: it runs first, in one shard
// of the ADRs per worker.
func (e *Engine) evalAll(ctx context.Context, input ast.Value) ([]rego.ResultSet, error) {
	workers := runtime.GOMAXPROCS(0)
	shards := make([][]rego.ResultSet, len(e.queries))
	type task struct {
		query, shard int
		input        ast.Value
	}
	var first, rest []task
	var ins []ast.Value
	for i, q := range e.queries {
		if q.byADR && ins == nil {
			ins = adrShards(input, workers)
		}
		if q.byADR && len(ins) > 1 {
			shards[i] = make([]rego.ResultSet, len(ins))
			for s, in := range ins {
				first = append(first, task{i, s, in})
			}
			continue
		}
		shards[i] = make([]rego.ResultSet, 1)
		rest = append(rest, task{i, 0, input})
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, t := range append(first, rest...) {
		g.Go(func() error {
			rs, err := e.queries[t.query].query.Eval(ctx, rego.EvalParsedInput(t.input))
			shards[t.query][t.shard] = rs
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]rego.ResultSet, len(e.queries))
	for i, rss := range shards {
		if len(rss) == 1 {
			out[i] = rss[0]
			continue
		}
		var err error
		if out[i], err = mergeShards(rss); err != nil {
			return nil, err
		}
	}
	return out, nil
}

var adrsKey = ast.StringTerm("adrs")

// adrShards splits input into at most n inputs that differ only in
// input.adrs, each holding every n-th ADR; nil when input.adrs is not an
// array of at least two.
func adrShards(input ast.Value, n int) []ast.Value {
	obj, ok := input.(ast.Object)
	if !ok || n < 2 {
		return nil
	}
	t := obj.Get(adrsKey)
	if t == nil {
		return nil
	}
	adrs, ok := t.Value.(*ast.Array)
	if !ok || adrs.Len() < 2 {
		return nil
	}
	n = min(n, adrs.Len())
	parts := make([][]*ast.Term, n)
	for i := range adrs.Len() {
		parts[i%n] = append(parts[i%n], adrs.Elem(i))
	}
	out := make([]ast.Value, n)
	for s, part := range parts {
		items := make([][2]*ast.Term, 0, obj.Len())
		obj.Foreach(func(k, v *ast.Term) {
			if k.Equal(adrsKey) {
				v = ast.ArrayTerm(part...)
			}
			items = append(items, ast.Item(k, v))
		})
		out[s] = ast.NewObject(items...)
	}
	return out
}

// mergeShards joins the results of one query over shards of the ADRs into
// those of the query over all of them: a set of findings, in the order OPA
// enumerates a set (sorted), each finding once.
func mergeShards(shards []rego.ResultSet) (rego.ResultSet, error) {
	type result struct {
		r rego.Result
		f ast.Value
	}
	var all []result
	for _, rs := range shards {
		for _, r := range rs {
			f, err := ast.InterfaceToValue(r.Bindings["f"])
			if err != nil {
				return nil, err
			}
			all = append(all, result{r, f})
		}
	}
	slices.SortStableFunc(all, func(a, b result) int { return ast.Compare(a.f, b.f) })
	all = slices.CompactFunc(all, func(a, b result) bool { return ast.Compare(a.f, b.f) == 0 })
	out := make(rego.ResultSet, len(all))
	for i, x := range all {
		out[i] = x.r
	}
	return out, nil
}

// Rules lists the rule packages, built-in and user, sorted by ID.
func (e *Engine) Rules() []Rule {
	return slices.Clone(e.rules)
}

// Evaluate runs every policy over input (any JSON-marshalable value, usually
// an Input) and returns the findings in the published order
// (report.CompareFindings). A finding that breaks the output contract, a
// builtin error, running past the timeout or outgrowing the memory limit is
// an error naming the policy where OPA says which. Members of input
// converted early (ConvertEarly) are taken as they are.
func (e *Engine) Evaluate(ctx context.Context, input any, early ...*Early) ([]report.Finding, error) {
	value, err := inputValue(input, early...)
	if err != nil {
		return nil, err
	}
	return e.evaluate(ctx, withIndex(value, early...))
}

// evaluate is Evaluate on an input already converted by inputValue and
// indexed by withIndex.
func (e *Engine) evaluate(ctx context.Context, value ast.Value) ([]report.Finding, error) {
	memCtx, cancelMem := context.WithCancelCause(ctx)
	defer cancelMem(nil)
	evalCtx, cancel := context.WithTimeout(memCtx, e.timeout)
	defer cancel()
	stopWatch := watchMemory(cancelMem, e.maxMemory)
	results, err := e.evalAll(evalCtx, value)
	stopWatch()
	if err != nil {
		switch cause := context.Cause(memCtx); {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("policies: evaluation cancelled: %w", context.Cause(ctx))
		case errors.Is(cause, errMemory):
			return nil, fmt.Errorf("policies: evaluation stopped: a policy builds huge values (%w): %w", cause, evalError(err))
		case errors.Is(evalCtx.Err(), context.DeadlineExceeded):
			return nil, fmt.Errorf("policies: evaluation stopped after %s: a policy runs too long (a huge comprehension or numbers.range?): %w", e.timeout, evalError(err))
		}
		return nil, fmt.Errorf("policies: evaluate: %w", evalError(err))
	}
	var findings []report.Finding
	for i, rs := range results {
		for _, r := range rs {
			ns, pkg := e.queries[i].ns, e.queries[i].pkg
			if pkg == "" {
				pkg, _ = r.Bindings["pkg"].(string)
			}
			f, err := decodeFinding(r.Bindings["f"])
			if err != nil {
				return nil, fmt.Errorf("policies: %s: %w", e.describePackage(ns, pkg), err)
			}
			if ns == "adr" {
				f = e.attribute(pkg, f)
			}
			findings = append(findings, f)
		}
	}
	if findings == nil {
		findings = []report.Finding{}
	}
	slices.SortStableFunc(findings, report.CompareFindings)
	return findings, nil
}

// describePackage is "archdrift.<ns>.<name> (file, ...)".
func (e *Engine) describePackage(ns, name string) string {
	files := e.files[name]
	if ns == "adr" {
		files = nil
		if p := e.adr[name]; p != nil {
			files = p.modules
		}
	}
	if len(files) == 0 {
		return fmt.Sprintf("archdrift.%s.%s", ns, name)
	}
	return fmt.Sprintf("archdrift.%s.%s (%s)", ns, name, strings.Join(files, ", "))
}

// evalError puts the policy location, with its column, first in an OPA
// evaluation error.
func evalError(err error) error {
	var te *topdown.Error
	if errors.As(err, &te) && te.Location != nil {
		return locatedError{te}
	}
	return err
}

// locatedError is a topdown.Error shown as "file:line:col: message (code)".
type locatedError struct{ err *topdown.Error }

func (e locatedError) Error() string {
	return fmt.Sprintf("%s: %s (%s)", locationString(e.err.Location), e.err.Message, e.err.Code)
}

func (e locatedError) Unwrap() error { return e.err }
