package adr

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// adrWith wraps constraint blocks in an ADR whose first block line is 9, so
// that expected lines read as file lines.
func adrWith(blocks ...string) string {
	return "# X\n\n## Status\n\nAccepted\n\n## Decision\n\n" + strings.Join(blocks, "\n")
}

func TestConstraints(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     []Constraint
		problems []string // "line: message prefix"
	}{
		{
			name: "only",
			src:  adrWith("```archdrift\n- only: \"Order Service, Order Worker -> Orders DB\"\n```\n"),
			want: []Constraint{{Verb: VerbOnly, From: []string{"Order Service", "Order Worker"}, To: []string{"Orders DB"}, Line: 10, Raw: `only: "Order Service, Order Worker -> Orders DB"`}},
		},
		{
			name: "deny with unless",
			src:  adrWith("```archdrift\n- deny: \"* -> class:database\"\n  unless: [Order Service, \"tag:data, tag:etl\"]\n```\n"),
			want: []Constraint{{Verb: VerbDeny, From: []string{"*"}, To: []string{"class:database"}, Unless: []string{"Order Service", "tag:data", "tag:etl"}, Line: 10,
				Raw: "deny: \"* -> class:database\"\nunless: [Order Service, \"tag:data, tag:etl\"]"}},
		},
		{
			name: "require",
			src:  adrWith("```ARCHDRIFT\n# a comment first\n- require: Payment Service -> Stripe\n```\n"),
			want: []Constraint{{Verb: VerbRequire, From: []string{"Payment Service"}, To: []string{"Stripe"}, Line: 11, Raw: "require: Payment Service -> Stripe"}},
		},
		{
			name: "technology allow and deny",
			src:  adrWith("```archdrift\n- technology: class:database\n  allow: postgres, MySQL\n- technology: \"*\"\n  deny:\n    - mongo\n```\n"),
			want: []Constraint{
				{Verb: VerbTechnology, Select: []string{"class:database"}, Allow: []string{"PostgreSQL", "MySQL"}, Line: 10, Raw: "technology: class:database\nallow: postgres, MySQL"},
				{Verb: VerbTechnology, Select: []string{"*"}, Deny: []string{"MongoDB"}, Line: 12, Raw: "technology: \"*\"\ndeny:\n  - mongo"},
			},
		},
		{
			name: "flow list on one line",
			src:  adrWith("```archdrift\n[{deny: \"A -> B\"}, {require: \"A -> C\"}]\n```\n"),
			want: []Constraint{
				{Verb: VerbDeny, From: []string{"A"}, To: []string{"B"}, Line: 10, Raw: `[{deny: "A -> B"}, {require: "A -> C"}]`},
				{Verb: VerbRequire, From: []string{"A"}, To: []string{"C"}, Line: 10, Raw: `[{deny: "A -> B"}, {require: "A -> C"}]`},
			},
		},
		{
			name:     "two blocks, the second bad, the first kept",
			src:      adrWith("```archdrift\n- deny: \"A -> B\"\n```\n", "```archdrift\n- deny: [\n```\n"),
			want:     []Constraint{{Verb: VerbDeny, From: []string{"A"}, To: []string{"B"}, Line: 10, Raw: `deny: "A -> B"`}},
			problems: []string{"14: archdrift block: bad YAML: did not find expected node content"},
		},
		{
			name:     "bad YAML",
			src:      adrWith("```archdrift\n- deny: \"A -> B\"\n  unless: [x\n```\n"),
			problems: []string{"11: archdrift block: bad YAML"},
		},
		{
			name:     "two verbs in one item",
			src:      adrWith("```archdrift\n- deny: \"A -> B\"\n  require: \"A -> C\"\n```\n"),
			problems: []string{"10: archdrift constraint: one item has 2 verbs (deny, require)"},
		},
		{
			name:     "unknown verb, others kept",
			src:      adrWith("```archdrift\n- forbid: \"A -> B\"\n- require: \"A -> C\"\n```\n"),
			want:     []Constraint{{Verb: VerbRequire, From: []string{"A"}, To: []string{"C"}, Line: 11, Raw: `require: "A -> C"`}},
			problems: []string{`10: archdrift constraint: unknown verb "forbid"`},
		},
		{
			name:     "unknown modifier",
			src:      adrWith("```archdrift\n- require: \"A -> C\"\n  unless: [B]\n```\n"),
			problems: []string{`11: archdrift constraint: require does not take "unless"`},
		},
		{
			name:     "bad selector",
			src:      adrWith("```archdrift\n- only: \"A, -> C\"\n- deny: \"A -> colour:red\"\n```\n"),
			problems: []string{"10: archdrift constraint: only: left of \"->\": empty selector in list", `11: archdrift constraint: deny: right of "->": selector "colour:red": unknown kind`},
		},
		{
			name:     "edge that is not a string",
			src:      adrWith("```archdrift\n- deny: [A, B]\n```\n"),
			problems: []string{"10: archdrift constraint: deny wants one edge"},
		},
		{
			name:     "technology with both lists",
			src:      adrWith("```archdrift\n- technology: \"*\"\n  allow: [Go]\n  deny: [Java]\n```\n"),
			problems: []string{"10: archdrift constraint: technology takes allow or deny, not both"},
		},
		{
			name:     "technology with neither list",
			src:      adrWith("```archdrift\n- technology: \"*\"\n```\n"),
			problems: []string{"10: archdrift constraint: technology needs allow"},
		},
		{
			name:     "not a list",
			src:      adrWith("```archdrift\ndeny: \"A -> B\"\n```\n"),
			problems: []string{"10: archdrift block must be a YAML list"},
		},
		{
			name:     "empty block",
			src:      adrWith("```archdrift\n```\n"),
			problems: []string{"9: archdrift block is empty"},
		},
		{
			name:     "item that is not a mapping",
			src:      adrWith("```archdrift\n- deny A -> B\n```\n"),
			problems: []string{"10: archdrift constraint: want a mapping"},
		},
		{
			name: "block inside a list item",
			src:  adrWith("* Decision:\n\n  ```archdrift\n  - deny: \"A -> B\"\n  ```\n"),
			want: []Constraint{{Verb: VerbDeny, From: []string{"A"}, To: []string{"B"}, Line: 12, Raw: `deny: "A -> B"`}},
		},
		{
			name:     "problem columns count the list indentation",
			src:      adrWith("* Decision:\n\n  ```archdrift\n  - deny: \"A\"\n  ```\n"),
			problems: []string{`12:11: archdrift constraint: deny: "A" is not an edge`},
		},
		{
			name: "other code blocks are not constraints",
			src:  adrWith("```yaml\n- deny: \"A -> B\"\n```\n\n    - deny: indented code\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, probs := Parse("0001-x.md", []byte(tt.src))
			if diff := cmp.Diff(tt.want, rec.Constraints); diff != "" {
				t.Errorf("constraints (-want +got):\n%s", diff)
			}
			checkProblems(t, probs, tt.problems)
			for _, p := range probs {
				if p.File != "0001-x.md" || p.Number != 1 {
					t.Errorf("problem %v is not located in ADR 1, 0001-x.md", p)
				}
			}
		})
	}
}

func TestRegoBlocks(t *testing.T) {
	src := adrWith(
		"```rego\npackage archdrift.adr.adr0001\n\ndeny contains \"x\" if { true }\n```\n",
		"```rego\npackage archdrift.adr\n```\n",
		"```rego\npackage k8srequiredlabels\n```\n",
		"```rego\n# no package at all\n```\n",
		"```rego\npackage archdrift.adrx\n```\n",
	)
	rec, probs := Parse("0001-x.md", []byte(src))
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	want := []RegoBlock{
		{Line: 9, Package: "archdrift.adr.adr0001", Source: "package archdrift.adr.adr0001\n\ndeny contains \"x\" if { true }\n"},
		{Line: 15, Package: "archdrift.adr", Source: "package archdrift.adr\n"},
	}
	if diff := cmp.Diff(want, rec.Rego); diff != "" {
		t.Errorf("rego (-want +got):\n%s", diff)
	}
}
