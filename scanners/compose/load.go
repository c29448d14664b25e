package compose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/consts"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/template"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/compose-spec/compose-go/v2/validation"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// loaded is one project after loading.
type loaded struct {
	project *project
	// name is the Compose project name: the name attribute, or the
	// directory's.
	name string
	// files are the compose files that were merged, base first.
	files []*composeFile
	// services are every service, whatever its profiles, by name.
	services []service
	// declared lists, by service, the depends_on targets written in the
	// files (and inherited through extends), before compose-go folds
	// links and "service:" references into depends_on.
	declared map[string][]string
	// env is the resolved environment of every service.
	env map[string]map[string]envVar
}

// envVar is one resolved environment variable and where it was set.
type envVar struct {
	value string
	// file is the env_file that set it, "" when the compose file did,
	// and line its line there.
	file string
	line int
}

// projectLoader carries one project through compose-go.
type projectLoader struct {
	ctx  context.Context
	fsys fs.FS
	p    *project
	// env is what interpolation may see: the project's .env file, nothing
	// from the process environment.
	env         types.Mapping
	defaultName string
	diags       []model.Diagnostic
	// extends state: files loaded as extends bases, by path.
	bases     map[string]*extendsScope
	envFiles  map[string]*envFile
	envBudget int
	// missing are the required variables that were not set.
	missing []string

	// reference, set by tests only, loads as compose-go's own loader
	// would: every file as bytes, compose-go's own search for the
	// project name, every interpolation cast and the default values, and
	// (with decode set to a decoding through loader.ModelToProject) the
	// scanner's shortcuts (handoff.go, projectname.go, casts.go,
	// options, decode.go, yamlmodel.go) are checked against it.
	reference bool
	// viaLoader, set by tests only, hands decoded files to
	// loader.LoadModelWithContext instead of loadDecoded.
	viaLoader bool
	// decode decodes the services of the normalised model:
	// decodeServices.
	decode func(dict map[string]any) ([]service, error)
}

// newProjectLoader prepares the loading of one project.
func newProjectLoader(ctx context.Context, fsys fs.FS, p project) *projectLoader {
	return &projectLoader{ctx: ctx, fsys: fsys, p: &p, defaultName: defaultProjectName(p.dir),
		bases: map[string]*extendsScope{}, envFiles: map[string]*envFile{}, envBudget: maxEnvFiles,
		decode: decodeServices}
}

// loadProject loads one project through compose-go. It returns nil when
// nothing usable was loaded; diagnostics say why.
func loadProject(ctx context.Context, fsys fs.FS, p project) (*loaded, []model.Diagnostic) {
	return newProjectLoader(ctx, fsys, p).run()
}

// run loads the project; see loadProject.
func (l *projectLoader) run() (*loaded, []model.Diagnostic) {
	p := l.p
	out, err := l.loadGuarded()
	if len(l.missing) > 0 {
		slices.Sort(l.missing)
		l.diag(model.DiagWarning, p.files[0], 0, 0, "required variables not set in the project's .env file: %s; read as blank",
			strings.Join(l.missing, ", "))
	}
	if err != nil {
		l.diag(model.DiagError, p.files[0], 0, 0, "%v; project %s not loaded", err, p.dir)
		return nil, l.diags
	}
	return out, l.diags
}

// loadGuarded runs load. Calls into compose-go are guarded one by one (see
// guard); this last net turns a bug of the scanner's own into a diagnostic
// rather than a crash of the whole run.
func (l *projectLoader) loadGuarded() (out *loaded, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("internal error, please report it: %v", r)
		}
	}()
	return l.load(), nil
}

// guard calls into compose-go, which is not written for hostile input: a
// panic there is one more broken file, returned as an error.
func guard[T any](call func() (T, error)) (out T, err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero T
			out, err = zero, fmt.Errorf("compose-go failed on this input: %v", r)
		}
	}()
	return call()
}

// load runs the steps of loadProject; nil means nothing was loaded, and the
// diagnostics say why.
func (l *projectLoader) load() *loaded {
	l.readDotEnv()
	files := l.readFiles()
	if len(files) == 0 {
		return nil
	}
	dict, files := l.loadModel(files)
	if dict == nil {
		return nil
	}
	l.noteIncludes(dict, files)
	if l.resolveExtends(dict, files) {
		// Merging bases may combine what no single file held: check
		// the result as compose-go checks each file.
		_, err := guard(func() (any, error) { return nil, errors.Join(firstSchemaError(dict), validation.Validate(dict)) })
		if err != nil {
			l.diagAt(files, err, "after extends: ", "; project not loaded")
			return nil
		}
	}
	declared := declaredDependsOn(dict)
	name := projectNameOf(dict, l.env, l.defaultName)
	dict["name"] = name
	dict, err := guard(func() (map[string]any, error) { return loader.Normalize(dict, l.env) })
	if err != nil {
		l.diagAt(files, err, "", "; project not loaded")
		return nil
	}
	services, err := guard(func() ([]service, error) { return l.decode(dict) })
	if err != nil {
		l.diagAt(files, err, "", "; project not loaded")
		return nil
	}
	out := &loaded{project: l.p, name: name, files: files, services: services, declared: declared,
		env: make(map[string]map[string]envVar, len(services))}
	for _, s := range services {
		out.env[s.Name] = l.serviceEnv(s, files)
	}
	return out
}

// defaultProjectName is the project name when no file sets one: the
// directory's name, as docker compose does. The root's own name depends on
// where the repository was checked out, so the root project is "default",
// which keeps IDs and groups the same on every machine.
func defaultProjectName(dir string) string {
	if dir != "." {
		if n := normalizeProjectName(path.Base(dir)); n != "" {
			return n
		}
	}
	return "default"
}

// projectNameOf is the project name as docker compose finds it: the name
// attribute (already interpolated), else COMPOSE_PROJECT_NAME from the .env
// file, else the fallback.
func projectNameOf(dict map[string]any, env types.Mapping, fallback string) string {
	s, _ := dict["name"].(string)
	for _, v := range []string{s, env[consts.ComposeProjectName]} {
		if v == "" {
			continue
		}
		if n := normalizeProjectName(v); n != "" {
			return n
		}
	}
	return fallback
}

// options are the compose-go options of every load of files: no include,
// extends resolved by the scanner (see extends.go), no path resolution and
// no env_file or label_file reading (both would read the OS file system),
// and interpolation without warnings on the process-wide logger, with only
// the casts that can apply to the files (see casts.go); the project name
// is explicit when the scanner can tell it (see projectname.go).
func (l *projectLoader) options(files []*composeFile) []func(*loader.Options) {
	casts := castsFor(files)
	if l.reference {
		casts = nil
	}
	name, explicit := l.projectName(files)
	return []func(*loader.Options){func(o *loader.Options) {
		o.SkipInclude = true
		o.SkipExtends = true
		o.SkipNormalization = true
		o.SkipConsistencyCheck = true
		o.SkipResolveEnvironment = true
		o.SkipResolveLabels = true
		o.ResolvePaths = false
		// Default values fill attributes the scanner does not read
		// (port protocol and mode, secret targets, bind options, GPU
		// counts) and build.context, which loader.Normalize fills the
		// same way; their functions fail only on shapes the schema has
		// refused already, and validation does not depend on them.
		o.SkipDefaultValues = !l.reference
		if o.Interpolate != nil {
			o.Interpolate.Substitute = l.substitute
			if casts != nil {
				o.Interpolate.TypeCastMapping = casts
			}
		}
		// Nothing should ask for a file; if anything does, it is
		// refused rather than read from the OS.
		o.ResourceLoaders = []loader.ResourceLoader{refusingLoader{}}
		o.SetProjectName(name, explicit)
	}}
}

// substitute is compose-go's interpolation with two changes. It does not
// warn, on the process-wide logger, about every unset variable: a variable
// the repository does not set is normal here (CI or a shell sets it). And a
// required variable (${VAR:?message}) that is not set becomes blank instead
// of failing the project: secrets are required and never in the repository.
// Such variables are listed in one diagnostic per project.
//
// Interpolation calls it on every string of the files; a string without a
// "$" holds nothing to substitute (every substitution, escaped or not,
// starts with one), so it is returned as it is without building options.
func (l *projectLoader) substitute(s string, m template.Mapping) (string, error) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	return template.SubstituteWithOptions(s, m, template.WithoutLogging, template.WithReplacementFunction(
		func(sub string, m template.Mapping, cfg *template.Config) (string, error) {
			v, err := template.DefaultReplacementFunc(sub, m, cfg)
			var missing *template.MissingRequiredError
			if errors.As(err, &missing) {
				if !slices.Contains(l.missing, missing.Variable) {
					l.missing = append(l.missing, missing.Variable)
				}
				return "", nil
			}
			return v, err
		}))
}

// refusingLoader is the only resource loader compose-go gets: it accepts
// every path and refuses to load it, so that no code path of the loader
// falls back to reading the OS file system.
type refusingLoader struct{}

func (refusingLoader) Accept(string) bool { return true }
func (refusingLoader) Load(_ context.Context, p string) (string, error) {
	return "", fmt.Errorf("%s: files outside the compose files themselves are not loaded", p)
}
func (refusingLoader) Dir(p string) string { return path.Dir(p) }

// projectName is the project name compose-go gets for a load of files, and
// whether it is explicit (see projectname.go).
func (l *projectLoader) projectName(files []*composeFile) (string, bool) {
	if name, ok := explicitName(files, l.defaultName); ok && !l.reference {
		return name, true
	}
	return l.defaultName, false
}

// readDotEnv reads the project's .env file, the only variables that
// interpolation sees.
func (l *projectLoader) readDotEnv() {
	l.env = types.Mapping{}
	if l.p.noDotEnv {
		return // as when the open fails with fs.ErrNotExist
	}
	name := path.Join(l.p.dir, ".env")
	data, err := scanners.ReadFile(l.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		l.diag(model.DiagWarning, name, 0, 0, "cannot read: %v; interpolation goes on without it", err)
		return
	}
	vars, err := dotenv.ParseWithLookup(bytes.NewReader(data), nil)
	if err != nil {
		l.diag(model.DiagWarning, name, 0, 0, "%v; interpolation goes on without it", err)
		return
	}
	l.env = vars
}

// readFiles reads and parses the project's files. A broken override is left
// out; a broken base file leaves nothing to load.
func (l *projectLoader) readFiles() []*composeFile {
	var out []*composeFile
	for i, name := range l.p.files {
		data, err := scanners.ReadFile(l.fsys, name)
		var f *composeFile
		if err != nil {
			l.diag(model.DiagError, name, 0, 0, "cannot read: %v", err)
		} else if pf, d := parseFile(name, data); d != nil {
			l.diags = append(l.diags, *d)
		} else {
			f = pf
		}
		if f == nil && i == 0 {
			if len(l.p.files) > 1 {
				l.diag(model.DiagWarning, name, 0, 0, "project %s not loaded: its base file failed, so %s were not loaded either",
					l.p.dir, strings.Join(l.p.files[1:], ", "))
			}
			return nil
		}
		if f != nil {
			out = append(out, f)
		}
	}
	return out
}

// loadModel merges the files with compose-go. When compose-go refuses an
// override or variant, the project is loaded again without it; when it
// refuses the base file, there is no project.
func (l *projectLoader) loadModel(files []*composeFile) (map[string]any, []*composeFile) {
	for len(files) > 0 {
		if err := l.ctx.Err(); err != nil {
			return nil, nil
		}
		dict, err := l.loadFiles(l.p.dir, files)
		if err == nil {
			if _, ok := dict["services"].(map[string]any); !ok {
				l.diag(model.DiagWarning, files[0].name, 0, 0, "no services; nothing to scan")
				return nil, nil
			}
			return dict, files
		}
		f := l.diagAt(files, l.stableError(files, err), "", "")
		i := slices.Index(files, f)
		if i <= 0 {
			l.diags[len(l.diags)-1].Message += "; project not loaded"
			return nil, nil
		}
		l.diags[len(l.diags)-1].Message += "; project loaded without this file"
		files = slices.Delete(slices.Clone(files), i, i+1)
	}
	return nil, nil
}

// noteIncludes reports include entries, which the scanner does not follow.
func (l *projectLoader) noteIncludes(dict map[string]any, files []*composeFile) {
	inc, ok := dict["include"].([]any)
	if !ok || len(inc) == 0 {
		return
	}
	file, line := files[0].name, 0
	for _, f := range files {
		if k := f.pathNode("include"); k != nil {
			file, line = f.name, k.Line
			break
		}
	}
	l.diag(model.DiagWarning, file, line, 0,
		"include is not followed (%d entries): included projects are scanned on their own when they are compose files inside the root", len(inc))
}

// declaredDependsOn lists the depends_on targets of every service as
// written, sorted.
func declaredDependsOn(dict map[string]any) map[string][]string {
	out := map[string][]string{}
	services, _ := dict["services"].(map[string]any)
	for name, s := range services {
		svc, _ := s.(map[string]any)
		deps, _ := svc["depends_on"].(map[string]any)
		if len(deps) > 0 {
			out[name] = slices.Sorted(maps.Keys(deps))
		}
	}
	return out
}
