package structurizr

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// cleanPath cleans a slash path and reports whether it stays inside the
// root of the file system.
func cleanPath(name string) (string, bool) {
	name = strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(name, "/") || (len(name) >= 2 && name[1] == ':') {
		return name, false // absolute, or a Windows drive
	}
	c := path.Clean(name)
	if c == ".." || strings.HasPrefix(c, "../") {
		return c, false
	}
	return c, fs.ValidPath(c)
}

// resolveFrom resolves a path written in file from against that file's
// folder, as Structurizr does, and reports whether it stays inside the root.
func resolveFrom(from, rel string) (string, bool) {
	rel = strings.ReplaceAll(rel, `\`, "/")
	if strings.HasPrefix(rel, "/") || (len(rel) >= 2 && rel[1] == ':') {
		return rel, false
	}
	return cleanPath(path.Join(path.Dir(from), rel))
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// readFile reads one file inside the bounds on size and file count.
func (p *parser) readFile(name string) ([]byte, error) {
	if p.nfiles >= maxFiles {
		return nil, fmt.Errorf("more than %d files read: look for includes that repeat", maxFiles)
	}
	f, err := p.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB", name, maxFileSize>>20)
	}
	p.bytes += len(b)
	if p.bytes > maxTotalBytes {
		return nil, fmt.Errorf("the workspace and its includes are larger than %d MiB", maxTotalBytes>>20)
	}
	p.nfiles++
	return b, nil
}

// withFile reads src as file name with its own lexer, then restores the
// lexer of the file that led to it.
func (p *parser) withFile(name string, src []byte, included bool, fn func() error) error {
	saved, savedPending := p.lx, p.pending
	p.lx = newLexer(name, decodeSource(src), &p.budget)
	p.lx.included = included
	p.pending = nil
	p.files[name] = true
	p.stack = append(p.stack, name)
	defer func() {
		p.lx, p.pending = saved, savedPending
		p.stack = p.stack[:len(p.stack)-1]
	}()
	return fn()
}

// parseWorkspaceFile reads one workspace file: the workspace being parsed,
// or one it extends.
func (p *parser) parseWorkspaceFile(name string, src []byte) error {
	savedWf := p.wf
	p.wf = &workspaceFile{}
	defer func() { p.wf = savedWf }()
	return p.withFile(name, src, false, func() error {
		if err := p.body(&scope{kind: scTop}, nil); err != nil {
			return err
		}
		if !p.wf.workspace {
			return errorf(name, p.lx.line, p.lx.col, "no workspace found: a workspace file holds workspace [name] [description] { … }")
		}
		return nil
	})
}

// include handles "!include <file|directory|url>": the files' statements
// are read as if written in place of the !include.
func (p *parser) include(sc *scope, st *stmt) error {
	if len(st.toks) != 2 {
		return p.errAt(st.first(), "expected: !include <file|directory|url>")
	}
	target := st.toks[1]
	if err := p.noBlock(st); err != nil {
		return err
	}
	if isURL(target.text) {
		p.diagAt(target, "!include %s skipped: archdrift does not fetch URLs, so what it defines is not seen", target.text)
		return nil
	}
	if p.fsys == nil {
		return p.errAt(target, "cannot include %q: no file system was given to read it from", target.text)
	}
	rel, ok := resolveFrom(p.lx.file, target.text)
	if !ok {
		return p.errAt(target, "!include %q escapes the repository root: keep included files inside the repository", target.text)
	}
	if len(p.stack) >= maxIncludeDepth {
		return p.errAt(target, "includes nested more than %d deep: look for an include cycle", maxIncludeDepth)
	}
	info, err := fs.Stat(p.fsys, rel)
	if err != nil {
		return p.errAt(target, "included file %q (%s) does not exist: fix the path", target.text, rel)
	}
	files := []string{rel}
	if info.IsDir() {
		if files, err = p.dslFilesUnder(rel); err != nil {
			return p.errAt(target, "cannot include %q: %v", target.text, err)
		}
		if len(files) == 0 {
			p.diagAt(target, "!include %s: the directory holds no .dsl file", target.text)
		}
	}
	for _, f := range files {
		if slices.Contains(p.stack, f) {
			return p.errAt(target, "include cycle: %s includes %s, which is already being read", p.lx.file, f)
		}
		src, err := p.readFile(f)
		if err != nil {
			return p.errAt(target, "cannot include %q: %v", target.text, err)
		}
		if err := p.withFile(f, src, true, func() error { return p.body(sc, nil) }); err != nil {
			return err
		}
	}
	return nil
}

// dslFilesUnder lists the .dsl files below dir, sorted, skipping hidden
// files and folders. (Structurizr includes every file of a directory;
// archdrift includes only .dsl files, so that a README or a diagram next to
// the model cannot break it.)
func (p *parser) dslFilesUnder(dir string) ([]string, error) {
	var out []string
	err := fs.WalkDir(p.fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(strings.ToLower(d.Name()), ".dsl") {
			if len(out) >= maxFiles {
				return errors.New("too many files")
			}
			out = append(out, name)
		}
		return nil
	})
	return out, err // WalkDir visits in lexical order
}

// extends reads the workspace that "workspace extends <file|url>" names;
// the extending workspace then adds to it.
func (p *parser) extends(target token) error {
	if isURL(target.text) {
		p.diagAt(target, "workspace extends %s: archdrift does not fetch URLs, so the elements of the base workspace are not seen", target.text)
		return nil
	}
	if p.fsys == nil {
		return p.errAt(target, "cannot read %q: no file system was given to read it from", target.text)
	}
	rel, ok := resolveFrom(p.lx.file, target.text)
	if !ok {
		return p.errAt(target, "workspace extends %q, which escapes the repository root: keep the base workspace inside the repository", target.text)
	}
	if len(p.stack) >= maxIncludeDepth {
		return p.errAt(target, "workspaces extend each other more than %d deep: look for a cycle", maxIncludeDepth)
	}
	if slices.Contains(p.stack, rel) {
		return p.errAt(target, "extends cycle: %s is already being read", rel)
	}
	if info, err := fs.Stat(p.fsys, rel); err != nil || info.IsDir() {
		return p.errAt(target, "the workspace this one extends, %q (%s), does not exist: fix the path", target.text, rel)
	}
	src, err := p.readFile(rel)
	if err != nil {
		return p.errAt(target, "cannot read %q: %v", target.text, err)
	}
	if strings.HasSuffix(strings.ToLower(rel), ".json") {
		p.files[rel] = true
		if err := p.extendJSON(rel, src); err != nil {
			line, col := jsonPosition(src, err)
			return p.errAt(target, "cannot read %s: %v (at %s:%d:%d)", rel, err, rel, line, col)
		}
		return nil
	}
	return p.parseWorkspaceFile(rel, src)
}

// docs handles "!docs <path> [importer]" and "!adrs <path> [format]" (and
// its alias !decisions). The path is recorded for the readers of
// documentation and decisions, on the workspace and on the element in
// scope ("structurizr.docs", "structurizr.adrs").
func (p *parser) docs(sc *scope, st *stmt) error {
	kw := st.kw(0)
	if len(st.toks) < 2 || len(st.toks) > 3 {
		return p.errAt(st.first(), "expected: %s <path> [type]", st.toks[0].text)
	}
	if err := p.noBlock(st); err != nil {
		return err
	}
	if sc.el != nil {
		switch sc.el.e.Kind {
		case model.KindSystem, model.KindContainer, model.KindComponent:
		default:
			p.diagAt(st.first(), "%s ignored: only the workspace, software systems, containers and components have documentation", st.toks[0].text)
			return nil
		}
	}
	arg := st.toks[1]
	if isURL(arg.text) {
		p.diagAt(arg, "%s %s skipped: archdrift does not fetch URLs", st.toks[0].text, arg.text)
		return nil
	}
	rel, ok := resolveFrom(p.lx.file, arg.text)
	if !ok {
		p.diagAt(arg, "%s %q ignored: it escapes the repository root", st.toks[0].text, arg.text)
		return nil
	}
	if p.fsys != nil {
		if _, err := fs.Stat(p.fsys, rel); err != nil {
			p.diagAt(arg, "%s %q: %s does not exist", st.toks[0].text, arg.text, rel)
		}
	}
	key := "structurizr.docs"
	if kw == "!docs" {
		p.ws.DocsPaths = append(p.ws.DocsPaths, rel)
	} else {
		key = "structurizr.adrs"
		p.ws.ADRPaths = append(p.ws.ADRPaths, rel)
	}
	if sc.el != nil {
		props := propertiesOf(sc.el.e)
		if old := props[key]; old != "" && old != rel {
			rel = old + "," + rel
		}
		props[key] = rel
	}
	return nil
}
