package code

import (
	"maps"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Element IDs: code:<dir> for a unit, code:<dir>/<package dir> for a Go
// component (code:./model at the root, code:svc/.  for a module's root
// package), code:tech/<technology> for a technology.
func unitID(dir string) string { return scannerName + ":" + dir }

func componentID(unitDir, pkgDir string) string { return scannerName + ":" + unitDir + "/" + pkgDir }

func technologyID(tech string) string { return scannerName + ":tech/" + tech }

// elementLabels are the Dockerfile label spellings that name the documented
// element a unit implements, preferred first: the same as on Kubernetes
// objects and compose services.
var elementLabels = []string{model.PropElement, "c4.element"}

// graph renders the deployable units, their technologies and components.
func (s *scan) graph(rootName string) (g *model.Graph, units, components int) {
	g = model.NewGraph()
	for _, dir := range slices.Sorted(maps.Keys(s.projects)) {
		p := s.projects[dir]
		if !p.deployable {
			continue
		}
		units++
		g.Merge(s.unitElement(p, rootName))
		for _, r := range s.technologyEdges(p) {
			t, _ := model.LookupTechnology(r.To[len(technologyID("")):])
			g.Merge(&model.Element{
				ID: r.To, Name: t.Name, Kind: model.KindContainer, Class: t.Class, Technology: t.Name,
				Properties: map[string]string{model.PropTechnologyOnly: "true"},
			})
			g.AddRelationship(r)
		}
		if p.goModule != nil {
			components += s.components(g, p)
		}
	}
	return g, units, components
}

func (s *scan) unitElement(p *project, rootName string) *model.Element {
	lang := p.language()
	e := &model.Element{
		ID:         unitID(p.dir),
		Name:       p.name(rootName),
		Kind:       model.KindContainer,
		Class:      model.ClassService,
		Technology: lang,
		// Imports and manifests name technologies, not the services a unit
		// calls.
		Properties: map[string]string{model.PropType: "unit", model.PropCallsUnseen: "true"},
	}
	if lang != "" {
		e.Properties["language"] = lang
	}
	if p.goModule != nil && p.goModule.path != "" {
		e.Properties["module"] = p.goModule.path
	}
	if len(p.goMains) > 0 {
		e.Properties["entrypoints"] = strings.Join(p.goMains, ",")
	}
	if p.docker != nil {
		if p.docker.image != "" {
			e.Properties["image"] = p.docker.image
		}
		for _, k := range elementLabels {
			if v := strings.TrimSpace(p.docker.labels[k]); v != "" {
				e.Properties[model.PropElement] = v
				break
			}
		}
		if lang == "" && p.docker.image != "" {
			e.Class, e.Technology = classifyImage(p.docker.image)
		}
	}
	for _, src := range p.sources {
		src.Address = p.dir
		if !slices.Contains(e.Sources, src) {
			e.Sources = append(e.Sources, src)
		}
	}
	return e
}

// technologyEdges are the unit's "uses TECHNOLOGY" edges, one per
// technology, with every client library that says so and where each is
// first used.
func (s *scan) technologyEdges(p *project) []*model.Relationship {
	type use struct {
		clients []string
		sources []model.Source
	}
	uses := map[string]*use{}
	for _, d := range p.deps {
		tech, ok := index.technologyOf(d.eco, d.name)
		if !ok {
			continue
		}
		u := uses[tech]
		if u == nil {
			u = &use{}
			uses[tech] = u
		}
		if slices.Contains(u.clients, d.name) {
			continue
		}
		u.clients = append(u.clients, d.name)
		src := d.src
		src.Address = p.dir
		u.sources = append(u.sources, src)
	}
	var out []*model.Relationship
	for _, tech := range slices.Sorted(maps.Keys(uses)) {
		u := uses[tech]
		out = append(out, &model.Relationship{
			From:        unitID(p.dir),
			To:          technologyID(tech),
			Description: "uses " + tech,
			Properties:  map[string]string{"clients": strings.Join(u.clients, ",")},
			Sources:     u.sources,
		})
	}
	return out
}

// components adds the non-main packages of a Go unit's module as
// components and the imports between them as relationships. It returns
// how many components it added.
func (s *scan) components(g *model.Graph, p *project) int {
	m := p.goModule
	parent := unitID(p.dir)
	n := 0
	for _, rel := range slices.Sorted(maps.Keys(m.packages)) {
		pkg := m.packages[rel]
		if pkg.main() {
			continue
		}
		name := pkg.name
		if rel != "." {
			name = rel[strings.LastIndexByte(rel, '/')+1:]
		}
		importPath := m.path
		if rel != "." && m.path != "" {
			importPath += "/" + rel
		}
		addr := componentID(p.dir, rel)[len(scannerName)+1:]
		g.Merge(&model.Element{
			ID: componentID(p.dir, rel), Name: name, Kind: model.KindComponent, Class: model.ClassService,
			Technology: langGo, Parent: parent,
			Properties: map[string]string{model.PropType: "package", "package": importPath},
			Sources:    []model.Source{{Scanner: scannerName, File: pkg.file, Line: pkg.line, Column: 1, Address: addr}},
		})
		n++
		seen := map[string]bool{}
		for _, imp := range pkg.imports {
			to, own := m.importDir(imp.path)
			if !own || to == rel || seen[to] {
				continue
			}
			target, ok := m.packages[to]
			if !ok || target.main() {
				continue
			}
			seen[to] = true
			src := imp.src
			src.Address = addr
			g.AddRelationship(&model.Relationship{
				From: componentID(p.dir, rel), To: componentID(p.dir, to), Description: "imports",
				Sources: []model.Source{src},
			})
		}
	}
	return n
}
