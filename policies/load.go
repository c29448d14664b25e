package policies

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Bounds on user policy directories: a pull request controls them, so a
// directory of a million files or a gigabyte of Rego must fail fast instead
// of eating the machine.
const (
	maxPolicyFileSize = 1 << 20 // bytes per .rego file
	maxPolicyFiles    = 1000    // .rego files over all Options.Dirs
)

// sourceBuiltin is Rule.Source for the embedded rules.
const sourceBuiltin = "builtin"

// policyFile is one Rego module before parsing.
type policyFile struct {
	name   string // shown in errors: "builtin/x.rego" or the OS path
	origin string // Rule.Source: sourceBuiltin or the OS path
	text   []byte
}

// isPolicyFile says whether name is a policy to load: Rego, and not a test.
func isPolicyFile(name string) bool {
	return strings.HasSuffix(name, ".rego") && !strings.HasSuffix(name, "_test.rego")
}

// readBuiltinFiles returns the embedded rules without their tests, in name
// order.
func readBuiltinFiles() ([]policyFile, error) {
	fsys := BuiltinFS()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("policies: read builtin rules: %w", err)
	}
	var files []policyFile
	for _, e := range entries {
		if e.IsDir() || !isPolicyFile(e.Name()) {
			continue
		}
		text, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("policies: read builtin rule %s: %w", e.Name(), err)
		}
		files = append(files, policyFile{name: path.Join("builtin", e.Name()), origin: sourceBuiltin, text: text})
	}
	return files, nil
}

// readUserFiles returns the policies under dirs: every .rego file that is not
// a _test.rego, in lexical order per directory. A dir may also name a single
// .rego file. Hidden directories (.git, .terraform) are skipped; a symbolic
// link to a .rego file is refused, because a policy tree from a pull request
// must not pull in files from elsewhere on the machine.
func readUserFiles(dirs []string) ([]policyFile, error) {
	return readUserTree(dirs, isPolicyFile)
}

// readUserTree reads the .rego files under dirs that keep accepts, with the
// same confinement and bounds as readUserFiles.
func readUserTree(dirs []string, keep func(name string) bool) ([]policyFile, error) {
	var files []policyFile
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("policies: policy directory: %w", err)
		}
		if !info.IsDir() {
			if !strings.HasSuffix(dir, ".rego") {
				return nil, fmt.Errorf("policies: %s: not a directory or a .rego file", dir)
			}
			f, err := readPolicyFile(dir)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
			continue
		}
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("policies: %w", err)
			}
			if d.IsDir() {
				if p != dir && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if !keep(d.Name()) {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("policies: %s: symbolic link not followed; copy the policy into the directory", p)
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if len(files) >= maxPolicyFiles {
				return fmt.Errorf("policies: %s: more than %d policy files; point --policy at a narrower directory", dir, maxPolicyFiles)
			}
			f, err := readPolicyFile(p)
			if err != nil {
				return err
			}
			files = append(files, f)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// readPolicyFile reads one policy, refusing files over maxPolicyFileSize.
func readPolicyFile(name string) (policyFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return policyFile{}, fmt.Errorf("policies: %w", err)
	}
	defer f.Close()
	text, err := io.ReadAll(io.LimitReader(f, maxPolicyFileSize+1))
	if err != nil {
		return policyFile{}, fmt.Errorf("policies: read %s: %w", name, err)
	}
	if len(text) > maxPolicyFileSize {
		return policyFile{}, fmt.Errorf("policies: %s: larger than %d bytes", name, maxPolicyFileSize)
	}
	return policyFile{name: name, origin: name, text: text}, nil
}

// module is a parsed policy and where it came from.
type module struct {
	file   policyFile
	parsed *ast.Module
}

// parseModules parses every file as Rego v1 with METADATA blocks.
func parseModules(files []policyFile, caps *ast.Capabilities) ([]module, error) {
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps}
	mods := make([]module, 0, len(files))
	for _, f := range files {
		m, err := ast.ParseModuleWithOpts(f.name, string(f.text), opts)
		if err != nil {
			return nil, policyError(err)
		}
		if m == nil {
			return nil, fmt.Errorf("policies: %s: empty module", f.name)
		}
		mods = append(mods, module{file: f, parsed: m})
	}
	return mods, nil
}

// rulesPrefix is where rule packages live: data.archdrift.rules.<name>.
var rulesPrefix = ast.MustParseRef("data.archdrift.rules")

// rulePackage returns <name> when m's package is data.archdrift.rules.<name>,
// and whether m's package is under data.archdrift.rules at all.
func rulePackage(m *ast.Module) (name string, under bool) {
	p := m.Package.Path
	if !p.HasPrefix(rulesPrefix) {
		return "", false
	}
	if len(p) != len(rulesPrefix)+1 {
		return "", true
	}
	s, ok := p[len(rulesPrefix)].Value.(ast.String)
	if !ok {
		return "", true
	}
	return string(s), true
}

// checkModules enforces what the compiler cannot: rules under
// data.archdrift.rules are declared in a package archdrift.rules.<name>
// (so errors can name it), findings are partial sets in a package the
// engine collects, and user policies do not reopen a built-in rule's
// package.
func checkModules(mods []module) error {
	builtin := map[string]bool{}
	for _, m := range mods {
		if name, _ := rulePackage(m.parsed); name != "" && m.file.origin == sourceBuiltin {
			builtin[name] = true
		}
	}
	var errs []error
	for _, m := range mods {
		pkg := m.parsed.Package.Path
		name, _ := rulePackage(m.parsed)
		if name != "" && m.file.origin != sourceBuiltin && builtin[name] {
			errs = append(errs, fmt.Errorf("policies: %s: package archdrift.rules.%s is a built-in rule; choose another package name",
				locationString(m.parsed.Package.Location), name))
		}
		for _, r := range m.parsed.Rules {
			head := r.Head.Ref()
			if len(head) == 0 || !pkg.Extend(head).HasPrefix(rulesPrefix) {
				continue
			}
			isFinding := head[0].Equal(ast.VarTerm("finding"))
			switch {
			case len(pkg) <= len(rulesPrefix):
				errs = append(errs, fmt.Errorf("policies: %s: rule %s: rules under archdrift.rules belong in a package archdrift.rules.<name>",
					locationString(r.Location), head))
			case name == "" && isFinding:
				errs = append(errs, fmt.Errorf("policies: %s: finding in package %s is never collected; rules live in a package archdrift.rules.<name>",
					locationString(r.Location), strings.TrimPrefix(pkg.String(), "data.")))
			case isFinding && (len(head) != 1 || r.Head.RuleKind() != ast.MultiValue):
				errs = append(errs, fmt.Errorf("policies: %s: finding must be a partial set: finding contains {...} if {...}",
					locationString(r.Location)))
			}
		}
	}
	return errors.Join(errs...)
}

// policyError formats OPA parse and compile errors as one line each,
// "file:line:col: message", naming the refused builtin where that is the
// cause.
func policyError(err error) error {
	var astErrs ast.Errors
	var astErr *ast.Error
	switch {
	case errors.As(err, &astErrs):
	case errors.As(err, &astErr):
		astErrs = ast.Errors{astErr}
	default:
		return fmt.Errorf("policies: %w", err)
	}
	lines := make([]string, 0, len(astErrs))
	for _, e := range astErrs {
		lines = append(lines, locationString(e.Location)+": "+astErrorMessage(e))
	}
	slices.Sort(lines)
	return fmt.Errorf("policies: %s", strings.Join(lines, "\npolicies: "))
}

// astErrorMessage explains an OPA error, replacing "undefined function
// http.send" with why the builtin is refused.
func astErrorMessage(e *ast.Error) string {
	if name, ok := strings.CutPrefix(e.Message, "undefined function "); ok {
		if reason := deniedBuiltinReason(name); reason != "" {
			return fmt.Sprintf("builtin %s is not allowed in archdrift policies: %s", name, reason)
		}
	}
	return e.Message
}

// locationString is "file:line:col", just "file" when OPA knows no line, or
// "policy" when it gave no location at all.
func locationString(loc *ast.Location) string {
	switch {
	case loc == nil:
		return "policy"
	case loc.Row == 0:
		return loc.File
	}
	return fmt.Sprintf("%s:%d:%d", loc.File, loc.Row, loc.Col)
}
