package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/tree"
)

// Three steps of compose-go's loading walk the whole model and, at every
// node, try each path pattern of a table against the node's path:
// transform.Canonical (about sixty patterns), override.EnforceUnicity
// (about thirty, tried at every sequence) and validation.Validate (seven).
// Each try splits both paths on dots, so on a scan that walk cost more
// than every other step of the loading together, though most of a model
// (environment, labels, images, commands, extensions) is under no pattern
// at all.
//
// So these steps are given a pruned copy of the model: the mappings on the
// way to a node that some pattern may match, each holding only the entries
// under which a pattern may match. A node a pattern matches is kept whole,
// since the function the table gives for it may read all of it. The entries
// left out are ones the walk would leave as they are: on a node that no
// pattern matches, each of the three steps only walks on (a mapping entry
// by entry, a sequence item by item, the way the pruned copy is walked), so
// a subtree with no pattern at or below any of its nodes comes out of it
// unchanged. Afterwards, what the step wrote into the pruned mappings is
// written back into the model. The paths the steps see, and so every
// error they report, are those of the whole model.
//
// The tables are compose-go's own, copied from the version in go.mod
// (TestPruneTablesVersion fails when it changes, for whoever upgrades to
// compare them again).

// pathTable is one of compose-go's tables of path patterns, as a tree of
// their parts: the root's children are the first parts of the patterns.
type pathTable struct {
	root *patternNode
}

// patternNode is one part of some patterns.
type patternNode struct {
	// next are the parts that follow, by literal, tree.PathMatchAll for
	// any key.
	next map[string]*patternNode
	// whole says a pattern ends here whose function reads the node it
	// matches, all of it; generic, one whose function only walks a
	// mapping on, as if no pattern matched (Canonical's
	// transformService; on a mapping, EnforceUnicity's every entry), so a
	// mapping there may be pruned in turn.
	whole, generic bool
	// keepsNil says the function of the pattern ending here returns a
	// null value as it is, without error (see pruneMap).
	keepsNil bool
}

func newPathTable(generic func(tree.Path) bool, patterns ...tree.Path) *pathTable {
	t := &pathTable{root: &patternNode{}}
	for _, p := range patterns {
		n := t.root
		for _, part := range p.Parts() {
			if n.next[part] == nil {
				if n.next == nil {
					n.next = map[string]*patternNode{}
				}
				n.next[part] = &patternNode{}
			}
			n = n.next[part]
		}
		if generic(p) {
			n.generic = true
		} else {
			n.whole = true
		}
	}
	return t
}

// canonicalTable is transform.Canonical's table (transform/canonical.go):
// a service or job is transformed by walking it on, and a top-level
// volume, network, secret or config that is null stays null
// (transformMaybeExternal returns nil, nil for it).
var canonicalTable = newPathTable(func(p tree.Path) bool { return p == "services.*" || p == "jobs.*" }, canonicalPatterns()...).
	keepNil("volumes.*", "networks.*", "secrets.*", "configs.*")

// keepNil marks the patterns whose functions return a null value as it is.
func (t *pathTable) keepNil(patterns ...tree.Path) *pathTable {
	for _, p := range patterns {
		n := t.root
		for _, part := range p.Parts() {
			n = n.next[part]
		}
		n.keepsNil = true
	}
	return t
}

func canonicalPatterns() []tree.Path {
	var out []tree.Path
	for _, prefix := range []tree.Path{"services.*", "jobs.*", "services.*.pre_start.*"} {
		for _, s := range []tree.Path{".env_file", ".label_file", ".gpus", ".networks", ".models", ".volumes.*", ".dns",
			".devices.*", ".secrets.*", ".configs.*", ".ulimits.*"} {
			out = append(out, prefix+s)
		}
	}
	for _, prefix := range []tree.Path{"services", "jobs"} {
		for _, s := range []tree.Path{".*", ".*.build.secrets.*", ".*.build.provenance", ".*.build.sbom", ".*.build.additional_contexts",
			".*.depends_on", ".*.extends", ".*.ports", ".*.build", ".*.build.ssh", ".*.build.ulimits.*"} {
			out = append(out, prefix+s)
		}
	}
	return append(out, "jobs.*.triggers.schedule.*", "services.*.develop.watch.*.ignore", "services.*.develop.watch.*.include",
		"volumes.*", "networks.*", "secrets.*", "configs.*", "include.*")
}

// unicityTable is override.EnforceUnicity's table (override/uncity.go). It
// applies to sequences only: a mapping at one of its paths is walked on.
var unicityTable = newPathTable(func(tree.Path) bool { return true }, unicityPatterns...)

var unicityPatterns = []tree.Path{
	"networks.*.labels", "networks.*.ipam.options", "services.*.annotations", "services.*.build.args",
	"services.*.build.additional_contexts", "services.*.build.platform", "services.*.build.tags", "services.*.build.labels",
	"services.*.cap_add", "services.*.cap_drop", "services.*.devices", "services.*.configs", "services.*.deploy.labels",
	"services.*.dns", "services.*.dns_opt", "services.*.dns_search", "services.*.environment", "services.*.env_file",
	"services.*.expose", "services.*.labels", "services.*.links", "services.*.networks.*.aliases",
	"services.*.networks.*.link_local_ips", "services.*.ports", "services.*.profiles", "services.*.secrets",
	"services.*.sysctls", "services.*.tmpfs", "services.*.volumes",
}

// validationTable is validation.Validate's table (validation/validation.go).
var validationTable = newPathTable(func(tree.Path) bool { return false }, validationPatterns...)

var validationPatterns = []tree.Path{
	"volumes.*", "configs.*", "secrets.*", "services.*.ports.*", "services.*.develop.watch.*.path",
	"services.*.deploy.resources.reservations.devices.*", "services.*.gpus.*",
}

// step returns the nodes of the table that a path's next part, key,
// reaches from the nodes its parts reach. Below the top level, compose-go
// makes a key one part of a path, its dots replaced (tree.Path.Next); the
// literal parts of the tables hold no dot, so looking the key itself up is
// the same.
func step(from []*patternNode, key string) []*patternNode {
	var out []*patternNode
	for _, n := range from {
		if next := n.next[key]; next != nil {
			out = append(out, next)
		}
		if next := n.next[tree.PathMatchAll]; next != nil && key != tree.PathMatchAll {
			out = append(out, next)
		}
	}
	return out
}

// prunedMap is the pruned copy of one mapping of the model.
type prunedMap struct {
	copy map[string]any
	orig map[string]any
	// kids are the entries that are pruned copies in turn.
	kids []prunedKid
}

type prunedKid struct {
	key    string
	pruned *prunedMap
}

// prune returns the pruned copy of the model dict for table t.
func (t *pathTable) prune(dict map[string]any) *prunedMap {
	return pruneMap(dict, []*patternNode{t.root}, true)
}

// pruneMap prunes mapping m, whose path reaches the table's nodes at. Below
// the top level it returns nil when nothing is left: most mappings it
// visits (a service's environment, labels) keep nothing, so their copies
// are made only once they have an entry.
func pruneMap(m map[string]any, at []*patternNode, top bool) *prunedMap {
	var out *prunedMap
	keep := func(k string, v any) {
		if out == nil {
			out = &prunedMap{copy: map[string]any{}, orig: m}
		}
		out.copy[k] = v
	}
	if top {
		out = &prunedMap{copy: map[string]any{}, orig: m}
	}
	for k, v := range m {
		if top && (k == "" || strings.Contains(k, ".")) {
			// At the top level compose-go does not replace dots: the
			// key is several parts of its path, or none. Such an
			// entry is kept whole, and walked as before.
			keep(k, v)
			continue
		}
		next := step(at, k)
		whole, generic, below, keepsNil := false, false, false, true
		for _, n := range next {
			whole = whole || n.whole
			generic = generic || n.generic
			below = below || len(n.next) > 0
			keepsNil = keepsNil && (!n.whole || n.keepsNil)
		}
		switch {
		case v == nil && keepsNil:
			// A null comes out of each step as it went in: walked on,
			// it is a leaf; a generic pattern only walks on (as
			// transformService and EnforceUnicity do with it); and
			// the whole patterns here all keep it. A whole pattern
			// whose function refuses it (transformFileMount) or
			// assumes a mapping (validation's checks) keeps it in
			// the copy, for the step to fail on as before.
			continue
		case whole:
			keep(k, v)
		case generic || below:
			if sub, ok := v.(map[string]any); ok {
				// A mapping with nothing left is walked on and
				// left as it is, so it goes too.
				if kid := pruneMap(sub, next, false); kid != nil {
					keep(k, kid.copy)
					out.kids = append(out.kids, prunedKid{k, kid})
				}
			} else {
				keep(k, v)
			}
		}
	}
	return out
}

// writeBack writes what a step wrote into the pruned copies back into the
// model. The steps assign each entry of a mapping they walk on, and neither
// add nor remove one, so the pruned copies keep their own keys.
func (p *prunedMap) writeBack() {
	for k, v := range p.copy {
		p.orig[k] = v
	}
	for _, kid := range p.kids {
		// The entry is the pruned copy: the original mapping stays.
		p.orig[kid.key] = kid.pruned.orig
		kid.pruned.writeBack()
	}
}
