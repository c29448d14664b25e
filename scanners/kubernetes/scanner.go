package kubernetes

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

const scannerName = "kubernetes"

// detectPeek is how much of each file Detect reads: apiVersion and kind
// open every manifest, after at most a licence header.
const detectPeek = 4 << 10

// Scanner reads Kubernetes manifests. It has no state: one value may run
// many scans at once.
type Scanner struct{}

// New returns the Kubernetes scanner.
func New() *Scanner { return &Scanner{} }

// Name is "kubernetes", the prefix of every ID the scanner makes.
func (*Scanner) Name() string { return scannerName }

// Both keys of a manifest, at the start of a line.
var (
	apiVersionKey = regexp.MustCompile(`(?m)^["']?apiVersion["']?[ \t]*:`)
	kindKey       = regexp.MustCompile(`(?m)^["']?kind["']?[ \t]*:`)
)

// Detect reports whether any YAML file below root starts like a Kubernetes
// object. It stops at the first one and reads a few KiB of each file.
func (*Scanner) Detect(root fs.FS) bool {
	files, err := scanners.Files(root, ".yaml", ".yml")
	if err != nil {
		return false
	}
	for _, name := range files {
		head, err := peek(root, name)
		if err == nil && apiVersionKey.Match(head) && kindKey.Match(head) {
			return true
		}
	}
	return false
}

func peek(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, detectPeek))
}

// Scan reads every manifest below the root and returns the workloads as
// containers and the dependencies between them. A file that cannot be read
// or parsed is a diagnostic; only a root that cannot be listed is an error.
func (*Scanner) Scan(ctx context.Context, in scanners.Input) (*model.Graph, []model.Diagnostic, error) {
	files, err := scanners.Files(in.FS, ".yaml", ".yml")
	if err != nil {
		return nil, nil, fmt.Errorf("kubernetes: listing manifests in %s: %w", in.Root, err)
	}
	decoded, err := decodeAll(ctx, in.FS, files)
	if err != nil {
		return nil, nil, fmt.Errorf("kubernetes: %w", err)
	}
	nObjs, nDiags := 0, 0
	for _, f := range decoded {
		nObjs, nDiags = nObjs+len(f.objs), nDiags+len(f.diags)
	}
	objs := make([]object, 0, nObjs)
	var diags []model.Diagnostic // nil when there are none, as callers may print it
	if nDiags > 0 {
		diags = make([]model.Diagnostic, 0, nDiags)
	}
	for _, f := range decoded {
		objs = append(objs, f.objs...)
		diags = append(diags, f.diags...)
	}
	g, ds := build(objs)
	diags = append(diags, ds...)
	in.Logf("kubernetes: %d files, %d objects, %d elements, %d relationships", len(files), len(objs), g.Len(), len(g.Relationships()))
	return g, diags, nil
}

// decodedFile is what one manifest file holds.
type decodedFile struct {
	objs  []object
	diags []model.Diagnostic
}

// decodeAll reads and decodes files on a pool of GOMAXPROCS workers, and
// returns them in the order of files: the objects of one file do not depend
// on another's, only the graph built from all of them does.
//
// Each worker takes the next file until none is left, rather than each
// file getting a goroutine of its own: yaml.v3's parser recurses, and a
// new goroutine's stack grows (by copying) to that depth again for every
// file.
func decodeAll(ctx context.Context, fsys fs.FS, files []string) ([]decodedFile, error) {
	out := make([]decodedFile, len(files))
	var next atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		g.Go(func() error {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				out[i] = decodeOne(fsys, files[i])
			}
		})
	}
	return out, g.Wait()
}

// decodeOne reads and decodes one file.
func decodeOne(fsys fs.FS, name string) decodedFile {
	data, d := readManifest(fsys, name)
	if d != nil {
		return decodedFile{diags: []model.Diagnostic{*d}}
	}
	var f decodedFile
	f.objs, f.diags = decodeFile(name, data)
	// What build needs of the nodes has been read (positions included):
	// dropping them leaves the file's tree to the collector instead of
	// keeping every tree of the estate live until the graph is built.
	for j := range f.objs {
		f.objs[j].node = nil
	}
	return f
}

// readManifest reads one file within scanners.MaxFileSize. A file over the
// limit is a warning, one that cannot be read an error.
//
// It reads the open file's size (one system call) where calling fs.Stat
// and then scanners.ReadFile would look the path up twice; the buffer and
// the limit are ReadFile's.
func readManifest(fsys fs.FS, name string) ([]byte, *model.Diagnostic) {
	tooBig := func() ([]byte, *model.Diagnostic) {
		return nil, &model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName, File: name,
			Message: fmt.Sprintf("larger than %d MiB; skipped", scanners.MaxFileSize>>20)}
	}
	cannotRead := func(err error) ([]byte, *model.Diagnostic) {
		return nil, &model.Diagnostic{Severity: model.DiagError, Origin: scannerName, File: name,
			Message: fmt.Sprintf("cannot read: %v", err)}
	}
	f, err := fsys.Open(name)
	if err != nil {
		// Whatever else is wrong with it, a file over the limit is
		// reported as such.
		if fi, serr := fs.Stat(fsys, name); serr == nil && fi.Size() > scanners.MaxFileSize {
			return tooBig()
		}
		return cannotRead(err)
	}
	defer f.Close()
	size := int64(0)
	if fi, err := f.Stat(); err == nil {
		if fi.Size() > scanners.MaxFileSize {
			return tooBig()
		}
		if fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	// The extra MinRead leaves room to see EOF without growing; the limit
	// still applies if the file grew after Stat.
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, scanners.MaxFileSize+1)); err != nil {
		return cannotRead(err)
	}
	if buf.Len() > scanners.MaxFileSize {
		return cannotRead(fmt.Errorf("%s: larger than %d MiB, skipped", name, scanners.MaxFileSize>>20))
	}
	return buf.Bytes(), nil
}

// used reports whether the scanner reads objects of this kind: workloads,
// Services and ConfigMaps. Everything else stays undecoded.
func used(apiVersion, kind string) bool {
	group := ""
	if i := strings.IndexByte(apiVersion, '/'); i >= 0 {
		group = apiVersion[:i]
	}
	if groups, ok := workloadGroups[kind]; ok {
		return slices.Contains(groups, group)
	}
	return group == "" && (kind == "Service" || kind == "ConfigMap")
}

// usedKind is used without the apiVersion, for documents too big to parse.
func usedKind(kind string) bool {
	_, ok := workloadGroups[kind]
	return ok || kind == "Service" || kind == "ConfigMap"
}

// build turns the objects of every file into the observed graph. It needs all
// of them at once: a Service and the workloads it selects, a ConfigMap and
// the workloads that read it, may live in different files.
func build(objs []object) (*model.Graph, []model.Diagnostic) {
	c := &cluster{services: map[string]*service{}, configMaps: map[string]*configMap{}, targets: map[*service][]string{},
		workloads: make([]*workload, 0, len(objs))}
	backing := make([]workload, 0, len(objs)) // one allocation for every workload
	var diags []model.Diagnostic
	fail := func(o *object, err error) {
		diags = append(diags, model.Diagnostic{Severity: model.DiagError, Origin: scannerName, File: o.file, Line: o.line, Column: o.col,
			Message: fmt.Sprintf("%s %s: %v", o.kind, o.address(), err)})
	}
	for i := range objs {
		o := &objs[i]
		if o.name == "" {
			diags = append(diags, model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName, File: o.file, Line: o.line, Column: o.col,
				Message: fmt.Sprintf("%s without metadata.name; skipped", o.kind)})
			continue
		}
		if o.err != nil {
			fail(o, o.err)
			continue
		}
		switch o.kind {
		case "Service":
			if _, dup := c.services[key(o.namespace, o.name)]; !dup {
				c.services[key(o.namespace, o.name)] = &service{obj: o, serviceSpec: *o.service}
			}
		case "ConfigMap":
			if _, dup := c.configMaps[key(o.namespace, o.name)]; !dup {
				c.configMaps[key(o.namespace, o.name)] = &configMap{obj: o, data: o.data}
			}
		default:
			backing = append(backing, workload{obj: o, id: workloadID(o.namespace, o.kind, o.name), address: o.address(), podTemplate: o.pod})
			c.workloads = append(c.workloads, &backing[len(backing)-1])
		}
	}
	ids := make(map[string]bool, len(c.workloads))
	for _, w := range c.workloads {
		ids[w.id] = true
	}
	c.workloads = slices.DeleteFunc(c.workloads, func(w *workload) bool { return w.ownedByScanned(ids) })
	c.index()

	g := model.NewGraph()
	labelProps := map[string]string{}
	for _, w := range c.workloads {
		g.Merge(w.element(labelProps))
	}
	keys := make([]string, 0, len(c.services))
	for k := range c.services {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if s := c.services[k]; s.externalName != "" && !c.isAlias(s) {
			g.Merge(s.externalElement())
		}
	}
	for _, r := range c.relationships(g) {
		g.AddRelationship(r)
	}
	return g, diags
}
