package code

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

func TestClientTableNamesCanonicalTechnologies(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range clients {
		tech, ok := model.LookupTechnology(c.tech)
		if !ok || tech.Name != c.tech {
			t.Errorf("%s %s: %q is not a canonical technology of package model", c.eco, c.name, c.tech)
		}
		key := string(c.eco) + " " + normalizeLibrary(c.eco, c.name)
		if seen[key] {
			t.Errorf("%s is in the table twice", key)
		}
		seen[key] = true
	}
}

func TestTechnologyOf(t *testing.T) {
	tests := []struct {
		eco  ecosystem
		name string
		want string // "" for none
	}{
		{ecoGo, "github.com/jackc/pgx/v5/pgxpool", "PostgreSQL"},
		{ecoGo, "github.com/lib/pq", "PostgreSQL"},
		{ecoGo, "github.com/lib/pqx", ""}, // prefixes end at a path element
		{ecoGo, "github.com/redis/go-redis/v9", "Redis"},
		{ecoGo, "github.com/aws/aws-sdk-go-v2/service/sqs/types", "Amazon SQS"},
		{ecoGo, "github.com/aws/aws-sdk-go-v2/service/sqsx", ""},
		{ecoGo, "github.com/aws/aws-sdk-go-v2/config", ""}, // the SDK names no service
		{ecoGo, "database/sql", ""},
		{ecoNPM, "IORedis", "Redis"},
		{ecoNPM, "@aws-sdk/client-sqs", "Amazon SQS"},
		{ecoNPM, "aws-sdk", ""},
		{ecoPyPI, "Psycopg2_Binary", "PostgreSQL"},
		{ecoPyPI, "confluent.kafka", "Apache Kafka"},
		{ecoPyPI, "boto3", ""},
		{ecoMaven, "org.postgresql:postgresql", "PostgreSQL"},
		{ecoMaven, "com.oracle.database.jdbc:ojdbc11", "Oracle Database"}, // a whole group
		{ecoMaven, "org.postgresql:pgjdbc-ng", ""},
		{ecoNuGet, "stackexchange.redis", "Redis"},
		{ecoNuGet, "Npgsql", "PostgreSQL"},
		{ecoNuGet, "Newtonsoft.Json", ""},
	}
	for _, tt := range tests {
		got, ok := index.technologyOf(tt.eco, tt.name)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("technologyOf(%s, %q) = %q, %v; want %q", tt.eco, tt.name, got, ok, tt.want)
		}
	}
}

// scanMap scans an in-memory tree and returns its elements as "id kind
// name [technology] class", its relationships as "from -> to", and its
// diagnostics.
func scanMap(t *testing.T, files map[string]string) (els, rels []string, diags []model.Diagnostic) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	g, diags, err := New().Scan(context.Background(), scanners.Input{FS: fsys, Root: "/src/shop"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range g.Elements() {
		els = append(els, e.ID+" "+string(e.Kind)+" "+e.Name+" ["+e.Technology+"] "+string(e.Class))
	}
	for _, r := range g.Relationships() {
		rels = append(rels, r.From+" -> "+r.To)
	}
	return els, rels, diags
}

func TestScanUnits(t *testing.T) {
	const goMain = "package main\n\nfunc main() {}\n"
	tests := []struct {
		name     string
		files    map[string]string
		wantEls  []string
		wantRels []string
	}{
		{
			name: "a Go module without a main package or Dockerfile is a library",
			files: map[string]string{
				"lib/go.mod": "module example.com/lib\n", "lib/lib.go": "package lib\n\nimport _ \"github.com/lib/pq\"\n",
			},
		},
		{
			name: "a Go library module with a Dockerfile is deployable, and a nested module is a module of its own",
			files: map[string]string{
				"go.mod": "module example.com/svc\n", "svc.go": "package svc\n", "Dockerfile": "FROM gcr.io/distroless/static\n",
				"sub/go.mod": "module example.com/svc/sub\n", "sub/x.go": "package x\n\nimport _ \"github.com/lib/pq\"\n",
			},
			// At the root the unit is named after the module; the root
			// package is a component named after its package clause.
			wantEls: []string{"code:. container svc [Go] service", "code:./. component svc [Go] service"},
		},
		{
			name: "a Dockerfile in a package directory of a module builds that module",
			files: map[string]string{
				"go.mod": "module example.com/tool/v3\n", "cmd/tool/main.go": goMain, "cmd/tool/Dockerfile": "FROM alpine\n",
			},
			wantEls: []string{"code:. container tool [Go] service"},
		},
		{
			name: "Node: a start script or a main entry makes a unit, a scoped name loses its scope at the root",
			files: map[string]string{
				"package.json":     `{"name": "@acme/shop", "main": "index.js", "dependencies": {"mongoose": "8"}}`,
				"lib/package.json": `{"name": "lib", "dependencies": {"kafkajs": "2"}}`,
				"web/package.json": `{"scripts": {"start": "next start"}}`,
			},
			wantEls: []string{
				"code:. container shop [Node.js] service",
				"code:tech/MongoDB container MongoDB [MongoDB] database",
				"code:web container web [Node.js] service",
			},
			wantRels: []string{"code:. -> code:tech/MongoDB"},
		},
		{
			name: "Python entry points: __main__.py in a package or under src/, manage.py, a __main__ guard",
			files: map[string]string{
				"a/requirements.txt": "pika\n", "a/pkg/__main__.py": "",
				"b/pyproject.toml": "[project]\nname = \"bee\"\n", "b/src/bee/__main__.py": "",
				"c/setup.py": "", "c/manage.py": "",
				"d/requirements.txt": "redis\n", "d/app.py": "if __name__ == '__main__':\n    run()\n",
				"e/requirements.txt": "pymongo\n", "e/lib.py": "def f(): pass\n",
			},
			wantEls: []string{
				"code:a container a [Python] service", "code:b container b [Python] service",
				"code:c container c [Python] service", "code:d container d [Python] service",
				"code:tech/RabbitMQ container RabbitMQ [RabbitMQ] queue", "code:tech/Redis container Redis [Redis] cache",
			},
			wantRels: []string{"code:a -> code:tech/RabbitMQ", "code:d -> code:tech/Redis"},
		},
		{
			name: "Java: an aggregator pom and a Gradle root without sources are not units",
			files: map[string]string{
				"pom.xml":                  "<project><artifactId>parent</artifactId><packaging>pom</packaging></project>",
				"api/pom.xml":              "<project><artifactId>api</artifactId></project>",
				"gradle/build.gradle":      "dependencies { implementation 'org.postgresql:postgresql:42' }",
				"app/build.gradle":         "apply plugin: 'application'",
				"lib/build.gradle":         "plugins { id 'java-library' }",
				"lib/src/main/java/A.java": "class A {}",
			},
			wantEls: []string{"code:api container api [Java] service", "code:app container app [Java] service", "code:lib container lib [Java] service"},
		},
		{
			name: ".NET: a web project in src/ is named after its project file; a class library is not a unit",
			files: map[string]string{
				"cart/src/cartservice.csproj": `<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="StackExchange.Redis" /></ItemGroup></Project>`,
				"cart/src/bin/Debug/x.csproj": `<Project Sdk="Microsoft.NET.Sdk.Web" />`,
				"common/common.csproj":        `<Project Sdk="Microsoft.NET.Sdk" />`,
				"named/x.csproj":              `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><AssemblyName>Named.Api</AssemblyName></PropertyGroup></Project>`,
			},
			wantEls: []string{
				"code:cart/src container cartservice [.NET] service",
				"code:named container named [.NET] service",
				"code:tech/Redis container Redis [Redis] cache",
			},
			wantRels: []string{"code:cart/src -> code:tech/Redis"},
		},
		{
			name: "Dockerfiles: a packaging folder builds the project above it, any other folder is a unit of its own",
			files: map[string]string{
				"orders/pom.xml":                  "<project><artifactId>orders</artifactId><packaging>pom</packaging></project>",
				"orders/docker/orders/Dockerfile": "FROM eclipse-temurin:21\n",
				"orders-db/Dockerfile":            "FROM mongo:7\n",
				"edge/Containerfile":              "FROM nginx:1.27\n",
				"static/site.Dockerfile":          "FROM busybox\n",
				".devcontainer/Dockerfile":        "FROM mcr.microsoft.com/devcontainers/go\n",
				"e2e/Dockerfile":                  "FROM node:20\n",
			},
			wantEls: []string{
				"code:edge container edge [NGINX] gateway",
				"code:orders container orders [Java] service",
				"code:orders-db container orders-db [MongoDB] database",
				"code:static container static [] service",
			},
		},
		{
			name:    "a Dockerfile at the root names the unit after the root",
			files:   map[string]string{"Dockerfile": "FROM python:3.12\n"},
			wantEls: []string{"code:. container shop [Python] service"},
		},
		{
			name: "a Go program outside any module, built by the Dockerfile above it",
			files: map[string]string{
				"Dockerfile":      "FROM golang:1.11\n",
				"cmd/x/main.go":   "package main\n\nimport _ \"github.com/go-sql-driver/mysql\"\n\nfunc main() {}\n",
				"tools/y/main.go": "package main\n\nfunc main() {}\n",
			},
			// Two programs below the Dockerfile: it is not guessed which one
			// it builds.
			wantEls: []string{
				"code:. container shop [] service",
				"code:cmd/x container x [Go] service",
				"code:tech/MySQL container MySQL [MySQL] database",
				"code:tools/y container y [Go] service",
			},
			wantRels: []string{"code:cmd/x -> code:tech/MySQL"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			els, rels, diags := scanMap(t, tt.files)
			if d := cmp.Diff(tt.wantEls, els); d != "" {
				t.Errorf("elements (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantRels, rels); d != "" {
				t.Errorf("relationships (-want +got):\n%s", d)
			}
			if len(diags) > 0 {
				t.Errorf("diagnostics: %v", diags)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tt := range []struct {
		files []string
		want  bool
	}{
		{[]string{"svc/go.mod"}, true},
		{[]string{"web/package.json"}, true},
		{[]string{"py/requirements-prod.txt"}, true},
		{[]string{"api/Api.csproj"}, true},
		{[]string{"db/Dockerfile"}, true},
		{[]string{"README.md", "deploy/k8s.yaml"}, false},
		{[]string{"node_modules/x/package.json", "testdata/go.mod", ".github/Dockerfile"}, false},
	} {
		fsys := fstest.MapFS{}
		for _, f := range tt.files {
			fsys[f] = &fstest.MapFile{}
		}
		if got := New().Detect(fsys); got != tt.want {
			t.Errorf("Detect(%v) = %v, want %v", tt.files, got, tt.want)
		}
	}
}

func TestCouldSee(t *testing.T) {
	s := New()
	for kind, want := range map[model.Kind]bool{model.KindComponent: true, model.KindContainer: false, model.KindSystem: false} {
		if got := s.CouldSee(&model.Element{Kind: kind}); got != want {
			t.Errorf("CouldSee(%s) = %v, want %v", kind, got, want)
		}
	}
	var _ scanners.Sighted = s
}

func TestWalkBounds(t *testing.T) {
	fsys := fstest.MapFS{}
	deep := strings.Repeat("d/", maxDepth+5) + "go.mod"
	fsys[deep] = &fstest.MapFile{Data: []byte("module x\n")}
	_, diags, err := walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "deeper than 64 levels") {
		t.Errorf("diagnostics = %v, want one about depth", diags)
	}
}

// TestScanSelf scans this repository: the module is one unit whose
// packages are components, with the imports between them. It is the smoke
// test of `archdrift scan .` at the root.
func TestScanSelf(t *testing.T) {
	root := "../.."
	if _, err := os.Stat(root + "/go.mod"); err != nil {
		t.Skip("not run inside the repository")
	}
	g, _, err := New().Scan(context.Background(), scanners.Input{FS: os.DirFS(root), Root: root})
	if err != nil {
		t.Fatal(err)
	}
	unit, ok := g.Element("code:.")
	if !ok || unit.Name != "archdrift" || unit.Technology != "Go" || unit.Properties["module"] != "github.com/archdrift/archdrift" {
		t.Fatalf("code:. = %+v, want the archdrift Go module", unit)
	}
	for _, pkg := range []string{"model", "diff", "check", "scanners/code", "c4/structurizr"} {
		e, ok := g.Element("code:./" + pkg)
		if !ok || e.Kind != model.KindComponent || e.Parent != "code:." {
			t.Errorf("no component code:./%s under code:. (%+v)", pkg, e)
		}
	}
	if _, ok := g.Element("code:./cmd/archdrift"); ok {
		t.Error("the main package is a component; want it as an entry point only")
	}
	if !strings.Contains(","+unit.Properties["entrypoints"]+",", ",cmd/archdrift,") {
		t.Errorf("entrypoints = %q, want cmd/archdrift among them", unit.Properties["entrypoints"])
	}
	var edges []string
	for _, r := range g.Relationships() {
		edges = append(edges, r.From+" -> "+r.To)
	}
	for _, want := range []string{"code:./check -> code:./diff", "code:./diff -> code:./model", "code:./scanners/code -> code:./scanners"} {
		if !slices.Contains(edges, want) {
			t.Errorf("no edge %s", want)
		}
	}
	for _, e := range g.Elements() {
		if strings.Contains(e.ID, "testdata") {
			t.Errorf("%s: test fixtures are not units", e.ID)
		}
	}
}
