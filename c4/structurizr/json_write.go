package structurizr

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// JSONWriter writes graphs as Structurizr JSON workspaces, the format that
// Structurizr cloud, on-premises and Lite export and import.
type JSONWriter struct {
	// Name and Description are the workspace's.
	Name, Description string
}

// kindTags are the default tags Structurizr gives each kind (the reader
// drops them again).
var kindTags = map[model.Kind]string{
	model.KindPerson: "Element,Person", model.KindSystem: "Element,Software System",
	model.KindContainer: "Element,Container", model.KindComponent: "Element,Component",
	model.KindDeploymentNode: "Element,Deployment Node", model.KindInfrastructureNode: "Element,Infrastructure Node",
}

// Write writes g as a JSON workspace. Every element records its ID as
// "structurizr.dsl.identifier", as Structurizr does for DSL identifiers,
// so reading the output back with ParseFile gives the same graph (sources
// aside). Numeric IDs are given in ID order, so the output is
// deterministic.
func (w JSONWriter) Write(out io.Writer, g *model.Graph) error {
	if err := checkNesting(g); err != nil {
		return err
	}
	jw := &jsonWriter{g: g, num: map[string]string{}}
	for _, e := range g.Elements() {
		jw.num[e.ID] = strconv.Itoa(len(jw.num) + 1)
	}
	ws := jsonOut{ID: 0, Name: w.Name, Description: w.Description, Configuration: map[string]any{}}
	ws.Model.People, ws.Model.SoftwareSystems, ws.Model.DeploymentNodes = []*jsonOutElement{}, []*jsonOutElement{}, []*jsonOutElement{}
	for _, id := range g.Children("") {
		e, _ := g.Element(id)
		switch e.Kind {
		case model.KindPerson:
			ws.Model.People = append(ws.Model.People, jw.element(e, 0))
		case model.KindSystem:
			ws.Model.SoftwareSystems = append(ws.Model.SoftwareSystems, jw.element(e, 0))
		case model.KindDeploymentNode:
			ws.Model.DeploymentNodes = append(ws.Model.DeploymentNodes, jw.element(e, 0))
		}
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ws)
}

type jsonOut struct {
	ID            int            `json:"id"`
	Name          string         `json:"name,omitempty"`
	Description   string         `json:"description,omitempty"`
	Configuration map[string]any `json:"configuration"`
	Model         struct {
		People          []*jsonOutElement `json:"people"`
		SoftwareSystems []*jsonOutElement `json:"softwareSystems"`
		DeploymentNodes []*jsonOutElement `json:"deploymentNodes"`
	} `json:"model"`
}

type jsonOutElement struct {
	ID                      string                 `json:"id"`
	Tags                    string                 `json:"tags"`
	Properties              map[string]string      `json:"properties"`
	Name                    string                 `json:"name"`
	Description             string                 `json:"description,omitempty"`
	Technology              string                 `json:"technology,omitempty"`
	Group                   string                 `json:"group,omitempty"`
	URL                     string                 `json:"url,omitempty"`
	Environment             string                 `json:"environment,omitempty"`
	Instances               string                 `json:"instances,omitempty"`
	Relationships           []jsonOutRelationship  `json:"relationships,omitempty"`
	Containers              []*jsonOutElement      `json:"containers,omitempty"`
	Components              []*jsonOutElement      `json:"components,omitempty"`
	Children                []*jsonOutElement      `json:"children,omitempty"`
	InfrastructureNodes     []*jsonOutElement      `json:"infrastructureNodes,omitempty"`
	ContainerInstances      []jsonOutInstanceEntry `json:"containerInstances,omitempty"`
	SoftwareSystemInstances []jsonOutInstanceEntry `json:"softwareSystemInstances,omitempty"`
}

type jsonOutInstanceEntry struct {
	ID               string `json:"id"`
	Tags             string `json:"tags"`
	ContainerID      string `json:"containerId,omitempty"`
	SoftwareSystemID string `json:"softwareSystemId,omitempty"`
	Environment      string `json:"environment,omitempty"`
	InstanceID       int    `json:"instanceId"`
}

type jsonOutRelationship struct {
	ID            string            `json:"id"`
	Tags          string            `json:"tags"`
	Properties    map[string]string `json:"properties,omitempty"`
	SourceID      string            `json:"sourceId"`
	DestinationID string            `json:"destinationId"`
	Description   string            `json:"description,omitempty"`
	Technology    string            `json:"technology,omitempty"`
	URL           string            `json:"url,omitempty"`
}

type jsonWriter struct {
	g      *model.Graph
	num    map[string]string // element ID → numeric JSON ID
	nextID int               // for instances and relationships, after the elements
}

func (jw *jsonWriter) id() string {
	if jw.nextID == 0 {
		jw.nextID = len(jw.num) + 1
	}
	s := strconv.Itoa(jw.nextID)
	jw.nextID++
	return s
}

func tagList(defaults string, tags []string) string {
	return strings.Join(append([]string{defaults}, tags...), ",")
}

func (jw *jsonWriter) element(e *model.Element, depth int) *jsonOutElement {
	props := map[string]string{"structurizr.dsl.identifier": e.ID}
	for k, v := range e.Properties {
		if !writtenElsewhere[k] {
			props[k] = v
		}
	}
	out := &jsonOutElement{
		ID: jw.num[e.ID], Tags: tagList(kindTags[e.Kind], e.Tags), Properties: props,
		Name: e.Name, Description: e.Description, Technology: e.Technology, Group: e.Group,
		URL: e.Properties["url"],
	}
	if e.Kind == model.KindDeploymentNode || e.Kind == model.KindInfrastructureNode {
		out.Environment = e.Properties["structurizr.environment"]
		if e.Kind == model.KindDeploymentNode {
			out.Instances = e.Properties["structurizr.instances"]
		}
	}
	for _, r := range jw.g.Relationships() {
		if r.From != e.ID {
			continue
		}
		to, ok := jw.num[r.To]
		if !ok {
			continue
		}
		jr := jsonOutRelationship{
			ID: jw.id(), Tags: tagList("Relationship", r.Tags), SourceID: out.ID, DestinationID: to,
			Description: r.Description, Technology: r.Technology, URL: r.Properties["url"],
		}
		jr.Properties = map[string]string{}
		for k, v := range r.Properties {
			if k != "url" {
				jr.Properties[k] = v
			}
		}
		if r.ID != "" {
			jr.Properties["structurizr.dsl.identifier"] = r.ID
		}
		if len(jr.Properties) == 0 {
			jr.Properties = nil
		}
		out.Relationships = append(out.Relationships, jr)
	}
	if depth > maxDepth {
		return out
	}
	for _, id := range jw.g.Children(e.ID) {
		c, _ := jw.g.Element(id)
		je := jw.element(c, depth+1)
		switch c.Kind {
		case model.KindContainer:
			out.Containers = append(out.Containers, je)
		case model.KindComponent:
			out.Components = append(out.Components, je)
		case model.KindDeploymentNode:
			out.Children = append(out.Children, je)
		case model.KindInfrastructureNode:
			out.InfrastructureNodes = append(out.InfrastructureNodes, je)
		}
	}
	if hosts := e.Properties["structurizr.hosts"]; hosts != "" && e.Kind == model.KindDeploymentNode {
		list := strings.Split(hosts, ",")
		slices.Sort(list)
		for _, h := range slices.Compact(list) {
			he, ok := jw.g.Element(h)
			if !ok {
				continue
			}
			in := jsonOutInstanceEntry{ID: jw.id(), Environment: out.Environment, InstanceID: 1}
			switch he.Kind {
			case model.KindContainer:
				in.Tags, in.ContainerID = "Container Instance", jw.num[h]
				out.ContainerInstances = append(out.ContainerInstances, in)
			case model.KindSystem:
				in.Tags, in.SoftwareSystemID = "Software System Instance", jw.num[h]
				out.SoftwareSystemInstances = append(out.SoftwareSystemInstances, in)
			}
		}
	}
	return out
}
