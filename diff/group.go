package diff

import "github.com/archdrift/archdrift/model"

// groupObservations folds undocumented elements that are one thing seen
// by several scanners (a compose service, a Kubernetes Deployment and a
// source directory called orders) into one fact: the first by ID, with the
// others in Also. Elements group when their names normalise alike, their
// kinds are equal and their classes compatible, the same test that name
// matching applies. facts are sorted by ID, and so is the result.
func (c *comparison) groupObservations(facts []ElementFact) []ElementFact {
	var out []ElementFact
	byKey := map[string][]int{}
	for _, f := range facts {
		key := normalizeName(f.Name, c.m.prefixes)
		merged := false
		for _, i := range byKey[key] {
			g := &out[i]
			if key != "" && g.Kind == f.Kind && model.CompatibleClasses(model.Class(g.Class), model.Class(f.Class)) {
				g.Also = append(g.Also, f.ID)
				merged = true
				break
			}
		}
		if !merged {
			byKey[key] = append(byKey[key], len(out))
			out = append(out, f)
		}
	}
	return out
}
