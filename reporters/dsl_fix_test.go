package reporters

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
)

// TestDSLFixParses splices the suggested DSL into a model like ShopFlow's
// and reads it back with archdrift's own Structurizr reader: the fix must
// be valid DSL that documents what ran undocumented, tagged so it gets the
// observed class, and mapped explicitly.
func TestDSLFixParses(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    Input
		ident string
	}{
		{"shopflow", shopflowInput(), "!identifiers hierarchical"},
		{"hostile", hostileInput(), "!identifiers hierarchical"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sections := newDSLFix(tt.in)
			var inSystem, inModel []string
			for _, s := range sections {
				switch {
				case strings.HasPrefix(s.Header, "// Add inside softwareSystem"):
					inSystem = append(inSystem, s.Items...)
				case strings.HasPrefix(s.Header, "// Add to model"):
					inModel = append(inModel, s.Items...)
				}
			}
			var b strings.Builder
			b.WriteString("workspace {\n" + tt.ident + "\nmodel {\n")
			sysID := tt.in.Documented.Elements()[0].ID
			for _, e := range tt.in.Documented.Elements() {
				if e.Kind == model.KindSystem && e.Parent == "" && len(tt.in.Documented.Children(e.ID)) > 0 {
					sysID = e.ID
				}
			}
			b.WriteString(sysID + " = softwareSystem \"System\" {\n")
			for _, e := range tt.in.Documented.Elements() {
				if e.Kind == model.KindContainer && e.Parent == sysID {
					b.WriteString(strings.TrimPrefix(e.ID, sysID+".") + " = container " + dslString(e.Name) + "\n")
				}
			}
			b.WriteString(strings.Join(inSystem, "\n") + "\n}\n")
			b.WriteString(strings.Join(inModel, "\n") + "\n}\n}\n")
			src := b.String()
			ws, err := structurizr.Parse(fstest.MapFS{}, "workspace.dsl", []byte(src))
			if err != nil {
				t.Fatalf("the fix does not parse: %v\n%s", err, src)
			}
			for _, d := range ws.Diagnostics {
				t.Errorf("diagnostic: %s\n%s", d, src)
			}
			for _, f := range tt.in.Diff.UndocumentedElements {
				var found *model.Element
				for _, e := range ws.Graph.Elements() {
					if e.Properties[model.PropSource] == f.ID {
						found = e
					}
				}
				if found == nil {
					t.Errorf("%s is not documented by the fix:\n%s", f.ID, src)
					continue
				}
				if string(found.Class) != f.Class || found.Technology != f.Technology && f.Technology != "```" {
					t.Errorf("%s reads back as %s %q, observed %s %q", f.ID, found.Class, found.Technology, f.Class, f.Technology)
				}
			}
			if got, want := len(ws.Graph.Relationships()), len(tt.in.Diff.UndocumentedRelationships); got != want {
				t.Errorf("%d relationships read back, %d undocumented:\n%s", got, want, src)
			}
		})
	}
}
