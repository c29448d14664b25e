package policies

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/archdrift/archdrift/report"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Rule describes one rule package, as its METADATA block says.
type Rule struct {
	ID          string          // custom.rule, e.g. "element.undocumented"; the package name when absent
	Title       string          // title
	Description string          // description
	Severity    report.Severity // custom.severity, the default grade; "" when a user rule does not say
	Source      string          // "builtin" or the policy file's path
}

// readRules reads one Rule per package data.archdrift.rules.<name> from the
// package-scoped METADATA of its modules. Built-in rules must declare
// custom.rule and a valid custom.severity; a user rule may omit both, but
// what it declares must be valid.
func readRules(mods []module) ([]Rule, error) {
	byPackage := map[string]*Rule{}
	for _, m := range mods {
		name, _ := rulePackage(m.parsed)
		if name == "" {
			continue
		}
		r := byPackage[name]
		if r == nil {
			r = &Rule{ID: name, Source: m.file.origin}
			byPackage[name] = r
		}
		declared := false
		for _, a := range m.parsed.Annotations {
			if a.Scope != "package" {
				continue
			}
			if err := applyMetadata(r, a); err != nil {
				return nil, fmt.Errorf("policies: %s: METADATA: %w", locationString(a.Location), err)
			}
			r.Source = m.file.origin
			_, hasRule := a.Custom["rule"]
			declared = declared || hasRule && r.Severity != ""
		}
		if m.file.origin == sourceBuiltin && !declared {
			return nil, fmt.Errorf("policies: %s: METADATA: a built-in rule needs custom.rule and custom.severity", m.file.name)
		}
	}
	rules := make([]Rule, 0, len(byPackage))
	for _, r := range byPackage {
		rules = append(rules, *r)
	}
	slices.SortFunc(rules, func(a, b Rule) int { return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Source, b.Source)) })
	return rules, nil
}

// applyMetadata copies title, description, custom.rule and custom.severity
// into r.
func applyMetadata(r *Rule, a *ast.Annotations) error {
	if a.Title != "" {
		r.Title = a.Title
	}
	if a.Description != "" {
		r.Description = a.Description
	}
	if v, ok := a.Custom["rule"]; ok {
		id, ok := v.(string)
		if !ok || id == "" {
			return fmt.Errorf("custom.rule must be a non-empty string, not %v", v)
		}
		r.ID = id
	}
	if v, ok := a.Custom["severity"]; ok {
		s, ok := v.(string)
		if !ok || report.Severity(s).Rank() == 0 {
			return fmt.Errorf("custom.severity %v is not one of error, warning, notice", v)
		}
		r.Severity = report.Severity(s)
	}
	return nil
}
