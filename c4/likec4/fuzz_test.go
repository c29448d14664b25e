package likec4

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse feeds arbitrary text to the reader: it must return a model or
// an *Error with a position, never panic or hang, and the graph must be
// consistent (parents and relationship ends exist).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"specification.c4", "model.c4", "shopflow.c4"} {
		if b, err := os.ReadFile("testdata/shopflow/" + name); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"specification { element a { #t\n style { shape storage } }\n tag t\n relationship r { technology 'x' }\n color c #fff\n deploymentNode n }\n",
		"model { a x 'X' 'd' 't' 'p,q' { #t, #u\n link https://x 'l'\n metadata { k 'v'; m ['a','b'] }\n b = a { -> x.b; it -[r]-> x; this .r x 'q' 'd' 't' #t { title 'z' } }\n }\n extend x { c = a }\n extend x -> x.b { metadata { k 'v' } }\n}\n",
		"deployment { environment prod { vm v 'V' { technology 'T'\n instanceOf x.b\n i = instanceOf x { title 't' } } }\n extend prod { n m }\n}\n",
		"views { view index { include * } }\nglobal { style s * { color red } }\nimport { a } from 'p'\n",
		"model { a = s '''\n  markdown\n''' \"q\\\"x\" }\n/* c */ // d\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		m, err := Parse("f.c4", []byte(src))
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
