package likec4

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/archdrift/archdrift/c4/modelfile"
	"github.com/archdrift/archdrift/model"
)

// Scanner is the model.Source scanner name of everything this package reads.
const Scanner = "likec4"

// Bounds on hostile input: a pull request can change every file read.
const (
	maxFileSize    = 8 << 20   // bytes in one file
	maxTotalBytes  = 64 << 20  // bytes over every file of one model
	maxFiles       = 512       // files in one model
	maxTokens      = 2_000_000 // tokens over every file
	maxDepth       = 64        // nested blocks
	maxElements    = 100_000   // elements and deployment nodes
	maxTags        = 256       // tags on one element or relationship
	maxIDLen       = 1024      // bytes in a fully qualified name
	maxDiagnostics = 1000      // diagnostics kept; the rest are counted
	// maxResolveWork bounds the candidates looked at while resolving
	// references: many namesakes must not cost quadratic time.
	maxResolveWork = 20_000_000
)

// Model is what a LikeC4 project documents.
type Model struct {
	// Graph holds the documented elements and relationships.
	Graph *model.Graph
	// Diagnostics are non-fatal problems: unresolved or ambiguous
	// references (the relationship is dropped), an extend of nothing,
	// duplicate names, unknown properties.
	Diagnostics []model.Diagnostic
	// Files lists the files read, sorted.
	Files []string
}

// Claims reports whether name is a LikeC4 source file.
func Claims(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".c4", ".likec4", ".like-c4":
		return true
	}
	return false
}

func newProject() *project {
	return &project{
		spec: map[string]*kindSpec{}, nodeSpec: map[string]*kindSpec{}, relSpec: map[string]*kindSpec{},
		root: &node{}, deployRoot: &node{deployment: true}, budget: maxTokens,
	}
}

func (pr *project) diag(file string, line, col int, format string, args ...any) {
	if len(pr.diags) >= maxDiagnostics {
		pr.dropped++
		return
	}
	pr.diags = append(pr.diags, model.Diagnostic{
		Severity: model.DiagWarning, Origin: Scanner, File: file, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...),
	})
}

// ParseFiles reads the named files (slash paths inside fsys) as one LikeC4
// project. A fatal problem is returned as an *Error; the model returned
// with it holds what could be read.
func ParseFiles(fsys fs.FS, names []string) (*Model, error) {
	pr := newProject()
	err := modelfile.ReadEach(fsys, names, modelfile.Limits{Files: maxFiles, FileBytes: maxFileSize, TotalBytes: maxTotalBytes}, fileError, pr.parse)
	return pr.finish(), err
}

// fileError positions a problem with a whole file at its start.
func fileError(name, msg string) error { return &Error{File: name, Line: 1, Column: 1, Msg: msg} }

// Parse reads one file already in memory as a whole project.
func Parse(name string, src []byte) (*Model, error) {
	pr := newProject()
	if len(src) > maxFileSize {
		return pr.finish(), &Error{File: name, Line: 1, Column: 1, Msg: fmt.Sprintf("larger than %d MiB", maxFileSize>>20)}
	}
	err := pr.parse(name, src)
	return pr.finish(), err
}

func (pr *project) parse(name string, src []byte) error {
	pr.files = append(pr.files, name)
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(src) {
		return &Error{File: name, Line: 1, Column: 1, Msg: "not UTF-8 text"}
	}
	p := &parser{pr: pr, lx: newLexer(name, string(src), &pr.budget)}
	return p.file()
}

// finish attaches extends, resolves references and builds the graph.
func (pr *project) finish() *Model {
	pr.attachExtends()
	g := model.NewGraph()
	pr.addElements(g, pr.root, "", 0)
	pr.addDeployment(g, pr.deployRoot, "", 0)
	pr.addRelationships(g, pr.root, 0)
	slices.SortStableFunc(pr.diags, func(x, y model.Diagnostic) int {
		return cmp.Or(strings.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line), cmp.Compare(x.Column, y.Column))
	})
	files := slices.Clone(pr.files)
	slices.Sort(files)
	m := &Model{Graph: g, Diagnostics: pr.diags, Files: slices.Compact(files)}
	if pr.dropped > 0 {
		m.Diagnostics = append(m.Diagnostics, model.Diagnostic{Severity: model.DiagWarning, Origin: Scanner,
			Message: fmt.Sprintf("%d more diagnostics not shown", pr.dropped)})
	}
	return m
}

// child returns the direct child of n named name.
func child(n *node, name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// attachExtends moves the content of every extend block into its target,
// found by fully qualified name; an extend may target an element another
// extend defines, so this repeats until nothing more attaches.
func (pr *project) attachExtends() {
	pending := pr.extends
	for len(pending) > 0 {
		var left []*extension
		for _, ext := range pending {
			root, segs := pr.root, ext.target.segs
			if len(segs) > 0 && segs[0] == deploymentMarker {
				root, segs = pr.deployRoot, segs[1:]
			}
			target := root
			for _, s := range segs {
				if target = child(target, s); target == nil {
					break
				}
			}
			if target == nil || target == root {
				left = append(left, ext)
				continue
			}
			for _, c := range ext.body.children {
				c.parent = target
				target.children = append(target.children, c)
			}
			for _, r := range ext.body.rels {
				r.scope = target
				target.rels = append(target.rels, r)
			}
			target.instances = append(target.instances, ext.body.instances...)
			for _, t := range ext.body.tags {
				target.tags = appendTag(target.tags, t)
			}
			target.metadata = append(target.metadata, ext.body.metadata...)
			target.links = append(target.links, ext.body.links...)
		}
		if len(left) == len(pending) {
			for _, ext := range left {
				segs := ext.target.segs
				if len(segs) > 0 && segs[0] == deploymentMarker {
					segs = segs[1:]
				}
				pr.diag(ext.src.File, ext.src.Line, ext.src.Column, "extend %s ignored: no element has that fully qualified name", strings.Join(segs, "."))
			}
			return
		}
		pending = left
	}
}

// kindWords map words in an element kind's name to C4 kinds, checked in
// order.
var kindWords = []struct {
	word string
	kind model.Kind
}{
	{"actor", model.KindPerson}, {"person", model.KindPerson}, {"user", model.KindPerson}, {"customer", model.KindPerson}, {"persona", model.KindPerson},
	{"component", model.KindComponent},
	{"system", model.KindSystem},
	{"container", model.KindContainer}, {"app", model.KindContainer}, {"service", model.KindContainer}, {"database", model.KindContainer},
	{"db", model.KindContainer}, {"store", model.KindContainer}, {"storage", model.KindContainer}, {"queue", model.KindContainer},
	{"topic", model.KindContainer}, {"cache", model.KindContainer}, {"bucket", model.KindContainer}, {"api", model.KindContainer},
	{"frontend", model.KindContainer}, {"backend", model.KindContainer}, {"ui", model.KindContainer}, {"function", model.KindContainer},
	{"lambda", model.KindContainer}, {"worker", model.KindContainer}, {"gateway", model.KindContainer}, {"broker", model.KindContainer},
	{"stream", model.KindContainer}, {"webapp", model.KindContainer}, {"mobile", model.KindContainer},
}

// c4Kind maps an element kind to a C4 kind by its name and shape, else by
// where the element is nested.
func c4Kind(kind string, ks *kindSpec, parent model.Kind) model.Kind {
	if ks != nil && ks.shape == "person" {
		return model.KindPerson
	}
	k := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(kind))
	for _, w := range kindWords {
		if strings.Contains(k, w.word) {
			return w.kind
		}
	}
	switch parent {
	case "":
		return model.KindSystem
	case model.KindSystem:
		return model.KindContainer
	}
	return model.KindComponent
}

// shapeHints are what a kind's shape says about the class.
var shapeHints = map[string]string{
	"storage": "database", "cylinder": "database", "queue": "queue", "browser": "web browser", "mobile": "mobile app",
}

func (pr *project) addElements(g *model.Graph, parent *node, parentID string, depth int) {
	if depth > maxDepth {
		return
	}
	seen := map[string]*node{}
	for _, n := range parent.children {
		if old := seen[n.name]; old != nil {
			pr.diag(n.src.File, n.src.Line, n.src.Column, "%s %q is already defined at %s: this one is ignored", n.kind, n.name, old.src)
			continue
		}
		seen[n.name] = n
		id := n.name
		if parentID != "" {
			id = parentID + "." + n.name
		}
		if len(id) > maxIDLen {
			pr.diag(n.src.File, n.src.Line, n.src.Column, "fully qualified name longer than %d bytes: %q and its children are ignored", maxIDLen, n.name)
			continue
		}
		ks := pr.spec[n.kind]
		if ks == nil && pr.hasSpec {
			pr.diag(n.src.File, n.src.Line, n.src.Column, "element kind %q is not in the specification", n.kind)
		}
		var pk model.Kind
		if parent != pr.root {
			pk = parent.c4kind
		}
		n.c4kind = c4Kind(n.kind, ks, pk)
		e := pr.element(n, id, ks)
		e.Kind = n.c4kind
		if parent != pr.root {
			e.Parent = parentID
		}
		hints := slices.Clone(e.Tags)
		for i, t := range hints {
			hints[i] = strings.NewReplacer("-", " ", "_", " ").Replace(t)
		}
		if ks != nil && shapeHints[ks.shape] != "" {
			hints = append(hints, shapeHints[ks.shape])
		}
		hints = append(hints, strings.ToLower(n.kind))
		e.Class = model.InferClass(&model.Element{Tags: hints, Technology: e.Technology, Kind: e.Kind})
		if err := g.Add(e); err != nil {
			pr.diag(n.src.File, n.src.Line, n.src.Column, "%s skipped: %v", id, err)
			continue
		}
		n.id = id
		pr.addElements(g, n, id, depth+1)
	}
}

// element builds the graph element of n, with the defaults of its kind.
func (pr *project) element(n *node, id string, ks *kindSpec) *model.Element {
	e := &model.Element{
		ID:          id,
		Name:        cmp.Or(n.title, n.name),
		Description: cmp.Or(n.summary, n.desc),
		Technology:  n.tech,
		Properties:  map[string]string{},
		Sources:     []model.Source{n.src},
	}
	if ks != nil {
		e.Tags = slices.Clone(ks.tags)
		e.Technology = cmp.Or(e.Technology, ks.tech)
		e.Description = cmp.Or(e.Description, ks.desc)
	}
	for _, t := range n.tags {
		e.Tags = appendTag(e.Tags, t)
	}
	for _, kv := range n.metadata {
		key := metadataKey(kv[0])
		if old, ok := e.Properties[key]; ok && old != kv[1] {
			e.Properties[key] = old + "," + kv[1]
			continue
		}
		e.Properties[key] = kv[1]
	}
	if len(n.links) > 0 {
		e.Properties["url"] = n.links[0]
	}
	return e
}

// metadataKey maps the LikeC4 spelling of archdrift's property keys, which
// cannot hold dots there.
func metadataKey(k string) string {
	switch strings.ReplaceAll(k, "-", "_") {
	case "archdrift_source":
		return model.PropSource
	case "archdrift_ignore":
		return model.PropIgnore
	}
	return k
}

func (pr *project) addDeployment(g *model.Graph, parent *node, parentID string, depth int) {
	if depth > maxDepth {
		return
	}
	seen := map[string]bool{}
	for _, n := range parent.children {
		if seen[n.name] {
			pr.diag(n.src.File, n.src.Line, n.src.Column, "deployment node %q is already defined in its parent: this one is ignored", n.name)
			continue
		}
		seen[n.name] = true
		id := n.name
		if parentID != "" {
			id = parentID + "." + n.name
		}
		if len(id) > maxIDLen {
			continue
		}
		ks := pr.nodeSpec[n.kind]
		e := pr.element(n, id, ks)
		e.Kind = model.KindDeploymentNode
		e.Parent = parentID
		var hosts []string
		for _, r := range n.instances {
			if target, why := pr.resolve(r, pr.root); target != nil {
				hosts = append(hosts, target.id)
			} else {
				pr.diag(r.file, r.at.line, r.at.col, "instanceOf %s ignored: %s", r, why)
			}
		}
		if len(hosts) > 0 {
			slices.Sort(hosts)
			e.Properties["structurizr.hosts"] = strings.Join(slices.Compact(hosts), ",")
		}
		e.Class = model.InferClass(e)
		if err := g.Add(e); err != nil {
			pr.diag(n.src.File, n.src.Line, n.src.Column, "deployment node %s skipped: its name is also a model element (%v)", id, err)
			continue
		}
		pr.addDeployment(g, n, id, depth+1)
	}
}

// isAncestor reports whether a is n or one of n's ancestors.
func isAncestor(a, n *node) bool {
	for i := 0; n != nil && i <= maxDepth+1; i, n = i+1, n.parent {
		if n == a {
			return true
		}
	}
	return false
}

// named collects the built elements of the model by name, for scoped
// resolution.
func (pr *project) named() map[string][]*node {
	if pr.byName != nil {
		return pr.byName
	}
	pr.byName = map[string][]*node{}
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		if depth > maxDepth {
			return
		}
		for _, c := range n.children {
			if c.id != "" {
				pr.byName[c.name] = append(pr.byName[c.name], c)
				walk(c, depth+1)
			}
		}
	}
	walk(pr.root, 0)
	return pr.byName
}

// resolve finds what r names from scope, the way LikeC4 does: the first
// name is looked up in the scope and then in each enclosing one, as a
// direct child or as the only descendant with that name; each further name
// is a child, or the only descendant with that name, of the previous one.
func (pr *project) resolve(r ref, scope *node) (*node, string) {
	if r.this {
		if scope == nil || scope == pr.root || scope.id == "" {
			return nil, "this/it is only meaningful inside an element"
		}
		return scope, ""
	}
	byName := pr.named()
	within := func(in *node, name string) (*node, bool) {
		if c := child(in, name); c != nil && c.id != "" {
			return c, false
		}
		var found *node
		for _, c := range byName[name] {
			if pr.work++; pr.work > maxResolveWork {
				return nil, false
			}
			if c != in && isAncestor(in, c) {
				if found != nil {
					return nil, true
				}
				found = c
			}
		}
		return found, false
	}
	var cur *node
	for s, i := scope, 0; s != nil && i <= maxDepth+1; s, i = s.parent, i+1 {
		c, ambiguous := within(s, r.segs[0])
		if ambiguous {
			return nil, fmt.Sprintf("%q is ambiguous here: qualify it with its parent's name", r.segs[0])
		}
		if c != nil {
			cur = c
			break
		}
	}
	if pr.work > maxResolveWork {
		return nil, "the model has too many namesakes to resolve references in bounded time: qualify names"
	}
	if cur == nil {
		return nil, fmt.Sprintf("%q is not defined", r.segs[0])
	}
	for _, s := range r.segs[1:] {
		c, ambiguous := within(cur, s)
		if ambiguous {
			return nil, fmt.Sprintf("%q is ambiguous in %s", s, cur.id)
		}
		if c == nil {
			return nil, fmt.Sprintf("%s has no element %q", cur.id, s)
		}
		cur = c
	}
	return cur, ""
}

func (pr *project) addRelationships(g *model.Graph, n *node, depth int) {
	if depth > maxDepth {
		return
	}
	if n == pr.root || n.id != "" {
		for _, r := range n.rels {
			pr.addRelationship(g, r)
		}
	}
	for _, c := range n.children {
		if c.id != "" {
			pr.addRelationships(g, c, depth+1)
		}
	}
}

func (pr *project) addRelationship(g *model.Graph, r *relation) {
	src := ref{this: true}
	if r.source != nil {
		src = *r.source
	}
	from, why := pr.resolve(src, r.scope)
	to, whyTo := pr.resolve(r.target, r.scope)
	if why == "" {
		why = whyTo
	}
	if from == nil || to == nil {
		pr.diag(r.src.File, r.src.Line, r.src.Column, "relationship %s -> %s dropped: %s", src, r.target, why)
		return
	}
	rel := &model.Relationship{
		From: from.id, To: to.id,
		Description: r.title,
		Technology:  r.tech,
		Sources:     []model.Source{r.src},
	}
	if ks := pr.relSpec[r.kind]; ks != nil {
		rel.Description = cmp.Or(rel.Description, ks.title)
		rel.Technology = cmp.Or(rel.Technology, ks.tech)
		for _, t := range ks.tags {
			rel.Tags = appendTag(rel.Tags, t)
		}
	} else if r.kind != "" && pr.hasSpec {
		pr.diag(r.src.File, r.src.Line, r.src.Column, "relationship kind %q is not in the specification", r.kind)
	}
	for _, t := range r.tags {
		rel.Tags = appendTag(rel.Tags, t)
	}
	props := map[string]string{}
	for _, kv := range r.metadata {
		props[metadataKey(kv[0])] = kv[1]
	}
	if len(r.links) > 0 {
		props["url"] = r.links[0]
	}
	if len(props) > 0 {
		rel.Properties = props
	}
	g.AddRelationship(rel)
}
