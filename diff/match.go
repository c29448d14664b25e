package diff

import (
	"slices"
	"strings"

	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/model"
)

// How a match was made, strongest first.
const (
	ViaExplicit = "explicit"
	ViaConfig   = "config"
	ViaName     = "name"
)

var viaRank = map[string]int{ViaExplicit: 0, ViaConfig: 1, ViaName: 2}

// matcher pairs observed elements with documented ones.
type matcher struct {
	doc, obs *model.Graph
	opts     Options
	prefixes []string

	docByKey  map[string][]*model.Element // normalised name → documented
	docByName map[string]*model.Element   // lower-case name and ID → documented

	// obsIDs are the observed IDs, sorted, for globs (assignGlob).
	obsIDs []string

	match     map[string]string // observed ID → documented ID
	via       map[string]string // observed ID → via
	ambiguous []Ambiguity
}

// matchable reports whether a documented element can stand for something a
// scanner observes: people never can, deployment nodes are out of scope here.
func matchable(e *model.Element) bool {
	switch e.Kind {
	case model.KindContainer, model.KindComponent, model.KindSystem, model.KindInfrastructureNode:
		return true
	}
	return false
}

// compatibleKinds says which documented kinds an observed kind may match. A
// system only matches when it has no containers of its own, because then it
// is the deployable unit (an external system, a SaaS dependency).
func (m *matcher) compatibleKinds(obs, doc *model.Element) bool {
	switch obs.Kind {
	case model.KindComponent:
		return doc.Kind == model.KindComponent
	case model.KindSystem:
		return doc.Kind == model.KindSystem || doc.Kind == model.KindContainer
	case model.KindInfrastructureNode:
		return doc.Kind == model.KindInfrastructureNode || doc.Kind == model.KindContainer
	default:
		switch doc.Kind {
		case model.KindContainer:
			return true
		case model.KindSystem:
			return len(m.doc.Children(doc.ID)) == 0
		}
		return false
	}
}

func newMatcher(doc, obs *model.Graph, opts Options) *matcher {
	m := &matcher{
		doc: doc, obs: obs, opts: opts,
		docByKey:  map[string][]*model.Element{},
		docByName: map[string]*model.Element{},
		match:     map[string]string{},
		via:       map[string]string{},
	}
	m.prefixes = estatePrefixes(doc, opts.Prefixes)
	for _, e := range doc.Elements() {
		if !matchable(e) {
			continue
		}
		m.docByName[strings.ToLower(e.ID)] = e
		if _, dup := m.docByName[strings.ToLower(e.Name)]; !dup {
			m.docByName[strings.ToLower(e.Name)] = e
		}
		keys := []string{normalizeName(e.Name, m.prefixes)}
		if last := lastSegment(e.ID); last != "" {
			keys = append(keys, normalizeName(last, m.prefixes))
		}
		for _, k := range dedupe(keys) {
			if k != "" {
				m.docByKey[k] = append(m.docByKey[k], e)
			}
		}
	}
	return m
}

// estatePrefixes are the words that name the whole estate: the normalised
// names and identifiers of top-level software systems, plus configured ones.
func estatePrefixes(doc *model.Graph, extra []string) []string {
	var out []string
	for _, p := range extra {
		if k := strings.Join(nameWords(p), ""); k != "" {
			out = append(out, k)
		}
	}
	for _, e := range doc.Elements() {
		if e.Kind == model.KindSystem && e.Parent == "" && len(doc.Children(e.ID)) > 0 {
			for _, s := range []string{e.Name, lastSegment(e.ID)} {
				if k := strings.Join(nameWords(s), ""); len(k) >= 3 {
					out = append(out, k)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) }) // longest first
	return dedupe(out)
}

func lastSegment(id string) string {
	if i := strings.LastIndexByte(id, '.'); i >= 0 {
		return id[i+1:]
	}
	return id
}

func dedupe(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// run matches every observed element, first hit wins: explicit, config, name.
func (m *matcher) run() {
	// Explicit from the documented side: archdrift.source globs.
	for _, d := range m.doc.Elements() {
		src := d.Properties[model.PropSource]
		if src == "" {
			continue
		}
		for _, g := range strings.Split(src, ",") {
			m.assignGlob(strings.TrimSpace(g), d.ID, ViaExplicit)
		}
	}
	for _, o := range m.obs.Elements() {
		if _, done := m.match[o.ID]; done {
			continue
		}
		if name := strings.TrimSpace(o.Properties[model.PropElement]); name != "" {
			if d, ok := m.docByName[strings.ToLower(name)]; ok {
				m.set(o.ID, d.ID, ViaExplicit)
			}
		}
	}
	// Config mappings.
	docIDs := make([]string, 0, len(m.opts.Mappings))
	for id := range m.opts.Mappings {
		docIDs = append(docIDs, id)
	}
	slices.Sort(docIDs)
	for _, id := range docIDs {
		if _, ok := m.doc.Element(id); !ok {
			continue
		}
		for _, g := range m.opts.Mappings[id] {
			m.assignGlob(g, id, ViaConfig)
		}
	}
	// Names: components after the containers that scope them.
	for _, o := range componentsLast(m.obs.Elements()) {
		if _, done := m.match[o.ID]; done {
			continue
		}
		m.matchByName(o)
	}
}

// assignGlob matches the unmatched observed elements whose IDs glob
// matches. Only IDs that start with the glob's literal prefix can match, and
// they are one run of the sorted IDs, found by binary search: a thousand
// globs cost a thousand searches, not a thousand passes over every element.
func (m *matcher) assignGlob(glob, docID, via string) {
	if glob == "" {
		return
	}
	if m.obsIDs == nil {
		for _, o := range m.obs.Elements() {
			m.obsIDs = append(m.obsIDs, o.ID)
		}
	}
	prefix := globPrefix(glob)
	i, _ := slices.BinarySearch(m.obsIDs, prefix)
	for _, id := range m.obsIDs[i:] {
		if !strings.HasPrefix(id, prefix) {
			break
		}
		if _, done := m.match[id]; done {
			continue
		}
		if config.MatchGlob(glob, id) {
			m.set(id, docID, via)
		}
	}
}

// globPrefix is the literal text a glob starts with: everything before its
// first wildcard, character class or escape.
func globPrefix(glob string) string {
	if i := strings.IndexAny(glob, `*?[\`); i >= 0 {
		return glob[:i]
	}
	return glob
}

func (m *matcher) set(obsID, docID, via string) {
	m.match[obsID] = docID
	m.via[obsID] = via
}

func (m *matcher) matchByName(o *model.Element) {
	key := normalizeName(o.Name, m.prefixes)
	if key == "" || technologyOnly(o) {
		return
	}
	var cands []*model.Element
	for _, d := range m.docByKey[key] {
		if m.compatibleKinds(o, d) && model.CompatibleClasses(d.Class, o.Class) && !slices.Contains(cands, d) {
			cands = append(cands, d)
		}
	}
	cands = m.scopeComponents(o, cands)
	if len(cands) > 1 {
		// Prefer the same C4 kind; a container named like its system is the
		// container.
		same := slices.DeleteFunc(slices.Clone(cands), func(d *model.Element) bool { return d.Kind != o.Kind })
		if len(same) >= 1 {
			cands = same
		}
	}
	switch len(cands) {
	case 0:
	case 1:
		m.set(o.ID, cands[0].ID, ViaName)
	default:
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = c.ID
		}
		slices.Sort(ids)
		m.ambiguous = append(m.ambiguous, Ambiguity{Observed: o.ID, Candidates: ids, Location: location(o.Sources)})
	}
}
