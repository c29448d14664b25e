// Package yamlbound measures a yaml.v3 node tree the way a decoder would walk
// it, with aliases expanded, so scanners can refuse alias bombs and absurd
// nesting before decoding. yaml.v3 only limits aliasing by ratio per
// document, which a file of many small bombs passes. It also tells what a
// decoder would refuse that the node tree keeps (DuplicateKey), for scanners
// that read the nodes directly.
package yamlbound

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// ErrTooLarge and ErrCycle are returned by Measure; a depth error wraps
// ErrTooDeep with the limit.
var (
	ErrTooLarge = errors.New("too many YAML nodes once aliases are expanded (alias bomb?)")
	ErrTooDeep  = errors.New("nested too deep")
	ErrCycle    = errors.New("an alias contains itself")
)

// Limits bound one measurement.
type Limits struct {
	// Nodes is the most nodes the expanded tree may have.
	Nodes int
	// Depth is the deepest nesting allowed.
	Depth int
}

// Measure returns how many nodes n expands to. Shared anchors are memoised,
// so measuring is linear in the size of the tree as written.
func Measure(n *yaml.Node, lim Limits) (int, error) {
	m := &measurer{memo: map[*yaml.Node]extent{}, active: map[*yaml.Node]bool{}, lim: lim}
	e, err := m.measure(n, 0)
	return e.nodes, err
}

// extent is the size of a subtree with aliases expanded, and its height.
type extent struct{ nodes, height int }

type measurer struct {
	memo   map[*yaml.Node]extent
	active map[*yaml.Node]bool
	lim    Limits
}

// depthError says how deep was too deep; it matches ErrTooDeep.
type depthError int

func (e depthError) Error() string        { return fmt.Sprintf("nested deeper than %d levels", int(e)) }
func (e depthError) Is(target error) bool { return target == ErrTooDeep }

func (m *measurer) tooDeep() error { return depthError(m.lim.Depth) }

func (m *measurer) measure(n *yaml.Node, depth int) (extent, error) {
	if depth > m.lim.Depth {
		return extent{}, m.tooDeep()
	}
	self := 0
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return extent{nodes: 1}, nil
		}
		self, n = 1, n.Alias
	}
	if e, ok := m.memo[n]; ok {
		if depth+e.height > m.lim.Depth {
			return extent{}, m.tooDeep()
		}
		return extent{nodes: e.nodes + self, height: e.height}, nil
	}
	if m.active[n] {
		return extent{}, ErrCycle
	}
	m.active[n] = true
	e := extent{nodes: 1}
	for _, c := range n.Content {
		ce, err := m.measure(c, depth+1)
		if err != nil {
			return extent{}, err
		}
		e.nodes += ce.nodes
		if e.nodes > m.lim.Nodes {
			return extent{}, ErrTooLarge
		}
		e.height = max(e.height, ce.height+1)
	}
	delete(m.active, n)
	m.memo[n] = e
	return extent{nodes: e.nodes + self, height: e.height}, nil
}

// DuplicateKey reports whether mapping n holds a key twice. yaml.v3 refuses
// such a mapping when it decodes into Go values but keeps it as nodes, so a
// scanner that reads nodes instead of decoding must ask. Small mappings, the
// common case, are compared pairwise without allocating.
func DuplicateKey(n *yaml.Node) bool {
	c := n.Content
	if len(c) <= 32 {
		for i := 2; i+1 < len(c); i += 2 {
			for j := 0; j < i; j += 2 {
				if c[j].Value == c[i].Value {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]bool, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		if seen[c[i].Value] {
			return true
		}
		seen[c[i].Value] = true
	}
	return false
}
