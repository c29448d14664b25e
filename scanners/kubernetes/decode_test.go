package kubernetes

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSplitDocuments(t *testing.T) {
	type doc struct {
		Line int
		Text string
	}
	tests := []struct {
		name string
		in   string
		want []doc
	}{
		{"one", "a: 1\n", []doc{{1, "a: 1\n"}}},
		{"leading marker", "---\na: 1\n", []doc{{1, "   \na: 1\n"}}},
		{"two", "a: 1\n---\nb: 2\n", []doc{{1, "a: 1\n"}, {2, "   \nb: 2\n"}}},
		{"content on the marker line", "--- {a: 1}\n--- |\n  text\n", []doc{{1, "    {a: 1}\n"}, {2, "    |\n  text\n"}}},
		{"document end", "a: 1\n...\nb: 2\n", []doc{{1, "a: 1\n"}, {3, "b: 2\n"}}},
		{"empty documents dropped", "---\n---\n\n---\na: 1\n---\n", []doc{{4, "   \na: 1\n"}}},
		{"leading blank lines move the start", "\n\na: 1\n", []doc{{3, "a: 1\n"}}},
		{"directive", "%YAML 1.2\n---\na: 1\n", []doc{{2, "   \na: 1\n"}}},
		{"byte order mark", "\xef\xbb\xbfa: 1\n", []doc{{1, "a: 1\n"}}},
		{"not markers", "a: |\n  ---\n----\n---x\n", []doc{{1, "a: |\n  ---\n----\n---x\n"}}},
		{"crlf", "a: 1\r\n---\r\nb: 2\r\n", []doc{{1, "a: 1\r\n"}, {2, "   \r\nb: 2\r\n"}}},
		{"no final newline", "a: 1\n---\nb: 2", []doc{{1, "a: 1\n"}, {2, "   \nb: 2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []doc
			for _, d := range splitDocuments([]byte(tt.in)) {
				got = append(got, doc{d.line, string(d.text)})
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("splitDocuments(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestErrorLines pins the file line of YAML errors. yaml.v3 reports where
// the construct that failed begins (the block mapping with a bad key, the
// flow sequence left open, the place a node was expected), and prints
// 0-based lines for parser errors, which decodeFile corrects.
func TestErrorLines(t *testing.T) {
	prefix := "a: 1\n---\nb: 2\n---\n" // the third document starts on line 4
	tests := []struct {
		name, in string
		want     string
	}{
		{"parser error, open flow sequence", prefix + "x: 1\ny: [1, 2\n", "f.yaml:6: invalid YAML: did not find expected ',' or ']'"},
		{"parser error, bad key in the mapping of line 5", prefix + "x: 1\nm:\n  a: 1\n b: 2\n", "f.yaml:5: invalid YAML: did not find expected key"},
		{"parser error at the end of the file", prefix + "x: [\n", "f.yaml:6: invalid YAML: did not find expected node content"},
		{"scanner error", prefix + "x: 1\ny: @z\n", "f.yaml:6: invalid YAML: found character that cannot start any token"},
		{"error on the first line, reported without a line", "x: @z\n", "f.yaml:1: invalid YAML: found character that cannot start any token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := decodeFile("f.yaml", []byte(tt.in))
			var got []string
			for _, d := range diags {
				got = append(got, strings.TrimPrefix(d.String(), "kubernetes: "))
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNodeLines checks that objects carry file lines, not document lines.
func TestNodeLines(t *testing.T) {
	in := "# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\n\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  k: v\n"
	objs, diags := decodeFile("f.yaml", []byte(in))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	var got []string
	for _, o := range objs {
		got = append(got, fmt.Sprintf("%s@%d:%d", o.name, o.line, o.col))
	}
	if diff := cmp.Diff([]string{"a@3:1", "b@9:1"}, got); diff != "" {
		t.Errorf("object positions (-want +got):\n%s", diff)
	}
	if n := lookup(objs[1].node, "data", "k"); n == nil || n.Line != 13 {
		t.Errorf("data.k node = %+v, want line 13", n)
	}
}

// aliasBomb builds a "billion laughs" ConfigMap: levels of ten aliases each.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= levels; i++ {
		p := fmt.Sprintf("*a%d", i-1)
		fmt.Fprintf(&b, "x%d: &a%d [%s]\n", i, i, strings.Repeat(p+", ", 9)+p)
	}
	return b.String()
}

func TestBounds(t *testing.T) {
	deep := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + strings.Repeat("[", maxDepth+10) + strings.Repeat("]", maxDepth+10) + "\n"
	var many strings.Builder
	for range maxDocuments + 5 {
		many.WriteString("---\na: 1\n")
	}
	var smallBombs strings.Builder
	for i := range 40 {
		// Each bomb expands to about 1.4e5 nodes, with enough plain
		// nodes to pass yaml.v3's alias ratio check, so only the file's
		// budget can stop the 40 of them together.
		if i > 0 {
			smallBombs.WriteString("---\n")
		}
		// yaml.v3 checks the ratio as it decodes: filler first.
		smallBombs.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n")
		smallBombs.WriteString("filler: [" + strings.Repeat("y, ", 2000) + "y]\n")
		smallBombs.WriteString(strings.SplitN(aliasBomb(4), "\n", 4)[3])
	}
	big := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: " + strings.Repeat("x", maxDocumentSize) + "\n"
	bigCRD := "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: big}\nspec:\n  x: " + strings.Repeat("x", maxDocumentSize) + "\n"
	tests := []struct {
		name    string
		in      string
		objects int    // -1: some, but fewer than all
		diag    string // a substring of the last diagnostic, or "" for none
	}{
		{"alias bomb", aliasBomb(12), 0, "too many YAML nodes once aliases are expanded"},
		{"many small alias bombs", smallBombs.String(), -1, "too many YAML nodes once aliases are expanded"},
		{"recursive alias", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r}\ndata: &a {k: *a}\n", 0, "an alias contains itself"},
		{"deep nesting", deep, 0, "nested deeper than 200 levels"},
		{"too many documents", many.String(), 0, "more than 10000 YAML documents"},
		{"document too big", big, 0, "ConfigMap document larger than 2 MiB"},
		{"unused kind too big is skipped silently", bigCRD, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A hang or blow-up here fails through go test's timeout; how
			// fast the refusal is belongs in a benchmark, not an assertion.
			objs, diags := decodeFile("f.yaml", []byte(tt.in))
			if tt.objects == -1 {
				if len(objs) == 0 || len(objs) == 40 {
					t.Errorf("objects = %d, want some of the 40 but not all", len(objs))
				}
			} else if len(objs) != tt.objects {
				t.Errorf("objects = %d, want %d", len(objs), tt.objects)
			}
			if tt.diag == "" {
				if len(diags) > 0 {
					t.Errorf("diagnostics = %v, want none", diags)
				}
				return
			}
			if len(diags) == 0 || !strings.Contains(diags[len(diags)-1].Message, tt.diag) {
				t.Errorf("diagnostics = %v, want one saying %q", diags, tt.diag)
			}
		})
	}
}
