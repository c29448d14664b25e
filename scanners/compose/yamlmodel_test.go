package compose

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/tree"

	sharedcorpus "github.com/archdrift/archdrift/internal/corpus"
)

// prunedCases reach the edges of the pruned walks (prune.go): every
// attribute the three tables name, in each of its forms, keys with dots,
// and the errors each step reports.
var prunedCases = map[string]string{
	"canonical forms": "x-a.b: {c: 1}\nx-top: [1, 2]\nservices:\n" +
		"  web.v2:\n    image: x\n    build: ./web\n    env_file: a.env\n    label_file: l.txt\n    gpus: all\n    networks: [front, back]\n" +
		"    dns: 1.1.1.1\n    volumes: [\"data:/data\", \"./src:/src:ro\", {type: tmpfs, target: /t}]\n    devices: [\"/dev/a:/dev/a\"]\n" +
		"    secrets: [s]\n    configs: [c]\n    ulimits: {nofile: 1024, nproc: {soft: 1, hard: 2}}\n    depends_on: [db]\n" +
		"    ports: [\"8000-8001:8000-8001\", 9000, \"127.0.0.1:7000:7000/udp\"]\n    extends: db\n" +
		"    develop: {watch: [{path: ./src, action: sync, target: /src, ignore: node_modules, include: \"*.go\"}]}\n" +
		"    labels: [a=1, b=2]\n    environment: {A: \"1\", B: null}\n    x-ext: {ports: [\"1:1\"]}\n" +
		"  db:\n    image: postgres\n    build: {context: ., secrets: [s], ssh: [default], additional_contexts: [a=b], ulimits: {nofile: 1}, provenance: true, sbom: true}\n" +
		"    pre_start: [{image: x, env_file: b.env, volumes: [\"v:/v\"]}]\n" +
		"networks:\n  front: {}\n  back: {external: true}\n" +
		"volumes:\n  data: {}\n  v: {external: true}\nsecrets:\n  s: {file: ./s}\nconfigs:\n  c: {content: hi}\n",
	"duplicates after canonical forms": "services:\n  web:\n    image: x\n    ports: [\"8000-8001:8000-8001\", \"8001:8001\"]\n" +
		"    labels: [a=1, a=2]\n    environment: [A=1, A=2]\n    volumes: [\"./a:/a\", \"./b:/a\"]\n    dns: [1.1.1.1, 1.1.1.1]\n",
	"an empty list":                  "services:\n  web:\n    image: x\n    dns: []\n    ports: []\n",
	"a unicity error":                "services:\n  web:\n    image: x\n    volumes: [{type: bind, source: .}]\n",
	"a schema error":                 "services:\n  web:\n    image: x\n    ports: {a: b}\n",
	"a canonical error":              "services:\n  web:\n    image: x\n    ports: [\"1:2:3:4:5\"]\n",
	"a validation error":             "services:\n  web:\n    image: x\n    ports: [{target: 80, host_ip: nowhere}]\n",
	"a validation error on a volume": "services:\n  web: {image: x}\nvolumes:\n  v: {external: true, driver: local}\n",
	"a validation error on a secret": "services:\n  web: {image: x}\nsecrets:\n  s: {file: a, environment: B}\n",
	"a renamed extension":            "services:\n  web:\n    image: x\n    x-develop: {watch: [{path: ./src, action: rebuild}]}\n",
	"empty":                          "{}\n",
	"interpolated":                   "name: shop\nservices:\n  web:\n    image: \"${COMPOSE_PROJECT_NAME}:${TAG:-1}\"\n    ports: [\"${P:-80}:80\"]\n    cpu_count: \"${N:-2}\"\n",
	"an interpolation error":         "services:\n  web:\n    image: \"${A:?}\"\n    ports: [\"${B\"]\n",
	"a null service":                 "services:\n  web:\n",
	"nulls": "services:\n  web:\n    image: x\n    ports:\n    depends_on:\n    volumes:\n    networks:\n    build:\n    dns:\n    ulimits: {nofile: null}\n  db:\n" +
		"volumes:\n  a:\n  b: {external: true}\nnetworks:\n  n:\nsecrets:\n  s: {file: ./s}\nconfigs:\n  c: {content: hi}\n",
	"a null secret":                   "services:\n  web: {image: x}\nsecrets:\n  s:\n",
	"a null config":                   "services:\n  web: {image: x}\nconfigs:\n  c:\n",
	"a null secret mount":             "services:\n  web: {image: x, secrets: [null]}\n",
	"a null config mount":             "services:\n  web: {image: x, configs: [null]}\n",
	"a null volume mount":             "services:\n  web: {image: x, volumes: [null]}\n",
	"a null device":                   "services:\n  web: {image: x, devices: [null]}\n",
	"a null port":                     "services:\n  web: {image: x, ports: [null]}\n",
	"a null extension":                "x-a:\nservices:\n  web: {image: x, x-b: }\n",
	"version":                         "version: \"3\"\nservices:\n  web: {image: x}\n",
	"top-level key that is not a map": "services: [web]\n",
}

// TestLoadDecodedAgrees loads decoded files both with loadDecoded and with
// compose-go's loader.LoadModelWithContext, and requires the same model or
// the same error.
func TestLoadDecodedAgrees(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*"))
	if root := sharedcorpus.Root(); root != "" {
		dirs = append(dirs, filepath.Join(root, "sock-shop", "docker-compose"))
	}
	for _, dir := range dirs {
		fsys := os.DirFS(dir)
		projects, _, err := findProjects(fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range projects {
			t.Run(filepath.Base(dir)+"/"+p.dir, func(t *testing.T) { agreeDecoded(t, fsys, p, true) })
		}
	}
	for name, files := range referenceCases {
		fsys, p := caseProject(files)
		t.Run(name, func(t *testing.T) { agreeDecoded(t, fsys, p, true) })
	}
	for name, src := range prunedCases {
		fsys, p := caseProject(map[string]string{"compose.yaml": src})
		t.Run(name, func(t *testing.T) { agreeDecoded(t, fsys, p, true) })
		fsys, p = caseProject(map[string]string{"compose.yaml": "services:\n  web: {image: x, ports: [\"80:80\"]}\n", "compose.override.yaml": src})
		t.Run(name+" as an override", func(t *testing.T) { agreeDecoded(t, fsys, p, true) })
	}
}

// agreeDecoded loads project p both ways, when its files are handed over
// decoded, and reports a difference. Error messages are compared only
// when exact is set: where a model holds several errors, compose-go
// reports whichever its map walk meets first.
func agreeDecoded(t *testing.T, fsys fs.FS, p project, exact bool) {
	t.Helper()
	load := func(viaLoader bool) (map[string]any, error, bool) {
		l := newProjectLoader(context.Background(), fsys, p)
		l.viaLoader = viaLoader
		l.readDotEnv()
		files := l.readFiles()
		if len(files) == 0 || l.configFiles(files)[0].Config == nil {
			return nil, nil, false
		}
		dict, err := l.loadFiles(p.dir, files)
		return dict, err, true
	}
	got, gotErr, decoded := load(false)
	if !decoded {
		return
	}
	want, wantErr, _ := load(true)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Errorf("loadDecoded: error %v; compose-go: error %v", gotErr, wantErr)
	case gotErr != nil:
		if exact && gotErr.Error() != wantErr.Error() {
			t.Errorf("loadDecoded: error %v; compose-go: error %v", gotErr, wantErr)
		}
	default:
		// %#v prints maps in key order, and a NaN as itself.
		if g, w := fmt.Sprintf("%#v", got), fmt.Sprintf("%#v", want); g != w {
			t.Errorf("loadDecoded:\n%s\ncompose-go:\n%s", g, w)
		}
	}
}

// TestPruneTablesVersion fails when compose-go changes version: the tables
// of prune.go and the steps of loadDecoded are copied from its source
// (transform/canonical.go, override/uncity.go, validation/validation.go,
// loader/loader.go's loadYamlFile and loadYamlModel) and must be compared
// with the new version's before this test is changed.
func TestPruneTablesVersion(t *testing.T) {
	const want = "github.com/compose-spec/compose-go/v2 v2.16.2"
	data, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/compose-spec/compose-go/v2" {
			if got := f[0] + " " + f[1]; got != want {
				t.Errorf("go.mod requires %s; prune.go and yamlmodel.go follow %s: compare them with its source, then update this test", got, want)
			}
			return
		}
	}
	t.Error("go.mod does not require compose-go")
}

// TestPruneTables checks that the tables hold the patterns they were made
// of, each once, and what step assumes of them: no literal part holds a
// dot, or compose-go's replacement for one, or is empty.
func TestPruneTables(t *testing.T) {
	for name, tt := range map[string]struct {
		table    *pathTable
		patterns []tree.Path
	}{"canonical": {canonicalTable, canonicalPatterns()}, "unicity": {unicityTable, unicityPatterns},
		"validation": {validationTable, validationPatterns}} {
		got, want := tt.table.patterns(), slices.Clone(tt.patterns)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: table holds %q, made of %q", name, got, want)
		}
		for _, p := range got {
			for _, part := range p.Parts() {
				if part == "" || strings.ContainsAny(part, ".👻") {
					t.Errorf("%s: pattern %s: part %q", name, p, part)
				}
			}
		}
	}
}

// patterns lists the patterns of a table.
func (t *pathTable) patterns() []tree.Path {
	var out []tree.Path
	var walk func(n *patternNode, parts []string)
	walk = func(n *patternNode, parts []string) {
		if n.whole || n.generic {
			out = append(out, tree.NewPath(parts...))
		}
		for part, next := range n.next {
			walk(next, append(parts[:len(parts):len(parts)], part))
		}
	}
	walk(t.root, nil)
	return out
}
