package likec4

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
)

// comparable renders a graph as JSON without what LikeC4 cannot say the
// way Structurizr does: sources, groups (LikeC4 models have none), and
// the spelling of tags (LikeC4 tags hold no spaces, so "Web Browser" is
// #web-browser; tags are compared lower case with "-" as a space).
func comparable(t *testing.T, g *model.Graph) string {
	t.Helper()
	out := model.NewGraph()
	for _, e := range g.Elements() {
		if e.Kind == model.KindDeploymentNode {
			continue
		}
		c := *e
		c.Sources, c.Group = nil, ""
		c.Tags = nil
		for _, tag := range e.Tags {
			c.Tags = append(c.Tags, strings.ReplaceAll(strings.ToLower(tag), "-", " "))
		}
		slices.Sort(c.Tags)
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

// TestShopFlowSameAsDSL reads the hand-written LikeC4 version of
// ShopFlow's model (three files, with extend) and compares it with what
// its Structurizr DSL gives.
func TestShopFlowSameAsDSL(t *testing.T) {
	ws, err := structurizr.ParseFile(os.DirFS(filepath.Join("..", "..", "testdata", "shopflow")), "docs/architecture/workspace.dsl")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseFiles(os.DirFS("testdata/shopflow"), []string{"model.c4", "shopflow.c4", "specification.c4"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range m.Diagnostics {
		t.Errorf("diagnostic: %s", d)
	}
	if diff := cmp.Diff(comparable(t, ws.Graph), comparable(t, m.Graph)); diff != "" {
		t.Errorf("LikeC4 and DSL differ: when ShopFlow's workspace.dsl changes, update testdata/shopflow/*.c4 (-dsl +likec4):\n%s", diff)
	}
	node, ok := m.Graph.Element("prod.k8s")
	if !ok || node.Kind != model.KindDeploymentNode || node.Parent != "prod" || node.Properties["structurizr.hosts"] != "shopflow.webapp" {
		t.Errorf("deployment node prod.k8s = %+v", node)
	}
	e, _ := m.Graph.Element("shopflow.orders.api")
	if got := e.Sources[0].String(); got != "shopflow.c4:30:7" {
		t.Errorf("api read at %s, want shopflow.c4:30:7", got)
	}
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
		diags     []string
	}{
		{
			name: "scopes",
			src: `specification {
  element service
  element component
  element db { #persistent
    style { shape cylinder; color red }
  }
  tag persistent
  color brand #FF0000
  color other rgb(1, 2, 3)
}
model {
  service service1 {
    component api
    component frontend {
      -> api
      -> graphql
    }
  }
  service service2 {
    component api
    component graphql { link https://example.com/x 'Docs' }
    frontend -> api 'same name, other api'
  }
  frontend -> api
  frontend -> service2.api 'fqn' 'desc' 'gRPC' #sync
  frontend -> nothere
  this -> service1
  x = db 'Store' {
    metadata {
      archdrift_source 'kubernetes:ns/statefulset/x'
      owners ['a', 'b']
    }
  }
}
`,
			want: []string{
				"service1 container service ",
				"service1.api component service service1",
				"service1.frontend component service service1",
				"service2 container service ",
				"service2.api component service service2",
				"service2.graphql component service service2 url=https://example.com/x",
				"x container database  archdrift.source=kubernetes:ns/statefulset/x owners=a,b {persistent}",
				"service1.frontend -> service1.api ",
				"service1.frontend -> service2.api fqn [gRPC] {sync}",
				"service1.frontend -> service2.api same name, other api",
				"service1.frontend -> service2.graphql ",
			},
			diags: []string{
				`scopes.c4:24:3: relationship frontend -> api dropped: "api" is ambiguous here: qualify it with its parent's name`,
				`scopes.c4:26:3: relationship frontend -> nothere dropped: "nothere" is not defined`,
				"scopes.c4:27:3: relationship this -> service1 dropped: this/it is only meaningful inside an element",
			},
		},
		{
			name: "deployment",
			src: `specification { element app; deploymentNode vm }
model { app a 'A' }
deployment {
  vm v1 'Primary' {
    technology 'VMware'
    instanceOf a
    db = instanceOf a 'Second' { title 'x' }
    vm inner
    v1.inner -> v1 'replicates'
  }
  extend v1 { instanceOf missing }
}
`,
			want: []string{
				"a container service ",
				"v1 deployment-node infrastructure  structurizr.hosts=a",
				"v1.inner deployment-node infrastructure v1",
			},
			diags: []string{"deployment.c4:11:26: instanceOf missing ignored: \"missing\" is not defined"},
		},
		{
			name: "import",
			src:  "import { x } from 'other'\nmodel { extend nothing { y = thing } }\n",
			diags: []string{
				`import.c4:1:1: import from project "other" skipped: elements of other projects are not read, so relationships to them are dropped`,
				"import.c4:2:9: extend nothing ignored: no element has that fully qualified name",
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(tt.name+".c4", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range m.Graph.Elements() {
				s := strings.Join([]string{e.ID, string(e.Kind), string(e.Class), e.Parent}, " ")
				var props []string
				for k, v := range e.Properties {
					props = append(props, k+"="+v)
				}
				slices.Sort(props)
				if len(props) > 0 {
					s += " " + strings.Join(props, " ")
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
				if len(r.Tags) > 0 {
					s += " {" + strings.Join(r.Tags, ",") + "}"
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("graph (-want +got):\n%s", diff)
			}
			var diags []string
			for _, d := range m.Diagnostics {
				diags = append(diags, strings.TrimPrefix(d.String(), "likec4: "))
			}
			if diff := cmp.Diff(tt.diags, diags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"model {\n  a = system 'A\n}\n", "likec4: m.c4:2:14: string is never closed: add a closing '"},
		{"model {\n  a = system 'A'\n", "likec4: m.c4:1:7: block of model is never closed: add }"},
		{"model {\n  -> b\n}\n", "likec4: m.c4:2:3: a relationship without a source must be inside an element: write <source> -> <target>"},
		{"model {\n  a -> \n}\n", "likec4: m.c4:3:1: expected an element name, found \"}\""},
		{"modle {\n}\n", "likec4: m.c4:1:1: unexpected \"modle\" at the top level: expected specification, model, views, deployment, global or import"},
		{"/* open\n", "likec4: m.c4:1:1: comment is never closed: add */"},
		{"model { a = }\n", "likec4: m.c4:1:13: expected an element kind after =, found \"}\""},
		{"model { a 'x' }\n", "likec4: m.c4:1:11: expected an element (kind name, or name = kind) or a relationship (a -> b), found string after a"},
		{"model { a -[x> b }\n", "likec4: m.c4:1:14: expected ]-> after -[x, found \">\""},
		{"model { a = s 'a' 'b' 'c' 'd' 'e' }\n", "likec4: m.c4:1:31: too many strings after element a: expected [title] [summary] [technology] [tags]"},
		{"model { a = s { metadata { k [ 'x' } } }\n", "likec4: m.c4:1:36: expected a string in the metadata array, found \"}\""},
	} {
		_, err := Parse("m.c4", []byte(tt.src))
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
