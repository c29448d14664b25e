package gen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Options say what to generate.
type Options struct {
	// Scale is the size: one domain per unit, each about 100 Terraform
	// resources, 20 Kubernetes workloads, 10 documented elements and 2
	// ADRs. It must be at least 1.
	Scale int
	// Seed drives every choice the generator makes; the same seed and
	// scale give the same estate byte for byte.
	Seed uint64
}

// PlantedFile is the name, in the estate's root, of the file that states
// the planted drift.
const PlantedFile = "planted.json"

// Planted is what an estate holds and the drift planted in it.
type Planted struct {
	Scale  int    `json:"scale"`
	Seed   uint64 `json:"seed"`
	Counts Counts `json:"counts"`
	// Findings are the findings a check must report, no more and no less,
	// sorted by rule, documented and observed ID.
	Findings []Finding `json:"findings"`
}

// Counts say how big the estate is.
type Counts struct {
	Domains             int `json:"domains"`
	TerraformResources  int `json:"terraform_resources"`
	TerraformFiles      int `json:"terraform_files"`
	KubernetesWorkloads int `json:"kubernetes_workloads"`
	KubernetesFiles     int `json:"kubernetes_files"`
	ComposeFiles        int `json:"compose_files"`
	ModelElements       int `json:"model_elements"`
	ModelRelationships  int `json:"model_relationships"`
	ADRs                int `json:"adrs"`
	Files               int `json:"files"`
	Bytes               int `json:"bytes"`
}

// Finding is one planted finding, in the form of a report finding.
type Finding struct {
	Rule       string  `json:"rule"`
	Documented *string `json:"documented"`
	Observed   *string `json:"observed"`
}

// String is "rule documented observed", with "-" for a null ID.
func (f Finding) String() string {
	s := func(p *string) string {
		if p == nil {
			return "-"
		}
		return *p
	}
	return f.Rule + " " + s(f.Documented) + " " + s(f.Observed)
}

// Rules lists the rules of the planted findings, sorted.
func (p *Planted) Rules() []string {
	var out []string
	for _, f := range p.Findings {
		if !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return out
}

// Generate writes the estate o describes into dir, which must be empty or
// not exist yet, and returns what it planted (also written to
// dir/planted.json).
func Generate(dir string, o Options) (*Planted, error) {
	files, planted, err := Files(o)
	if err != nil {
		return nil, err
	}
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, fmt.Errorf("estategen: %w", err)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return nil, fmt.Errorf("estategen: %w", err)
		}
	}
	return planted, nil
}

// Files returns the estate o describes as file contents by slash path,
// planted.json included, without writing anything.
func Files(o Options) (map[string][]byte, *Planted, error) {
	if o.Scale < 1 {
		return nil, nil, fmt.Errorf("estategen: scale %d: must be at least 1", o.Scale)
	}
	e := newEstate(o)
	e.terraform()
	e.kubernetes()
	e.compose()
	e.workspace()
	e.adrs()
	e.config()
	p := &Planted{Scale: o.Scale, Seed: o.Seed, Counts: e.counts, Findings: e.planted}
	slices.SortFunc(p.Findings, func(a, b Finding) int { return strings.Compare(a.String(), b.String()) })
	p.Counts.Files = len(e.files) + 1
	for _, b := range e.files {
		p.Counts.Bytes += b.Len()
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // "a->b" stays readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, nil, fmt.Errorf("estategen: %w", err)
	}
	out := make(map[string][]byte, len(e.files)+1)
	for name, b := range e.files {
		out[name] = b.Bytes()
	}
	out[PlantedFile] = js.Bytes()
	return out, p, nil
}

// ReadPlanted reads dir/planted.json.
func ReadPlanted(dir string) (*Planted, error) {
	b, err := os.ReadFile(filepath.Join(dir, PlantedFile))
	if err != nil {
		return nil, fmt.Errorf("estategen: %w", err)
	}
	var p Planted
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("estategen: %s: %w", PlantedFile, err)
	}
	return &p, nil
}

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("estategen: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("estategen: %s is not empty", dir)
	}
	return nil
}

// estate is the generator's state: the domains, the files written so far,
// the drift planted.
type estate struct {
	o       Options
	rng     *rand.Rand
	domains []*domain
	files   map[string]*bytes.Buffer
	counts  Counts
	planted []Finding
}

func newEstate(o Options) *estate {
	e := &estate{o: o, rng: rand.New(rand.NewPCG(o.Seed, uint64(o.Scale))), files: map[string]*bytes.Buffer{}}
	for i := range o.Scale {
		d := newDomain(i)
		if i > 0 {
			d.prev = e.domains[i-1]
		}
		// Each domain varies a little: how its workers and parameters are
		// split, what versions it runs.
		d.crons = 2 + e.rng.IntN(5)
		d.params = 14 + e.rng.IntN(12)
		d.replicas = 2 + e.rng.IntN(3)
		d.version = fmt.Sprintf("%d.%d.%d", 1+e.rng.IntN(4), e.rng.IntN(20), e.rng.IntN(10))
		e.domains = append(e.domains, d)
	}
	e.counts.Domains = len(e.domains)
	e.plan()
	return e
}

// file returns the buffer of one file, creating it.
func (e *estate) file(name string) *bytes.Buffer {
	b, ok := e.files[name]
	if !ok {
		b = &bytes.Buffer{}
		e.files[name] = b
	}
	return b
}

// plant records a finding the check must report.
func (e *estate) plant(rule, documented, observed string) {
	f := Finding{Rule: rule}
	if documented != "" {
		f.Documented = &documented
	}
	if observed != "" {
		f.Observed = &observed
	}
	e.planted = append(e.planted, f)
}

// drift is one kind of planted drift.
type drift uint16

const (
	// undocumentedWorkload: a Deployment the model does not show.
	undocumentedWorkload drift = 1 << iota
	// undocumentedTopic: an SNS topic the model does not show.
	undocumentedTopic
	// missingElement: a documented search cluster that does not run.
	missingElement
	// undocumentedRelationship: the web front end reads the cache.
	undocumentedRelationship
	// missingRelationship: a documented upload from the web front end to the
	// bucket that nothing does.
	missingRelationship
	// cacheTechnology: the cache runs Memcached, documented as Redis.
	cacheTechnology
	// storeTechnology: the store runs MySQL, documented as PostgreSQL
	// (and an ADR says PostgreSQL).
	storeTechnology
	// shortcut: a worker reads the store directly, which neither the model
	// nor an ADR allows.
	shortcut
	// proposed: an ADR that is only proposed forbids what runs (the web
	// front end calls the API directly); it is reported, as a notice.
	proposed
)

// driftRates are how many domains of a hundred carry each kind of drift;
// every kind is planted at least once.
var driftRates = []struct {
	kind drift
	per  int
}{
	{undocumentedWorkload, 10},
	{undocumentedTopic, 5},
	{missingElement, 5},
	{undocumentedRelationship, 8},
	{missingRelationship, 5},
	{cacheTechnology, 4},
	{storeTechnology, 3},
	{shortcut, 4},
	{proposed, 10},
}

// plan picks the domains that carry each kind of drift.
func (e *estate) plan() {
	n := len(e.domains)
	for _, r := range driftRates {
		k := max(1, (n*r.per+50)/100)
		for _, i := range e.rng.Perm(n)[:k] {
			e.domains[i].drift |= r.kind
		}
	}
}

func (d *domain) has(k drift) bool { return d.drift&k != 0 }

// Compare sets the findings of a check against the planted ones. rules are
// the rules the policy engine has: a planted finding of a rule it lacks (an
// ADR rule not written yet) is not expected. Compared are every element.*,
// relationship.* and technology.* finding, and those of the planted rules;
// extra are found but not planted, missing planted but not found, both
// sorted.
func (p *Planted) Compare(found []Finding, rules []string) (extra, missing []Finding) {
	compared := func(rule string) bool {
		for _, prefix := range []string{"element.", "relationship.", "technology.", "adr."} {
			if strings.HasPrefix(rule, prefix) {
				return true
			}
		}
		return slices.Contains(p.Rules(), rule)
	}
	want := map[string]Finding{}
	for _, f := range p.Findings {
		if slices.Contains(rules, f.Rule) {
			want[f.String()] = f
		}
	}
	got := map[string]Finding{}
	for _, f := range found {
		if compared(f.Rule) {
			got[f.String()] = f
		}
	}
	for k, f := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, f)
		}
	}
	for k, f := range want {
		if _, ok := got[k]; !ok {
			missing = append(missing, f)
		}
	}
	byString := func(a, b Finding) int { return strings.Compare(a.String(), b.String()) }
	slices.SortFunc(extra, byString)
	slices.SortFunc(missing, byString)
	return extra, missing
}
