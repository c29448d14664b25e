package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/internal/dircache"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
	"github.com/archdrift/archdrift/scanners"
)

// repo is an opened repository root and its configuration.
type repo struct {
	root string
	fsys fs.FS
	cfg  *config.Config
	// dirs is fsys; close releases it and the root.
	dirs   *dircache.FS
	osRoot *os.Root
}

// close releases the open directories. Nothing reads the repository after
// the function that opened it returns.
func (rp *repo) close() {
	rp.dirs.Close()
	rp.osRoot.Close()
}

func open(o *Options) (*repo, error) {
	if o.Root == "" {
		o.Root = "."
	}
	st, err := os.Stat(o.Root)
	if err != nil {
		return nil, inputErr("%w", err)
	}
	if !st.IsDir() {
		return nil, inputErr("%s is not a directory", o.Root)
	}
	r, err := os.OpenRoot(o.Root)
	if err != nil {
		return nil, inputErr("%w", err)
	}
	dirs := dircache.NewRoot(r)
	rp := &repo{root: o.Root, fsys: dirs, dirs: dirs, osRoot: r}
	if o.ConfigFile != "" {
		b, err := os.ReadFile(o.ConfigFile)
		if err != nil {
			rp.close()
			return nil, inputErr("config: %w", err)
		}
		if rp.cfg, err = config.Parse(o.ConfigFile, b); err != nil {
			rp.close()
			return nil, &InputError{Err: err}
		}
	} else {
		cfg, _, err := config.Load(rp.fsys, config.FileName)
		if err != nil {
			rp.close()
			return nil, &InputError{Err: err}
		}
		rp.cfg = cfg
	}
	return rp, nil
}

// Document reads and validates the documented model only.
func Document(ctx context.Context, o Options) (*Documented, error) {
	rp, err := open(&o)
	if err != nil {
		return nil, err
	}
	defer rp.close()
	return rp.document(&o)
}

// Observed is the merged result of the scanners that ran.
type Observed struct {
	Graph       *model.Graph
	Diagnostics []model.Diagnostic
	Scanners    []scanners.Scanner
}

func (rp *repo) observe(ctx context.Context, o *Options) (*Observed, error) {
	names := o.Scanners
	if len(names) == 0 {
		names = rp.cfg.Scanners
	}
	reg := Registry(o)
	// Each scanner starts once its own Detect says so: the code scanner's
	// walks the whole tree, which the others need not wait for.
	list, detect, err := reg.Candidates(names)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	// A result's scanner is nil when its Detect found nothing.
	type result struct {
		s     scanners.Scanner
		g     *model.Graph
		diags []model.Diagnostic
		err   error
	}
	results := make([]result, len(list))
	var wg sync.WaitGroup
	for i, s := range list {
		wg.Go(func() {
			if detect && !s.Detect(rp.fsys) {
				return
			}
			o.logf("scanning with %s", s.Name())
			in := scanners.Input{FS: rp.fsys, Root: rp.root, Progress: o.Progress}
			g, diags, err := s.Scan(ctx, in)
			results[i] = result{s, g, diags, err}
		})
	}
	wg.Wait()
	out := &Observed{Graph: model.NewGraph()}
	var errs []error
	for _, r := range results {
		if r.s == nil {
			continue
		}
		out.Scanners = append(out.Scanners, r.s)
		if r.err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.s.Name(), r.err))
			continue
		}
		out.Diagnostics = append(out.Diagnostics, r.diags...)
		if r.g != nil {
			out.Graph.AddGraph(r.g)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, e := range out.Graph.Elements() {
		if rp.cfg.Excluded(e.ID) {
			out.Graph.RemoveElement(e.ID)
		}
	}
	out.Graph.ResolveReferences()
	return out, nil
}

// Observe runs the scanners only.
func Observe(ctx context.Context, o Options) (*Observed, error) {
	rp, err := open(&o)
	if err != nil {
		return nil, err
	}
	defer rp.close()
	return rp.observe(ctx, &o)
}

// Result is everything a check produced: the report and what it was made
// from, for reporters that draw the graphs.
type Result struct {
	Report     *report.Report
	Documented *Documented
	Observed   *Observed
	Diff       *diff.Result
	Decisions  *Decisions
	Config     *config.Config
	// Rules lists every rule that ran, built-in and user, for reporters
	// that describe them.
	Rules []policies.Rule
	// Input is what the policies evaluated, for benchmarks and tests of
	// the policy stage alone.
	Input *PolicyInput
}

// Run is the main job. The scanners, which read most of the files, start
// first; the model, the ADRs and the policy engine, which need none of
// their results, are read and compiled meanwhile.
func Run(ctx context.Context, o Options) (*Result, error) {
	rp, err := open(&o)
	if err != nil {
		return nil, err
	}
	defer rp.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		obs    *Observed
		obsErr error
		done   = make(chan struct{})
	)
	go func() {
		defer close(done)
		obs, obsErr = rp.observe(ctx, &o)
	}()
	// stop abandons the scan when the documented side is unusable: its
	// error is the one to report, as when nothing ran in parallel.
	stop := func(err error) (*Result, error) {
		cancel()
		<-done
		return nil, err
	}
	doc, err := rp.document(&o)
	if err != nil {
		return stop(err)
	}
	// The graphs are the largest part of the policy input: each is
	// converted as soon as it is complete, the documented one while the
	// scanners run, the observed one beside the diff.
	docEarly := policies.ConvertEarly(doc.Workspace.Graph)
	dec, err := rp.decisions(&o, doc)
	if err != nil {
		return stop(err)
	}
	dirs, err := rp.policyDirs(&o)
	if err != nil {
		return stop(err)
	}
	eng, engErr := policies.New(ctx, policies.Options{Dirs: dirs, Timeout: o.PolicyTimeout, Modules: adrModules(dec.Records)})
	<-done
	if obsErr != nil {
		return nil, obsErr
	}
	if engErr != nil {
		return nil, &InputError{Err: engErr}
	}
	addModuleProblems(dec, eng.Rejected())
	obsEarly := policies.ConvertEarly(obs.Graph)
	// The technology table and the diff only read the graphs: they are
	// worked out side by side.
	var techs map[string][]string
	techsDone := make(chan struct{})
	go func() {
		defer close(techsDone)
		techs = technologies(doc.Workspace.Graph, obs.Graph)
	}()
	dres := diff.Compare(doc.Workspace.Graph, obs.Graph, diff.Options{
		Mappings: rp.cfg.Mappings,
		Prefixes: rp.cfg.Prefixes,
		CouldSee: func(e *model.Element) bool {
			return slices.ContainsFunc(obs.Scanners, func(s scanners.Scanner) bool { return scanners.CouldSee(s, e) })
		},
	})
	<-techsDone
	o.logf("evaluating policies")
	input := PolicyInput{
		Documented:   doc.Workspace.Graph,
		Observed:     obs.Graph,
		Diff:         dres,
		ADRs:         dec.Records,
		ADRProblems:  dec.Problems,
		Technologies: techs,
		Change:       policyChange(o.Change, doc, dec),
		Config:       map[string]any{},
	}
	findings, err := eng.Evaluate(ctx, input, docEarly, obsEarly)
	if err != nil {
		return nil, err
	}
	findings, suppressed := policies.Grade(findings, rp.cfg, doc.Workspace.Graph)
	rep := &report.Report{
		Findings:    findings,
		Suppressed:  suppressed,
		Matches:     dres.Matches,
		Diagnostics: append(slices.Clone(doc.Workspace.Diagnostics), obs.Diagnostics...),
		Summary: report.Summary{
			Documented: doc.Workspace.Graph.Len(),
			Observed:   obs.Graph.Len(),
			Matched:    len(dres.Matches),
		},
	}
	if err := applyBaseline(&o, rep); err != nil {
		return nil, err
	}
	rep.Sort()
	return &Result{Report: rep, Documented: doc, Observed: obs, Diff: dres, Decisions: dec, Config: rp.cfg, Rules: eng.Rules(), Input: &input}, nil
}
