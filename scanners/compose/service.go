package compose

import (
	"maps"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/archdrift/archdrift/model"
)

// id is the stable observed ID of a service: compose:<dir>/<service>, or
// compose:<service> at the root.
func (lp *loaded) id(service string) string {
	return lp.project.idPrefix() + service
}

// element renders a service as a C4 container.
func (lp *loaded) element(s service) *model.Element {
	e := &model.Element{
		ID:    lp.id(s.Name),
		Name:  s.Name,
		Kind:  model.KindContainer,
		Group: lp.group(s),
		Properties: map[string]string{
			model.PropType: "service",
			"project":      lp.name,
		},
		Sources: lp.serviceSources(s.Name),
	}
	e.Class, e.Technology = classify(s.Image)
	if s.Image != "" {
		e.Properties["image"] = s.Image
	}
	if s.Build != nil && s.Build.Context != "" {
		e.Properties["build"] = s.Build.Context
	}
	if len(s.Profiles) > 0 {
		e.Properties["profiles"] = strings.Join(slices.Sorted(slices.Values(s.Profiles)), ",")
	}
	if v := explicitElement(s.Labels); v != "" {
		e.Properties[model.PropElement] = v
	}
	return e
}

// group is the first network the service joins, by name, or else the
// project name. The implicit "default" network is the project itself.
func (lp *loaded) group(s service) string {
	for _, n := range slices.Sorted(maps.Keys(s.Networks)) {
		if n != "default" {
			return n
		}
	}
	return lp.name
}

// serviceSources lists every file that defines the service, at the line of
// its key, in merge order.
func (lp *loaded) serviceSources(name string) []model.Source {
	addr := strings.TrimPrefix(lp.id(name), scannerName+":")
	var out []model.Source
	for _, f := range lp.files {
		if k, _ := f.serviceEntry(name); k != nil {
			out = append(out, model.Source{Scanner: scannerName, File: f.name, Line: k.Line, Column: k.Column, Address: addr})
		}
	}
	if len(out) == 0 {
		out = append(out, model.Source{Scanner: scannerName, File: lp.files[0].name, Address: addr})
	}
	return out
}

// elementLabels are the label spellings that name the documented element a
// service implements, preferred first: the same as on Kubernetes objects.
var elementLabels = []string{model.PropElement, "c4.element"}

func explicitElement(labels types.Labels) string {
	for _, k := range elementLabels {
		if v := strings.TrimSpace(labels[k]); v != "" {
			return v
		}
	}
	return ""
}

// classify derives class and technology from the image through the model's
// technology table, as the Kubernetes scanner does. A language runtime
// (python, node) says the service is a service written in it; a service
// without an image, or with one the table does not know, is a service.
func classify(image string) (model.Class, string) {
	if image == "" {
		return model.ClassService, ""
	}
	t, ok := model.TechnologyFromImage(image)
	if !ok {
		return model.ClassService, ""
	}
	if t.Category == model.CatLanguage || t.Class == model.ClassUnknown {
		return model.ClassService, t.Name
	}
	return t.Class, t.Name
}
