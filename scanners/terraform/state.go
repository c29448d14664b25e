package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/archdrift/archdrift/model"
)

// maxStateSize bounds a state or plan file: they are larger than
// configuration, but still must not cost unbounded memory.
const maxStateSize = 64 << 20

// stateResource is one managed resource instance as a state or plan
// records it.
type stateResource struct {
	module  string // module path without count indexes: module.a["k"].module.b
	typ     string
	name    string
	key     string // for_each key; "" for count indexes and single instances
	address string
	attrs   map[string]any
	file    string
}

// stateFile is one state or plan, and the roots it describes (nil: all).
type stateFile struct {
	file      string
	resources []stateResource
	roots     []*instance
}

// readStateFile parses a raw state (version 4), a `terraform show -json`
// state or a `terraform show -json` plan. The JSON outputs are read with
// terraform-json; the raw state, which that library does not model, with
// the few fields of its version 4 format the scanner needs.
func readStateFile(b []byte, file string) ([]stateResource, error) {
	var probe struct {
		Version       int             `json:"version"`
		FormatVersion string          `json:"format_version"`
		PlannedValues json.RawMessage `json:"planned_values"`
		Values        json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	switch {
	case probe.FormatVersion != "" && probe.PlannedValues != nil:
		var p tfjson.Plan
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		var prior, planned []stateResource
		if p.PriorState != nil && p.PriorState.Values != nil {
			prior = appendModule(nil, p.PriorState.Values.RootModule, file, 0)
		}
		if p.PlannedValues != nil {
			planned = appendModule(nil, p.PlannedValues.RootModule, file, 0)
		}
		return overlay(prior, planned), nil
	case probe.FormatVersion != "" && probe.Values != nil:
		var s tfjson.State
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
		return appendModule(nil, s.Values.RootModule, file, 0), nil
	case probe.Version == 4:
		return readRawState(b, file)
	case probe.Version != 0:
		return nil, fmt.Errorf("state format version %d is not supported (want 4)", probe.Version)
	}
	return nil, errors.New("neither a Terraform state (version 4) nor `terraform show -json` output")
}

func appendModule(out []stateResource, m *tfjson.StateModule, file string, depth int) []stateResource {
	if m == nil || depth > maxModuleDepth {
		return out
	}
	for _, r := range m.Resources {
		if r == nil || r.Mode != tfjson.ManagedResourceMode {
			continue
		}
		key, _ := r.Index.(string)
		out = append(out, stateResource{
			module: normalModule(m.Address), typ: r.Type, name: r.Name, key: key,
			address: r.Address, attrs: r.AttributeValues, file: file,
		})
	}
	for _, c := range m.ChildModules {
		out = appendModule(out, c, file, depth+1)
	}
	return out
}

// overlay lays planned values over the prior state: the plan is newer, but
// leaves unknown what only the apply will tell (a generated bucket name), and
// the prior state knows it for what already exists.
func overlay(prior, planned []stateResource) []stateResource {
	at := make(map[string]int, len(prior))
	for i, r := range prior {
		at[r.address] = i
	}
	out := prior
	for _, r := range planned {
		i, ok := at[r.address]
		if !ok {
			out = append(out, r)
			continue
		}
		merged := make(map[string]any, len(out[i].attrs)+len(r.attrs))
		for k, v := range out[i].attrs {
			merged[k] = v
		}
		for k, v := range r.attrs {
			if v != nil {
				merged[k] = v
			}
		}
		out[i].attrs = merged
	}
	return out
}

// rawState is the part of the version 4 state format the scanner reads.
type rawState struct {
	Resources []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			IndexKey   any            `json:"index_key"`
			Attributes map[string]any `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

func readRawState(b []byte, file string) ([]stateResource, error) {
	var s rawState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	var out []stateResource
	for _, r := range s.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			key, _ := in.IndexKey.(string)
			addr := joinAddr(r.Module, r.Type+"."+r.Name)
			switch k := in.IndexKey.(type) {
			case string:
				addr += keySuffix(k)
			case float64:
				addr += fmt.Sprintf("[%d]", int(k))
			}
			out = append(out, stateResource{
				module: normalModule(r.Module), typ: r.Type, name: r.Name, key: key,
				address: addr, attrs: in.Attributes, file: file,
			})
		}
	}
	return out, nil
}

var countIndex = regexp.MustCompile(`\[[0-9]+\]`)

// normalModule drops count indexes from a module path: the scanner counts a
// module called with count once.
func normalModule(m string) string { return countIndex.ReplaceAllString(m, "") }

// loadStates reads the state and plan files that apply: the ones named in
// Options, else terraform.tfstate and *.tfplan.json in each root directory.
func (s *Scanner) loadStates(e *estate, root string) []stateFile {
	var out []stateFile
	if s.opts.StatePath != "" || s.opts.PlanPath != "" {
		for _, p := range []string{s.opts.StatePath, s.opts.PlanPath} {
			if p == "" {
				continue
			}
			b, name, err := readUserFile(e.fsys, root, p)
			if err != nil {
				e.d.error(p, hcl.Range{}, "unreadable: %v", err)
				continue
			}
			out = appendState(out, e, b, name, nil)
		}
		return out
	}
	for _, r := range e.roots {
		entries, err := fs.ReadDir(e.fsys, r.mod.dir)
		if err != nil {
			continue
		}
		for _, ent := range entries {
			n := ent.Name()
			if ent.IsDir() || !(n == "terraform.tfstate" || strings.HasSuffix(n, ".tfplan.json")) {
				continue
			}
			name := path.Join(r.mod.dir, n)
			b, err := readBounded(e.fsys.Open(name))
			if err != nil {
				e.d.error(name, hcl.Range{}, "unreadable: %v", err)
				continue
			}
			out = appendState(out, e, b, name, []*instance{r})
		}
	}
	return out
}

func appendState(out []stateFile, e *estate, b []byte, name string, roots []*instance) []stateFile {
	res, err := readStateFile(b, name)
	if err != nil {
		e.d.error(name, hcl.Range{}, "%v", err)
		return out
	}
	return append(out, stateFile{file: name, resources: res, roots: roots})
}

// readUserFile reads a file named on the command line: through the scanned
// file system when it lies inside the root, else from the operating system
// (the user named it; nothing in the repository can).
func readUserFile(fsys fs.FS, root, p string) ([]byte, string, error) {
	if slash := filepath.ToSlash(p); fs.ValidPath(slash) {
		if b, err := readBounded(fsys.Open(slash)); err == nil {
			return b, slash, nil
		}
	}
	if root != "" {
		absRoot, err1 := filepath.Abs(root)
		absP, err2 := filepath.Abs(p)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(absRoot, absP); err == nil && fs.ValidPath(filepath.ToSlash(rel)) {
				if b, err := readBounded(fsys.Open(filepath.ToSlash(rel))); err == nil {
					return b, filepath.ToSlash(rel), nil
				}
			}
		}
	}
	b, err := readBounded(os.Open(p))
	return b, p, err
}

func readBounded[F io.ReadCloser](f F, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxStateSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxStateSize {
		return nil, fmt.Errorf("larger than %d MiB, skipped", maxStateSize>>20)
	}
	return b, nil
}

// endpointAttributes name where a resource is reached, in order of
// preference.
var endpointAttributes = []string{
	"endpoint", "address", "dns_name", "invoke_url", "api_endpoint", "url", "uri",
	"primary_endpoint_address", "configuration_endpoint_address", "bucket_regional_domain_name",
	"default_hostname", "fqdn", "connection_name", "domain_name",
}

// applyStates lets real names, ARNs and endpoints replace what HCL said,
// and adds resources the state knows and the configuration no longer
// declares (or declares in a way the scanner could not expand).
func (e *estate) applyStates(g *model.Graph, states []stateFile) {
	if len(states) == 0 {
		return // nothing to apply: the index below would go unread
	}
	type slot struct {
		root *instance
		key  string
	}
	index := map[slot]*node{}
	instByAddr := map[slot]*instance{}
	for _, n := range e.nodes {
		if n.spec.Role != element {
			continue
		}
		root := rootOf(n.inst)
		k := slot{root, n.inst.addr + "|" + n.res.typ + "." + n.res.name + "|" + n.key}
		if _, dup := index[k]; !dup {
			index[k] = n
		}
		instByAddr[slot{root, n.inst.addr}] = n.inst
	}
	for _, sf := range states {
		roots := sf.roots
		if roots == nil {
			roots = e.roots
		}
		for _, r := range sf.resources {
			spec := specFor(r.typ)
			if spec.Role != element {
				continue
			}
			for _, root := range roots {
				n := index[slot{root, r.module + "|" + r.typ + "." + r.name + "|" + r.key}]
				if n == nil {
					n = index[slot{root, r.module + "|" + r.typ + "." + r.name + "|"}]
				}
				if n != nil {
					if el, ok := g.Element(n.id); ok {
						applyAttributes(el, spec, r)
					}
					continue
				}
				dir := root.mod.dir
				if in := instByAddr[slot{root, r.module}]; in != nil {
					dir = in.mod.dir
				}
				e.addStateOnly(g, spec, r, dir)
			}
		}
	}
}

func rootOf(in *instance) *instance {
	for in.parent != nil {
		in = in.parent
	}
	return in
}

// applyAttributes copies what the state knows onto an element.
func applyAttributes(el *model.Element, spec *typeSpec, r stateResource) {
	for _, p := range spec.Names {
		if s := attrString(r.attrs, p); s != "" {
			el.Name = s
			break
		}
	}
	if s := attrString(r.attrs, "arn"); s != "" {
		el.Properties["arn"] = s
	}
	for _, a := range endpointAttributes {
		if s := attrString(r.attrs, a); s != "" {
			el.Properties["endpoint"] = s
			break
		}
	}
	if spec.Engine != "" {
		if t := engineTechnology(attrString(r.attrs, spec.Engine)); t != "" {
			el.Technology = t
		}
	}
	if _, ok := el.Properties[model.PropElement]; !ok {
		for _, tags := range []string{"tags_all", "tags", "labels"} {
			for _, k := range elementTagKeys {
				if s := attrString(r.attrs, tags+"."+k); s != "" {
					el.Properties[model.PropElement] = s
				}
			}
		}
	}
	src := model.Source{Scanner: "terraform", File: r.file, Address: r.address}
	if !slices.Contains(el.Sources, src) {
		el.Sources = append(el.Sources, src)
	}
}

// addStateOnly adds an element only the state knows.
func (e *estate) addStateOnly(g *model.Graph, spec *typeSpec, r stateResource, dir string) {
	addr := joinAddr(r.module, r.typ+"."+r.name)
	if r.key != "" {
		addr += keySuffix(r.key)
	}
	id := "terraform:" + addr
	if dir != "." {
		id = "terraform:" + dir + "/" + addr
	}
	if el, ok := g.Element(id); ok {
		applyAttributes(el, spec, r)
		return
	}
	el := &model.Element{
		ID: id, Name: r.name, Kind: spec.Kind, Class: spec.Class, Technology: spec.Technology,
		Group: r.module, Properties: map[string]string{model.PropType: r.typ},
	}
	if r.key != "" {
		el.Name = r.key
	}
	applyAttributes(el, spec, r)
	g.Merge(el)
}

// attrString reads a string at a dotted path of state attributes; a
// one-element list on the way (how state stores nested blocks) is entered.
func attrString(attrs map[string]any, p string) string {
	var cur any = attrs
	for _, seg := range splitPath(p) {
		if l, ok := cur.([]any); ok && len(l) == 1 {
			cur = l[0]
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[seg]
	}
	s, _ := cur.(string)
	return s
}

// splitPath splits an attribute path on dots, except inside the last
// segment when it is a tag key with dots of its own ("tags.c4.element").
func splitPath(p string) []string {
	for _, k := range elementTagKeys {
		if strings.HasSuffix(p, "."+k) {
			return append(strings.Split(strings.TrimSuffix(p, "."+k), "."), k)
		}
	}
	return strings.Split(p, ".")
}
