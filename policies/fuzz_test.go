package policies

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"
)

// FuzzUserPolicy loads arbitrary text as a user policy next to the built-in
// rules and evaluates it: loading and evaluation may fail, but must not
// panic or hang, and what comes back must honour the output contract.
func FuzzUserPolicy(f *testing.F) {
	names, err := fs.Glob(BuiltinFS(), "*.rego")
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range names {
		text, err := fs.ReadFile(BuiltinFS(), n)
		if err != nil {
			f.Fatal(err)
		}
		// Renamed so the seed does not collide with the built-in package.
		f.Add(strings.Replace(string(text), "package archdrift.rules.", "package archdrift.rules.user_", 1))
	}
	f.Add(policyCalling(`http.send({"method": "GET", "url": "https://example.com"})`))
	f.Add(policyCalling(`to_number("seven")`))
	f.Add(runaway)
	f.Add("# METADATA\n# custom:\n#   rule: 7\n#   severity: [error]\npackage archdrift.rules.meta\n")
	f.Add("package archdrift.rules.x\n\nfinding contains {\"rule\": \"x\", \"severity\": \"error\", \"message\": \"m\", \"location\": {\"line\": -1}}\n")
	f.Add("package archdrift.rules.x.y\n\nfinding contains 1\n")
	f.Add("package archdrift\n\nrules := 1\n")

	builtin, err := readBuiltinFiles()
	if err != nil {
		f.Fatal(err)
	}
	in := Input{}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 {
			return
		}
		files := append(builtin[:len(builtin):len(builtin)], policyFile{name: "user/fuzz.rego", origin: "user/fuzz.rego", text: []byte(text)})
		e, err := newEngine(context.Background(), files, Options{Timeout: 100 * time.Millisecond, MaxMemory: 64 << 20})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "policies: ") {
				t.Errorf("New error %q lacks the package prefix", err)
			}
			return
		}
		if got := len(e.Rules()); got < len(builtin) {
			t.Errorf("Rules lists %d rules, fewer than the %d built-ins", got, len(builtin))
		}
		findings, err := e.Evaluate(context.Background(), in)
		if err != nil {
			return
		}
		for _, fd := range findings {
			if fd.Rule == "" || fd.Message == "" || fd.Severity.Rank() == 0 {
				t.Errorf("finding breaks the contract: %+v", fd)
			}
		}
	})
}

// FuzzDecodeFinding feeds arbitrary JSON, decoded the way OPA hands results
// over (numbers as json.Number), to decodeFinding.
func FuzzDecodeFinding(f *testing.F) {
	f.Add(`{"rule": "r", "severity": "error", "message": "m", "observed": "o", "documented": null, "location": {"file": "f", "line": 3, "column": 1}, "adr": {"number": 7, "title": "t", "file": "a.md", "line": 2}}`)
	f.Add(`{"rule": "r", "severity": "fatal", "message": "m"}`)
	f.Add(`{"rule": "r", "severity": "notice", "message": "m", "location": {"line": 1e300}}`)
	f.Add(`{"rule": "r", "severity": "notice", "message": "m", "location": {"line": 1.5}}`)
	f.Add(`"text"`)
	f.Add(`[1, 2]`)
	f.Fuzz(func(t *testing.T, text string) {
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		fd, err := decodeFinding(v)
		if err != nil {
			return
		}
		if fd.Rule == "" || fd.Message == "" || fd.Severity.Rank() == 0 {
			t.Errorf("accepted a finding that breaks the contract: %+v", fd)
		}
		if fd.Location != nil && (fd.Location.Line < 0 || fd.Location.Column < 0) {
			t.Errorf("accepted a negative location: %+v", fd.Location)
		}
	})
}
