package reporters

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// ruleCatalog is the metadata of every rule a report may name, sorted by
// ID. It comes from the rules' Rego METADATA (policies.Rule), never from a
// second list kept in Go.
type ruleCatalog struct {
	rules []policies.Rule
	index map[string]int
}

// newRuleCatalog lists the given rules (usually Engine.Rules(), so user
// rules are described too), or the built-in ones when none are given, plus
// a bare entry for any rule a finding names that neither lists. The first
// entry for an ID wins.
func newRuleCatalog(given []policies.Rule, findings []report.Finding) (*ruleCatalog, error) {
	if len(given) == 0 {
		// Compiling the built-in bundle takes a few milliseconds; it is the
		// only place their titles and descriptions are written.
		eng, err := policies.New(context.Background(), policies.Options{})
		if err != nil {
			return nil, fmt.Errorf("reporters: reading the built-in rules: %w", err)
		}
		given = eng.Rules()
	}
	c := &ruleCatalog{index: map[string]int{}}
	add := func(r policies.Rule) {
		if _, ok := c.index[r.ID]; ok || r.ID == "" {
			return
		}
		c.index[r.ID] = len(c.rules)
		c.rules = append(c.rules, r)
	}
	for _, r := range given {
		add(r)
	}
	for _, f := range findings {
		add(policies.Rule{ID: f.Rule})
	}
	slices.SortFunc(c.rules, func(a, b policies.Rule) int { return strings.Compare(a.ID, b.ID) })
	for i, r := range c.rules {
		c.index[r.ID] = i
	}
	return c, nil
}

// Rule returns the metadata of id (a bare entry when it is unknown).
func (c *ruleCatalog) Rule(id string) policies.Rule {
	if i, ok := c.index[id]; ok {
		return c.rules[i]
	}
	return policies.Rule{ID: id}
}

// Title is the rule's one-line title, or its ID when it has none.
func (c *ruleCatalog) Title(id string) string {
	if t := c.Rule(id).Title; t != "" {
		return t
	}
	return id
}

// Rules lists every rule, sorted by ID.
func (c *ruleCatalog) Rules() []policies.Rule { return c.rules }

// ruleCount is how many findings of one rule a report has, by severity.
type ruleCount struct {
	Rule                      string
	Errors, Warnings, Notices int
}

// Total is the number of findings of the rule.
func (r ruleCount) Total() int { return r.Errors + r.Warnings + r.Notices }

// countByRule counts findings per rule, in rule order, for the summary
// tables of the markdown and html formats.
func countByRule(findings []report.Finding) []ruleCount {
	byRule := map[string]*ruleCount{}
	var out []*ruleCount
	for _, f := range findings {
		c := byRule[f.Rule]
		if c == nil {
			c = &ruleCount{Rule: f.Rule}
			byRule[f.Rule] = c
			out = append(out, c)
		}
		switch f.Severity {
		case report.SeverityError:
			c.Errors++
		case report.SeverityWarning:
			c.Warnings++
		default:
			c.Notices++
		}
	}
	slices.SortFunc(out, func(a, b *ruleCount) int { return strings.Compare(a.Rule, b.Rule) })
	res := make([]ruleCount, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
}
