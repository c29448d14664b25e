package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/c4/suggest"
	"github.com/archdrift/archdrift/internal/corpus"
)

// copyEstate copies an estate into a temporary folder that a test may
// change.
func copyEstate(t *testing.T, dir string) string {
	t.Helper()
	tmp := filepath.Join(t.TempDir(), filepath.Base(dir))
	if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	return tmp
}

// archdrift runs the CLI in-process, failing the test when the exit code
// is not want.
func archdrift(t *testing.T, want int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if got := run(args, &stdout, &stderr); got != want {
		t.Fatalf("archdrift %s: exit %d, want %d\n%s%s", strings.Join(args, " "), got, want, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// driftRules checks dir and returns the rules of its findings whose rule
// starts with one of prefixes, with their messages.
func driftRules(t *testing.T, prefixes []string, args ...string) []string {
	t.Helper()
	out := archdrift(t, 0, append([]string{"check", "--format", "json", "--fail-on", "never"}, args...)...)
	var rep struct {
		Findings []struct{ Rule, Message string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		for _, p := range prefixes {
			if strings.HasPrefix(f.Rule, p) {
				got = append(got, f.Rule+": "+f.Message)
			}
		}
	}
	return got
}

// TestSuggestWriteRoundTrip is the promise for suggest: on a copy
// of ShopFlow, suggest --write then check finds nothing undocumented, and
// the model still parses with every line it had (comments included).
func TestSuggestWriteRoundTrip(t *testing.T) {
	dir := copyEstate(t, filepath.Join("..", "..", "testdata", "shopflow"))
	const model = "docs/architecture/workspace.dsl"
	before, err := os.ReadFile(filepath.Join(dir, model))
	if err != nil {
		t.Fatal(err)
	}
	undocumented := []string{"element.undocumented", "relationship.undocumented"}
	if len(driftRules(t, undocumented, dir)) == 0 {
		t.Fatal("ShopFlow has no undocumented drift to fix: the test proves nothing")
	}
	patch := archdrift(t, 0, "suggest", dir)
	if !strings.Contains(patch, "--- a/"+model) || !strings.Contains(patch, "+"+strings.Repeat(" ", 12)+"recommendation_service = container") {
		t.Errorf("suggest does not print the patch:\n%s", patch)
	}
	archdrift(t, 0, "suggest", dir, "--write")
	if got := driftRules(t, undocumented, dir); len(got) > 0 {
		t.Errorf("after suggest --write, check still finds:\n%s", strings.Join(got, "\n"))
	}
	after, err := os.ReadFile(filepath.Join(dir, model))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := structurizr.ParseFile(os.DirFS(dir), model); err != nil {
		t.Errorf("the model no longer parses: %v", err)
	}
	// Only lines were added: the old lines, comments and blank ones
	// included, are all there in their order.
	old, now := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	i := 0
	for _, l := range now {
		if i < len(old) && l == old[i] {
			i++
		}
	}
	if i != len(old) {
		t.Errorf("line %d of the model (%q) was changed or lost", i+1, old[i])
	}
	if n := strings.Count(string(after), suggest.NotObserved); n != 2 {
		t.Errorf("%d %q comments, want 2 (Review Service, Payment Service → RabbitMQ)", n, suggest.NotObserved)
	}
	// Applied twice, nothing more changes.
	archdrift(t, 0, "suggest", dir, "--write")
	again, _ := os.ReadFile(filepath.Join(dir, model))
	if !bytes.Equal(after, again) {
		t.Error("a second suggest --write changed the model again")
	}
}

// TestExportIsACleanModel is the promise for export: Online
// Boutique's export parses with archdrift's own DSL reader and, used as
// the model, gives a check without element or relationship findings. So do
// ShopFlow's in every format that keeps archdrift.source.
func TestExportIsACleanModel(t *testing.T) {
	drift := []string{"element.", "relationship.", "technology."}
	t.Run("online-boutique", func(t *testing.T) {
		dir := copyEstate(t, corpus.Dir(t, "k8s/online-boutique"))
		out := archdrift(t, 0, "export", dir, "--format", "dsl")
		ws, err := structurizr.Parse(nil, "workspace.dsl", []byte(out))
		if err != nil {
			t.Fatalf("the export does not parse: %v\n%s", err, out)
		}
		if ws.Graph.Len() != 13 || len(ws.Graph.Relationships()) != 16 {
			t.Errorf("%d elements and %d relationships, want 13 (a system, 12 containers) and 16", ws.Graph.Len(), len(ws.Graph.Relationships()))
		}
		model := filepath.Join(dir, "docs", "architecture", "workspace.dsl")
		if err := os.MkdirAll(filepath.Dir(model), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(model, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := driftRules(t, drift, dir); len(got) > 0 {
			t.Errorf("check against the export finds:\n%s", strings.Join(got, "\n"))
		}
	})
	for _, format := range []string{"dsl", "json", "likec4"} {
		t.Run("shopflow/"+format, func(t *testing.T) {
			dir := copyEstate(t, filepath.Join("..", "..", "testdata", "shopflow"))
			file := filepath.Join(dir, "exported."+map[string]string{"dsl": "dsl", "json": "json", "likec4": "c4"}[format])
			archdrift(t, 0, "export", dir, "--format", format, "--output", file)
			if got := driftRules(t, drift, dir, "--model", file); len(got) > 0 {
				t.Errorf("check against the export finds:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}
