package check

import (
	"io/fs"
	"strings"

	"github.com/archdrift/archdrift/c4"
)

// modelDirs are searched in order when no model is named.
var modelDirs = []string{".", "docs/architecture", "docs/architecture/c4", "architecture", "docs", "docs/c4", "c4", "model"}

// Documented is the parsed model.
type Documented struct {
	// File is the first model file read; Workspace.Files lists every
	// file, includes too.
	File      string
	Workspace *c4.Workspace
}

// modelFiles resolves the model files to read: those named (--model,
// repeatable, or the config's model), a named folder standing for the
// model files in it, else the ones c4.Find picks.
func (rp *repo) modelFiles(o *Options) ([]string, error) {
	named := o.ModelFiles
	if o.ModelFile != "" {
		named = append([]string{o.ModelFile}, named...)
	}
	if len(named) == 0 && rp.cfg.Model != "" {
		named = []string{rp.cfg.Model}
	}
	var files []string
	for _, name := range named {
		rel, err := relToRoot(rp.root, name)
		if err != nil {
			return nil, inputErr("model: %w", err)
		}
		if st, err := fs.Stat(rp.fsys, rel); err == nil && st.IsDir() {
			found := c4.FindIn(rp.fsys, rel)
			if len(found) == 0 {
				return nil, inputErr("model: %s holds no model file (workspace.dsl, workspace.json, *.dsl, *.c4, *.mmd, or Markdown with Mermaid C4 diagrams)", name)
			}
			files = append(files, found...)
			continue
		}
		files = append(files, rel)
	}
	if len(files) > 0 {
		return files, nil
	}
	if files = c4.Find(rp.fsys, modelDirs); len(files) == 0 {
		return nil, inputErr("no model found in %s: looked for workspace.dsl, workspace.json, *.dsl, *.c4, *.mmd and Markdown with Mermaid C4 diagrams in %v; pass --model FILE", rp.root, modelDirs)
	}
	return files, nil
}

func (rp *repo) document(o *Options) (*Documented, error) {
	files, err := rp.modelFiles(o)
	if err != nil {
		return nil, err
	}
	o.logf("reading model %s", strings.Join(files, ", "))
	ws, err := c4.Read(rp.fsys, files)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	return &Documented{File: files[0], Workspace: ws}, nil
}
