package compose

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/model"
)

// FuzzLoad runs one project through the whole per-project path (reading,
// compose-go loading, extends, env files, elements and relationships) with a
// fuzzed base file, override file and .env file. It checks that nothing
// panics or hangs, that every diagnostic names a file of the project, that
// no bug of the scanner's own is caught by the last net, that the output
// is deterministic, and that it is what compose-go's own loader yields
// (reference_test.go), from bytes and from the decoded files
// (yamlmodel_test.go).
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.y*ml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b, []byte(nil), []byte(nil))
		}
	}
	f.Add([]byte("services:\n  web:\n    image: x:${TAG:-1}\n    depends_on: [db]\n    links: [db:database]\n    environment: [A=http://database:80]\n  db:\n    image: postgres\n"),
		[]byte("services:\n  web:\n    image: !reset null\n    env_file: [{path: a.env, required: false}]\n"),
		[]byte("TAG=2\nB=${TAG}\n"))
	f.Add([]byte("services:\n  a:\n    extends: b\n  b:\n    extends: {file: base.yml, service: c}\n"),
		[]byte("services:\n  a:\n    network_mode: service:b\n    volumes_from: [b]\n    command: [\"--x=b:1\"]\n"),
		[]byte(""))
	f.Add([]byte("x-a: &a {image: x}\nservices:\n  a: *a\n  b:\n    <<: *a\n    environment: {K: a:1}\n"), []byte("services: [\n"), []byte("export A=1\n"))
	f.Add([]byte("include: [x.yml]\nname: ${N:?}\nservices: {a: {image: \"${X?}\", profiles: [p]}}\n"), []byte(nil), []byte("N='q\n"))
	f.Fuzz(func(t *testing.T, base, override, dotenv []byte) {
		first := loadRun(t, base, override, dotenv)
		if again := loadRun(t, base, override, dotenv); first != again {
			t.Fatalf("two runs differ:\n%s\n%s", first, again)
		}
		fsys, p := fuzzProject(base, override, dotenv)
		agreeWithReference(t, fsys, p)
		agreeDecoded(t, fsys, p, false)
	})
}

// fuzzProject lays out the fuzzed files as a project.
func fuzzProject(base, override, dotenv []byte) (fstest.MapFS, project) {
	fsys := fstest.MapFS{
		"compose.yaml": &fstest.MapFile{Data: base},
		// extends may name it: the base doubles as a base file.
		"base.yml": &fstest.MapFile{Data: base},
	}
	files := []string{"compose.yaml"}
	if override != nil {
		fsys["compose.override.yaml"] = &fstest.MapFile{Data: override}
		files = append(files, "compose.override.yaml")
	}
	if dotenv != nil {
		fsys[".env"] = &fstest.MapFile{Data: dotenv}
		fsys["a.env"] = &fstest.MapFile{Data: dotenv}
	}
	return fsys, project{dir: ".", files: files}
}

// loadRun loads the project and renders what it yields.
func loadRun(t *testing.T, base, override, dotenv []byte) string {
	fsys, p := fuzzProject(base, override, dotenv)
	g, diags := graphOf(loadProject(context.Background(), fsys, p))
	for _, d := range diags {
		if d.Origin != scannerName || d.Message == "" || fsys[d.File] == nil {
			t.Fatalf("diagnostic without origin, message or a file of the project: %+v", d)
		}
		if strings.Contains(d.Message, "internal error") {
			t.Fatalf("the scanner's own bug: %s", d)
		}
	}
	out, err := json.Marshal(struct {
		Graph *model.Graph
		Diags []model.Diagnostic
	}{g, diags})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
