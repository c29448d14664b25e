package compose

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// scanCase is one scan of an in-memory repository. Elements and
// relationships are listed in full, IDs without the "compose:" prefix;
// classes, properties and sources are checked only where given.
type scanCase struct {
	name     string
	files    map[string]string
	elements []string
	// edges are "from -> to: description [technology]", sorted.
	edges []string
	// classes are "class/technology" by element.
	classes map[string]string
	props   map[string]map[string]string
	// sources are "file:line:col ..." by element ID or "from -> to".
	sources map[string]string
	diags   []string
}

var scanCases = []scanCase{
	{
		name: "services become containers, typed by image",
		files: map[string]string{"docker-compose.yml": `
services:
  web:
    image: nginx:1.27
  api:
    build: ./api
  worker:
    image: python:3.12-slim
  db:
    image: postgres:16
  cache:
    image: docker.io/library/redis:7
  queue:
    image: rabbitmq:3-management
  app:
    image: ghcr.io/acme/app:1.0
`},
		elements: []string{"api", "app", "cache", "db", "queue", "web", "worker"},
		classes: map[string]string{
			"web": "gateway/NGINX", "api": "service/", "worker": "service/Python", "db": "database/PostgreSQL",
			"cache": "cache/Redis", "queue": "queue/RabbitMQ", "app": "service/",
		},
		props: map[string]map[string]string{
			"db":  {"type": "service", "image": "postgres:16", "project": "default"},
			"api": {"type": "service", "build": "./api", "project": "default"},
		},
		sources: map[string]string{"web": "docker-compose.yml:3:3", "db": "docker-compose.yml:9:3"},
	},
	{
		name: "depends_on in both forms and links, deduplicated per pair",
		files: map[string]string{"compose.yaml": `
services:
  web:
    image: x
    depends_on: [api]
    links: ["api:backend", "cache"]
  api:
    image: x
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres
  cache:
    image: redis
`},
		elements: []string{"api", "cache", "db", "web"},
		edges: []string{
			"api -> db: depends_on",
			"web -> api: depends_on; links",
			"web -> cache: links",
		},
		sources: map[string]string{"web -> api": "compose.yaml:5:5", "api -> db": "compose.yaml:9:5"},
	},
	{
		name: "environment values that name services",
		files: map[string]string{"compose.yaml": `
services:
  web:
    image: x
    environment:
      API_URL: http://api:8080/v1
      BROKER: amqp://guest:guest@queue:5672/
      KAFKA: kafka-0:9092,kafka-1:9092
      DB: db
      CACHE_HOST: cache.internal
  api:
    image: x
    environment:
      - DATABASE_URL=postgres://u:p@db:5432/shop
      - SELF=http://api:8080
  queue:
    image: rabbitmq
  kafka-0:
    image: apache/kafka
  kafka-1:
    image: apache/kafka
  db:
    image: postgres
  cache:
    image: redis
    networks:
      default:
        aliases: [cache.internal]
`},
		elements: []string{"api", "cache", "db", "kafka-0", "kafka-1", "queue", "web"},
		edges: []string{
			"api -> db: env DATABASE_URL",
			"web -> api: env API_URL [HTTP]",
			"web -> cache: env CACHE_HOST",
			"web -> db: env DB",
			"web -> kafka-0: env KAFKA",
			"web -> kafka-1: env KAFKA",
			"web -> queue: env BROKER [AMQP]",
		},
		sources: map[string]string{"api -> db": "compose.yaml:14:9", "web -> db": "compose.yaml:9:7"},
	},
	{
		name: "values that do not name a service",
		files: map[string]string{"compose.yaml": `
services:
  web:
    image: x
    environment:
      GREETING: talk to the order service
      PREFIX: order
      PATH_HINT: file:/order/x
      MISSING: http://payments:80
      PORT: "8080"
    command: ["--name", "order-service-x", "--mode=order"]
  order-service:
    image: x
`},
		elements: []string{"order-service", "web"},
	},
	{
		name: "command and entrypoint words, link aliases and container names",
		files: map[string]string{"compose.yaml": `
services:
  loadgen:
    image: x
    command: -h edge -c 2
    entrypoint: ["run", "--target=http://store:80"]
  edge:
    image: traefik
  shop:
    image: x
    container_name: store
  web:
    image: x
    links: ["shop:backend"]
    environment:
      UPSTREAM: backend:80
`},
		elements: []string{"edge", "loadgen", "shop", "web"},
		edges: []string{
			"loadgen -> edge: command",
			"loadgen -> shop: entrypoint [HTTP]",
			"web -> shop: links; env UPSTREAM",
		},
		classes: map[string]string{"edge": "gateway/Traefik"},
	},
	{
		name: "network_mode and volumes_from name services",
		files: map[string]string{"compose.yaml": `
services:
  app:
    image: x
    network_mode: service:vpn
    volumes_from: ["data:ro", "container:legacy"]
  vpn:
    image: x
  data:
    image: busybox
`},
		elements: []string{"app", "data", "vpn"},
		edges:    []string{"app -> data: volumes_from", "app -> vpn: network_mode"},
	},
	{
		name: "groups, labels and profiles",
		files: map[string]string{"compose.yaml": `
name: Shop
services:
  web:
    image: x
    networks: [front, back]
    labels:
      c4.element: Web Application
  api:
    image: x
    networks: [default]
    labels:
      archdrift.io/element: shop.api
      c4.element: ignored
  debug:
    image: x
    profiles: [tools, debug]
networks:
  front: {}
  back: {}
`},
		elements: []string{"api", "debug", "web"},
		props: map[string]map[string]string{
			"web":   {model.PropElement: "Web Application", "project": "shop"},
			"api":   {model.PropElement: "shop.api"},
			"debug": {"profiles": "debug,tools"},
		},
		classes: map[string]string{},
	},
	{
		name: "projects in sub-directories get their path in IDs",
		files: map[string]string{
			"deploy/dev/docker-compose.yml": "services:\n  web:\n    image: x\n    depends_on: [db]\n  db:\n    image: mysql:8\n",
			"tools/compose.yml":             "services:\n  web:\n    image: x\n",
			"tools/.env":                    "COMPOSE_PROJECT_NAME=ToolBox\n",
			"README.md":                     "# not compose",
		},
		elements: []string{"deploy/dev/db", "deploy/dev/web", "tools/web"},
		edges:    []string{"deploy/dev/web -> deploy/dev/db: depends_on"},
		classes:  map[string]string{"deploy/dev/db": "database/MySQL"},
		props:    map[string]map[string]string{"deploy/dev/web": {"project": "dev"}, "tools/web": {"project": "toolbox"}},
	},
	{
		name: "override and variant files merge onto the base, in order",
		files: map[string]string{
			"docker-compose.yml":          "version: '3'\nservices:\n  web:\n    image: x:1\n  db:\n    image: postgres\n",
			"docker-compose.override.yml": "services:\n  web:\n    image: x:2\n    depends_on: [db]\n",
			"docker-compose.zz.yml":       "services:\n  web:\n    image: x:3\n  log:\n    image: fluentd\n",
			"docker-compose.aa.yml":       "services:\n  web:\n    environment: [LOG=log:24224]\n",
		},
		elements: []string{"db", "log", "web"},
		edges:    []string{"web -> db: depends_on", "web -> log: env LOG"},
		props:    map[string]map[string]string{"web": {"image": "x:3"}},
		sources: map[string]string{
			"web":        "docker-compose.yml:3:3 docker-compose.override.yml:2:3 docker-compose.aa.yml:2:3 docker-compose.zz.yml:2:3",
			"web -> log": "docker-compose.aa.yml:3:19",
		},
	},
	{
		name: "several base files: the one docker compose picks",
		files: map[string]string{
			"compose.yaml":       "services:\n  new:\n    image: x\n",
			"docker-compose.yml": "services:\n  old:\n    image: x\n",
		},
		elements: []string{"new"},
		diags: []string{"compose: docker-compose.yml: . has several base compose files (compose.yaml, docker-compose.yml); " +
			"like docker compose, using compose.yaml only"},
	},
	{
		name: "interpolation sees .env and defaults, never the process environment",
		files: map[string]string{
			".env": "DB_HOST=db\nTAG=16\n",
			"compose.yaml": `
services:
  web:
    image: x
    environment:
      DB: ${DB_HOST}:5432
      CACHE: ${CACHE_HOST:-cache}:6379
      LEAK: ${ARCHDRIFT_TEST_SECRET}:80
      PASSWORD: ${DB_PASSWORD:?set it}
  db:
    image: postgres:${TAG}
  cache:
    image: redis
  secret-host:
    image: x
`},
		elements: []string{"cache", "db", "secret-host", "web"},
		edges:    []string{"web -> cache: env CACHE", "web -> db: env DB"},
		props:    map[string]map[string]string{"db": {"image": "postgres:16"}},
		diags:    []string{"compose: compose.yaml: required variables not set in the project's .env file: DB_PASSWORD; read as blank"},
	},
	{
		name: "extends in the same file, in a file inside the root, and refused ones",
		files: map[string]string{
			"app/compose.yaml": `
services:
  web:
    extends:
      file: ../common/base.yml
      service: python
    depends_on: [db]
  worker:
    extends: web
  db:
    image: postgres
  rogue:
    extends:
      file: ../../outside.yml
      service: x
  abs:
    extends:
      file: /etc/compose.yml
      service: x
  loop-a:
    image: x
    extends: loop-b
  loop-b:
    extends: loop-a
  job:
    extends:
      file: ../common/base.yml
      service: python
`,
			"common/base.yml": "services:\n  python:\n    image: python:3.12\n    env_file: ./py.env\n",
			"common/py.env":   "# settings\nDB_URL=postgres://db:5432/app\n",
		},
		elements: []string{"app/abs", "app/db", "app/job", "app/loop-a", "app/loop-b", "app/rogue", "app/web", "app/worker"},
		edges: []string{
			"app/job -> app/db: env DB_URL",
			"app/web -> app/db: depends_on; env DB_URL",
			"app/worker -> app/db: depends_on; env DB_URL",
		},
		classes: map[string]string{"app/web": "service/Python", "app/worker": "service/Python", "app/rogue": "service/"},
		sources: map[string]string{"app/web -> app/db": "app/compose.yaml:7:5", "app/job -> app/db": "common/py.env:2", "app/worker -> app/db": "app/compose.yaml:8:3"},
		diags: []string{
			`compose: app/compose.yaml:17:5: service abs: extends file "/etc/compose.yml" is outside the repository root; not followed; the service is read without its base`,
			`compose: app/compose.yaml:22:5: service loop-a: extends cycle through loop-a (app/compose.yaml) → loop-b (app/compose.yaml) → loop-a (app/compose.yaml); the service is read without its base`,
			`compose: app/compose.yaml:13:5: service rogue: extends file "../../outside.yml" is outside the repository root; not followed; the service is read without its base`,
		},
	},
	{
		name: "env_file inside the root is read, outside it is not",
		files: map[string]string{
			"svc/compose.yaml": `
services:
  web:
    image: x
    env_file:
      - web.env
      - path: optional.env
        required: false
      - ../../etc/passwd
      - missing.env
    environment:
      OVERRIDDEN: plain
  api:
    image: x
`,
			"svc/web.env": "API=api:80\nexport OVERRIDDEN=api:80\n",
		},
		elements: []string{"svc/api", "svc/web"},
		edges:    []string{"svc/web -> svc/api: env API"},
		sources:  map[string]string{"svc/web -> svc/api": "svc/web.env:1"},
		diags: []string{
			`compose: svc/compose.yaml:5:5: service web: env_file "../../etc/passwd" is outside the repository root; not read`,
			`compose: svc/compose.yaml:5:5: service web: env_file svc/missing.env not found`,
		},
	},
	{
		name: "a broken file is a diagnostic with its line; other projects still count",
		files: map[string]string{
			"a/compose.yaml":          "services:\n  web:\n    image: x\n   bad: [\n",
			"b/compose.yaml":          "services:\n  web:\n    image: x\n",
			"c/compose.yaml":          "services:\n  web:\n    image: x\n    ports: {a: b}\n",
			"d/compose.yaml":          "services:\n  web:\n    image: x\n",
			"d/compose.override.yaml": "services:\n  web:\n    imagez: y\n",
			"e/compose.yaml":          "just a string\n",
			"f/compose.yaml":          "services:\n  web:\n    image: x\n",
			"f/compose.prod.yaml":     "services: [\n",
		},
		elements: []string{"b/web", "d/web", "f/web"},
		diags: []string{
			"compose: a/compose.yaml:1: invalid YAML: did not find expected key; file skipped",
			"compose: c/compose.yaml:4:5: services.web.ports must be a array; project not loaded",
			"compose: d/compose.override.yaml:3:5: services.web.imagez false schema; project loaded without this file",
			"compose: e/compose.yaml: top-level object must be a mapping; project not loaded",
			"compose: f/compose.prod.yaml:1: invalid YAML: did not find expected node content; file skipped",
		},
	},
	{
		name: "a depends_on or link to an unknown service is reported, an optional one is not",
		files: map[string]string{"compose.yaml": `
services:
  web:
    image: x
    depends_on:
      ghost:
        condition: service_started
      maybe:
        condition: service_started
        required: false
    links: ["phantom:ghostly"]
    environment:
      GHOST: ghostly:80
`},
		elements: []string{"web"},
		diags: []string{
			`compose: compose.yaml:5:5: service web: depends_on names "ghost", which is not a service of the project; no relationship`,
			`compose: compose.yaml:11:5: service web: links names "phantom", which is not a service of the project; no relationship`,
		},
	},
	{
		name: "include is reported, not followed",
		files: map[string]string{
			"compose.yaml":       "include:\n  - /etc/other.yaml\nservices:\n  web:\n    image: x\n",
			"other/compose.yaml": "services:\n  db:\n    image: postgres\n",
		},
		elements: []string{"other/db", "web"},
		diags: []string{"compose: compose.yaml:1: include is not followed (1 entries): included projects are scanned on their own " +
			"when they are compose files inside the root"},
	},
	{
		// Both files exist on disk beside this test: were they read
		// from the OS, web would depend on mailhog and job would be a
		// Python service.
		name: "files are read from the scanned file system, never the OS",
		files: map[string]string{"compose.yaml": `
services:
  web:
    image: x
    env_file: testdata/basics/payments.env
  job:
    extends:
      file: testdata/extends/common/base.yml
      service: python-app
  mailhog:
    image: x
`},
		elements: []string{"job", "mailhog", "web"},
		classes:  map[string]string{"job": "service/"},
		diags: []string{
			`compose: compose.yaml:7:5: service job: extends file "testdata/extends/common/base.yml" cannot be read: ` +
				`open testdata/extends/common/base.yml: file does not exist; the service is read without its base`,
			`compose: compose.yaml:5:5: service web: env_file testdata/basics/payments.env not found`,
		},
	},
	{
		name:  "a key that is not a string is found in document order",
		files: map[string]string{"compose.yaml": "x-a:\n  b: 1\nx-c:\n  1: one\nservices:\n  web:\n    image: x\n    null: y\n"},
		diags: []string{`compose: compose.yaml:4: mapping key "1" at column 3 is not a string; compose files take string keys only; file skipped`},
	},
	{
		name: "an alias bomb is refused before compose-go expands it",
		files: map[string]string{"compose.yaml": "x-a: &a [x, x, x, x, x, x, x, x, x, x]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
			"x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
			"x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nx-f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nservices:\n  web:\n    image: x\n"},
		diags: []string{"compose: compose.yaml:1: too many YAML nodes once aliases are expanded (alias bomb?); file skipped"},
	},
}

func TestScan(t *testing.T) {
	t.Setenv("ARCHDRIFT_TEST_SECRET", "secret-host")
	for _, tt := range scanCases {
		t.Run(tt.name, func(t *testing.T) {
			g, diags := scanFiles(t, tt.files)
			checkGraph(t, tt, g, diags)
		})
	}
}

func scanFiles(t *testing.T, files map[string]string) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	g, diags, err := New().Scan(context.Background(), scanners.Input{FS: fsys, Root: "repo"})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return g, diags
}

func short(id string) string { return strings.TrimPrefix(id, scannerName+":") }

func edgeString(r *model.Relationship) string {
	s := short(r.From) + " -> " + short(r.To) + ": " + r.Description
	if r.Technology != "" {
		s += " [" + r.Technology + "]"
	}
	return s
}

func checkGraph(t *testing.T, tt scanCase, g *model.Graph, diags []model.Diagnostic) {
	t.Helper()
	var ids, edges, ds []string
	sources := map[string]string{}
	srcString := func(ss []model.Source) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.String())
		}
		return strings.Join(out, " ")
	}
	for _, e := range g.Elements() {
		ids = append(ids, short(e.ID))
		sources[short(e.ID)] = srcString(e.Sources)
		if e.Kind != model.KindContainer || e.Name == "" || len(e.Sources) == 0 {
			t.Errorf("%s: kind %q, name %q, %d sources: want a named container with sources", e.ID, e.Kind, e.Name, len(e.Sources))
		}
	}
	for _, r := range g.Relationships() {
		edges = append(edges, edgeString(r))
		sources[short(r.From)+" -> "+short(r.To)] = srcString(r.Sources)
	}
	for _, d := range diags {
		ds = append(ds, d.String())
		if d.Origin != scannerName || d.File == "" {
			t.Errorf("diagnostic without origin or file: %+v", d)
		}
	}
	empty := cmpopts.EquateEmpty()
	if diff := cmp.Diff(tt.elements, ids, empty); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tt.edges, edges, empty); diff != "" {
		t.Errorf("relationships (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(tt.diags, ds, empty); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	for id, want := range tt.classes {
		e, ok := g.Element(scannerName + ":" + id)
		if !ok {
			t.Errorf("no element %s", id)
			continue
		}
		if got := fmt.Sprintf("%s/%s", e.Class, e.Technology); got != want {
			t.Errorf("%s: class/technology = %q, want %q", id, got, want)
		}
	}
	for id, want := range tt.props {
		e, ok := g.Element(scannerName + ":" + id)
		if !ok {
			t.Errorf("no element %s", id)
			continue
		}
		for k, v := range want {
			if got, ok := e.Properties[k]; !ok || got != v {
				t.Errorf("%s: property %q = %q (set %v), want %q", id, k, got, ok, v)
			}
		}
	}
	for what, want := range tt.sources {
		if got := sources[what]; got != want {
			t.Errorf("source of %s = %q, want %q", what, got, want)
		}
	}
}

func TestElementFields(t *testing.T) {
	g, _ := scanFiles(t, map[string]string{"ops/compose.yaml": "services:\n  cache:\n    image: redis:7\n    networks: [zeta, alpha, default]\n"})
	got, ok := g.Element("compose:ops/cache")
	if !ok {
		t.Fatal("no element compose:ops/cache")
	}
	want := &model.Element{
		ID: "compose:ops/cache", Name: "cache", Kind: model.KindContainer, Class: model.ClassCache, Technology: "Redis",
		Group:      "alpha",
		Properties: map[string]string{model.PropType: "service", "image": "redis:7", "project": "ops"},
		Sources:    []model.Source{{Scanner: "compose", File: "ops/compose.yaml", Line: 2, Column: 3, Address: "ops/cache"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("element (-want +got):\n%s", diff)
	}
}

func TestDetect(t *testing.T) {
	for _, tt := range []struct {
		files []string
		want  bool
	}{
		{[]string{"compose.yaml"}, true},
		{[]string{"compose.yml"}, true},
		{[]string{"deploy/docker-compose.yaml"}, true},
		{[]string{"docker-compose.yml"}, true},
		{[]string{"a/b/docker-compose.prod.yml"}, true},
		{[]string{"compose.override.yaml"}, true},
		{[]string{"README.md", "k8s/deployment.yaml", "docker-compose.yml.bak", "my-compose.yml", "compose.json"}, false},
		{[]string{"node_modules/x/docker-compose.yml"}, false},
		{nil, false},
	} {
		fsys := fstest.MapFS{}
		for _, f := range tt.files {
			fsys[f] = &fstest.MapFile{Data: []byte("services: {}\n")}
		}
		if got := New().Detect(fsys); got != tt.want {
			t.Errorf("Detect(%v) = %v, want %v", tt.files, got, tt.want)
		}
	}
}

func TestRoleOf(t *testing.T) {
	for name, want := range map[string]fileRole{
		"compose.yaml": roleBase, "Docker-Compose.YML": roleBase, "docker-compose.override.yml": roleOverride,
		"compose.override.yaml": roleOverride, "docker-compose.prod.yml": roleVariant, "compose.ci.local.yaml": roleVariant,
		"docker-compose..yml": notCompose, "docker-compose.yml.bak": notCompose, "compose.yaml.json": notCompose,
		"compose.": notCompose, "mycompose.yml": notCompose, "values.yaml": notCompose,
	} {
		if got := roleOf(name); got != want {
			t.Errorf("roleOf(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestProjectFilesBounded(t *testing.T) {
	files := map[string]string{"compose.yaml": "services:\n  web:\n    image: x\n"}
	for i := range maxProjectFiles + 5 {
		files[fmt.Sprintf("compose.v%02d.yaml", i)] = fmt.Sprintf("services:\n  s%02d:\n    image: x\n", i)
	}
	g, diags := scanFiles(t, files)
	if g.Len() != maxProjectFiles {
		t.Errorf("%d services, want %d: the base and %d variants", g.Len(), maxProjectFiles, maxProjectFiles-1)
	}
	want := []string{"compose: compose.v31.yaml: . has more than 32 compose files; compose.v31.yaml and the 5 after it were not loaded"}
	if diff := cmp.Diff(want, diagStrings(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func diagStrings(diags []model.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return out
}

func TestScanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fsys := fstest.MapFS{"compose.yaml": &fstest.MapFile{Data: []byte("services:\n  web:\n    image: x\n")}}
	if _, _, err := New().Scan(ctx, scanners.Input{FS: fsys}); err == nil {
		t.Error("Scan with a cancelled context: no error")
	}
}

func TestName(t *testing.T) {
	var s scanners.Scanner = New()
	if s.Name() != "compose" {
		t.Errorf("Name() = %q", s.Name())
	}
}

func TestBlankVersion(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"version: '3.8'\nservices: {}\n", "              \nservices: {}\n"},
		{"version: \"2\" # legacy\r\nservices: {}\n", "                     \r\nservices: {}\n"},
		// A value that goes on below its key is left alone.
		{"version: >\n  3\nservices: {}\n", "version: >\n  3\nservices: {}\n"},
		{"version: 3\n  .8\nservices: {}\n", "version: 3\n  .8\nservices: {}\n"},
		{"{version: 3, services: {}}\n", "{version: 3, services: {}}\n"},
		{"services: {}\n", "services: {}\n"},
	} {
		f, d := parseFile("f.yaml", []byte(tt.in))
		if d != nil {
			t.Fatalf("parseFile(%q): %v", tt.in, d)
		}
		if got := string(f.blankVersion()); got != tt.want {
			t.Errorf("blankVersion(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tt := range []struct{ base, target, want string }{
		{".", "a/b.env", "a/b.env"},
		{"app", "common/x.env", "../common/x.env"},
		{"a/b", "a/b/c", "c"},
		{"a/b", "a", ".."},
		{"a", "a", "."},
	} {
		if got := relPath(tt.base, tt.target); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.base, tt.target, got, tt.want)
		}
	}
}
