package structurizr

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// jsonWorkspace is the part of Structurizr's JSON workspace format that
// "workspace extends workspace.json" needs: the model. Views and styles
// are not read.
type jsonWorkspace struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Properties  map[string]string `json:"properties"`
	Model       struct {
		People          []jsonElement `json:"people"`
		SoftwareSystems []jsonElement `json:"softwareSystems"`
		CustomElements  []jsonElement `json:"customElements"`
		DeploymentNodes []jsonElement `json:"deploymentNodes"`
	} `json:"model"`
}

type jsonElement struct {
	ID                      string             `json:"id"`
	Name                    string             `json:"name"`
	Description             string             `json:"description"`
	Technology              string             `json:"technology"`
	Tags                    string             `json:"tags"`
	URL                     string             `json:"url"`
	Group                   string             `json:"group"`
	Environment             string             `json:"environment"`
	Instances               json.RawMessage    `json:"instances"`
	Properties              map[string]string  `json:"properties"`
	Relationships           []jsonRelationship `json:"relationships"`
	Containers              []jsonElement      `json:"containers"`
	Components              []jsonElement      `json:"components"`
	Children                []jsonElement      `json:"children"`
	InfrastructureNodes     []jsonElement      `json:"infrastructureNodes"`
	SoftwareSystemInstances []jsonElement      `json:"softwareSystemInstances"`
	ContainerInstances      []jsonElement      `json:"containerInstances"`
	SoftwareSystemID        string             `json:"softwareSystemId"`
	ContainerID             string             `json:"containerId"`
}

type jsonRelationship struct {
	ID                   string            `json:"id"`
	SourceID             string            `json:"sourceId"`
	DestinationID        string            `json:"destinationId"`
	Description          string            `json:"description"`
	Technology           string            `json:"technology"`
	Tags                 string            `json:"tags"`
	URL                  string            `json:"url"`
	Properties           map[string]string `json:"properties"`
	LinkedRelationshipID string            `json:"linkedRelationshipId"`
}

// jsonPosition finds the line and column of a JSON decoding error, or 1:1.
func jsonPosition(src []byte, err error) (line, col int) {
	var off int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	default:
		return 1, 1
	}
	line, col = 1, 1
	for _, b := range src[:min(int(off), len(src))] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// generatedIdentifier matches the UUIDs Structurizr records as the DSL
// identifier of elements that had none.
var generatedIdentifier = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// jsonLoader maps the numeric element IDs of a JSON workspace to elements.
type jsonLoader struct {
	p     *parser
	err   error // the first element whose ID is too long
	file  string
	byID  map[string]*elem
	owner []jsonOwner
}

type jsonOwner struct {
	rels []jsonRelationship
}

// extendJSON loads the model of a JSON workspace as the base that the DSL
// workspace being parsed extends. Elements keep the identifiers the DSL
// parser recorded in "structurizr.dsl.identifier", so !extend and
// relationships in the extending workspace can name them.
func (p *parser) extendJSON(file string, src []byte) error {
	var w jsonWorkspace
	if err := json.Unmarshal(src, &w); err != nil {
		return err
	}
	if p.ws.Name == "" {
		p.ws.Name = w.Name
	}
	if p.ws.Description == "" {
		p.ws.Description = w.Description
	}
	for k, v := range w.Properties {
		if !strings.HasPrefix(k, "structurizr.dsl") { // the embedded DSL source is not a property anyone reads
			p.ws.Properties[k] = v
		}
	}
	l := &jsonLoader{p: p, file: file, byID: map[string]*elem{}}
	for _, j := range w.Model.People {
		l.element(j, model.KindPerson, false, nil, nil)
	}
	for _, j := range w.Model.SoftwareSystems {
		sys := l.element(j, model.KindSystem, false, nil, nil)
		for _, c := range j.Containers {
			ctr := l.element(c, model.KindContainer, false, sys, nil)
			for _, k := range c.Components {
				l.element(k, model.KindComponent, false, ctr, nil)
			}
		}
	}
	for _, j := range w.Model.CustomElements {
		l.element(j, "", true, nil, nil)
	}
	for _, j := range w.Model.DeploymentNodes {
		env := p.envs[strings.ToLower(j.Environment)]
		if env == nil {
			env = &environment{name: j.Environment, scopeID: "." + slug(j.Environment)}
			p.envs[strings.ToLower(j.Environment)] = env
		}
		if err := l.deploymentNode(j, nil, env, 0); err != nil {
			return err
		}
	}
	if l.err != nil {
		return l.err
	}
	for _, o := range l.owner {
		for _, jr := range o.rels {
			l.relationship(jr)
		}
	}
	return nil
}

func (l *jsonLoader) element(j jsonElement, kind model.Kind, custom bool, parent *elem, env *environment) *elem {
	p := l.p
	e := &model.Element{
		Name:        j.Name,
		Kind:        kind,
		Description: j.Description,
		Technology:  j.Technology,
		Group:       j.Group,
		Tags:        addTags(nil, j.Tags),
		Properties:  map[string]string{},
		Sources:     []model.Source{{Scanner: Scanner, File: l.file, Address: j.ID}},
	}
	for k, v := range j.Properties {
		if k != "structurizr.dsl.identifier" {
			e.Properties[k] = v
		}
	}
	if j.URL != "" {
		e.Properties["url"] = j.URL
	}
	el := &elem{e: e, custom: custom, parent: parent, env: env}
	if parent != nil {
		e.Parent = parent.e.ID
	}
	if env != nil {
		e.Properties["structurizr.environment"] = env.name
		var n any
		if json.Unmarshal(j.Instances, &n) == nil && n != nil {
			if f, ok := n.(float64); ok {
				e.Properties["structurizr.instances"] = itoa(int(f))
			} else if s, ok := n.(string); ok {
				e.Properties["structurizr.instances"] = s
			}
		}
	}
	ident := j.Properties["structurizr.dsl.identifier"]
	id := ""
	if ident != "" && !generatedIdentifier.MatchString(ident) && p.idents[strings.ToLower(ident)] == nil {
		id = ident
		p.idents[strings.ToLower(ident)] = &entry{el: el}
	} else {
		prefix := ""
		if parent != nil {
			prefix = parent.e.ID
		} else if env != nil {
			prefix = env.scopeID
		}
		id = prefix + "." + slug(j.Name)
	}
	if len(id) > maxIDLen {
		if l.err == nil {
			l.err = fmt.Errorf("element %q has an id longer than %d bytes", j.ID, maxIDLen)
		}
		id = id[:maxIDLen]
	}
	_, id = p.uniqueID(id)
	p.addElement(el, id)
	l.byID[j.ID] = el
	l.owner = append(l.owner, jsonOwner{rels: j.Relationships})
	return el
}

func (l *jsonLoader) deploymentNode(j jsonElement, parent *elem, env *environment, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("deployment nodes nested more than %d deep", maxDepth)
	}
	dn := l.element(j, model.KindDeploymentNode, false, parent, env)
	for _, c := range j.Children {
		if err := l.deploymentNode(c, dn, env, depth+1); err != nil {
			return err
		}
	}
	for _, in := range j.InfrastructureNodes {
		l.element(in, model.KindInfrastructureNode, false, dn, env)
	}
	for _, lists := range [][]jsonElement{j.SoftwareSystemInstances, j.ContainerInstances} {
		for _, inst := range lists {
			target := l.byID[inst.SoftwareSystemID+inst.ContainerID]
			if target == nil {
				continue
			}
			if dn.hosts == nil {
				dn.hosts = map[string]bool{}
			}
			dn.hosts[target.e.ID] = true
			l.byID[inst.ID] = target // deployment relationships name the instance
			l.owner = append(l.owner, jsonOwner{rels: inst.Relationships})
			if ident := inst.Properties["structurizr.dsl.identifier"]; ident != "" && !generatedIdentifier.MatchString(ident) {
				if l.p.idents[strings.ToLower(ident)] == nil {
					l.p.idents[strings.ToLower(ident)] = &entry{inst: &instance{target: target, node: dn}}
				}
			}
		}
	}
	return nil
}

func (l *jsonLoader) relationship(jr jsonRelationship) {
	if jr.LinkedRelationshipID != "" {
		return // replicated from a container relationship onto its instances
	}
	from, to := l.byID[jr.SourceID], l.byID[jr.DestinationID]
	if from == nil || to == nil || from.custom || to.custom {
		return
	}
	r := &model.Relationship{
		From:        from.e.ID,
		To:          to.e.ID,
		Description: jr.Description,
		Technology:  jr.Technology,
		Tags:        addTags(nil, jr.Tags),
		Properties:  map[string]string{},
		Sources:     []model.Source{{Scanner: Scanner, File: l.file, Address: jr.ID}},
	}
	for k, v := range jr.Properties {
		if k != "structurizr.dsl.identifier" {
			r.Properties[k] = v
		}
	}
	if jr.URL != "" {
		r.Properties["url"] = jr.URL
	}
	rr := &rel{r: r}
	if ident := jr.Properties["structurizr.dsl.identifier"]; ident != "" && !generatedIdentifier.MatchString(ident) {
		r.ID = ident
		if l.p.idents[strings.ToLower(ident)] == nil {
			l.p.idents[strings.ToLower(ident)] = &entry{rel: rr}
		}
	}
	l.p.addRelationship(rr)
}
