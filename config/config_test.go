package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseStrict(t *testing.T) {
	tests := []struct {
		name, src, wantErr string
	}{
		{"valid", "exclude: [\"kubernetes:monitoring/**\"]\nmappings:\n  shop.db: [\"terraform:aws_db_instance.main\"]\nfail-on: warning\n", ""},
		{"empty", "", ""},
		{"unknown key has its line", "exclude: []\nexcludes: [x]\n", "c.yaml:2: field excludes is not a known setting"},
		{"wrong type", "exclude: 3\n", "c.yaml:1: "},
		{"bad fail-on", "fail-on: sometimes\n", `fail-on "sometimes"`},
		{"bad glob", "exclude: [\"[\"]\n", "exclude[0]"},
		{"syntax error", "exclude: [\n", "c.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.src))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("Parse succeeded, want error containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("Parse error %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadMissingIsNotAnError(t *testing.T) {
	cfg, found, err := Load(fstest.MapFS{}, FileName)
	if err != nil || found || cfg == nil {
		t.Fatalf("Load of a missing file = %v, %v, %v", cfg, found, err)
	}
}

func TestExcluded(t *testing.T) {
	c := &Config{Exclude: []string{"kubernetes:monitoring/**", "terraform:*/aws_iam_role.*", "kubernetes:main/deployment/debug-*"}}
	tests := map[string]bool{
		"kubernetes:monitoring/deployment/grafana":       true,
		"kubernetes:monitoringx/deployment/grafana":      false,
		"kubernetes:main/deployment/debug-shell":         true,
		"kubernetes:main/deployment/orders":              false,
		"terraform:infra/aws_iam_role.app":               true,
		"terraform:infra/aws_sqs_queue.orders":           false,
		"kubernetes:monitoring":                          false,
		"kubernetes:monitoring/statefulset/loki/extra/x": true,
	}
	for id, want := range tests {
		if got := c.Excluded(id); got != want {
			t.Errorf("Excluded(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestParseRulesAndIgnores(t *testing.T) {
	tests := []struct {
		name, src, wantErr string
	}{
		{"ok", "rules:\n  relationship.missing: off\n  element.undocumented: warning\nignore:\n  - rule: element.undocumented\n    element: \"kubernetes:main/*\"\n    reason: debug tools\n", ""},
		{"bad severity", "rules:\n  element.missing: fatal\n", `rules.element.missing: "fatal"`},
		{"ignore without reason names its line", "ignore:\n  - rule: element.missing\n    element: x\n", "c.yaml:2: ignore entry has no reason"},
		{"ignore without target", "ignore:\n  - rule: element.missing\n    reason: r\n", "needs an element or a path glob"},
		{"ignore without rule", "ignore:\n  - element: x\n    reason: r\n", "has no rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.src))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Parse error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
