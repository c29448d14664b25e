package terraform

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/terraform-config-inspect/tfconfig"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/sync/errgroup"

	"github.com/archdrift/archdrift/scanners"
)

// Bounds on hostile input. A file nested deeper than maxNesting would make
// the recursive-descent parser recurse that deep, so it is refused before
// parsing.
const (
	maxNesting   = 256
	maxFiles     = 20000
	maxVarsFiles = 16
)

// moduleDir is one directory of .tf files: one Terraform module, as parsed.
type moduleDir struct {
	dir       string
	resources []*block          // managed resources, in file order
	resByAddr map[string]*block // "type.name"
	data      map[string]*block // "type.name"
	variables map[string]*block
	locals    map[string]*hclsyntax.Attribute
	outputs   map[string]*hclsyntax.Attribute
	calls     []*moduleCall // sorted by name
	providers []*block
	// tfvars holds root variable values from terraform.tfvars and
	// *.auto.tfvars, read only when the directory is a root module.
	tfvars map[string]hclsyntax.Expression
	// broken is set when a file of the directory did not parse.
	broken bool
	// overrides is set when a module call is declared twice, or the
	// directory has override files: terraform-config-inspect then decides
	// which source wins.
	overrides bool
}

// block is one top-level block of a module: a resource, data source,
// variable or provider.
type block struct {
	file  string
	typ   string // resource or data type; provider name
	name  string
	addr  string // "type.name" of a resource or data source
	index int    // a resource's place in moduleDir.resources
	// body of a resource holds only what is read of it after the parse
	// (pruneResource); its sites were read from all of it.
	body *hclsyntax.Body
	// defRange is the block's def range (def). It is kept rather than
	// the block: a pointer to the block would keep the block's ranges
	// alive, several times the size of the one range needed.
	defRange hcl.Range

	// Read on first use and the same in every instance of the module
	// (syntax.go): the body's attributes, and a variable's declared type
	// and default value.
	sites    blockSites
	variable *variableInfo
}

// def is the block's def range: its type and labels.
func (b *block) def() hcl.Range { return b.defRange }

// moduleCall is a module block: its source and the arguments it passes.
// Its body is not kept: args hold every attribute of it, and there are
// thousands of calls of a shared module in a large estate.
type moduleCall struct {
	name   string
	source string
	file   string
	def    hcl.Range
	// dir, local and inside are localSource of the call, read once for
	// every instance of the calling module (estate.expand).
	dir           string
	local, inside bool
	// args are the attributes of the block, sorted by name: the arguments
	// it passes to variables, and its meta-arguments.
	args []callArg
}

// arg returns the argument the call passes to the variable name, or nil.
// Meta-arguments (count, for_each, source …) are not arguments.
func (c *moduleCall) arg(name string) *callArg {
	if metaArguments[name] {
		return nil
	}
	return c.attr(name)
}

// attr returns the block's attribute name, meta-arguments included, or nil.
func (c *moduleCall) attr(name string) *callArg {
	// A binary search written out: it runs for every variable of every
	// module instance, and slices.BinarySearchFunc calls its comparison
	// through a function value.
	lo, hi := 0, len(c.args)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.args[m].name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(c.args) && c.args[lo].name == name {
		return &c.args[lo]
	}
	return nil
}

// metaArguments of resource and module blocks are not references to
// dependencies.
var metaArguments = map[string]bool{
	"count": true, "for_each": true, "depends_on": true, "provider": true, "providers": true,
	"source": true, "version": true, "lifecycle": true, "provisioner": true, "connection": true,
}

// loadModules finds every directory holding .tf files and parses it.
func loadModules(ctx context.Context, fsys fs.FS, d *diagnostics) (map[string]*moduleDir, error) {
	files, err := scanners.Files(fsys, ".tf", ".tf.json")
	if err != nil {
		return nil, err
	}
	if len(files) > maxFiles {
		d.warn("", hcl.Range{}, "%d Terraform files, only the first %d are read", len(files), maxFiles)
		files = files[:maxFiles]
	}
	byDir := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(strings.ToLower(f), ".tf.json") {
			d.warn(f, hcl.Range{}, "JSON configuration is not analysed; its resources are not in the graph")
			continue
		}
		dir := path.Dir(f)
		byDir[dir] = append(byDir[dir], f)
	}
	dirs := make([]string, 0, len(byDir))
	for dir := range byDir {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	parsed, err := parseAll(ctx, fsys, dirs, byDir)
	if err != nil {
		return nil, err
	}
	tfs := boundedFS{fsys}
	mods := make(map[string]*moduleDir, len(dirs))
	for i, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m := parsed[i].mod
		d.replay(&parsed[i].diags)
		if !m.broken && m.needsInspect() {
			inspectCalls(tfs, m, d)
		}
		mods[dir] = m
	}
	return mods, nil
}

// parsedDir is a directory as the parse pool leaves it: its module, and
// the diagnostics of recording it, buffered.
type parsedDir struct {
	mod   *moduleDir
	diags diagnostics
}

// parseAll parses every file on a pool of GOMAXPROCS workers. The worker
// that parses the last file of a directory records the directory
// (parseModule), file after file, into a buffer that loadModules replays in
// directory order: diagnostics and duplicates come out as from one file
// after the other, and only the last directory to finish is recorded after
// the parse, while the other workers have nothing left to do.
func parseAll(ctx context.Context, fsys fs.FS, dirs []string, byDir map[string][]string) ([]parsedDir, error) {
	out := make([]parsedDir, len(dirs))
	type job struct{ dir, file int }
	var jobs []job
	parses := make([][]fileParse, len(dirs))
	// left counts the files of a directory not parsed yet; the atomic
	// decrement also orders every parse of it before the recording.
	left := make([]atomic.Int32, len(dirs))
	for i, dir := range dirs {
		parses[i] = make([]fileParse, len(byDir[dir]))
		left[i].Store(int32(len(byDir[dir])))
		for j := range byDir[dir] {
			jobs = append(jobs, job{i, j})
		}
	}
	// A fixed set of workers takes the files in turn: a goroutine per file
	// would grow a new stack for each of HCL's deep recursive descents.
	g, ctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		g.Go(func() error {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(jobs) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				i, j := jobs[k].dir, jobs[k].file
				dir, files := dirs[i], byDir[dirs[i]]
				parses[i][j] = parseSource(fsys, files[j])
				if left[i].Add(-1) == 0 {
					out[i].diags.buffered = true
					out[i].mod = parseModule(dir, files, parses[i], &out[i].diags)
					parses[i] = nil // what the module keeps, it holds itself
				}
			}
		})
	}
	return out, g.Wait()
}

// needsInspect reports whether terraform-config-inspect may read a module
// call's source differently: when hclsyntax read no literal source for a
// call, or calls are declared twice or overridden. Otherwise both read the
// same literal, and a second parse of the directory would only double the
// cost of a large estate.
func (m *moduleDir) needsInspect() bool {
	return m.overrides || slices.ContainsFunc(m.calls, func(c *moduleCall) bool { return c.source == "" })
}

// parseModule records the parsed files of one directory, parsed[i] being
// the parse of files[i].
func parseModule(dir string, files []string, parsed []fileParse, d *diagnostics) *moduleDir {
	// The maps are made at their size: counting the blocks first is
	// cheaper than growing them.
	var n struct{ resources, data, variables, locals, outputs, calls int }
	for i := range parsed {
		if parsed[i].body == nil {
			continue
		}
		for _, b := range parsed[i].body.Blocks {
			switch b.Type {
			case "resource":
				n.resources++
			case "data":
				n.data++
			case "variable", "provider":
				n.variables++
			case "locals":
				n.locals += len(b.Body.Attributes)
			case "output":
				n.outputs++
			case "module":
				n.calls++
			}
		}
	}
	m := &moduleDir{
		dir:       dir,
		resources: make([]*block, 0, n.resources),
		resByAddr: make(map[string]*block, n.resources),
		data:      make(map[string]*block, n.data),
		variables: make(map[string]*block, n.variables),
		locals:    make(map[string]*hclsyntax.Attribute, n.locals),
		outputs:   make(map[string]*hclsyntax.Attribute, n.outputs),
		calls:     make([]*moduleCall, 0, n.calls),
	}
	calls := make(map[string]*moduleCall, n.calls)
	// The module's blocks and calls are made a chunk at a time (slab): they
	// live as long as the module.
	alloc := &moduleAlloc{
		blocks: slab[block]{free: make([]block, min(n.resources+n.data+n.variables, slabChunk))},
		calls:  slab[moduleCall]{free: make([]moduleCall, min(n.calls, slabChunk))},
	}
	for i, name := range files {
		if base := strings.TrimSuffix(path.Base(name), ".tf"); base == "override" || strings.HasSuffix(base, "_override") {
			m.overrides = true
		}
		p := &parsed[i]
		body, ok := p.record(name, d)
		if !ok {
			m.broken = true
		}
		if body != nil {
			m.addFile(name, body, p, calls, alloc, d)
		}
	}
	for _, c := range calls {
		m.calls = append(m.calls, c)
	}
	slices.SortFunc(m.calls, func(a, b *moduleCall) int { return strings.Compare(a.name, b.name) })
	return m
}

// parseFile reads and parses one file. The body may be partial when the file
// has errors (ok is then false); it is nil when nothing could be read.
func parseFile(fsys fs.FS, name string, d *diagnostics) (body *hclsyntax.Body, ok bool) {
	p := parseSource(fsys, name)
	return p.record(name, d)
}

// fileParse is what reading and parsing one file gave, before its
// diagnostics are recorded: parsing runs on many goroutines, recording on
// one.
type fileParse struct {
	body  *hclsyntax.Body
	ok    bool
	diags hcl.Diagnostics
	// problem is why the file was not parsed at all, at the range at.
	problem string
	at      hcl.Range
	// sites are those of each resource block, and args the arguments of
	// each module block, by the block's index in body.Blocks
	// (readBlockSyntax).
	sites []blockSites
	args  [][]callArg
}

func parseSource(fsys fs.FS, name string) fileParse {
	src, err := scanners.ReadFile(fsys, name)
	if err != nil {
		return fileParse{problem: fmt.Sprintf("unreadable: %v", err)}
	}
	if depth, at := nestingDepth(src); depth > maxNesting {
		return fileParse{problem: fmt.Sprintf("nesting deeper than %d levels, file skipped", maxNesting), at: at}
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	p := fileParse{diags: diags}
	if f != nil {
		p.body, _ = f.Body.(*hclsyntax.Body)
		p.ok = !diags.HasErrors()
	}
	if p.body != nil {
		p.sites, p.args = readBlockSyntax(p.body)
	}
	return p
}

// readBlockSyntax reads the sites of every resource block of a file and
// the arguments of every module block (syntax.go). It runs on the parse
// pool, beside the parse, rather than on the one goroutine that expands and
// resolves the estate afterwards: what the scanner reads of a body does not
// depend on anything outside it.
func readBlockSyntax(body *hclsyntax.Body) (sites []blockSites, args [][]callArg) {
	var w exprWalker
	for i, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			if sites == nil {
				sites = make([]blockSites, len(body.Blocks))
			}
			sites[i] = w.readSites(b.Body)
			pruneResource(b.Body, specFor(b.Labels[0]))
		case b.Type == "module" && len(b.Labels) == 1:
			if args == nil {
				args = make([][]callArg, len(body.Blocks))
			}
			args[i] = w.readArgs(b.Body)
		}
	}
	return sites, args
}

// pruneResource drops from a resource body, once its sites are read, the
// attributes and nested blocks nothing reads afterwards: expansion reads
// count and for_each, and only when the resource is an element, naming
// reads the first step of its spec's Names and Engine paths and tags
// (estate.name, technology, elementTag); references come from the sites.
// Resource bodies are most of a module's syntax tree, and the scan keeps
// every module's tree until the graph is built, so most of what they hold
// (policy documents, environments, settings) would otherwise stay live for
// the whole scan, to be marked at every collection. Bodies keep their blocks
// in order, so the first block of a type is still the one lookupExpr finds.
func pruneResource(body *hclsyntax.Body, spec *typeSpec) {
	keep := func(name string) bool {
		switch {
		case name == "count" || name == "for_each":
			return true
		case spec.Role != element:
			return false
		case name == "tags" || name == "tags_all" || name == "labels":
			return true
		case spec.Engine != "" && firstStep(spec.Engine) == name:
			return true
		}
		return slices.ContainsFunc(spec.Names, func(p string) bool { return firstStep(p) == name })
	}
	// Deleting from a map frees none of its memory: a map of more than
	// eight (one group of slots) is copied, one that keeps nothing (most)
	// becomes nil, which reads as empty.
	kept := 0
	for name := range body.Attributes {
		if keep(name) {
			kept++
		}
	}
	switch {
	case kept == 0:
		body.Attributes = nil
	case kept == len(body.Attributes):
	case len(body.Attributes) > 8:
		attrs := make(hclsyntax.Attributes, kept)
		for name, a := range body.Attributes {
			if keep(name) {
				attrs[name] = a
			}
		}
		body.Attributes = attrs
	default:
		maps.DeleteFunc(body.Attributes, func(name string, _ *hclsyntax.Attribute) bool { return !keep(name) })
	}
	body.Blocks = slices.DeleteFunc(body.Blocks, func(b *hclsyntax.Block) bool { return !keep(b.Type) })
}

// firstStep is the first step of an attribute path ("environment" of
// "environment.variables").
func firstStep(p string) string {
	first, _, _ := strings.Cut(p, ".")
	return first
}

// record adds the file's diagnostics to d and returns its body.
func (p *fileParse) record(name string, d *diagnostics) (*hclsyntax.Body, bool) {
	if p.problem != "" {
		d.error(name, p.at, "%s", p.problem)
		return nil, false
	}
	d.addHCL(p.diags)
	return p.body, p.ok
}

// nestingDepth is the deepest bracket nesting of src and where it first
// goes deeper than maxNesting (its line and byte column). It over-counts
// brackets inside strings, which only makes it stricter. Every file goes
// through it, so it counts lines only for the one position it reports, and
// tells brackets from the other bytes with one table lookup.
func nestingDepth(src []byte) (int, hcl.Range) {
	depth, deepest := 0, 0
	var at hcl.Range
	for i, c := range src {
		switch brackets[c] {
		case 0:
		case 1:
			depth++
			if depth > deepest {
				deepest = depth
				if deepest == maxNesting+1 {
					lastNL := bytes.LastIndexByte(src[:i], '\n')
					at = hcl.Range{Start: hcl.Pos{Line: 1 + bytes.Count(src[:i], []byte{'\n'}), Column: i - lastNL, Byte: i}}
				}
			}
		default:
			if depth > 0 {
				depth--
			}
		}
	}
	return deepest, at
}

// brackets is 1 for an opening bracket, -1 for a closing one.
var brackets = [256]int8{'(': 1, '[': 1, '{': 1, ')': -1, ']': -1, '}': -1}

// addFile records the top-level blocks of one file.
// moduleAlloc is where parseModule takes the blocks and calls of one
// module from.
type moduleAlloc struct {
	blocks slab[block]
	calls  slab[moduleCall]
}

func (m *moduleDir) addFile(file string, body *hclsyntax.Body, p *fileParse, calls map[string]*moduleCall, alloc *moduleAlloc, d *diagnostics) {
	for i, b := range body.Blocks {
		switch b.Type {
		case "resource", "data":
			if len(b.Labels) != 2 {
				d.error(file, b.DefRange(), "%s block needs a type and a name", b.Type)
				m.broken = true
				continue
			}
			addr := b.Labels[0] + "." + b.Labels[1]
			blk := alloc.blocks.one()
			*blk = block{file: file, typ: b.Labels[0], name: b.Labels[1], addr: addr, body: b.Body, defRange: b.DefRange()}
			if i < len(p.sites) {
				blk.sites = p.sites[i]
			}
			if b.Type == "data" {
				if _, dup := m.data[addr]; !dup {
					m.data[addr] = blk
				}
				continue
			}
			if _, dup := m.resByAddr[addr]; dup {
				d.error(file, b.DefRange(), "duplicate resource %s", addr)
				continue
			}
			m.resByAddr[addr] = blk
			blk.index = len(m.resources)
			m.resources = append(m.resources, blk)
		case "variable", "provider":
			if len(b.Labels) != 1 {
				d.error(file, b.DefRange(), "%s block needs one name", b.Type)
				m.broken = true
				continue
			}
			blk := alloc.blocks.one()
			*blk = block{file: file, typ: b.Labels[0], name: b.Labels[0], body: b.Body, defRange: b.DefRange()}
			if b.Type == "provider" {
				m.providers = append(m.providers, blk)
			} else if _, dup := m.variables[blk.name]; !dup {
				m.variables[blk.name] = blk
			}
		case "locals":
			for name, a := range b.Body.Attributes {
				if _, dup := m.locals[name]; !dup {
					m.locals[name] = a
				}
			}
		case "output":
			if len(b.Labels) == 1 {
				if a, ok := b.Body.Attributes["value"]; ok {
					m.outputs[b.Labels[0]] = a
				}
			}
		case "module":
			if len(b.Labels) != 1 {
				d.error(file, b.DefRange(), "module block needs one name")
				m.broken = true
				continue
			}
			if _, dup := calls[b.Labels[0]]; dup {
				d.error(file, b.DefRange(), "duplicate module call %q", b.Labels[0])
				m.overrides = true
				continue
			}
			c := alloc.calls.one()
			*c = moduleCall{name: b.Labels[0], file: file, def: b.DefRange()}
			if i < len(p.args) {
				c.args = p.args[i]
			}
			if a, ok := b.Body.Attributes["source"]; ok {
				c.source = sourceString(a.Expr)
			}
			calls[c.name] = c
		}
	}
}

// sourceString is the value of a module call's source when it is a known
// string, else "". A quoted literal (nearly every source) is read from the
// syntax tree: evaluating the template would make the same string again,
// for each of thousands of calls.
func sourceString(expr hclsyntax.Expression) string {
	if t, ok := expr.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
		if lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() && !lit.Val.IsMarked() {
			return lit.Val.AsString()
		}
	}
	if v, diags := expr.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().FriendlyName() == "string" {
		return v.AsString()
	}
	return ""
}

// inspectCalls asks terraform-config-inspect for the module's calls: it is
// the reference reading of module sources (and of the legacy syntaxes it
// still understands). The calls' arguments come from the hclsyntax parse,
// which has already reported every syntax and structure problem, so the
// inspector's own diagnostics would only repeat them. A directory without
// module blocks is not inspected: it has no calls to read, and parsing it
// twice would double the cost of a large estate.
func inspectCalls(tfs boundedFS, m *moduleDir, d *diagnostics) {
	mod, _, panicked := loadInspect(tfs, m.dir)
	if panicked != nil {
		d.error(m.dir, hcl.Range{}, "terraform-config-inspect failed: %v", panicked)
		return
	}
	if mod == nil {
		return
	}
	for _, c := range m.calls {
		if mc, ok := mod.ModuleCalls[c.name]; ok && mc.Source != "" {
			c.source = mc.Source
		}
	}
}

// loadInspect runs tfconfig, turning a panic of its legacy HCL fallback on
// hostile input into an error.
func loadInspect(tfs boundedFS, dir string) (mod *tfconfig.Module, diags tfconfig.Diagnostics, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			mod, diags, panicked = nil, nil, r
		}
	}()
	mod, diags = tfconfig.LoadModuleFromFilesystem(tfs, dir)
	return mod, diags, nil
}

// boundedFS adapts an fs.FS to terraform-config-inspect, reading through
// scanners.ReadFile so that its reads are size-bounded too.
type boundedFS struct{ fsys fs.FS }

func (b boundedFS) Open(name string) (tfconfig.File, error) { return b.fsys.Open(name) }

func (b boundedFS) ReadFile(name string) ([]byte, error) { return scanners.ReadFile(b.fsys, name) }

func (b boundedFS) ReadDir(dir string) ([]os.FileInfo, error) {
	entries, err := fs.ReadDir(b.fsys, dir)
	if err != nil {
		return nil, err
	}
	out := make([]os.FileInfo, 0, len(entries))
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, info)
	}
	return out, nil
}

// readTFVars reads root variable values from terraform.tfvars and
// *.auto.tfvars in dir.
func readTFVars(fsys fs.FS, dir string, d *diagnostics) map[string]hclsyntax.Expression {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var out map[string]hclsyntax.Expression
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(name == "terraform.tfvars" || strings.HasSuffix(name, ".auto.tfvars")) {
			continue
		}
		if n++; n > maxVarsFiles {
			break
		}
		body, _ := parseFile(fsys, path.Join(dir, name), d)
		if body == nil {
			continue
		}
		for k, a := range body.Attributes {
			if out == nil {
				out = map[string]hclsyntax.Expression{}
			}
			out[k] = a.Expr
		}
	}
	return out
}

// localSource reports whether a module source is a local path, and the
// directory it names relative to the file system root. ok is false for
// registry, git and other remote sources; inside is false for a local path
// that leaves the root.
func localSource(callerDir, source string) (dir string, local, inside bool) {
	if !strings.HasPrefix(source, "./") && !strings.HasPrefix(source, "../") && source != "." && source != ".." {
		return "", false, false
	}
	dir = path.Clean(path.Join(callerDir, source))
	if dir == ".." || strings.HasPrefix(dir, "../") {
		return "", true, false
	}
	return dir, true, true
}
