package code

import (
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
)

// deps renders dependencies as name@line:col, what these tests compare.
func deps(ds []dependency) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.name+"@"+itoa(d.src.Line)+":"+itoa(d.src.Column))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// diagLines renders diagnostics as "line:col: message" (file left out).
func diagLines(ds []model.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, itoa(d.Line)+":"+itoa(d.Column)+": "+d.Message)
	}
	return out
}

func TestParsePackageJSON(t *testing.T) {
	tests := []struct {
		name, in  string
		wantName  string
		wantEntry bool
		wantDeps  []string
		wantDiags []string
	}{
		{
			name: "start script, dependencies with positions, dev dependencies ignored",
			in: `{
  "name": "@shop/web",
  "scripts": {"start": "node server.js", "test": "jest"},
  "dependencies": {
    "ioredis": "^5",
    "kafkajs": "2"
  },
  "devDependencies": {"pg": "8"}
}`,
			wantName: "@shop/web", wantEntry: true, wantDeps: []string{"ioredis@5:5", "kafkajs@6:5"},
		},
		{name: "main entry", in: `{"name": "x", "main": "index.js"}`, wantName: "x", wantEntry: true},
		{name: "a library: no start script, no main", in: `{"name": "lib", "scripts": {"build": "tsc"}, "main": "  "}`, wantName: "lib"},
		{name: "values of the wrong type teach nothing", in: `{"name": 3, "scripts": ["start"], "main": {}, "dependencies": ["pg"]}`},
		{name: "syntax error at its position", in: "{\n  \"name\": \"x\",\n  \"dependencies\": {\"pg\": \"8\",}\n}", wantDiags: []string{`3:30: package.json not read: invalid character '}' looking for beginning of object key string`}},
		{name: "top level not an object", in: `["x"]`, wantDiags: []string{"0:0: package.json not read: the top level is not an object"}},
		{name: "data after the object", in: `{} {}`, wantDiags: []string{"1:4: package.json not read: data after the top-level object"}},
		{name: "empty", in: " \n", wantDiags: []string{"0:0: package.json is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkg, diags := parsePackageJSON("package.json", []byte(tt.in))
			got := []any{pkg.name, pkg.entry, deps(pkg.deps), diagLines(diags)}
			want := []any{tt.wantName, tt.wantEntry, tt.wantDeps, tt.wantDiags}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestReadRequirements(t *testing.T) {
	fsys := fstest.MapFS{
		"svc/requirements.txt": {Data: []byte(`# comment
pika==1.3.2
requests[socks]>=2.31 ; python_version > "3.8"  # trailing comment
Psycopg2_Binary==2.9.9 \
    --hash=sha256:00
-r requirements/base.txt
--requirement=requirements/base.txt
-e git+https://example.com/x.git#egg=mail_templates
--index-url https://pypi.example.com/simple
redis @ https://example.com/redis-5.0.tar.gz
-r /etc/passwd
-r ../../outside.txt
`)},
		"svc/requirements/base.txt":  {Data: []byte("-r ../requirements.txt\nconfluent-kafka\n-rextra.txt\n")},
		"svc/requirements/extra.txt": {Data: []byte("pymongo\n-r missing.txt\n")},
	}
	got, diags := readRequirements(fsys, "svc/requirements.txt")
	want := []string{"pika@2:1", "requests@3:1", "Psycopg2_Binary@4:1", "mail_templates@8:1", "redis@10:1", "confluent-kafka@2:1", "pymongo@1:1"}
	if d := cmp.Diff(want, deps(got)); d != "" {
		t.Errorf("dependencies (-want +got):\n%s", d)
	}
	// Includes are followed depth first.
	wantDiags := []string{
		"0:0: requirements not read: open svc/requirements/missing.txt: file does not exist",
		`11:0: include "/etc/passwd" is outside the repository: skipped`,
		`12:0: include "../../outside.txt" is outside the repository: skipped`,
	}
	if d := cmp.Diff(wantDiags, diagLines(diags)); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
}

func TestReadRequirementsBoundsIncludeChains(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 20 {
		fsys["r"+itoa(i)+".txt"] = &fstest.MapFile{Data: []byte("-r r" + itoa(i+1) + ".txt\n")}
	}
	_, diags := readRequirements(fsys, "r0.txt")
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "nested deeper than 8 files") {
		t.Errorf("diagnostics = %v, want one about the include depth", diags)
	}
}

func TestDevRequirements(t *testing.T) {
	for name, dev := range map[string]bool{
		"requirements.txt": false, "requirements-prod.txt": false, "requirements_base.txt": false,
		"requirements-dev.txt": true, "requirements_test.txt": true, "requirements-lint.txt": true, "requirements.docs.txt": true,
	} {
		if got := devRequirements(name); got != dev {
			t.Errorf("devRequirements(%q) = %v, want %v", name, got, dev)
		}
	}
}

func TestParsePyproject(t *testing.T) {
	tests := []struct {
		name, in    string
		wantName    string
		wantScripts bool
		wantDeps    []string
		wantDiags   []string
	}{
		{
			name: "PEP 621 with scripts; optional dependencies do not run",
			in: `[project]
name = "reports"
dependencies = [
    "confluent-kafka>=2.4",
    "boto3",
]
[project.optional-dependencies]
dev = ["pymongo"]
[project.scripts]
reports = "reports.cli:main"
`,
			wantName: "reports", wantScripts: true, wantDeps: []string{"confluent-kafka@4:6", "boto3@5:6"},
		},
		{
			name: "Poetry, python itself is no dependency",
			in: `[tool.poetry]
name = "mailer"
[tool.poetry.dependencies]
python = "^3.12"
pika = "^1.3"
redis = {version = "^5", extras = ["hiredis"]}
[tool.poetry.group.dev.dependencies]
pytest = "*"
`,
			wantName: "mailer", wantDeps: []string{"pika@5:1", "redis@6:1"},
		},
		{name: "no project table", in: "[tool.black]\nline-length = 100\n"},
		{name: "wrong types teach nothing", in: "[project]\nname = 3\ndependencies = \"pika\"\nscripts = []\n"},
		{name: "syntax error at its position", in: "[project]\nname = \"x\"\ndependencies = [\"redis\"\n", wantDiags: []string{"3:24: pyproject.toml not read: toml: line 3 (last key \"project.dependencies\"): expected a comma (',') or array terminator (']'), but got end of file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := parsePyproject("pyproject.toml", []byte(tt.in))
			got := []any{p.name, p.scripts, deps(p.deps), diagLines(diags)}
			want := []any{tt.wantName, tt.wantScripts, tt.wantDeps, tt.wantDiags}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParsePOM(t *testing.T) {
	tests := []struct {
		name, in      string
		wantArtifact  string
		wantPackaging string
		wantDeps      []string
		wantDiags     []string
	}{
		{
			name: "own dependencies; managed, profile and test ones left out",
			in: `<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <artifactId>orders</artifactId>
  <dependencyManagement><dependencies><dependency>
    <groupId>org.postgresql</groupId><artifactId>postgresql</artifactId>
  </dependency></dependencies></dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-clients</artifactId>
    </dependency>
    <dependency><groupId>redis.clients</groupId><artifactId>jedis</artifactId><scope>test</scope></dependency>
    <dependency><groupId>only-group</groupId></dependency>
  </dependencies>
  <profiles><profile><dependencies><dependency>
    <groupId>org.mongodb</groupId><artifactId>mongodb-driver-sync</artifactId>
  </dependency></dependencies></profile></profiles>
</project>`,
			wantArtifact: "orders", wantDeps: []string{"org.apache.kafka:kafka-clients@8:17"},
		},
		{name: "an aggregator", in: "<project><artifactId>parent</artifactId><packaging>pom</packaging></project>", wantArtifact: "parent", wantPackaging: "pom"},
		{
			name:         "a Latin-1 file",
			in:           "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<project><name>caf\xe9</name><artifactId>x</artifactId></project>",
			wantArtifact: "x",
		},
		{name: "an unknown encoding", in: "<?xml version=\"1.0\" encoding=\"EBCDIC\"?><project/>", wantDiags: []string{`1:40: XML not read: xml: opening charset "EBCDIC": unsupported encoding "EBCDIC"`}},
		{name: "syntax error at its line", in: "<project>\n<dependencies>\n</project>", wantDiags: []string{"3:0: XML not read: XML syntax error on line 3: element <dependencies> closed by </project>"}},
		{name: "unexpected end", in: "<project>\n<dependencies>", wantDiags: []string{"2:0: XML not read: XML syntax error on line 2: unexpected EOF"}},
		{name: "entities are not expanded", in: "<!DOCTYPE p [<!ENTITY a \"aaaa\">]><project><artifactId>&a;</artifactId></project>", wantDiags: []string{"1:0: XML not read: XML syntax error on line 1: invalid character entity &a;"}},
		{name: "nesting is bounded", in: strings.Repeat("<a>", 200), wantDiags: []string{"1:388: XML nested deeper than 128 elements: the rest was not read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := parsePOM("pom.xml", []byte(tt.in))
			got := []any{p.artifactID, p.packaging, deps(p.deps), diagLines(diags)}
			want := []any{tt.wantArtifact, tt.wantPackaging, tt.wantDeps, tt.wantDiags}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseGradle(t *testing.T) {
	tests := []struct {
		name, in    string
		wantDeps    []string
		wantCatalog []string
		wantPlugins []string
	}{
		{
			name: "Groovy",
			in: `apply plugin: 'application'
plugins { id 'org.springframework.boot' version '3.3.0' }
dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-amqp'
    implementation group: 'io.nats', name: 'jnats', version: '2.17.6'
    runtimeOnly "org.postgresql:postgresql:42.7.3"
    testImplementation 'redis.clients:jedis:5'
    compileOnly 'org.projectlombok:lombok'
    // implementation 'org.mongodb:mongodb-driver-sync'
    /* implementation 'com.rabbitmq:amqp-client' */
    implementation project(':shared')
    implementation "not-a-coordinate"
}`,
			wantDeps:    []string{"org.springframework.boot:spring-boot-starter-amqp@4:5", "io.nats:jnats@5:5", "org.postgresql:postgresql@6:5"},
			wantPlugins: []string{"application", "org.springframework.boot"},
		},
		{
			name: "Kotlin with a version catalog",
			in: `plugins {
    id("io.quarkus")
}
dependencies {
    implementation("com.rabbitmq:amqp-client:5.21.0")
    implementation(group = "redis.clients", name = "jedis")
    implementation(libs.spring.boot.starter.data.mongodb)
    api(libs.kafka.clients.get())
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.3.0"))
    val s = """implementation("org.postgresql:postgresql")"""
}`,
			wantDeps:    []string{"com.rabbitmq:amqp-client@5:5", "redis.clients:jedis@6:5"},
			wantCatalog: []string{"spring.boot.starter.data.mongodb@7:5", "kafka.clients@8:5"},
			wantPlugins: []string{"io.quarkus"},
		},
		{name: "unterminated everything", in: "dependencies {\n implementation 'a:b\n implementation \"\"\"c:d\n /* x", wantDeps: []string{"a:b@2:2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := parseGradle("build.gradle", []byte(tt.in))
			got := []any{deps(b.deps), deps(b.catalogRefs), b.plugins}
			want := []any{tt.wantDeps, tt.wantCatalog, tt.wantPlugins}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseVersionCatalog(t *testing.T) {
	cat, diags := parseVersionCatalog("libs.versions.toml", []byte(`[versions]
jedis = "5.1.3"
[libraries]
jedis = { module = "redis.clients:jedis", version.ref = "jedis" }
spring-boot_starter-data-mongodb = { group = "org.springframework.boot", name = "spring-boot-starter-data-mongodb" }
kafka-clients = "org.apache.kafka:kafka-clients:3.7.0"
broken = { version = "1" }
`))
	want := versionCatalog{
		"jedis":                            "redis.clients:jedis",
		"spring.boot.starter.data.mongodb": "org.springframework.boot:spring-boot-starter-data-mongodb",
		"kafka.clients":                    "org.apache.kafka:kafka-clients",
	}
	if d := cmp.Diff(want, cat); d != "" || diags != nil {
		t.Errorf("catalog (-want +got):\n%s\ndiagnostics: %v", d, diags)
	}
	if _, diags := parseVersionCatalog("libs.versions.toml", []byte("[libraries\n")); len(diags) != 1 || diags[0].Line != 2 {
		t.Errorf("a broken catalog: diagnostics = %v, want one on line 2", diags)
	}
}

func TestParseCsproj(t *testing.T) {
	tests := []struct {
		name, in  string
		wantRuns  bool
		wantDeps  []string
		wantDiags []string
	}{
		{
			name: "a web app; Update changes a reference made elsewhere",
			in: `<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup>
    <PackageReference Include="StackExchange.Redis" Version="2.8.0" />
    <packagereference include="Npgsql" />
    <PackageReference Update="MongoDB.Driver" />
  </ItemGroup>
</Project>`,
			wantRuns: true, wantDeps: []string{"StackExchange.Redis@3:71", "Npgsql@4:42"},
		},
		{name: "an executable", in: `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>`, wantRuns: true},
		{name: "a worker, SDK as an element", in: `<Project><Sdk Name="Microsoft.NET.Sdk.Worker" /></Project>`, wantRuns: true},
		{name: "a class library", in: `<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Confluent.Kafka" /></ItemGroup></Project>`, wantDeps: []string{"Confluent.Kafka@1:91"}},
		{name: "a test project never runs", in: `<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" /></ItemGroup></Project>`, wantDeps: []string{"Microsoft.NET.Test.Sdk@1:102"}},
		{name: "IsTestProject", in: `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><IsTestProject>true</IsTestProject></PropertyGroup></Project>`},
		{name: "broken", in: "<Project>\n<ItemGroup>\n</Project>", wantDiags: []string{"3:0: XML not read: XML syntax error on line 3: element <ItemGroup> closed by </Project>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := parseCsproj("x.csproj", []byte(tt.in))
			got := []any{p.runs(), deps(p.deps), diagLines(diags)}
			want := []any{tt.wantRuns, tt.wantDeps, tt.wantDiags}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseDockerfile(t *testing.T) {
	tests := []struct {
		name, in   string
		wantImage  string
		wantLine   int
		wantLabels map[string]string
	}{
		{
			name: "multi-stage: the final stage, through the stages it is built from",
			in: `# syntax=docker/dockerfile:1
ARG REGISTRY=docker.io
ARG BASE=${REGISTRY}/library/node:20
FROM --platform=$BUILDPLATFORM ${BASE} AS deps
LABEL archdrift.io/element="Web Shop" team=web
FROM deps AS run
LABEL team="store front" \
      c4.element=Web
FROM golang:1.22 AS tools
FROM run
`,
			wantImage: "docker.io/library/node:20", wantLine: 10,
			wantLabels: map[string]string{"archdrift.io/element": "Web Shop", "team": "store front", "c4.element": "Web"},
		},
		{name: "scratch is no image", in: "FROM golang AS b\nFROM scratch\n", wantLine: 2, wantLabels: map[string]string{}},
		{name: "legacy label form and defaults", in: "FROM ${IMG:-mysql:8}\nLABEL maintainer Jane Doe\n", wantImage: "mysql:8", wantLine: 1, wantLabels: map[string]string{"maintainer": "Jane Doe"}},
		{name: "escape directive", in: "# escape=`\nFROM `\n  postgres:16\n", wantImage: "postgres:16", wantLine: 2, wantLabels: map[string]string{}},
		{name: "here-documents are data", in: "FROM redis\nRUN <<-\"EOT\"\nFROM postgres\nEOT\n", wantImage: "redis", wantLine: 1, wantLabels: map[string]string{}},
		{name: "no FROM", in: "LABEL a=b\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df := parseDockerfile([]byte(tt.in))
			got := []any{df.image, df.line, df.labels}
			want := []any{tt.wantImage, tt.wantLine, tt.wantLabels}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseGoFile(t *testing.T) {
	tests := []struct {
		name, file, in string
		wantPkg        string
		wantExcluded   bool
		wantImports    []string
		wantDiags      []string
	}{
		{
			name: "imports with positions", file: "a.go",
			in:      "// Package a.\npackage a\n\nimport (\n\t\"fmt\"\n\tredis \"github.com/redis/go-redis/v9\"\n)\n\nimport _ \"github.com/lib/pq\"\n\nfunc F() { fmt.Println(redis.Nil) }\n",
			wantPkg: "a", wantImports: []string{"fmt@5:2", "github.com/redis/go-redis/v9@6:8", "github.com/lib/pq@9:10"},
		},
		{name: "//go:build ignore", file: "gen.go", in: "//go:build ignore\n\npackage main\n", wantPkg: "main", wantExcluded: true},
		{name: "+build windows", file: "w.go", in: "// +build windows\n\npackage a\n", wantPkg: "a", wantExcluded: true},
		{name: "linux and a version tag hold", file: "l.go", in: "//go:build linux && go1.21 && !purego\n\npackage a\n", wantPkg: "a"},
		{name: "a build comment after the package clause is no constraint", file: "c.go", in: "package a\n\n//go:build ignore\n", wantPkg: "a"},
		{name: "file name for another OS", file: "db_windows.go", in: "package a\n", wantPkg: "a", wantExcluded: true},
		{name: "file name for another architecture", file: "asm_arm64.go", in: "package a\n", wantPkg: "a", wantExcluded: true},
		{name: "file name for linux/amd64", file: "x_linux_amd64.go", in: "package a\n", wantPkg: "a"},
		{
			name: "a parse error keeps what was read", file: "broken.go", in: "package a\n\nimport (\n\t\"fmt\"\n\t3\n)\n",
			wantPkg: "a", wantImports: []string{"fmt@4:2"}, wantDiags: []string{"5:2: Go file not read: import path must be a string"},
		},
		{name: "no package clause", file: "x.go", in: "func main() {}\n", wantExcluded: true, wantDiags: []string{"1:1: Go file not read: expected 'package', found 'func'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, diags := parseGoFile(tt.file, []byte(tt.in))
			var imps []string
			for _, i := range f.imports {
				imps = append(imps, i.path+"@"+itoa(i.src.Line)+":"+itoa(i.src.Column))
			}
			got := []any{f.pkg, f.excluded, imps, diagLines(diags)}
			want := []any{tt.wantPkg, tt.wantExcluded, tt.wantImports, tt.wantDiags}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseGoMod(t *testing.T) {
	for _, tt := range []struct{ in, want, diag string }{
		{in: "module example.com/shop/catalog/v2\n\ngo 1.22\n\ntool golang.org/x/tools/cmd/stringer\n", want: "example.com/shop/catalog/v2"},
		{in: "// no module line\ngo 1.22\n", diag: "0:0: go.mod has no module line"},
		{in: "module\n", diag: "1:0: go.mod not read: usage: module module/path"},
	} {
		got, diags := parseGoMod("go.mod", []byte(tt.in))
		if got != tt.want || strings.Join(diagLines(diags), "") != tt.diag {
			t.Errorf("parseGoMod(%q) = %q, %v; want %q, %q", tt.in, got, diagLines(diags), tt.want, tt.diag)
		}
	}
	if got := moduleName("example.com/shop/catalog/v2"); got != "catalog" {
		t.Errorf("moduleName = %q, want catalog", got)
	}
}
