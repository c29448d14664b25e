package code

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/model"
)

// FuzzManifests runs every manifest reader over the same bytes: go.mod, Go
// source headers, package.json, requirements (with includes of itself),
// pyproject.toml, pom.xml, build.gradle, the version catalog, *.csproj
// and Dockerfiles. It checks that none panics or hangs, that each is
// deterministic, and that every diagnostic names its file and says
// something.
func FuzzManifests(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) == ".json" && filepath.Base(p) != "package.json" || filepath.Ext(p) == ".txt" && !requirementsFile(filepath.Base(p)) {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 1<<16 {
			f.Add(b)
		}
		return nil
	})
	for _, s := range []string{
		`{"dependencies": {"pg": "8", "a\"b": {}}, "scripts": {"start": 1}}`,
		"-r requirements.txt\n-rrequirements.txt\n--requirement=x.txt\nname @ file:///x#egg=y\n\\\n",
		"[project]\ndependencies = [\"a\", 3, {}]\n[tool.poetry.dependencies]\npython = 1\n",
		"<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies></project>",
		"implementation(group = 'a', name = \"b\") libs. libs.x.get() id( apply plugin:",
		"ARG A=${A}${A}\nFROM ${A:-x} AS a\nFROM a AS a\nLABEL \"a=b\" c='d e' f\\ g=h\nRUN <<E\n",
		"//go:build !linux || (\n// +build x\npackage p; import (\"a\"; b \"c\")",
		"module x\nrequire (\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first := parseAll(t, data)
		if again := parseAll(t, data); first != again {
			t.Fatalf("two runs differ:\n%s\n%s", first, again)
		}
	})
}

// parseAll runs every reader and renders what they return.
func parseAll(t *testing.T, data []byte) string {
	var out []any
	check := func(file string, diags []model.Diagnostic) {
		for _, d := range diags {
			if d.Origin != scannerName || d.File == "" || d.Message == "" || d.Line < 0 || d.Column < 0 {
				t.Fatalf("bad diagnostic from %s: %+v", file, d)
			}
		}
		out = append(out, diags)
	}
	mod, diags := parseGoMod("go.mod", data)
	check("go.mod", diags)
	gf, diags := parseGoFile("x.go", data)
	check("x.go", diags)
	npm, diags := parsePackageJSON("package.json", data)
	check("package.json", diags)
	fsys := fstest.MapFS{"requirements.txt": {Data: data}, "x.txt": {Data: data}}
	reqs, diags := readRequirements(fsys, "requirements.txt")
	check("requirements.txt", diags)
	py, diags := parsePyproject("pyproject.toml", data)
	check("pyproject.toml", diags)
	pom, diags := parsePOM("pom.xml", data)
	check("pom.xml", diags)
	cat, diags := parseVersionCatalog("libs.versions.toml", data)
	check("libs.versions.toml", diags)
	cs, diags := parseCsproj("x.csproj", data)
	check("x.csproj", diags)
	out = append(out, mod, gf, npm, reqs, py, pom, cat, cs, cs.runs(), parseGradle("build.gradle", data), parseDockerfile(data))
	return fmt.Sprintf("%+v", out)
}
