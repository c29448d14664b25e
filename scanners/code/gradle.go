package code

import (
	"bytes"
	"errors"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/archdrift/archdrift/model"
)

// gradleConfigurations are the dependency configurations whose libraries
// run in production. Test, compile-only and annotation-processor
// configurations do not.
var gradleConfigurations = map[string]bool{
	"implementation": true, "api": true, "compile": true, "runtime": true, "runtimeOnly": true,
}

// gradleBuild is what a build.gradle or build.gradle.kts says about a unit.
type gradleBuild struct {
	deps []dependency
	// catalogRefs are dependencies written as version catalog accessors
	// (libs.spring.boot.starter.web), resolved against
	// gradle/libs.versions.toml by the caller.
	catalogRefs []dependency
	plugins     []string
}

// gradleToken is one token of a Groovy or Kotlin build script.
type gradleToken struct {
	kind      byte // 'i' identifier, 's' string literal, 'p' punctuation
	text      string
	line, col int
}

// lexGradle splits a build script into identifiers, string literals and
// punctuation, dropping comments and whitespace. It understands enough of
// Groovy and Kotlin to never mistake a string or a comment for code;
// everything else is punctuation.
func lexGradle(data []byte) []gradleToken {
	var out []gradleToken
	line, col := 1, 1
	advance := func(n int) {
		for _, c := range data[:n] {
			if c == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		data = data[n:]
	}
	for len(data) > 0 {
		c := data[0]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';':
			advance(1)
		case c == '/' && len(data) > 1 && data[1] == '/':
			n := indexByteOr(data, '\n')
			advance(n)
		case c == '/' && len(data) > 1 && data[1] == '*':
			n := bytes.Index(data[2:], []byte("*/"))
			if n < 0 {
				advance(len(data))
			} else {
				advance(n + 4)
			}
		case c == '"' || c == '\'':
			l, cl := line, col
			text, n := gradleString(data)
			out = append(out, gradleToken{kind: 's', text: text, line: l, col: cl})
			advance(n)
		case isIdentStart(c):
			n := 1
			for n < len(data) && (isIdentStart(data[n]) || data[n] >= '0' && data[n] <= '9') {
				n++
			}
			out = append(out, gradleToken{kind: 'i', text: string(data[:n]), line: line, col: col})
			advance(n)
		default:
			out = append(out, gradleToken{kind: 'p', text: string(c), line: line, col: col})
			advance(1)
		}
	}
	return out
}

func indexByteOr(data []byte, c byte) int {
	if i := bytes.IndexByte(data, c); i >= 0 {
		return i
	}
	return len(data)
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

// gradleString reads a string literal at the start of data ('x', "x",
// ”'x”' or """x""") and returns its content and length. An unterminated
// literal runs to the end of the data.
func gradleString(data []byte) (string, int) {
	q := data[0]
	if len(data) >= 3 && data[1] == q && data[2] == q {
		end := bytes.Index(data[3:], []byte{q, q, q})
		if end < 0 {
			return string(data[3:]), len(data)
		}
		return string(data[3 : 3+end]), end + 6
	}
	var b strings.Builder
	for i := 1; i < len(data); i++ {
		switch data[i] {
		case '\\':
			if i+1 < len(data) {
				i++
				b.WriteByte(data[i])
			}
		case q:
			return b.String(), i + 1
		case '\n':
			return b.String(), i // a single-quoted literal never spans lines
		default:
			b.WriteByte(data[i])
		}
	}
	return b.String(), len(data)
}

// parseGradle finds dependency declarations in a build script:
//
//	implementation 'g:a:v'              implementation("g:a:v")
//	implementation group: 'g', name: 'a'
//	implementation(group = "g", name = "a")
//	implementation(libs.spring.boot.starter.web)
//
// and applied plugins (id 'x', id("x"), apply plugin: 'x'). It never
// fails: a script it does not understand yields fewer dependencies.
func parseGradle(file string, data []byte) gradleBuild {
	var b gradleBuild
	toks := lexGradle(data)
	at := func(i int) gradleToken {
		if i < len(toks) {
			return toks[i]
		}
		return gradleToken{}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != 'i' {
			continue
		}
		switch {
		case gradleConfigurations[t.text]:
			j := i + 1
			if at(j).text == "(" {
				j++
			}
			a := at(j)
			switch {
			case a.kind == 's':
				if g, rest, ok := strings.Cut(a.text, ":"); ok {
					art, _, _ := strings.Cut(rest, ":")
					if mavenName(g) && mavenName(art) {
						b.deps = append(b.deps, dependency{eco: ecoMaven, name: g + ":" + art, src: source(file, t.line, t.col)})
					}
				}
			case a.kind == 'i' && a.text == "group":
				if g, art := namedCoordinates(toks[j:min(len(toks), j+16)]); mavenName(g) && mavenName(art) {
					b.deps = append(b.deps, dependency{eco: ecoMaven, name: g + ":" + art, src: source(file, t.line, t.col)})
				}
			case a.kind == 'i' && a.text == "libs":
				var parts []string
				for k := j + 1; at(k).text == "." && at(k+1).kind == 'i' && len(parts) < 16; k += 2 {
					parts = append(parts, at(k+1).text)
				}
				if n := len(parts); n > 0 && parts[n-1] == "get" {
					parts = parts[:n-1]
				}
				if len(parts) > 0 {
					b.catalogRefs = append(b.catalogRefs, dependency{eco: ecoMaven, name: strings.Join(parts, "."), src: source(file, t.line, t.col)})
				}
			}
		case t.text == "id":
			j := i + 1
			if at(j).text == "(" {
				j++
			}
			if at(j).kind == 's' {
				b.plugins = append(b.plugins, at(j).text)
			}
		case t.text == "apply" && at(i+1).text == "plugin" && at(i+2).text == ":" && at(i+3).kind == 's':
			b.plugins = append(b.plugins, at(i+3).text)
		}
	}
	return b
}

// mavenName reports whether s can be a group or artifact ID.
func mavenName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// namedCoordinates reads group: 'g', name: 'a' (or group = "g", name = "a")
// from the tokens of one declaration.
func namedCoordinates(toks []gradleToken) (group, name string) {
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].kind != 'i' || (toks[i+1].text != ":" && toks[i+1].text != "=") || toks[i+2].kind != 's' {
			continue
		}
		switch toks[i].text {
		case "group":
			group = toks[i+2].text
		case "name":
			name = toks[i+2].text
		}
	}
	return group, name
}

// versionCatalog maps a catalog alias, spelled as its accessor
// (spring.boot.starter.web), to group:artifact.
type versionCatalog map[string]string

// catalogAccessor spells a catalog alias the way build scripts reach it:
// "spring-boot_starter.web" is libs.spring.boot.starter.web.
func catalogAccessor(alias string) string {
	return strings.ToLower(strings.NewReplacer("-", ".", "_", ".").Replace(alias))
}

// parseVersionCatalog reads the [libraries] table of a Gradle version
// catalog (gradle/libs.versions.toml).
func parseVersionCatalog(file string, data []byte) (versionCatalog, []model.Diagnostic) {
	var doc struct {
		Libraries map[string]any `toml:"libraries"`
	}
	if _, err := toml.Decode(string(data), &doc); err != nil {
		line, col := 0, 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, col = pe.Position.Line, pe.Position.Col
		}
		return nil, []model.Diagnostic{warning(file, line, col, "version catalog not read: %s", firstLine(err.Error()))}
	}
	out := versionCatalog{}
	for alias, v := range doc.Libraries {
		var coord string
		switch v := v.(type) {
		case string:
			if g, rest, ok := strings.Cut(v, ":"); ok {
				a, _, _ := strings.Cut(rest, ":")
				coord = g + ":" + a
			}
		case map[string]any:
			if m, ok := v["module"].(string); ok {
				coord = m
			} else if g, ok := v["group"].(string); ok {
				if n, ok := v["name"].(string); ok {
					coord = g + ":" + n
				}
			}
		}
		if g, a, ok := strings.Cut(coord, ":"); ok && g != "" && a != "" {
			out[catalogAccessor(alias)] = coord
		}
	}
	return out, nil
}
