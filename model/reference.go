package model

import (
	"cmp"
	"slices"
	"strings"
)

// Reference is a configuration value of an observed element that may name an
// element another scanner sees: a Kubernetes env var holding a bucket name
// or a database endpoint that Terraform declares. The scanner that read it
// could not resolve it; ResolveReferences tries once every scanner has run.
type Reference struct {
	From  string `json:"from"`
	Value string `json:"value"`
	// Via says where the value was written ("env IMAGE_BUCKET").
	Via    string `json:"via"`
	Source Source `json:"source"`
}

// AddReference records an unresolved reference.
func (g *Graph) AddReference(r Reference) { g.refs = append(g.refs, r) }

// References returns the unresolved references, sorted.
func (g *Graph) References() []Reference {
	out := slices.Clone(g.refs)
	slices.SortStableFunc(out, func(a, b Reference) int {
		return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.Value, b.Value), strings.Compare(a.Via, b.Via))
	})
	return out
}

// identityProps are the properties under which scanners record the real
// names of an element: endpoints, ARNs, URLs, DNS names.
var identityProps = []string{"endpoint", "address", "arn", "url", "dns_name", "hostname", "externalName", "bucket", "queue_url"}

// ResolveReferences turns references into relationships when their value (or
// the host in it) is the name or an identity property of an element from
// another scanner. Values shorter than 4 characters never resolve: they are
// too likely to be a coincidence. Resolved references are dropped from the
// graph; it returns how many relationships it added.
func (g *Graph) ResolveReferences() int {
	index := map[string][]string{}
	for _, e := range g.Elements() {
		keys := []string{e.Name}
		for _, p := range identityProps {
			if v := e.Properties[p]; v != "" {
				keys = append(keys, v, refHost(v))
			}
		}
		for _, k := range keys {
			k = strings.ToLower(strings.TrimSpace(k))
			if len(k) >= 4 && !slices.Contains(index[k], e.ID) {
				index[k] = append(index[k], e.ID)
			}
		}
	}
	added := 0
	seen := map[[2]string]bool{}
	for _, r := range g.rels {
		seen[[2]string{r.From, r.To}] = true
	}
	var unresolved []Reference
	for _, ref := range g.References() {
		v := strings.ToLower(strings.TrimSpace(ref.Value))
		cands := index[v]
		if len(cands) == 0 {
			cands = index[refHost(v)]
		}
		if len(cands) != 1 || scannerOf(cands[0]) == scannerOf(ref.From) {
			unresolved = append(unresolved, ref) // unknown or ambiguous: not guessed
			continue
		}
		to := cands[0]
		if seen[[2]string{ref.From, to}] {
			continue
		}
		seen[[2]string{ref.From, to}] = true
		g.AddRelationship(&Relationship{From: ref.From, To: to, Description: ref.Via, Sources: []Source{ref.Source}})
		added++
	}
	g.refs = unresolved
	return added
}

// scannerOf is the scanner prefix of an observed ID ("kubernetes").
func scannerOf(id string) string {
	s, _, _ := strings.Cut(id, ":")
	return s
}

// refHost reduces a URL or host:port to its host.
func refHost(v string) string {
	if _, rest, ok := strings.Cut(v, "://"); ok {
		v = rest
	}
	if i := strings.LastIndexByte(v, '@'); i >= 0 {
		v = v[i+1:]
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	if i := strings.LastIndexByte(v, ':'); i >= 0 && !strings.Contains(v[i:], "]") {
		v = v[:i]
	}
	return strings.ToLower(v)
}
