package policies

import (
	"errors"
	"fmt"
	"slices"

	"github.com/archdrift/archdrift/report"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Module is a policy held in memory rather than in a policy file: the
// ```rego block of an ADR. Its package must be archdrift.adr.<name>, and its
// findings follow the contract of the built-in rules (README.md). It runs in
// the same sandbox as every other policy.
type Module struct {
	// File is the document the module was read from (the ADR) and Line the
	// line of File on which Source begins. The module is named
	// "<File>#L<Line>", and the lines of every location in it, errors
	// included, are lines of File.
	File   string
	Line   int
	Source string
	// ADR is the decision the module belongs to: a finding of its package
	// that names no ADR is attributed to it. May be nil.
	ADR *report.ADRRef
	// MaxSeverity, when set, caps the severity of the module's findings: a
	// proposed decision only advises.
	MaxSeverity report.Severity
}

// name is the module's name in OPA, unique per block of a document.
func (m Module) name() string {
	return fmt.Sprintf("%s#L%d", m.File, max(m.Line, 1))
}

// ModuleError says why New left a Module out. A module comes from a
// document (an ADR) whose other policies must still run, so a module that
// does not parse or compile is not fatal, unlike a policy file.
type ModuleError struct {
	File    string // Module.File
	Line    int    // a line of File: where the error is, else the module's first line
	Column  int
	Message string
}

func (e ModuleError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// adrNamespace is where module packages live: data.archdrift.adr.<name>.
var adrNamespace = ast.MustParseRef("data.archdrift.adr")

// adrPackage is what the engine knows of one package that Modules declare.
type adrPackage struct {
	modules []string // module names, for errors
	adr     *report.ADRRef
	max     report.Severity
}

// addModules parses the modules, checks their packages and trial-compiles
// them with the other policies (base), and returns those that compile. Each
// module left out is recorded in e.rejected with the errors that sank it.
// The compiler stops after a few errors, so compiling repeats without the
// modules it blamed until the rest compile; every round drops at least one
// module, so it ends.
func (e *Engine) addModules(base []module, extra []Module, caps *ast.Capabilities) []module {
	e.adr = map[string]*adrPackage{}
	if len(extra) == 0 {
		return nil
	}
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps}
	byName := map[string]Module{}
	owner := map[string]*report.ADRRef{} // package → the ADR that declared it first
	var cand []module
	for i, m := range extra {
		name := m.name()
		if _, dup := byName[name]; dup {
			e.reject(m, nil, fmt.Sprintf("a second policy named %s is left out", name))
			continue
		}
		byName[name] = m
		switch {
		case i >= maxPolicyFiles:
			e.reject(m, nil, fmt.Sprintf("more than %d ADR policies; this one and the rest are not loaded", maxPolicyFiles))
			continue
		case len(m.Source) > maxPolicyFileSize:
			e.reject(m, nil, fmt.Sprintf("policy larger than %d bytes", maxPolicyFileSize))
			continue
		}
		parsed, err := ast.ParseModuleWithOpts(name, m.Source, opts)
		if err != nil {
			e.rejectAll(m, err, max(m.Line, 1)-1)
			continue
		}
		if parsed == nil {
			e.reject(m, nil, "empty policy: it needs a package archdrift.adr.<name> and rules")
			continue
		}
		shiftRows(parsed, max(m.Line, 1)-1)
		pkg, err := adrModulePackage(parsed)
		if err != nil {
			e.rejectAll(m, err, 0)
			continue
		}
		if first, taken := owner[pkg]; taken && !sameADR(first, m.ADR) {
			e.reject(m, parsed.Package.Location, fmt.Sprintf("package archdrift.adr.%s is already used by %s; give each ADR its own package", pkg, describeADR(first)))
			continue
		}
		owner[pkg] = m.ADR
		cand = append(cand, module{file: policyFile{name: name, origin: name, text: []byte(m.Source)}, parsed: parsed})
	}
	for len(cand) > 0 {
		c := ast.NewCompiler().WithCapabilities(caps).WithUseTypeCheckAnnotations(true).WithDefaultRegoVersion(ast.RegoV1)
		all := make(map[string]*ast.Module, len(base)+len(cand))
		for _, m := range base {
			all[m.file.name] = m.parsed
		}
		for _, m := range cand {
			all[m.file.name] = m.parsed
		}
		c.Compile(all)
		if !c.Failed() {
			break
		}
		bad := map[string]bool{}
		for _, err := range c.Errors {
			if err.Location == nil {
				continue
			}
			if m, ok := byName[err.Location.File]; ok && slices.ContainsFunc(cand, func(x module) bool { return x.file.name == err.Location.File }) {
				bad[err.Location.File] = true
				e.reject(m, err.Location, astErrorMessage(err))
			}
		}
		if len(bad) == 0 {
			break // the fault is in a policy file: New reports it as before
		}
		cand = slices.DeleteFunc(cand, func(m module) bool { return bad[m.file.name] })
	}
	for _, m := range cand {
		pkg, _ := adrModulePackage(m.parsed)
		src := byName[m.file.name]
		p := e.adr[pkg]
		if p == nil {
			p = &adrPackage{adr: src.ADR, max: src.MaxSeverity}
			e.adr[pkg] = p
		}
		p.modules = append(p.modules, m.file.name)
	}
	return cand
}

// Rejected lists the Modules that New left out and why, in the order of
// Options.Modules.
func (e *Engine) Rejected() []ModuleError {
	return slices.Clone(e.rejected)
}

// reject records one error of m; loc, when it has a row, says where.
func (e *Engine) reject(m Module, loc *ast.Location, msg string) {
	me := ModuleError{File: m.File, Line: max(m.Line, 1), Message: msg}
	if loc != nil && loc.Row > 0 {
		me.Line, me.Column = loc.Row, loc.Col
	}
	e.rejected = append(e.rejected, me)
}

// rejectAll records every error of a parse or package check, moving their
// rows down by shift lines (parse errors count from the module's start).
func (e *Engine) rejectAll(m Module, err error, shift int) {
	var errs ast.Errors
	var one *ast.Error
	switch {
	case errors.As(err, &errs) && len(errs) > 0:
	case errors.As(err, &one):
		errs = ast.Errors{one}
	default:
		e.reject(m, nil, err.Error())
		return
	}
	for _, x := range errs {
		var loc *ast.Location
		if x.Location != nil && x.Location.Row > 0 {
			l := *x.Location
			l.Row += shift
			loc = &l
		}
		msg := astErrorMessage(x)
		if msg == "empty module" {
			msg = "empty policy: it needs a package archdrift.adr.<name> and rules"
		}
		e.reject(m, loc, msg)
	}
}

// adrModulePackage returns <name> of a module's package
// archdrift.adr.<name>, and checks that its findings are collectable.
func adrModulePackage(m *ast.Module) (string, error) {
	p := m.Package.Path
	var name string
	if len(p) == len(adrNamespace)+1 && p.HasPrefix(adrNamespace) {
		if s, ok := p[len(adrNamespace)].Value.(ast.String); ok {
			name = string(s)
		}
	}
	if name == "" {
		return "", ast.Errors{ast.NewError(ast.CompileErr, m.Package.Location,
			"package %s: an ADR policy's package is archdrift.adr.<name>", moduleName(p))}
	}
	var errs ast.Errors
	for _, r := range m.Rules {
		head := r.Head.Ref()
		if len(head) > 0 && head[0].Equal(ast.VarTerm("finding")) && (len(head) != 1 || r.Head.RuleKind() != ast.MultiValue) {
			errs = append(errs, ast.NewError(ast.CompileErr, r.Location, "finding must be a partial set: finding contains {...} if {...}"))
		}
	}
	if len(errs) > 0 {
		return "", errs
	}
	return name, nil
}

// moduleName renders a package path without its data. prefix.
func moduleName(p ast.Ref) string {
	if len(p) > 1 {
		return p[1:].String()
	}
	return p.String()
}

// shiftRows moves every location in m down by n lines, so that a module
// cut out of a document reports lines of the document. Locations may be
// shared between nodes; each is moved once.
func shiftRows(m *ast.Module, n int) {
	if n <= 0 {
		return
	}
	seen := map[*ast.Location]bool{}
	move := func(l *ast.Location) {
		if l != nil && !seen[l] {
			seen[l] = true
			l.Row += n
		}
	}
	ast.NewGenericVisitor(func(x any) bool {
		switch x := x.(type) {
		case ast.Node:
			move(x.Loc())
		case *ast.Annotations:
			move(x.Location)
		}
		return false
	}).Walk(m)
}

// sameADR reports whether two modules belong to one decision.
func sameADR(a, b *report.ADRRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.File == b.File && a.Number == b.Number
}

// describeADR names a decision in an error.
func describeADR(a *report.ADRRef) string {
	if a == nil {
		return "another policy"
	}
	return fmt.Sprintf("ADR %d (%s)", a.Number, a.File)
}

// attribute applies what the engine knows of an ADR package to one of its
// findings: the decision it enforces and the severity cap.
func (e *Engine) attribute(pkg string, f report.Finding) report.Finding {
	p := e.adr[pkg]
	if p == nil {
		return f
	}
	if f.ADR == nil && p.adr != nil {
		ref := *p.adr
		f.ADR = &ref
	}
	if p.max != "" && f.Severity.Rank() > p.max.Rank() {
		f.Severity = p.max
	}
	return f
}
