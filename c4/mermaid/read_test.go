package mermaid

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
)

// graphWithoutSources renders a graph as JSON without where it was read,
// the part two notations of one model cannot share.
func graphWithoutSources(t *testing.T, g *model.Graph) string {
	t.Helper()
	out := model.NewGraph()
	for _, e := range g.Elements() {
		c := *e
		c.Sources = nil
		if len(c.Properties) == 0 {
			c.Properties = nil
		}
		if err := out.Add(&c); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range g.Relationships() {
		c := *r
		c.Sources = nil
		if len(c.Properties) == 0 {
			c.Properties = nil
		}
		out.AddRelationship(&c)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestShopFlowSameAsDSL reads the hand-written Mermaid version of ShopFlow's
// model and compares it with what its Structurizr DSL gives: the same
// elements, parents, groups, classes and relationships.
func TestShopFlowSameAsDSL(t *testing.T) {
	ws, err := structurizr.ParseFile(os.DirFS(filepath.Join("..", "..", "testdata", "shopflow")), "docs/architecture/workspace.dsl")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseFiles(os.DirFS("testdata/shopflow"), []string{"architecture.md"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range m.Diagnostics {
		t.Errorf("diagnostic: %s", d)
	}
	if m.Diagrams != 4 {
		t.Errorf("%d diagrams, want 4", m.Diagrams)
	}
	if diff := cmp.Diff(graphWithoutSources(t, ws.Graph), graphWithoutSources(t, m.Graph)); diff != "" {
		t.Errorf("Mermaid and DSL differ: when ShopFlow's workspace.dsl changes, update testdata/shopflow/architecture.md (-dsl +mermaid):\n%s", diff)
	}
	// Positions are those of the Markdown file.
	e, _ := m.Graph.Element("shopflow.orders.api")
	if got := e.Sources[0].String(); got != "architecture.md:67:9" {
		t.Errorf("api read at %s, want architecture.md:67:9", got)
	}
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		// want lists "id kind class parent group [tech] {tags}" per element
		// and "from -> to desc [tech]" per relationship.
		want  []string
		diags []string
	}{
		{
			name: "context.mmd",
			src: `---
title: front matter
---
%%{init: {"theme": "dark"}}%%
C4Context
  title System Context diagram for Internet Banking System
  accTitle: banking
  accDescr {
    multi-line
  }
  Enterprise_Boundary(b0, "BankBoundary0") {
    Person(customerA, "Banking Customer A", "A customer of the bank, with personal bank accounts.", $link="https://bank.example")
    Person_Ext(customerC, "Banking Customer C", $descr="desc")
    System(SystemAA, "Internet Banking System", "Allows customers to view information.")
    System_Boundary(b1, "BankBoundary") {
      SystemDb_Ext(SystemE, "Mainframe Banking System", "Stores all of the core banking information.")
      SystemQueue(SystemQ, "Events", , , $tags="v1.0+Kafka")
    }
  }
  BiRel(customerA, SystemAA, "Uses")
  Rel_Back(SystemE, SystemAA, "Reads from", "XML/HTTPS")
  Rel(SystemAA, nobody, "Uses")
  Rel(customerA, b1, "Uses")
  UpdateRelStyle(customerA, SystemAA, $textColor="blue", $offsetY="-10")
  UpdateLayoutConfig($c4ShapeInRow="3", $c4BoundaryInRow="1")
  Frobnicate(a, b)
`,
			want: []string{
				"SystemAA system service  BankBoundary0",
				"SystemE system database  BankBoundary0/BankBoundary {Database,External}",
				"SystemQ system queue  BankBoundary0/BankBoundary {Queue,v1.0,Kafka}",
				"customerA person   BankBoundary0",
				"customerC person external  BankBoundary0 {External}",
				"SystemAA -> SystemE Reads from [XML/HTTPS]",
				"SystemAA -> customerA Uses",
				"customerA -> SystemAA Uses",
			},
			diags: []string{
				"context.mmd:22:3: Rel(SystemAA, nobody) dropped: \"nobody\" is not declared in any diagram",
				"context.mmd:23:3: Rel(customerA, b1) dropped: \"b1\" is a boundary that groups elements, not an element",
				"context.mmd:26:3: unknown macro Frobnicate ignored",
			},
		},
		{
			name: "deployment.mmd",
			src:  "C4Deployment\nDeployment_Node(aws, \"AWS\", \"Amazon Web Services\")\n{\n  Node(k8s, \"Cluster\", \"Kubernetes\") {\n    Container(api, \"API\", \"Go\")\n  }\n}\nRelIndex(1, api, api, \"loops\")\n",
			want: []string{
				"aws deployment-node infrastructure   [Amazon Web Services]",
				"aws.k8s deployment-node infrastructure aws  [Kubernetes]",
				"aws.k8s.api container service aws.k8s  [Go]",
				"aws.k8s.api -> aws.k8s.api loops",
			},
		},
		{
			name: "boundary-types.mmd",
			src: `C4Component
Boundary(sys, "Shop", "system") {
  Boundary(ctr, "Orders", "container") {
    Component(c, "Checkout", "Go")
  }
}
Container_Boundary(lonely, "Nothing inside") {
  System(x.y, "Dotted alias")
}
`,
			want: []string{
				"sys system service  ",
				"sys.ctr container service sys ",
				"sys.ctr.c component service sys.ctr  [Go]",
				"x.y system service  Nothing inside",
			},
		},
		{
			name: "conflict.mmd",
			src:  "C4Context\nPerson(a, \"A\")\nSystem(a, \"A\")\nContainer(b, \"B\", \"Go\")\nContainer(b, \"B\", \"Rust\")\n",
			want: []string{
				"a person   ",
				"b container service   [Go]",
			},
			diags: []string{
				"conflict.mmd:3:1: System(a) declares a system, but \"a\" is a person at conflict.mmd:2:1: the first declaration wins",
				"conflict.mmd:5:1: technology of \"b\" is \"Rust\" here but \"Go\" at conflict.mmd:4:1: the first one is kept",
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range m.Graph.Elements() {
				s := strings.Join([]string{e.ID, string(e.Kind), string(e.Class), e.Parent, e.Group}, " ")
				if e.Technology != "" {
					s += " [" + e.Technology + "]"
				}
				if len(e.Tags) > 0 {
					s += " {" + strings.Join(e.Tags, ",") + "}"
				}
				got = append(got, s)
			}
			for _, r := range m.Graph.Relationships() {
				s := r.From + " -> " + r.To + " " + r.Description
				if r.Technology != "" {
					s += " [" + r.Technology + "]"
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("graph (-want +got):\n%s", diff)
			}
			var diags []string
			for _, d := range m.Diagnostics {
				diags = append(diags, strings.TrimPrefix(d.String(), "mermaid: "))
			}
			if diff := cmp.Diff(tt.diags, diags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"a.mmd", "flowchart LR\n  a --> b\n", "mermaid: a.mmd:1:1: expected a C4 diagram header: C4Context, C4Container, C4Component, C4Dynamic or C4Deployment"},
		{"a.mmd", "C4Context\nPerson(a, \"A)\n", "mermaid: a.mmd:2:11: string is never closed: add a closing \""},
		{"a.mmd", "C4Context\nPerson(a, \"A\"\n", "mermaid: a.mmd:2:7: ( is never closed: add )"},
		{"a.mmd", "C4Context\nSystem_Boundary(s, \"S\") {\n  Person(a)\n", "mermaid: a.mmd:2:1: System_Boundary \"s\" is never closed: add }"},
		{"a.mmd", "C4Context\n}\n", "mermaid: a.mmd:2:1: unexpected }: no boundary is open here"},
		{"a.mmd", "C4Context\nSystem_Boundary(s, \"S\")\nPerson(a)\n", "mermaid: a.mmd:2:1: System_Boundary needs a { } block: end the line with {"},
		{"a.mmd", "C4Context\nPerson(a) Person(b)\n", "mermaid: a.mmd:2:11: unexpected \"Person\" after Person(…): one statement per line"},
		{"a.mmd", "C4Context\nPerson(, \"A\")\n", "mermaid: a.mmd:2:1: Person needs an alias as its first argument"},
		{"a.mmd", "C4Context\nRel(a)\n", "mermaid: a.mmd:2:1: Rel needs two aliases: Rel(from, to, label, technology)"},
		{"a.mmd", "C4Context\nPerson(\"a\" \"A\")\n", "mermaid: a.mmd:2:12: expected , or ) between arguments"},
		{"a.mmd", "C4Context\nPerson(a, $tags)\n", "mermaid: a.mmd:2:11: named argument $tags has no value: write $tags=\"value\""},
		{"a.mmd", "C4Context\n-> x\n", "mermaid: a.mmd:2:1: unexpected \"-\": a statement starts with a macro such as Person(…), Container(…) or Rel(…)"},
		{"a.mmd", "C4Context\nBanana\n", "mermaid: a.mmd:2:1: unexpected \"Banana\": not a C4 macro (expected Person, System, Container, Component, a boundary, Rel … or a closing })"},
		{"doc.md", "# Doc\n\n- item\n\n  ```mermaid\n  C4Context\n  Person(a, \"A)\n  ```\n", "mermaid: doc.md:7:13: string is never closed: add a closing \""},
	} {
		_, err := Parse(tt.name, []byte(tt.src))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error = %v, want *Error", tt.src, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/a.md": {Data: []byte("# A\n\n```mermaid\nflowchart LR\n  x --> y\n```\n\n```mermaid\nC4Context\nPerson(u, \"User\")\n```\n")},
		"docs/b.md": {Data: []byte("```mermaid\nC4Container\nSystem_Boundary(s, \"Shop\") {\n  Container(w, \"Web\")\n}\nRel(u, w, \"Uses\")\n```\n")},
		"docs/c.md": {Data: []byte("```mermaid\ngraph TD\n```\n")},
		"x.mmd":     {Data: []byte("%% a comment\nC4Dynamic\n")},
	}
	if !Claims("docs/a.md", fsys["docs/a.md"].Data) || Claims("docs/c.md", fsys["docs/c.md"].Data) || !Claims("x.mmd", fsys["x.mmd"].Data) || Claims("x.txt", fsys["x.mmd"].Data) {
		t.Error("Claims is wrong")
	}
	m, err := ParseFiles(fsys, []string{"docs/a.md", "docs/b.md", "docs/c.md"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Diagrams != 2 || len(m.Files) != 3 {
		t.Errorf("%d diagrams in %v, want 2 in 3 files", m.Diagrams, m.Files)
	}
	rels := m.Graph.Relationships()
	if len(rels) != 1 || rels[0].From != "u" || rels[0].To != "s.w" || rels[0].Sources[0].String() != "docs/b.md:6:1" {
		t.Errorf("relationships merged across files: %+v", rels)
	}
	if _, err := ParseFiles(fsys, []string{"missing.md"}); err == nil || !strings.Contains(err.Error(), "missing.md:1:1") {
		t.Errorf("missing file: %v", err)
	}
}
