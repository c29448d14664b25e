package compose

import (
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"

	sharedcorpus "github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/model"
)

// The scanner takes shortcuts through compose-go: interpolation gets only
// the casts that can apply (casts.go), default values are not set
// (options), plain files are handed over decoded (handoff.go) and loaded by
// compose-go's steps called one by one, three of them over a pruned model
// (yamlmodel.go, prune.go), and services are decoded attribute by attribute
// instead of through loader.ModelToProject (decode.go). The tests here load
// every project twice, once with the shortcuts and once as compose-go's own
// loader would (projectLoader.reference), and require the same graph and
// the same diagnostics.

// referenceLoad loads a project without the scanner's shortcuts.
func referenceLoad(ctx context.Context, fsys fs.FS, p project) (*loaded, []model.Diagnostic) {
	l := newProjectLoader(ctx, fsys, p)
	l.reference = true
	l.decode = l.decodeThroughProject
	return l.run()
}

// decodeThroughProject decodes the services with loader.ModelToProject, as
// the scanner did before decode.go.
func (l *projectLoader) decodeThroughProject(dict map[string]any) ([]service, error) {
	details := types.ConfigDetails{WorkingDir: l.p.dir, Environment: l.env.Clone()}
	opts := loader.ToOptions(&details, l.options(nil))
	name, _ := dict["name"].(string)
	opts.SetProjectName(name, true)
	proj, err := loader.ModelToProject(dict, opts, details)
	if err != nil {
		return nil, err
	}
	all := proj.AllServices()
	var out []service
	for _, n := range slices.Sorted(maps.Keys(all)) {
		s := all[n]
		v := service{Name: n, Image: s.Image, Profiles: s.Profiles, Labels: s.Labels, ContainerName: s.ContainerName,
			DependsOn: s.DependsOn, Links: s.Links, NetworkMode: s.NetworkMode, Ipc: s.Ipc, Pid: s.Pid, Uts: s.Uts,
			Cgroup: s.Cgroup, VolumesFrom: s.VolumesFrom, Environment: s.Environment, EnvFiles: s.EnvFiles,
			Command: s.Command, Entrypoint: s.Entrypoint}
		if s.Build != nil {
			v.Build = &serviceBuild{Context: s.Build.Context}
		}
		if s.Networks != nil {
			v.Networks = map[string]*serviceNetwork{}
			for k, c := range s.Networks {
				if c == nil {
					v.Networks[k] = nil
				} else {
					v.Networks[k] = &serviceNetwork{Aliases: c.Aliases}
				}
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// graphOf is the graph a load yields and its diagnostics with those of
// the relationships added, as Scan builds them for one project.
func graphOf(lp *loaded, diags []model.Diagnostic) (*model.Graph, []model.Diagnostic) {
	g := model.NewGraph()
	if lp != nil {
		for _, s := range lp.services {
			g.Merge(lp.element(s))
		}
		rels, ds := lp.relationships()
		diags = append(diags, ds...)
		for _, r := range rels {
			g.AddRelationship(r)
		}
	}
	return g, diags
}

// render is what a load yields, as text: its graph and its diagnostics.
func render(t testing.TB, lp *loaded, diags []model.Diagnostic) string {
	t.Helper()
	g, diags := graphOf(lp, diags)
	out, err := json.MarshalIndent(struct {
		Graph *model.Graph
		Diags []model.Diagnostic
	}{g, diags}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// decodeFailure is the start of the error ModelToProject returns when an
// attribute does not decode.
const decodeFailure = "decoding failed due to the following error(s)"

// agreeWithReference loads project p of fsys both ways and reports any
// difference. The one difference allowed is the documented one: an
// attribute that compose-go cannot decode fails the reference load, and
// fails the scanner's only when the scanner reads it.
func agreeWithReference(t testing.TB, fsys fs.FS, p project) {
	t.Helper()
	ctx := context.Background()
	lp, diags := loadProject(ctx, fsys, p)
	got := render(t, lp, diags)
	ref, refDiags := referenceLoad(ctx, fsys, p)
	want := render(t, ref, refDiags)
	if got == want {
		return
	}
	for _, d := range refDiags {
		if strings.Contains(d.Message, decodeFailure) {
			return
		}
	}
	t.Errorf("project %s loads differently from compose-go's own loader:\nscanner:\n%s\ncompose-go:\n%s", p.dir, got, want)
}

// TestAgreesWithReference checks every project of the golden cases and of
// the corpus, and the cases below, which reach the shortcuts' edges.
func TestAgreesWithReference(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*"))
	if root := sharedcorpus.Root(); root != "" {
		dirs = append(dirs, filepath.Join(root, "sock-shop", "docker-compose"))
	}
	for _, dir := range dirs {
		if filepath.Base(dir) == "fuzz" {
			continue
		}
		fsys := os.DirFS(dir)
		projects, _, err := findProjects(fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range projects {
			t.Run(filepath.Base(dir)+"/"+p.dir, func(t *testing.T) { agreeWithReference(t, fsys, p) })
		}
	}
	for name, files := range referenceCases {
		fsys, p := caseProject(files)
		t.Run(name, func(t *testing.T) { agreeWithReference(t, fsys, p) })
	}
}

// caseProject lays out the files of a case as a project: compose.yaml, and
// compose.override.yaml when the case has one.
func caseProject(files map[string]string) (fstest.MapFS, project) {
	fsys := fstest.MapFS{}
	p := project{dir: ".", files: []string{"compose.yaml"}}
	for n, data := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(data)}
		if n == "compose.override.yaml" {
			p.files = append(p.files, n)
		}
	}
	return fsys, p
}

// referenceCases reach the edges of the scanner's shortcuts.
var referenceCases = map[string]map[string]string{
	"casts": {"compose.yaml": "services:\n  web:\n    image: x\n    cpu_count: \"2\"\n    init: 'true'\n" +
		"    ports: [{target: \"80\", published: \"8080\"}]\n    depends_on: {db: {condition: service_started, required: \"false\"}}\n" +
		"    ulimits: {nofile: {soft: \"1\", hard: \"2\"}}\n  db: {image: postgres, scale: \"1\"}\nnetworks:\n  n: {external: \"true\"}\n"},
	"casts through an aliased key": {"compose.yaml": "x-k: &k init\nservices:\n  web:\n    image: x\n    *k : \"maybe\"\n"},
	"a cast that fails":            {"compose.yaml": "services:\n  web:\n    image: x\n    cpu_count: lots\n"},
	"interpolated casts": {"compose.yaml": "services:\n  web:\n    image: x\n    read_only: ${RO:-true}\n    scale: ${N}\n",
		".env": "N=3\n"},
	"defaults": {"compose.yaml": "services:\n  web:\n    image: x\n    build: {dockerfile: Dockerfile.web}\n" +
		"    ports: [\"80:80\", {target: 81, protocol: tcp}]\n    secrets: [s]\n    volumes: [{type: bind, source: ., target: /x, bind: {}}]\n" +
		"    gpus: all\n    deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}\nsecrets:\n  s: {file: ./s}\n"},
	"extends with defaults": {"compose.yaml": "services:\n  base:\n    image: x\n    ports: [{target: 80, protocol: tcp, mode: ingress}]\n" +
		"  web:\n    extends: base\n    ports: [{target: 80}]\n    secrets: [{source: s, target: /run/secrets/s}, s]\nsecrets:\n  s: {file: ./s}\n"},
	"extension keys": {"compose.yaml": "services:\n  web:\n    image: x\n    x-note: hi\n    environment: {x-db: \"http://db:5432\", API: http://db}\n" +
		"    labels: {x-l: a, archdrift.io/element: web}\n    networks: {x-net: {}, back: {aliases: [store]}}\n  db: {image: postgres, networks: [back]}\n"},
	"attribute forms": {"compose.yaml": "services:\n  web:\n    image: x\n    build: ./web\n    command: \"serve --db db:5432\"\n" +
		"    entrypoint: [sh, -c, \"curl http://api\"]\n    environment: [A=http://api:80, B]\n    labels: [\"c4.element=web\"]\n" +
		"    env_file: [a.env, {path: b.env, required: false}]\n    profiles: [debug]\n    links: [api:backend]\n" +
		"    depends_on: {api: {condition: service_healthy, required: false}}\n    container_name: front\n" +
		"    network_mode: service:api\n    volumes_from: [api, \"container:c\"]\n  api: {image: node:20, ipc: service:web, networks: {default: {aliases: [API]}}}\n",
		"a.env": "C=http://web\n"},
	"project name, none":               {"compose.yaml": "services:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n"},
	"project name":                     {"compose.yaml": "name: shop\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n"},
	"project name to normalise":        {"compose.yaml": "name: My Shop\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n"},
	"project name interpolated":        {"compose.yaml": "name: ${N:-shop}\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n", ".env": "N=store\n"},
	"project name not a string":        {"compose.yaml": "name: 7\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n"},
	"project name in an override":      {"compose.yaml": "name: shop\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n", "compose.override.yaml": "name: store\n"},
	"project name in a later document": {"compose.yaml": "name: shop\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n---\nname: store\n---\nname: \"\"\n"},
	"project name from .env":           {"compose.yaml": "services:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n", ".env": "COMPOSE_PROJECT_NAME=fromenv\n"},
	"project name through a merge key": {"compose.yaml": "x-n: &n {name: merged}\n<<: *n\nservices:\n  web: {image: \"${COMPOSE_PROJECT_NAME}-web\"}\n"},
	"version, a number":                {"compose.yaml": "version: 3\nservices:\n  web: {image: x}\n"},
	"version, a string":                {"compose.yaml": "version: \"3.8\"\nservices:\n  web: {image: x}\n"},
	"version, not on its line":         {"compose.yaml": "{version: 3, services: {web: {image: x}}}\n"},
	"reset and override tags": {"compose.yaml": "services:\n  web: {image: x, environment: {A: http://db}, depends_on: [db]}\n  db: {image: postgres}\n",
		"compose.override.yaml": "services:\n  web:\n    environment: !override {B: http://db}\n    depends_on: !reset []\n"},
	"anchors and merge keys": {"compose.yaml": "x-base: &base {image: x, environment: {A: http://db}}\nservices:\n  web:\n    <<: *base\n    depends_on: [db]\n  db: {image: postgres}\n"},
	"a duplicate key":        {"compose.yaml": "services:\n  web: {image: x}\n  web: {image: y}\n"},
	"scalars the libraries may resolve apart": {"compose.yaml": "services:\n  web:\n    image: x\n" +
		"    environment: {A: -0, B: 0x1F, C: 1_000, D: 0o17, E: 2001-12-14, F: 1e3, G: .5, H: <<, I: 007, J: +1, K: -0.0, L: 99999999999999999999}\n" +
		"    labels: {a: 1.50, b: TRUE, c: ~, d: \"\"}\n"},
	"tagged scalars":    {"compose.yaml": "services:\n  web:\n    image: !!str 7\n    environment: {A: !!int \"3\", B: !custom c}\n"},
	"several documents": {"compose.yaml": "services:\n  web: {image: x}\n---\nservices:\n  db: {image: postgres}\n"},
	"an empty document": {"compose.yaml": "services:\n  web: {image: x}\n---\n"},
	"a document end":    {"compose.yaml": "services:\n  web: {image: x}\n...\n"},
	"a directive":       {"compose.yaml": "%YAML 1.1\n---\nservices:\n  web: {image: x}\n"},
	"not a mapping":     {"compose.yaml": "- services\n"},
	"depends_on shapes": {"compose.yaml": "services:\n  web:\n    image: x\n    depends_on:\n" +
		"      db: {condition: service_healthy, restart: true, required: \"${R:-false}\"}\n      cache: {condition: service_started}\n" +
		"      ghost: {condition: service_started, required: false}\n      phantom: {condition: service_started, required: \"${P:-true}\"}\n" +
		"  db: {image: postgres}\n  cache: {image: redis}\n"},
	"depends_on with an extension key": {"compose.yaml": "services:\n  web:\n    image: x\n    depends_on:\n" +
		"      cache: {condition: service_started, x-note: hi}\n      phantom: {required: false}\n  cache: {image: redis}\n"},
	"an attribute the scanner does not read that does not decode": {"compose.yaml": "services:\n  web:\n    image: x\n    mem_limit: lots\n"},
	"an attribute the scanner reads that does not decode":         {"compose.yaml": "services:\n  web:\n    image: x\n    command: \"echo 'a\"\n"},
}

// TestDecodeDifference pins the documented difference of decode.go: an
// attribute the scanner does not read no longer drops the project, one it
// reads still does, with its path.
func TestDecodeDifference(t *testing.T) {
	load := func(src string) (*loaded, []model.Diagnostic) {
		fsys := fstest.MapFS{"compose.yaml": &fstest.MapFile{Data: []byte(src)}}
		return loadProject(context.Background(), fsys, project{dir: ".", files: []string{"compose.yaml"}})
	}
	if lp, diags := load("services:\n  web:\n    image: x\n    mem_limit: lots\n"); lp == nil || len(diags) > 0 {
		t.Errorf("mem_limit: lots: loaded %v, diagnostics %v; want the project, no diagnostics", lp != nil, diags)
	}
	lp, diags := load("services:\n  web:\n    image: x\n\n    command: \"echo 'a\"\n")
	want := []string{"compose: compose.yaml:5:5: services.web.command: invalid command line string; project not loaded"}
	if got := diagStrings(diags); lp != nil || !slices.Equal(got, want) {
		t.Errorf("command that does not split: loaded %v, diagnostics %q; want %q", lp != nil, got, want)
	}
}
