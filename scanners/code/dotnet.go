package code

import (
	"encoding/xml"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// dotnetProject is what a *.csproj says about a unit.
type dotnetProject struct {
	sdk          string
	outputType   string
	assemblyName string
	test         bool
	deps         []dependency
}

// testPackages are references that make a project a test project.
var testPackages = map[string]bool{"microsoft.net.test.sdk": true, "xunit": true, "nunit": true, "mstest.testframework": true, "mstest": true}

// runs reports whether the project builds something that runs: a web app,
// a worker, or an executable. Class libraries and test projects do not.
func (p dotnetProject) runs() bool {
	if p.test {
		return false
	}
	sdk := strings.ToLower(p.sdk)
	if strings.HasSuffix(sdk, ".web") || strings.HasSuffix(sdk, ".worker") || strings.Contains(sdk, ".web/") || strings.Contains(sdk, ".worker/") {
		return true
	}
	switch strings.ToLower(p.outputType) {
	case "exe", "winexe":
		return true
	}
	return false
}

// parseCsproj reads an SDK-style project: its SDK, output type and
// PackageReference items (Include, not Update, which only changes a
// reference made elsewhere).
func parseCsproj(file string, data []byte) (dotnetProject, []model.Diagnostic) {
	var p dotnetProject
	diags := walkXML(file, data, xmlVisitor{
		start: func(path string, attrs []xml.Attr, line, col int) {
			switch {
			case path == "Project":
				p.sdk = attr(attrs, "Sdk")
			case path == "Project/Sdk" && p.sdk == "":
				p.sdk = attr(attrs, "Name")
			case strings.HasPrefix(path, "Project/ItemGroup/") && strings.EqualFold(path[len("Project/ItemGroup/"):], "PackageReference"):
				name := attr(attrs, "Include")
				if name == "" {
					return
				}
				if testPackages[strings.ToLower(name)] {
					p.test = true
				}
				p.deps = append(p.deps, dependency{eco: ecoNuGet, name: name, src: source(file, line, col)})
			}
		},
		end: func(path, text string) {
			switch path {
			case "Project/PropertyGroup/OutputType":
				p.outputType = text
			case "Project/PropertyGroup/AssemblyName":
				p.assemblyName = text
			case "Project/PropertyGroup/IsTestProject":
				if strings.EqualFold(text, "true") {
					p.test = true
				}
			}
		},
	})
	return p, diags
}
