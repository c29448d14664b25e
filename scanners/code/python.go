package code

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// pep508Name is the distribution name at the start of a PEP 508 requirement
// ("requests[socks]>=2; python_version>'3'" is requests).
var pep508Name = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`)

// eggName is the name an editable or URL requirement declares.
var eggName = regexp.MustCompile(`[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)`)

// requirementsFile reports whether a base name is a pip requirements file:
// requirements.txt, requirements-prod.txt, requirements_dev.txt.
func requirementsFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "requirements") && strings.HasSuffix(n, ".txt")
}

// devRequirements reports whether a requirements file is for development
// or tests only, whose libraries never run in production.
func devRequirements(name string) bool {
	n := strings.ToLower(strings.TrimSuffix(name, ".txt"))
	for _, w := range []string{"dev", "test", "lint", "doc", "ci", "tox", "check", "local"} {
		if strings.Contains(n, "-"+w) || strings.Contains(n, "_"+w) || strings.Contains(n, "."+w) {
			return true
		}
	}
	return false
}

// maxIncludeDepth bounds "-r other.txt" chains.
const maxIncludeDepth = 8

// readRequirements reads a requirements file and the files it includes
// with -r / --requirement. Includes are resolved against the including
// file's directory and must stay inside the root; each file is read once.
func readRequirements(fsys fs.FS, file string) ([]dependency, []model.Diagnostic) {
	var deps []dependency
	var diags []model.Diagnostic
	seen := map[string]bool{}
	var read func(file string, depth int)
	read = func(file string, depth int) {
		if seen[file] {
			return
		}
		seen[file] = true
		data, err := scanners.ReadFile(fsys, file)
		if err != nil {
			diags = append(diags, warning(file, 0, 0, "requirements not read: %v", err))
			return
		}
		ds, includes := parseRequirements(file, data)
		deps = append(deps, ds...)
		for _, inc := range includes {
			target := path.Join(path.Dir(file), inc.name)
			switch {
			case path.IsAbs(inc.name) || !fs.ValidPath(target) || strings.Contains(inc.name, "://"):
				diags = append(diags, warning(file, inc.line, 0, "include %q is outside the repository: skipped", inc.name))
			case depth >= maxIncludeDepth:
				diags = append(diags, warning(file, inc.line, 0, "include %q nested deeper than %d files: skipped", inc.name, maxIncludeDepth))
			default:
				read(target, depth+1)
			}
		}
	}
	read(file, 0)
	return deps, diags
}

// include is a "-r file" line.
type include struct {
	name string
	line int
}

// parseRequirements reads one pip requirements file: a requirement per
// logical line, "\" continuing a line, "#" starting a comment, options
// (lines starting with "-") ignored except includes and editables.
func parseRequirements(file string, data []byte) ([]dependency, []include) {
	var deps []dependency
	var incs []include
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		line := lines[i]
		if strings.HasSuffix(strings.TrimRight(line, "\r"), "\\") {
			var b strings.Builder // continued lines, joined in linear time
			for strings.HasSuffix(strings.TrimRight(line, "\r"), "\\") && i+1 < len(lines) {
				b.WriteString(strings.TrimSuffix(strings.TrimRight(line, "\r"), "\\"))
				i++
				line = lines[i]
			}
			b.WriteString(line)
			line = b.String()
		}
		if j := strings.Index(line, " #"); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "-") {
			opt, arg := splitOption(line)
			switch opt {
			case "-r", "--requirement":
				if arg != "" {
					incs = append(incs, include{name: arg, line: start})
				}
			case "-e", "--editable":
				if m := eggName.FindStringSubmatch(arg); m != nil {
					deps = append(deps, dependency{eco: ecoPyPI, name: m[1], src: source(file, start, 1)})
				}
			}
			continue
		}
		if m := eggName.FindStringSubmatch(line); m != nil && strings.Contains(line, "://") && !strings.Contains(line, "@") {
			deps = append(deps, dependency{eco: ecoPyPI, name: m[1], src: source(file, start, 1)})
			continue
		}
		if name := pep508Name.FindString(line); name != "" {
			deps = append(deps, dependency{eco: ecoPyPI, name: name, src: source(file, start, 1)})
		}
	}
	return deps, incs
}

// splitOption splits "-r file", "-rfile" and "--requirement=file".
func splitOption(line string) (opt, arg string) {
	if strings.HasPrefix(line, "--") {
		opt, arg, _ = strings.Cut(line, "=")
		if f := strings.Fields(opt); len(f) > 1 {
			opt, arg = f[0], strings.Join(f[1:], " ")
		}
		return opt, strings.TrimSpace(arg)
	}
	if len(line) > 2 && line[2] != ' ' && line[2] != '\t' {
		return line[:2], strings.TrimSpace(line[2:])
	}
	f := strings.Fields(line)
	if len(f) < 2 {
		return f[0], ""
	}
	return f[0], f[1]
}

// pyProject is what a pyproject.toml says about a unit.
type pyProject struct {
	name string
	// scripts: console or GUI entry points, which make it deployable.
	scripts bool
	deps    []dependency
}

// parsePyproject reads the PEP 621 [project] table and Poetry's
// [tool.poetry] table. Optional and development dependency groups do not
// count: they do not run in production.
func parsePyproject(file string, data []byte) (pyProject, []model.Diagnostic) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		line, col := 0, 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col = pe.Position.Line, pe.Position.Col
		}
		return pyProject{}, []model.Diagnostic{warning(file, line, col, "pyproject.toml not read: %s", firstLine(err.Error()))}
	}
	var p pyProject
	project, _ := doc["project"].(map[string]any)
	tool, _ := doc["tool"].(map[string]any)
	poetry, _ := tool["poetry"].(map[string]any)
	for _, t := range []map[string]any{project, poetry} {
		if n, ok := t["name"].(string); ok && p.name == "" {
			p.name = n
		}
		for _, k := range []string{"scripts", "gui-scripts"} {
			if s, ok := t[k].(map[string]any); ok && len(s) > 0 {
				p.scripts = true
			}
		}
	}
	// TOML decoding keeps no positions: each requirement string is looked
	// for after the previous one, from the [project] header on, and
	// after the first one not found (an escape changed its spelling) the
	// rest point at the header, so the search stays linear.
	lines := newLineIndex(data)
	header := max(0, bytes.Index(data, []byte("[project]")))
	next, lost := header, false
	if list, ok := project["dependencies"].([]any); ok {
		for _, r := range list {
			s, ok := r.(string)
			if !ok {
				continue
			}
			name := pep508Name.FindString(strings.TrimSpace(s))
			if name == "" {
				continue
			}
			at := header
			if !lost {
				if i := bytes.Index(data[next:], []byte(s)); i >= 0 {
					at, next = next+i, next+i+len(s)
				} else {
					lost = true
				}
			}
			line, col := lines.position(at)
			p.deps = append(p.deps, dependency{eco: ecoPyPI, name: name, src: source(file, line, col)})
		}
	}
	if deps, ok := poetry["dependencies"].(map[string]any); ok {
		keys := tableKeyLines(data, "[tool.poetry.dependencies]")
		for _, name := range sortedKeys(deps) {
			if strings.EqualFold(name, "python") {
				continue
			}
			p.deps = append(p.deps, dependency{eco: ecoPyPI, name: name, src: source(file, keys[name], 1)})
		}
	}
	return p, nil
}

// tableKeyLines maps each key written at the start of a line of the table
// with the given header to its line, in one pass over the file.
func tableKeyLines(data []byte, header string) map[string]int {
	out := map[string]int{}
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			in = t == header
			continue
		}
		if !in {
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if k = strings.Trim(strings.TrimSpace(k), `"'`); ok && k != "" && out[k] == 0 {
			out[k] = i + 1
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// mainGuard finds the idiom that makes a Python file a program.
var mainGuard = regexp.MustCompile(`(?m)^if\s+__name__\s*==\s*['"]__main__['"]\s*:`)
