package check

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/c4"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

// TestRunChange runs ShopFlow as if a change touched the given files, and
// compares the doc.stale findings.
func TestRunChange(t *testing.T) {
	root := filepath.Join("..", "testdata", "shopflow")
	tests := []struct {
		name   string
		change *Change
		want   []string // "documented observed file:line"
	}{
		{name: "no review", change: nil},
		{
			name:   "manifest without docs",
			change: &Change{Files: []string{"deploy/k8s/main/order-service.yaml", "./README.md"}},
			want:   []string{"shopflow.orders kubernetes:main/deployment/order-service deploy/k8s/main/order-service.yaml:10"},
		},
		{
			name:   "manifest with the model",
			change: &Change{Files: []string{"deploy/k8s/main/order-service.yaml", "docs/architecture/workspace.dsl"}},
		},
		{
			name:   "manifest with an ADR, even a deleted one",
			change: &Change{Files: []string{"deploy/k8s/main/order-service.yaml", "docs/adr/0099-gone.md"}},
		},
		{
			name:   "unmatched manifest is left to element.undocumented",
			change: &Change{Files: []string{"deploy/k8s/main/recommendation-service.yaml"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Run(context.Background(), Options{Root: root, Change: tt.change})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Report.Findings {
				if f.Rule != "doc.stale" {
					continue
				}
				if f.Severity != report.SeverityWarning || f.Location == nil {
					t.Errorf("finding %+v: want a warning with a location", f)
					continue
				}
				got = append(got, *f.Documented+" "+*f.Observed+" "+f.Location.File+":"+strconv.Itoa(f.Location.Line))
			}
			slices.Sort(got)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("doc.stale findings (-want +got):\n%s", d)
			}
		})
	}
}

func TestPolicyChange(t *testing.T) {
	doc := &Documented{Workspace: &c4.Workspace{Files: []string{"docs/workspace.dsl", "docs/people.dsl"}}}
	dec := &Decisions{Dir: "docs/adr", Records: []adr.Record{{File: "docs/adr/0001-use-postgres.md"}}}
	got := policyChange(&Change{Files: []string{"./b.yaml", "a.yaml", "b.yaml", "docs/adr/0002-gone.md", "docs/adrx/note.md"}}, doc, dec)
	want := &policies.Change{
		Files:      []string{"a.yaml", "b.yaml", "docs/adr/0002-gone.md", "docs/adrx/note.md"},
		ModelFiles: []string{"docs/workspace.dsl", "docs/people.dsl"},
		// A deleted ADR is no longer read but is still a change to the ADRs.
		ADRFiles: []string{"docs/adr/0001-use-postgres.md", "docs/adr/0002-gone.md"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("policyChange (-want +got):\n%s", d)
	}
	if got := policyChange(nil, doc, dec); got != nil {
		t.Errorf("policyChange(nil) = %+v, want nil (no review)", got)
	}
}
