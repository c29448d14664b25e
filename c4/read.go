package c4

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/c4/likec4"
	"github.com/archdrift/archdrift/c4/mermaid"
	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
)

// Workspace is a documented model, read from one or more files in one or
// more notations.
type Workspace struct {
	Name, Description string
	// Graph holds the documented elements and relationships.
	Graph *model.Graph
	// Diagnostics are the readers' non-fatal problems.
	Diagnostics []model.Diagnostic
	// DocsPaths and ADRPaths are where the model says its documentation
	// and decisions live (Structurizr's !docs and !adrs), sorted.
	DocsPaths, ADRPaths []string
	// Properties are workspace properties (Structurizr's).
	Properties map[string]string
	// Files lists every file read, includes too, sorted.
	Files []string
	// Formats names the notations read, sorted.
	Formats []string
}

// Reader reads one notation of C4 models.
type Reader interface {
	// Name is the notation: "structurizr", "likec4", "mermaid".
	Name() string
	// Claims reports whether the file name, whose content is src, is a
	// model in this notation.
	Claims(name string, src []byte) bool
	// Read reads files that together make one model (slash paths inside
	// fsys, the repository root).
	Read(fsys fs.FS, names []string) (*Workspace, error)
}

// Readers lists the notations archdrift reads, one line each, in the
// order Read tries them.
func Readers() []Reader {
	return []Reader{structurizrReader{}, likec4Reader{}, mermaidReader{}}
}

type structurizrReader struct{}

func (structurizrReader) Name() string { return structurizr.Scanner }

func (structurizrReader) Claims(name string, _ []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".dsl", ".json":
		return true
	}
	return false
}

// Read reads each file as a workspace of its own (its includes and the
// workspace it extends come with it).
func (structurizrReader) Read(fsys fs.FS, names []string) (*Workspace, error) {
	var parts []*Workspace
	for _, name := range names {
		ws, err := structurizr.ParseFile(fsys, name)
		if err != nil {
			return nil, err
		}
		parts = append(parts, &Workspace{
			Name: ws.Name, Description: ws.Description, Graph: ws.Graph, Diagnostics: ws.Diagnostics,
			DocsPaths: ws.DocsPaths, ADRPaths: ws.ADRPaths, Properties: ws.Properties, Files: ws.Files,
			Formats: []string{structurizr.Scanner},
		})
	}
	return merge(parts), nil
}

type likec4Reader struct{}

func (likec4Reader) Name() string                      { return likec4.Scanner }
func (likec4Reader) Claims(name string, _ []byte) bool { return likec4.Claims(name) }

func (likec4Reader) Read(fsys fs.FS, names []string) (*Workspace, error) {
	m, err := likec4.ParseFiles(fsys, names)
	if err != nil {
		return nil, err
	}
	return &Workspace{Graph: m.Graph, Diagnostics: m.Diagnostics, Files: m.Files, Formats: []string{likec4.Scanner}}, nil
}

type mermaidReader struct{}

func (mermaidReader) Name() string                        { return mermaid.Scanner }
func (mermaidReader) Claims(name string, src []byte) bool { return mermaid.Claims(name, src) }

func (mermaidReader) Read(fsys fs.FS, names []string) (*Workspace, error) {
	m, err := mermaid.ParseFiles(fsys, names)
	if err != nil {
		return nil, err
	}
	return &Workspace{Graph: m.Graph, Diagnostics: m.Diagnostics, Files: m.Files, Formats: []string{mermaid.Scanner}}, nil
}

// maxClaimBytes bounds what is read of a file to decide which notation it
// is in.
const maxClaimBytes = 8 << 20

func head(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(io.LimitReader(f, maxClaimBytes))
	return buf.Bytes(), err
}

// Read reads the model files names (slash paths inside fsys): each with
// the first reader that claims it, the files of one notation together (a
// LikeC4 project and a set of Mermaid diagrams span files), and the
// results merged by element ID: the first non-empty value of a field wins,
// tags, properties and sources are unioned, and a relationship repeated in
// several files is one.
func Read(fsys fs.FS, names []string) (*Workspace, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no model files to read")
	}
	readers := Readers()
	groups := make([][]string, len(readers))
	for _, name := range names {
		src, err := head(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("model: %s: %w", name, err)
		}
		i := slices.IndexFunc(readers, func(r Reader) bool { return r.Claims(name, src) })
		if i < 0 {
			return nil, fmt.Errorf("model: %s: not a model archdrift reads (Structurizr .dsl or .json, LikeC4 .c4, Mermaid C4 in .mmd or Markdown)", name)
		}
		if !slices.Contains(groups[i], name) {
			groups[i] = append(groups[i], name)
		}
	}
	var parts []*Workspace
	for i, r := range readers {
		if len(groups[i]) == 0 {
			continue
		}
		ws, err := r.Read(fsys, groups[i])
		if err != nil {
			return nil, err
		}
		parts = append(parts, ws)
	}
	return merge(parts), nil
}

// merge folds workspaces into one, by element ID.
func merge(parts []*Workspace) *Workspace {
	if len(parts) == 1 {
		return parts[0]
	}
	out := &Workspace{Graph: model.NewGraph(), Properties: map[string]string{}}
	type relKey struct{ from, to, desc, tech string }
	seen := map[relKey]*model.Relationship{}
	for _, p := range parts {
		out.Name = cmp.Or(out.Name, p.Name)
		out.Description = cmp.Or(out.Description, p.Description)
		for _, e := range p.Graph.Elements() {
			out.Graph.Merge(e)
		}
		for _, r := range p.Graph.Relationships() {
			k := relKey{r.From, r.To, r.Description, r.Technology}
			if old := seen[k]; old != nil {
				old.Sources = append(old.Sources, r.Sources...)
				continue
			}
			seen[k] = r
			out.Graph.AddRelationship(r)
		}
		out.Diagnostics = append(out.Diagnostics, p.Diagnostics...)
		out.DocsPaths = append(out.DocsPaths, p.DocsPaths...)
		out.ADRPaths = append(out.ADRPaths, p.ADRPaths...)
		out.Files = append(out.Files, p.Files...)
		out.Formats = append(out.Formats, p.Formats...)
		for k, v := range p.Properties {
			if _, ok := out.Properties[k]; !ok {
				out.Properties[k] = v
			}
		}
	}
	for _, s := range []*[]string{&out.DocsPaths, &out.ADRPaths, &out.Files, &out.Formats} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	return out
}

// Find picks the model files under the first of dirs (slash paths inside
// fsys) that has one, preferring, in this order over all dirs:
// workspace.dsl, workspace.json, another *.dsl (the first by name; the
// others are usually its includes), LikeC4 files (every *.c4 and *.likec4
// of the folder, and of its subfolders except for "."), Mermaid files
// (*.mmd holding C4 diagrams) and Markdown with ```mermaid C4 blocks
// (not in "."). It returns nil when there is none.
func Find(fsys fs.FS, dirs []string) []string {
	for _, find := range []func(string) []string{
		func(dir string) []string { return regular(fsys, path.Join(dir, "workspace.dsl")) },
		func(dir string) []string { return regular(fsys, path.Join(dir, "workspace.json")) },
		func(dir string) []string {
			if m := glob(fsys, dir, "*.dsl"); len(m) > 0 {
				return m[:1]
			}
			return nil
		},
		func(dir string) []string { return likec4Files(fsys, dir, dir != ".") },
		func(dir string) []string { return claimed(fsys, glob(fsys, dir, "*.mmd", "*.mermaid")) },
		func(dir string) []string {
			if dir == "." {
				return nil
			}
			return claimed(fsys, glob(fsys, dir, "*.md", "*.markdown"))
		},
	} {
		for _, dir := range dirs {
			if files := find(dir); len(files) > 0 {
				return files
			}
		}
	}
	return nil
}

// FindIn picks the model files of one folder (--model DIR), by Find's
// rules, LikeC4 subfolders included.
func FindIn(fsys fs.FS, dir string) []string {
	if files := Find(fsys, []string{dir}); len(files) > 0 || dir != "." {
		return files
	}
	return likec4Files(fsys, ".", true)
}

func regular(fsys fs.FS, p string) []string {
	if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
		return []string{p}
	}
	return nil
}

func glob(fsys fs.FS, dir string, patterns ...string) []string {
	var out []string
	for _, pat := range patterns {
		m, _ := fs.Glob(fsys, path.Join(dir, pat))
		for _, f := range m {
			if st, err := fs.Stat(fsys, f); err == nil && st.Mode().IsRegular() {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out
}

func claimed(fsys fs.FS, names []string) []string {
	var out []string
	for _, n := range names {
		if src, err := head(fsys, n); err == nil && (mermaidReader{}).Claims(n, src) {
			out = append(out, n)
		}
	}
	return out
}

// maxFound bounds the files Find returns from one folder tree.
const maxFound = 512

// likec4Files lists the LikeC4 files of dir (and its subfolders when deep,
// skipping hidden folders, node_modules and vendor).
func likec4Files(fsys fs.FS, dir string, deep bool) []string {
	if !deep {
		return glob(fsys, dir, "*.c4", "*.likec4")
	}
	var out []string
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "vendor") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && likec4.Claims(p) {
			out = append(out, p)
			if len(out) >= maxFound {
				return fs.SkipAll
			}
		}
		return nil
	})
	slices.Sort(out)
	return out
}
