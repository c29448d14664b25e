package adr

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/internal/corpus"
)

// FuzzParse feeds arbitrary bytes to Parse: it must not panic or hang, and
// what it returns must hold together (known statuses and verbs, lines inside
// the file, problems located in it).
func FuzzParse(f *testing.F) {
	seeds := []string{
		"",
		"---\n",
		"---\nstatus: [\n---\n",
		"# 1. A\n\n## Status\n\nSuperceded by [2. B](0002-b.md)\n",
		"# A\n\n* Status: superseded by [ADR-0005](0005-example.md)\n* Date: 2020-01-01\n",
		"---\nstatus: accepted\ndecision-makers: [a, b]\n---\n# A\n",
		"```archdrift\n- only: \"A, B -> C\"\n- deny: \"* -> class:database\"\n  unless: [x]\n- technology: tag:x\n  allow: [Go]\n```\n",
		"```archdrift\n- &a {deny: \"A -> B\"}\n- *a\n- [*a, *a]\n```\n",
		"```rego\npackage archdrift.adr.x\n```\n",
		"## Status: ⌛️ Superseded by ADR-0001\n",
		strings.Repeat(">", 500) + " deep\n",
		strings.Repeat("*", 300) + "x" + strings.Repeat("*", 300),
	}
	for _, s := range seeds {
		f.Add("0001-seed.md", []byte(s))
	}
	addFiles := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(filepath.Base(p), b)
				}
			}
			return nil
		})
	}
	addFiles("testdata")
	if corpus := corpusRoot(); corpus != "" {
		addFiles(corpus)
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		rec, probs := Parse(name, src)
		lines := bytes.Count(src, []byte("\n")) + 1
		if rec.File != name {
			t.Errorf("file = %q, want %q", rec.File, name)
		}
		switch rec.Status {
		case StatusProposed, StatusAccepted, StatusRejected, StatusDeprecated, StatusSuperseded, StatusUnknown:
		default:
			t.Errorf("status %q is not a known status", rec.Status)
		}
		if rec.Number < NoNumber || rec.Line < 1 || rec.Line > lines || rec.StatusLine < 0 || rec.StatusLine > lines {
			t.Errorf("number %d, line %d, status line %d out of range (%d lines)", rec.Number, rec.Line, rec.StatusLine, lines)
		}
		for _, l := range rec.Links {
			if _, ok := inverse[l.Kind]; !ok && l.Kind != LinkRelatesTo {
				t.Errorf("link kind %q is unknown", l.Kind)
			}
			if l.Line < 1 || l.Line > lines {
				t.Errorf("link %+v outside the file (%d lines)", l, lines)
			}
		}
		for _, c := range rec.Constraints {
			if c.Line < 1 || c.Line > lines {
				t.Errorf("constraint %+v outside the file (%d lines)", c, lines)
			}
			switch c.Verb {
			case VerbOnly, VerbDeny, VerbRequire:
				if len(c.From) == 0 || len(c.To) == 0 {
					t.Errorf("edge constraint without both ends: %+v", c)
				}
			case VerbTechnology:
				if len(c.Select) == 0 || (len(c.Allow) == 0) == (len(c.Deny) == 0) {
					t.Errorf("technology constraint needs a selection and one list: %+v", c)
				}
			default:
				t.Errorf("unknown verb in %+v", c)
			}
		}
		for _, p := range probs {
			if p.File != name || p.Line < 0 || p.Line > lines || p.Message == "" {
				t.Errorf("problem %+v is not located in the file (%d lines)", p, lines)
			}
		}
		if _, err := json.Marshal(rec); err != nil {
			t.Errorf("record does not marshal: %v", err)
		}
		CheckLifecycle([]Record{rec, rec})
	})
}

// corpusRoot is corpusDir for places that cannot skip (fuzz seeding).
func corpusRoot() string {
	if root := corpus.Root(); root != "" {
		return filepath.Join(root, "adr")
	}
	return ""
}
