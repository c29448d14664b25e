package aws

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// InventoryVersion is the version of the inventory's JSON form; a snapshot
// of another version is refused.
const InventoryVersion = 1

// Inventory is what one scan of an account found, before it becomes a
// graph: the form a snapshot stores and replays.
type Inventory struct {
	Version   int    `json:"version"`
	Account   string `json:"account,omitempty"`
	Partition string `json:"partition"`
	// Regions are the regions that were scanned.
	Regions   []string   `json:"regions"`
	Resources []Resource `json:"resources"`
	// Problems are the calls that were denied or failed: what was not seen.
	Problems []Problem `json:"problems,omitempty"`
}

// Resource is one resource of the account.
type Resource struct {
	// Type is the CloudFormation name of the resource type
	// ("AWS::SQS::Queue"); types.go says what each becomes.
	Type   string `json:"type"`
	Region string `json:"region"`
	ARN    string `json:"arn"`
	Name   string `json:"name"`
	// Scope is the name of the enclosing resource that the name is unique
	// in: the ECS cluster of a service, the event bus of a rule.
	Scope string `json:"scope,omitempty"`
	// Engine refines the technology ("postgres", "redis", "OpenSearch_2.11").
	Engine string `json:"engine,omitempty"`
	// Endpoints are the host names and URLs that reach the resource.
	Endpoints []string `json:"endpoints,omitempty"`
	// Properties are shown on the element (image, runtime, API ID).
	Properties map[string]string `json:"properties,omitempty"`
	Tags       map[string]string `json:"tags,omitempty"`
	// Refs are what the resource depends on, each reduced to the part that
	// names another resource of the inventory.
	Refs []Ref `json:"refs,omitempty"`
}

// Ref is one reference from a resource to another.
type Ref struct {
	// Verb describes the edge: "uses", "consumes", "delivers to".
	Verb string `json:"verb"`
	// Via says where the reference was read: "env ORDERS_QUEUE_URL",
	// "event source mapping", "integration GET /orders".
	Via string `json:"via,omitempty"`
	// Value is an ARN, host name, URL or name. Read live, it may hold
	// anything an environment variable holds, until reduce keeps only the
	// parts that name a resource.
	Value string `json:"value"`
}

// Problem is one call that was denied or failed.
type Problem struct {
	Region string `json:"region,omitempty"`
	// Action is the IAM action of the call ("ecs:ListServices").
	Action  string `json:"action"`
	Denied  bool   `json:"denied,omitempty"`
	Message string `json:"message"`
}

// Special verbs join target groups to what they forward between.
const (
	// verbMember: a resource (an ECS service) is registered in a target
	// group.
	verbMember = "member of"
	// verbAttached: a target group forwards traffic of a load balancer.
	verbAttached = "attached to"
)

// Bounds on what one inventory may hold, so that a hostile snapshot (or a
// huge account) costs bounded memory.
const (
	maxResources  = 200000
	maxRefs       = 4096
	maxFieldBytes = 4096
	maxEndpoints  = 256
	maxProperties = 64
	maxTags       = 64
)

// sortInventory puts everything in a deterministic order: a live scan
// collects concurrently.
func (inv *Inventory) sort() {
	slices.Sort(inv.Regions)
	inv.Regions = slices.Compact(inv.Regions)
	for i := range inv.Resources {
		r := &inv.Resources[i]
		slices.Sort(r.Endpoints)
		r.Endpoints = slices.Compact(r.Endpoints)
		slices.SortFunc(r.Refs, func(a, b Ref) int {
			return cmp.Or(strings.Compare(a.Verb, b.Verb), strings.Compare(a.Value, b.Value), strings.Compare(a.Via, b.Via))
		})
		r.Refs = slices.CompactFunc(r.Refs, func(a, b Ref) bool { return a == b })
	}
	slices.SortFunc(inv.Resources, func(a, b Resource) int {
		return cmp.Or(strings.Compare(a.Region, b.Region), strings.Compare(a.Type, b.Type), strings.Compare(a.ARN, b.ARN), strings.Compare(a.Name, b.Name))
	})
	slices.SortFunc(inv.Problems, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Action, b.Action), strings.Compare(a.Region, b.Region), strings.Compare(a.Message, b.Message))
	})
	inv.Problems = slices.Compact(inv.Problems)
}

// validate drops what a graph cannot be built from (unknown types, missing
// names, oversized fields) and says so; origin names the snapshot file.
func (inv *Inventory) validate(origin string) []model.Diagnostic {
	var diags []model.Diagnostic
	warn := func(format string, args ...any) {
		if len(diags) < 100 {
			diags = append(diags, model.Diagnostic{Severity: model.DiagWarning, Origin: "aws", File: origin, Message: fmt.Sprintf(format, args...)})
		}
	}
	if len(inv.Resources) > maxResources {
		warn("%d resources, only the first %d are read", len(inv.Resources), maxResources)
		inv.Resources = inv.Resources[:maxResources]
	}
	keep := inv.Resources[:0]
	for i, r := range inv.Resources {
		switch {
		case typeOf(r.Type) == nil:
			warn("resource %d: unknown type %q, skipped", i, clip(r.Type))
		case !validRegion(r.Region):
			warn("resource %d (%s): bad region %q, skipped", i, r.Type, clip(r.Region))
		case r.Name == "" || len(r.Name) > maxFieldBytes || len(r.ARN) > maxFieldBytes || len(r.Scope) > maxFieldBytes || len(r.Engine) > maxFieldBytes:
			warn("resource %d (%s): missing or oversized name, ARN, scope or engine, skipped", i, r.Type)
		default:
			r.Endpoints = boundStrings(r.Endpoints, maxEndpoints)
			r.Properties = boundMap(r.Properties, maxProperties)
			r.Tags = boundMap(r.Tags, maxTags)
			if len(r.Refs) > maxRefs {
				r.Refs = r.Refs[:maxRefs]
			}
			r.Refs = slices.DeleteFunc(r.Refs, func(x Ref) bool {
				return x.Value == "" || len(x.Value) > maxFieldBytes || len(x.Via) > maxFieldBytes || len(x.Verb) > 64
			})
			keep = append(keep, r)
		}
	}
	inv.Resources = keep
	if len(inv.Problems) > 10000 {
		inv.Problems = inv.Problems[:10000]
	}
	for i := range inv.Problems {
		inv.Problems[i].Message = clip(inv.Problems[i].Message)
		inv.Problems[i].Action = clip(inv.Problems[i].Action)
		inv.Problems[i].Region = clip(inv.Problems[i].Region)
	}
	inv.sort()
	return diags
}

// diagnostics reports the problems: one per action, listing the regions, so
// that a policy missing one action across ten regions is one line.
func (inv *Inventory) diagnostics() []model.Diagnostic {
	type key struct {
		action, message string
		denied          bool
	}
	regions := map[key][]string{}
	var order []key
	for _, p := range inv.Problems {
		msg := p.Message
		if p.Denied {
			msg = ""
		}
		k := key{p.Action, msg, p.Denied}
		if _, ok := regions[k]; !ok {
			order = append(order, k)
		}
		if p.Region != "" {
			regions[k] = append(regions[k], p.Region)
		}
	}
	var out []model.Diagnostic
	for _, k := range order {
		where := ""
		if rs := regions[k]; len(rs) > 0 {
			where = " in " + strings.Join(rs, ", ")
		}
		sees := ""
		if c, ok := callByAction(k.action); ok {
			sees = c.Sees
		}
		var msg string
		if k.denied {
			msg = fmt.Sprintf("access denied to %s%s: %s not observed; grant it (archdrift aws policy prints the policy the scanner needs)", k.action, where, orSomething(sees))
		} else {
			msg = fmt.Sprintf("%s failed%s: %s; %s not observed", k.action, where, k.message, orSomething(sees))
		}
		out = append(out, model.Diagnostic{Severity: model.DiagWarning, Origin: "aws", Message: msg})
	}
	return out
}

func orSomething(s string) string {
	if s == "" {
		return "some resources"
	}
	return s
}

// callByAction finds the first row of an IAM action.
func callByAction(action string) (call, bool) {
	for _, c := range calls {
		if c.Action == action {
			return c, true
		}
	}
	return call{}, false
}

// validRegion accepts region names such as eu-west-1 and us-gov-west-1.
func validRegion(r string) bool {
	if r == "" || len(r) > 32 {
		return false
	}
	for _, c := range r {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func boundStrings(list []string, n int) []string {
	if len(list) > n {
		list = list[:n]
	}
	return slices.DeleteFunc(list, func(s string) bool { return s == "" || len(s) > maxFieldBytes })
}

func boundMap(m map[string]string, n int) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if len(out) == n {
			break
		}
		if len(k) <= maxFieldBytes && len(m[k]) <= maxFieldBytes {
			out[k] = m[k]
		}
	}
	return out
}
