package aws

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	awsarn "github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners/terraform"
)

// elementTagKeys are the tag keys that name a documented element.
var elementTagKeys = []string{"c4.element", model.PropElement}

// Property keys the elements carry, so reports can link to the resource.
const (
	PropARN     = "arn"
	PropRegion  = "region"
	PropAccount = "account"
	PropConsole = "console"
	// PropEndpoint is the first host name that reaches the resource.
	PropEndpoint = "endpoint"
)

// graph builds the observed graph of an inventory. A live scan and the
// replay of its snapshot go through here alike.
func (inv *Inventory) graph() *model.Graph {
	g := model.NewGraph()
	x := newIndex(inv.Resources)
	ids := inv.elementIDs()
	for i := range inv.Resources {
		if ids[i] != "" {
			g.Merge(inv.element(&inv.Resources[i], ids[i]))
		}
	}
	edges := map[[2]string]*edge{}
	add := func(from, to, verb, via string) {
		if from == "" || to == "" || from == to {
			return
		}
		k := [2]string{from, to}
		e := edges[k]
		if e == nil {
			e = &edge{}
			edges[k] = e
		}
		e.add(verb, via)
	}
	// members[p] are the elements registered in target group p.
	members := map[int][]int{}
	for i, r := range inv.Resources {
		for _, ref := range r.Refs {
			j, ok := x.resolve(ref.Value, r.Region)
			if !ok || j == i {
				continue
			}
			switch {
			case ref.Verb == verbMember:
				members[j] = append(members[j], i)
			case ids[i] != "":
				add(ids[i], ids[j], ref.Verb, ref.Via)
			}
		}
	}
	// A target group joins the load balancers it is attached to with its
	// members and targets.
	for p, r := range inv.Resources {
		if ids[p] != "" {
			continue
		}
		var owners, targets []string
		for _, ref := range r.Refs {
			j, ok := x.resolve(ref.Value, r.Region)
			if !ok || ids[j] == "" {
				continue
			}
			if ref.Verb == verbAttached {
				owners = append(owners, ids[j])
			} else {
				targets = append(targets, ids[j])
			}
		}
		for _, m := range members[p] {
			targets = append(targets, ids[m])
		}
		for _, o := range owners {
			for _, t := range targets {
				add(o, t, "forwards to", "target group "+r.Name)
			}
		}
	}
	keys := make([][2]string, 0, len(edges))
	for k := range edges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1])) })
	for _, k := range keys {
		e := edges[k]
		g.AddRelationship(&model.Relationship{
			From: k[0], To: k[1], Description: e.description(),
			Properties: map[string]string{"via": strings.Join(e.vias, "; ")},
			Sources:    []model.Source{{Scanner: "aws", Address: strings.TrimPrefix(k[0], "aws:")}},
		})
	}
	return g
}

// elementIDs gives every resource that is an element its ID ("" for parts
// and unknown types). Names that collide (two REST APIs of one name) get
// the last segment of their ARN appended.
func (inv *Inventory) elementIDs() []string {
	ids := make([]string, len(inv.Resources))
	count := map[string]int{}
	for i, r := range inv.Resources {
		t := typeOf(r.Type)
		if t == nil || t.Terraform == "" {
			continue
		}
		name := r.Name
		if r.Scope != "" {
			name = r.Scope + "/" + name
		}
		ids[i] = "aws:" + r.Region + "/" + t.Slug + "/" + name
		count[ids[i]]++
	}
	for i, r := range inv.Resources {
		if ids[i] != "" && count[ids[i]] > 1 {
			ids[i] += "#" + r.ARN[strings.LastIndexAny(r.ARN, ":/")+1:]
		}
	}
	// Still the same (a hostile snapshot, equal ARNs): number them in
	// inventory order, which is sorted.
	seen := map[string]int{}
	for i, id := range ids {
		if id == "" {
			continue
		}
		if n := seen[id]; n > 0 {
			ids[i] = id + "#" + strconv.Itoa(n+1)
		}
		seen[id]++
	}
	return ids
}

// element builds the element of one resource.
func (inv *Inventory) element(r *Resource, id string) *model.Element {
	t := typeOf(r.Type)
	m, _ := terraform.LookupMapping(t.Terraform)
	tech := m.Technology
	if m.Refined {
		if et := terraform.EngineTechnology(r.Engine); et != "" {
			tech = et
		}
	}
	props := map[string]string{}
	for k, v := range r.Properties {
		props[k] = v
	}
	props[model.PropType] = r.Type
	props[PropRegion] = r.Region
	if r.ARN != "" {
		props[PropARN] = r.ARN
	}
	account := inv.Account
	if a, err := awsarn.Parse(r.ARN); err == nil && a.AccountID != "" {
		account = a.AccountID
	}
	if account != "" {
		props[PropAccount] = account
	}
	for _, e := range r.Endpoints {
		if !strings.HasPrefix(e, "*.") && !strings.Contains(e, "://") {
			// The host other scanners' references name (a database
			// endpoint in a Kubernetes env var), see model.ResolveReferences.
			props[PropEndpoint] = e
			break
		}
	}
	if t.Console != nil {
		if u := t.Console(r); u != "" {
			props[PropConsole] = u
		}
	}
	for _, k := range elementTagKeys {
		if v := strings.TrimSpace(r.Tags[k]); v != "" {
			props[model.PropElement] = v
			break
		}
	}
	return &model.Element{
		ID: id, Name: r.Name, Kind: m.Kind, Class: m.Class, Technology: tech,
		Group: r.Region, Properties: props,
		Sources: []model.Source{{Scanner: "aws", Address: strings.TrimPrefix(id, "aws:")}},
	}
}

// edge gathers every reason for one relationship.
type edge struct {
	verbs, envs, vias []string
}

func (e *edge) add(verb, via string) {
	if name, ok := strings.CutPrefix(via, "env "); ok {
		e.envs = appendNew(e.envs, name)
	} else {
		e.verbs = appendNew(e.verbs, verb)
	}
	if via != "" {
		e.vias = appendNew(e.vias, via)
	}
}

// description lists the verbs, then the environment variables that name
// the peer: "consumes; env ORDERS_QUEUE_URL".
func (e *edge) description() string {
	slices.Sort(e.verbs)
	slices.Sort(e.envs)
	slices.Sort(e.vias)
	parts := slices.Clone(e.verbs)
	if len(e.envs) > 0 {
		parts = append(parts, "env "+strings.Join(e.envs, ", "))
	}
	return strings.Join(parts, "; ")
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
