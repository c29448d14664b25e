package structurizr

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
)

func TestErrors(t *testing.T) {
	deep := "workspace {\n model {\n" + strings.Repeat("group \"g\" {\n", maxDepth) + strings.Repeat("}\n", maxDepth) + " }\n}\n"
	for _, tc := range []struct {
		name  string
		src   string
		files fstest.MapFS
		want  string // "file:line:col: message fragment"
	}{
		{"block never closed", "workspace {\n    model {\n        person \"A\"\n}\n", nil,
			"workspace.dsl:1:11: block is never closed"},
		{"extra close", "workspace {\n}\n}\n", nil,
			"workspace.dsl:3:1: unexpected }: no block is open here"},
		{"close with tokens", "workspace {\n    model {\n    } model\n}\n", nil,
			"workspace.dsl:3:7: unexpected tokens after }: put } on a line of its own"},
		{"brace on its own line", "workspace {\n    model {\n        a = person \"A\"\n        {\n    }\n}\n", nil,
			"workspace.dsl:4:9: { must end the line"},
		{"too many tokens", "workspace {\n    model {\n        person \"A\" \"B\" \"C\" \"D\"\n    }\n}\n", nil,
			"workspace.dsl:3:28: too many tokens, expected: person <name> [description] [tags]"},
		{"missing name", "workspace {\n    model {\n        softwareSystem\n    }\n}\n", nil,
			"workspace.dsl:3:9: expected: softwareSystem <name> [description] [tags]"},
		{"container in model", "workspace {\n    model {\n        container \"A\"\n    }\n}\n", nil,
			"workspace.dsl:3:9: container is not permitted here: define containers inside a softwareSystem { } block"},
		{"component in system", "workspace {\n    model {\n        s = softwareSystem \"S\" {\n            component \"C\"\n        }\n    }\n}\n", nil,
			"workspace.dsl:4:13: component is not permitted here: define components inside a container { } block"},
		{"unknown keyword in model", "workspace {\n    model {\n        softwareSytem \"S\"\n    }\n}\n", nil,
			`workspace.dsl:3:9: unexpected tokens in model: "softwareSytem" is not a keyword here`},
		{"unknown keyword in workspace", "workspace {\n    softwareSystem \"S\"\n}\n", nil,
			`workspace.dsl:2:5: unexpected tokens in workspace: "softwareSystem" is not permitted here`},
		{"before workspace", "hello\nworkspace {\n}\n", nil,
			"workspace.dsl:1:1: unexpected tokens before the workspace"},
		{"after workspace", "workspace {\n}\nhello\n", nil,
			"workspace.dsl:3:1: unexpected tokens after the workspace block"},
		{"no workspace", "!constant A b\n", nil,
			"workspace.dsl:2:1: no workspace found"},
		{"two workspaces", "workspace {\n}\nworkspace {\n}\n", nil,
			"workspace.dsl:3:1: multiple workspaces are not permitted"},
		{"two models", "workspace {\n    model {\n    }\n    model {\n    }\n}\n", nil,
			"workspace.dsl:4:5: multiple model blocks are not permitted"},
		{"two views", "workspace {\n    views {\n    }\n    views {\n    }\n}\n", nil,
			"workspace.dsl:4:5: multiple views blocks are not permitted"},
		{"workspace without block", "workspace \"Name\"\n", nil,
			"workspace.dsl:1:1: workspace needs a block"},
		{"unterminated string", "workspace {\n    model {\n        person \"A\n    }\n}\n", nil,
			"workspace.dsl:3:16: string is never closed"},
		{"unterminated comment", "workspace {\n/* never\n closed\n}\n", nil,
			"workspace.dsl:2:1: comment is never closed: add */"},
		{"unterminated text block", "workspace {\n    description \"\"\"\n        text\n}\n", nil,
			`workspace.dsl:2:17: text block is never closed: add """`},
		{"unterminated script", "workspace {\n    !script groovy {\n        println(1)\n", nil,
			"workspace.dsl:2:20: script block is never closed"},
		{"duplicate identifier", "workspace {\n    model {\n        a = person \"A\"\n        a = softwareSystem \"B\"\n    }\n}\n", nil,
			`workspace.dsl:4:9: identifier "a" is already in use`},
		{"bad identifier", "workspace {\n    model {\n        my-id = person \"A\"\n    }\n}\n", nil,
			`workspace.dsl:3:9: identifier "my-id" may only contain a-z A-Z 0-9 and _`},
		{"bad identifiers mode", "workspace {\n    !identifiers nested\n}\n", nil,
			"workspace.dsl:2:18: expected: !identifiers <flat|hierarchical>"},
		{"unknown relationship archetype", "workspace {\n    model {\n        a = person \"A\"\n        a --https-> a\n    }\n}\n", nil,
			`workspace.dsl:4:11: "https" is not a relationship archetype`},
		{"implicit relationship in model", "workspace {\n    model {\n        -> a\n    }\n}\n", nil,
			"workspace.dsl:3:9: -> without a source is only permitted inside an element"},
		{"too deep", deep, nil,
			fmt.Sprintf("workspace.dsl:%d:11: blocks nested more than %d deep", 1+maxDepth, maxDepth)},
		{"include escapes", "workspace {\n    model {\n        !include ../secrets.dsl\n    }\n}\n", nil,
			`workspace.dsl:3:18: !include "../secrets.dsl" escapes the repository root`},
		{"include absolute", "workspace {\n    !include /etc/passwd\n}\n", nil,
			`workspace.dsl:2:14: !include "/etc/passwd" escapes the repository root`},
		{"include escapes from a subfolder", "workspace {\n    !include model/a.dsl\n}\n",
			fstest.MapFS{"model/a.dsl": {Data: []byte("!include ../../b.dsl\n")}},
			`model/a.dsl:1:10: !include "../../b.dsl" escapes the repository root`},
		{"include missing", "workspace {\n    model {\n        !include people.dsl\n    }\n}\n", nil,
			`workspace.dsl:3:18: included file "people.dsl" (people.dsl) does not exist`},
		{"include cycle", "workspace {\n    !include a.dsl\n}\n",
			fstest.MapFS{"a.dsl": {Data: []byte("!include b.dsl\n")}, "b.dsl": {Data: []byte("!include a.dsl\n")}},
			"b.dsl:1:10: include cycle"},
		{"include closes a block", "workspace {\n    model {\n        !include a.dsl\n    }\n}\n",
			fstest.MapFS{"a.dsl": {Data: []byte("a = person \"A\"\n}\n")}},
			"a.dsl:2:1: unexpected }: this file closes a block it did not open"},
		{"error inside include", "workspace {\n    model {\n        !include a.dsl\n    }\n}\n",
			fstest.MapFS{"a.dsl": {Data: []byte("\n  container \"C\"\n")}},
			"a.dsl:2:3: container is not permitted here"},
		{"extends escapes", "workspace extends ../base.dsl {\n}\n", nil,
			`workspace.dsl:1:19: workspace extends "../base.dsl", which escapes the repository root`},
		{"extends missing", "workspace extends base.dsl {\n}\n", nil,
			`workspace.dsl:1:19: the workspace this one extends, "base.dsl" (base.dsl), does not exist`},
		{"extends cycle", "workspace extends workspace.dsl {\n}\n", nil,
			"workspace.dsl:1:19: extends cycle"},
		{"error in extended workspace", "workspace extends base.dsl {\n}\n",
			fstest.MapFS{"base.dsl": {Data: []byte("workspace {\n  model {\n    person\n  }\n}\n")}},
			"base.dsl:3:5: expected: person <name>"},
		{"broken json", "workspace extends base.json {\n}\n",
			fstest.MapFS{"base.json": {Data: []byte("{")}},
			"workspace.dsl:1:19: cannot read base.json: unexpected end of JSON input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"workspace.dsl": {Data: []byte(tc.src)}}
			maps.Copy(fsys, tc.files)
			_, err := ParseFile(fsys, "workspace.dsl")
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ParseFile error = %v (%T), want *Error", err, err)
			}
			got := fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("error = %q\nwant prefix %q", got, tc.want)
			}
			if !strings.HasPrefix(e.Error(), "structurizr: "+e.File+":") {
				t.Errorf("Error() = %q, want structurizr: FILE:LINE:COL: message", e.Error())
			}
			if e.Msg != "" && strings.ToLower(e.Msg[:1]) != e.Msg[:1] {
				t.Errorf("message %q should start lower case", e.Msg)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{File: "docs/workspace.dsl", Line: 12, Column: 3, Msg: "block is never closed"}
	if got, want := e.Error(), "structurizr: docs/workspace.dsl:12:3: block is never closed"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestPartialWorkspaceOnError(t *testing.T) {
	ws, err := Parse(nil, "w.dsl", []byte("workspace {\n  model {\n    a = person \"A\"\n    container \"X\"\n  }\n}\n"))
	if err == nil {
		t.Fatal("want an error")
	}
	if ws == nil || ws.Graph == nil {
		t.Fatal("want the workspace read before the error")
	}
	if _, ok := ws.Graph.Element("a"); !ok {
		t.Errorf("element a, read before the error, is missing")
	}
}

func TestBounds(t *testing.T) {
	// A constant that doubles at every step would need 2^40 bytes.
	var b strings.Builder
	b.WriteString("!const A \"" + strings.Repeat("x", 1024) + "\"\n")
	for i := range 40 {
		fmt.Fprintf(&b, "!const A%d \"${A}${A}\"\n!const A \"${A%d}\"\n", i, i)
	}
	b.WriteString("workspace {\n}\n")
	_, err := Parse(nil, "w.dsl", []byte(b.String()))
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "longer than") {
		t.Errorf("exponential constants: error = %v, want a bound", err)
	}

	// Many namesakes cost linear time, and get distinct IDs.
	b.Reset()
	b.WriteString("workspace {\n model {\n")
	for range 5000 {
		b.WriteString("  softwareSystem \"Same\"\n")
	}
	b.WriteString(" }\n}\n")
	ws, err := Parse(nil, "w.dsl", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if ws.Graph.Len() != 5000 {
		t.Errorf("got %d elements, want 5000", ws.Graph.Len())
	}

	// Diagnostics are capped.
	b.Reset()
	b.WriteString("workspace {\n model {\n  s = softwareSystem \"S\" {\n")
	for range maxDiagnostics + 10 {
		b.WriteString("   -> nobody\n")
	}
	b.WriteString("  }\n }\n}\n")
	ws, err = Parse(nil, "w.dsl", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ws.Diagnostics); n != maxDiagnostics+1 || !strings.Contains(ws.Diagnostics[n-1].Message, "10 more diagnostics") {
		t.Errorf("got %d diagnostics, last %q", n, ws.Diagnostics[n-1].Message)
	}
}
