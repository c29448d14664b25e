package code

import (
	"encoding/xml"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// mavenProject is what a pom.xml says about a unit.
type mavenProject struct {
	artifactID string
	name       string
	// packaging "pom" is an aggregator or a parent: it builds nothing that
	// runs.
	packaging string
	deps      []dependency
}

// parsePOM reads a Maven project's own dependencies (not its
// dependencyManagement, which only pins versions, nor its profiles). Test
// scoped dependencies never run in production and are left out.
func parsePOM(file string, data []byte) (mavenProject, []model.Diagnostic) {
	var p mavenProject
	type dep struct {
		group, artifact, scope string
		line, col              int
	}
	var cur *dep
	diags := walkXML(file, data, xmlVisitor{
		start: func(path string, _ []xml.Attr, line, col int) {
			if path == "project/dependencies/dependency" {
				cur = &dep{line: line, col: col}
			}
		},
		end: func(path, text string) {
			switch path {
			case "project/artifactId":
				p.artifactID = text
			case "project/name":
				p.name = text
			case "project/packaging":
				p.packaging = text
			case "project/dependencies/dependency/groupId":
				if cur != nil {
					cur.group = text
				}
			case "project/dependencies/dependency/artifactId":
				if cur != nil {
					cur.artifact = text
				}
			case "project/dependencies/dependency/scope":
				if cur != nil {
					cur.scope = text
				}
			case "project/dependencies/dependency":
				if cur != nil && cur.group != "" && cur.artifact != "" && !strings.EqualFold(cur.scope, "test") {
					p.deps = append(p.deps, dependency{eco: ecoMaven, name: cur.group + ":" + cur.artifact, src: source(file, cur.line, cur.col)})
				}
				cur = nil
			}
		},
	})
	return p, diags
}
