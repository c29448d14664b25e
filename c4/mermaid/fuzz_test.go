package mermaid

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse feeds arbitrary text to the reader, as .mmd and as Markdown:
// it must return a model or an *Error with a position, never panic or
// hang, and the graph must be consistent (parents and relationship ends
// exist).
func FuzzParse(f *testing.F) {
	seeds := []string{
		"C4Context\nPerson(a, \"A\", \"d\", $tags=\"x+y\", $link=\"https://x\")\nSystem_Ext(b, B)\nRel(a, b, \"Uses\", \"HTTPS\")\nBiRel(a, b, \"Talks\")\n",
		"C4Container\nSystem_Boundary(s, \"S\") {\n  Boundary(g, \"G\") {\n    ContainerDb_Ext(db, \"DB\", \"PostgreSQL\", \"d\")\n  }\n}\nRel_Back(db, s, \"x\")\n",
		"C4Component\nContainer_Boundary(c, \"C\")\n{\n  ComponentQueue(q, \"Q\", , , $descr=\"d\")\n}\n%% comment\n",
		"C4Deployment\nDeployment_Node(n, \"N\", \"t\") {\n  Node_L(m, \"M\") {\n    Container(x.y, \"X\")\n  }\n}\n",
		"C4Dynamic\ntitle t\naccTitle: a\naccDescr {\nb\n}\nRelIndex(1, a, b, \"c\")\nUpdateRelStyle(a, b, $offsetX=\"1\")\n",
		"---\ntitle: x\n---\n%%{init: {}}%%\nC4Context\nEnterprise_Boundary(e, \"E\") {\nPerson(p, \"P\") }\n",
	}
	for _, s := range seeds {
		f.Add(s, false)
	}
	if b, err := os.ReadFile("testdata/shopflow/architecture.md"); err == nil {
		f.Add(string(b), true)
	}
	f.Add("# t\n\n```mermaid\nC4Context\nPerson(a, \"A\")\n```\n", true)
	f.Fuzz(func(t *testing.T, src string, markdown bool) {
		name := "f.mmd"
		if markdown {
			name = "f.md"
		}
		m, err := Parse(name, []byte(src))
		if m == nil || m.Graph == nil {
			t.Fatal("nil model or graph")
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is %T, want *Error", err, err)
			}
			if e.File == "" || e.Line < 1 || e.Column < 1 || e.Msg == "" {
				t.Fatalf("error without a position: %+v", e)
			}
			return
		}
		for _, e := range m.Graph.Elements() {
			if e.Parent != "" {
				if _, ok := m.Graph.Element(e.Parent); !ok {
					t.Fatalf("element %q has unknown parent %q", e.ID, e.Parent)
				}
			}
		}
		for _, r := range m.Graph.Relationships() {
			if _, ok := m.Graph.Element(r.From); !ok {
				t.Fatalf("relationship from unknown %q", r.From)
			}
			if _, ok := m.Graph.Element(r.To); !ok {
				t.Fatalf("relationship to unknown %q", r.To)
			}
		}
		if _, err := m.Graph.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	})
}
