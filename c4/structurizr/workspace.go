package structurizr

import (
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Scanner is the model.Source scanner name of everything this package reads.
const Scanner = "structurizr"

// Bounds on hostile input. A pull request can change every file archdrift
// reads, so no workspace may cost unbounded time, memory or stack.
const (
	maxFileSize     = 8 << 20   // bytes in one file
	maxTotalBytes   = 64 << 20  // bytes over the workspace, its includes and extends
	maxFiles        = 512       // files read, counting repeated includes
	maxIncludeDepth = 16        // nested !include and workspace extends
	maxDepth        = 64        // nested { } blocks
	maxTokens       = 2_000_000 // tokens over every file
	maxTokenLen     = 256 << 10 // bytes in one token (after ${} substitution)
	maxStmtTokens   = 512       // tokens on one logical line
	maxIDLen        = 1024      // bytes in an element ID (names and nesting add up)
	maxTags         = 256       // tags on one element or relationship
	maxDiagnostics  = 1000      // diagnostics kept; the rest are counted
)

// Workspace is what a Structurizr DSL workspace documents.
type Workspace struct {
	Name, Description string
	// Graph holds the documented elements and relationships.
	Graph *model.Graph
	// Diagnostics are non-fatal: skipped !script and !plugin, URL includes,
	// relationships naming unknown identifiers (dropped), unknown keywords
	// inside element bodies (ignored), and so on.
	Diagnostics []model.Diagnostic
	// DocsPaths and ADRPaths come from !docs and !adrs (or !decisions),
	// slash paths relative to the root of the file system, sorted.
	DocsPaths, ADRPaths []string
	// Properties are the workspace properties, plus
	// "structurizr.impliedRelationships" when !impliedRelationships is set.
	Properties map[string]string
	// Files lists every file read: the workspace, its includes and the
	// workspaces it extends, sorted.
	Files []string
	// Spans locate the model block, element definitions and
	// relationships in their files, sorted by position, for tools that
	// edit the source (archdrift suggest).
	Spans []Span
}

// ParseFile reads the workspace at name (slash path inside fsys) and every
// file it includes. fsys is the repository root, already confined
// (os.Root.FS() in production); includes must stay inside it. A name
// ending in .json is read as a Structurizr JSON workspace.
//
// A fatal problem is returned as an *Error; the workspace returned with it
// holds what was read before the problem.
func ParseFile(fsys fs.FS, name string) (*Workspace, error) {
	p := newParser(fsys)
	clean, ok := cleanPath(name)
	if !ok {
		return p.ws, errorf(name, 1, 1, "workspace path escapes the repository root: give a path inside it")
	}
	if fsys == nil {
		return p.ws, errorf(clean, 1, 1, "no file system to read the workspace from")
	}
	src, err := p.readFile(clean)
	if err != nil {
		return p.ws, errorf(clean, 1, 1, "%v", err)
	}
	return p.run(clean, src)
}

// Parse reads a workspace from src. name is used in positions and to resolve
// relative includes against fsys, which may be nil when src includes
// nothing.
func Parse(fsys fs.FS, name string, src []byte) (*Workspace, error) {
	p := newParser(fsys)
	if clean, ok := cleanPath(name); ok && clean != "." {
		name = clean
	}
	if len(src) > maxFileSize {
		return p.ws, errorf(name, 1, 1, "larger than %d MiB: split it with !include", maxFileSize>>20)
	}
	p.bytes += len(src)
	return p.run(name, src)
}

func (p *parser) run(name string, src []byte) (*Workspace, error) {
	var err error
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		// A workspace exported by Structurizr (workspace.json): its model
		// is read the way "workspace extends workspace.json" reads it.
		p.files[name] = true
		if jerr := p.extendJSON(name, src); jerr != nil {
			line, col := jsonPosition(src, jerr)
			err = errorf(name, line, col, "not a Structurizr JSON workspace: %v", jerr)
		}
	} else {
		err = p.parseWorkspaceFile(name, src)
	}
	p.finish()
	if err != nil {
		return p.ws, err
	}
	return p.ws, nil
}

// defaultTags are added by Structurizr to every element or relationship of a
// kind; they say nothing the Kind does not, so they are not stored.
var defaultTags = map[string]bool{
	"element": true, "person": true, "software system": true, "container": true, "component": true,
	"deployment node": true, "infrastructure node": true, "relationship": true,
	"software system instance": true, "container instance": true,
}

// addTags appends comma-separated tags to dst, trimmed, without the default
// tags and without duplicates (compared case-insensitively).
func addTags(dst []string, lists ...string) []string {
	for _, list := range lists {
		for _, t := range strings.Split(list, ",") {
			t = strings.TrimSpace(t)
			if t == "" || defaultTags[strings.ToLower(t)] {
				continue
			}
			if len(dst) >= maxTags {
				return dst // no real model needs more; hostile input must not cost quadratic time
			}
			if !slices.ContainsFunc(dst, func(x string) bool { return strings.EqualFold(x, t) }) {
				dst = append(dst, t)
			}
		}
	}
	return dst
}

// finish builds the graph from what was read: classes are inferred once
// tags and technology are final (a later !ref may still add tags), hosted
// instances are recorded on their nodes, and removed or dangling
// relationships are dropped.
func (p *parser) finish() {
	g := model.NewGraph()
	for _, el := range p.elems {
		if el.custom {
			continue
		}
		e := el.e
		if len(el.hosts) > 0 {
			hosts := slices.Sorted(maps.Keys(el.hosts))
			e.Properties["structurizr.hosts"] = strings.Join(hosts, ",")
		}
		e.Class = model.InferClass(e)
		if err := g.Add(e); err != nil {
			// IDs are made unique when elements are created; this is a
			// safety net, not an expected path.
			p.diag(model.DiagWarning, "", 0, 0, "element %q skipped: %v", e.Name, err)
		}
	}
	type relKey struct{ from, to, desc, tech string }
	seen := map[relKey]*model.Relationship{}
	for _, r := range p.rels {
		if r.removed {
			continue
		}
		if _, ok := g.Element(r.r.From); !ok {
			continue
		}
		if _, ok := g.Element(r.r.To); !ok {
			continue
		}
		k := relKey{r.r.From, r.r.To, r.r.Description, r.r.Technology}
		if old, ok := seen[k]; ok {
			// Structurizr refuses a second identical relationship; when one
			// arrives (through an include or an extended workspace) it is
			// folded into the first.
			old.Tags = addTags(old.Tags, r.r.Tags...)
			for pk, pv := range r.r.Properties {
				if _, ok := old.Properties[pk]; !ok {
					old.Properties[pk] = pv
				}
			}
			old.Sources = append(old.Sources, r.r.Sources...)
			continue
		}
		seen[k] = r.r
		if len(r.r.Properties) == 0 {
			r.r.Properties = nil
		}
		g.AddRelationship(r.r)
	}
	p.ws.Graph = g
	p.ws.Files = slices.Sorted(maps.Keys(p.files))
	slices.SortStableFunc(p.ws.Spans, func(a, b Span) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	p.ws.DocsPaths = sortedSet(p.ws.DocsPaths)
	p.ws.ADRPaths = sortedSet(p.ws.ADRPaths)
	slices.SortStableFunc(p.ws.Diagnostics, func(a, b model.Diagnostic) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	if p.droppedDiags > 0 {
		p.ws.Diagnostics = append(p.ws.Diagnostics, model.Diagnostic{
			Severity: model.DiagWarning, Origin: Scanner,
			Message: fmt.Sprintf("%d more diagnostics not shown", p.droppedDiags),
		})
	}
}

func sortedSet(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}
