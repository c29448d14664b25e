package structurizr

import (
	"errors"
	"testing"
	"testing/fstest"
)

// fuzzSeeds are small workspaces written for the fuzzer, in the style of the
// corpus (not copies of it), covering every construct the parser knows.
var fuzzSeeds = []string{
	"workspace {\n}\n",
	`!constant ORG "Org"
workspace "${ORG}" "d" {
    !identifiers hierarchical
    !docs docs
    !adrs adrs madr
    properties {
        "k" "v"
    }
    model {
        archetypes {
            app = container {
                technology "Java"
                tag "App"
            }
            svc = group
            sync = -> {
                tags "Sync"
            }
            https = --sync-> {
                technology "HTTPS"
            }
        }
        u = person "User" "d" "t"
        enterprise "E" {
            s = softwareSystem "S" {
                !docs docs
                g = svc "Group" {
                    a = app "A" {
                        -> u "notifies"
                        c = component "C" "d" "t" "x,y" {
                            group "G"
                            perspectives {
                                "Security" "d" "v"
                            }
                        }
                    }
                }
                db = container "DB" "d" "PostgreSQL" "Database" {
                    a -> this "reads"
                }
            }
        }
        u --https-> s.a "uses" {
            url https://example.com
            properties {
                x y
            }
        }
        r = u -> s "uses"
        !relationship r {
            tag "T"
        }
        u -/> s
        live = deploymentEnvironment "Live" {
            dg = deploymentGroup "Blue"
            aws = deploymentNode "AWS" "" "" "" "1..N" {
                lb = infrastructureNode "LB" {
                    -> ci
                }
                ci = containerInstance s.a dg "T" {
                    healthCheck "h" https://example.com 60 0
                }
                softwareSystemInstance s
            }
        }
        !element "SoftwareSystem://S" {
            url https://x
        }
    }
    views {
        systemLandscape {
            include *
            autolayout lr
        }
        dynamic * {
            {
                u -> s
            }
        }
        styles {
            element "App" {
                background #ffffff
            }
        }
    }
    configuration {
        scope none
    }
}
`,
	"workspace extends base.dsl {\n    model {\n        !ref x {\n            y = container \"Y\"\n        }\n    }\n}\n",
	"workspace extends base.json {\n    model {\n        !extend \"SoftwareSystem://X\" {\n        }\n    }\n}\n",
	"workspace {\n    model {\n        !include inc.dsl\n        !include dir\n        !include https://example.com/x.dsl\n    }\n}\n",
	"workspace {\n    !script groovy {\n        x { }\n    }\n    !plugin a.B {\n        k v\n    }\n}\n",
	"/* c */ workspace { // c\n    # c\n    model {\n        a = \\\n            person \\\n            \"A \\\n            B\"\n        b = person \"\"\"\n            text\n            \"\"\"\n    }\n}\n",
	"workspace {\n    model {\n        element \"E\" \"m\" \"d\" \"t\"\n        group \"G\"\n        a = person \"A\" { }\n        a -> x\n    }\n}\n",
	"\xEF\xBB\xBFworkspace {\n model {\n  softwareSystem \"Nam\xe9\"\n }\n}\n",
}

// fuzzBrokenSeeds are seeds that must fail with an *Error.
var fuzzBrokenSeeds = []string{
	"workspace {\n    model {\n        softwareSystem \"S\" {\n            component \"C\"\n        }\n    }\n}\n",
	"workspace {\n    model {\n        -> a\n    }\n}\n",
	"workspace {\n}\n}\n",
	"workspace {\n    model {\n",
	"workspace {\n    model {\n        !include loop.dsl\n    }\n}\n",
	"workspace {\n    model {\n        !include ../up.dsl\n    }\n}\n",
}

// fuzzFiles are what includes and extends in the seeds (and in inputs the
// fuzzer derives from them) can reach.
var fuzzFiles = fstest.MapFS{
	"base.dsl":  {Data: []byte("workspace {\n    model {\n        x = softwareSystem \"X\"\n    }\n}\n")},
	"base.json": {Data: []byte(`{"model":{"softwareSystems":[{"id":"1","name":"X","properties":{"structurizr.dsl.identifier":"x"}}]}}`)},
	"inc.dsl":   {Data: []byte("i = person \"I\"\n")},
	"dir/a.dsl": {Data: []byte("j = person \"J\" {\n    -> i\n}\n")},
	"loop.dsl":  {Data: []byte("!include loop.dsl\n")},
}

// FuzzParse feeds arbitrary bytes to the parser: it must never panic or
// hang, a failure must be an *Error with a position, and a success must
// give a graph whose relationships join elements it holds.
func FuzzParse(f *testing.F) {
	for _, s := range append(fuzzSeeds, fuzzBrokenSeeds...) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ws, err := Parse(fuzzFiles, "workspace.dsl", src)
		if ws == nil || ws.Graph == nil {
			t.Fatal("nil workspace or graph")
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
		for _, r := range ws.Graph.Relationships() {
			if _, ok := ws.Graph.Element(r.From); !ok {
				t.Fatalf("relationship from unknown element %q", r.From)
			}
			if _, ok := ws.Graph.Element(r.To); !ok {
				t.Fatalf("relationship to unknown element %q", r.To)
			}
		}
		for _, e := range ws.Graph.Elements() {
			if e.Parent != "" {
				if _, ok := ws.Graph.Element(e.Parent); !ok {
					t.Fatalf("element %q has unknown parent %q", e.ID, e.Parent)
				}
			}
		}
		if _, err := ws.Graph.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFuzzSeeds keeps the seeds meaningful: the good ones parse, the
// broken ones fail with an *Error.
func TestFuzzSeeds(t *testing.T) {
	for i, s := range fuzzSeeds {
		if _, err := Parse(fuzzFiles, "workspace.dsl", []byte(s)); err != nil {
			t.Errorf("seed %d: %v", i, err)
		}
	}
	for i, s := range fuzzBrokenSeeds {
		_, err := Parse(fuzzFiles, "workspace.dsl", []byte(s))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("broken seed %d: error = %v, want *Error", i, err)
		}
	}
}
