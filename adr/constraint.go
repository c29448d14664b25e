package adr

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/model"
)

// Constraint verbs.
const (
	VerbOnly       = "only"       // only: "A, B -> C": nothing but A or B may depend on C
	VerbDeny       = "deny"       // deny: "A -> C" (unless: [..]): A must not depend on C
	VerbRequire    = "require"    // require: "A -> C": A must depend on C
	VerbTechnology = "technology" // technology: "SEL" with allow: or deny: a list of technologies
)

// Constraint is one machine-checkable rule of an ADR, read from a fenced
// ```archdrift block holding a YAML list.
type Constraint struct {
	Verb string `json:"verb"`
	// From and To are the selectors of an edge (only, deny, require).
	From []string `json:"from,omitempty"`
	To   []string `json:"to,omitempty"`
	// Select picks the elements whose technology is checked (technology).
	Select []string `json:"select,omitempty"`
	// Allow and Deny are canonical technology names (technology).
	Allow []string `json:"allow,omitempty"`
	Deny  []string `json:"deny,omitempty"`
	// Unless lists selectors exempt from a deny.
	Unless []string `json:"unless,omitempty"`
	// Line is the line of the item in the ADR file.
	Line int `json:"line"`
	// Raw is the item as written, for messages.
	Raw string `json:"raw"`
}

// maxConstraints bounds one block; more is hostile input, not a decision.
const maxConstraints = 1000

// yamlLine finds the line number in a yaml.v3 error message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError splits a yaml.v3 syntax error into its 1-based line (0 when it
// names none) and message. yaml.v3 counts lines from 0 in parser errors and
// from 1 in scanner errors; parser errors are the ones below.
func yamlError(err error) (int, string) {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	msg = msg[len(m[0]):]
	if strings.HasPrefix(msg, "did not find expected ") || msg == "found undefined tag handle" ||
		msg == "found duplicate %YAML directive" || msg == "found incompatible YAML document" ||
		msg == "found duplicate %TAG directive" {
		n++
	}
	return n, msg
}

// parseConstraintBlock parses the YAML list of one archdrift block whose
// content starts at file line first. Every item that does not parse is a
// Problem; the others are kept.
func parseConstraintBlock(rec *Record, content string, first int) ([]Constraint, []Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(content), &doc); err != nil {
		n, msg := yamlError(err)
		// An error found at the end of the stream points past the block.
		n = min(max(n, 1), max(strings.Count(content, "\n"), 1))
		return nil, []Problem{problemf(rec, first+n-1, 0, "archdrift block: bad YAML: %s", msg)}
	}
	if len(doc.Content) == 0 {
		return nil, []Problem{problemf(rec, first, 0, "archdrift block is empty: list constraints such as - deny: \"A -> B\"")}
	}
	list := doc.Content[0]
	at := func(n *yaml.Node) int { return first + n.Line - 1 }
	if list.Kind != yaml.SequenceNode {
		return nil, []Problem{problemf(rec, at(list), list.Column, "archdrift block must be a YAML list: start each constraint with \"- \"")}
	}
	if len(list.Content) > maxConstraints {
		return nil, []Problem{problemf(rec, at(list), list.Column, "archdrift block has %d constraints, more than %d", len(list.Content), maxConstraints)}
	}
	lines := strings.Split(content, "\n")
	var out []Constraint
	var probs []Problem
	for i, item := range list.Content {
		end := len(lines)
		if i+1 < len(list.Content) {
			end = list.Content[i+1].Line - 1
		}
		c, err := parseConstraint(resolve(item))
		if err != nil {
			line, col := at(err.node), err.node.Column
			probs = append(probs, problemf(rec, line, col, "archdrift constraint: %s", err.msg))
			continue
		}
		c.Line = at(item)
		c.Raw = rawItem(lines, item.Line-1, end, item.Column)
		out = append(out, c)
	}
	return out, probs
}

// itemError is a constraint item that does not parse, pinned to the YAML node
// at fault.
type itemError struct {
	node *yaml.Node
	msg  string
}

func errorAt(n *yaml.Node, format string, args ...any) *itemError {
	return &itemError{node: n, msg: fmt.Sprintf(format, args...)}
}

// parseConstraint reads one list item: a mapping with exactly one verb and
// the modifiers that verb takes.
func parseConstraint(item *yaml.Node) (Constraint, *itemError) {
	if item.Kind != yaml.MappingNode {
		return Constraint{}, errorAt(item, "want a mapping such as deny: \"A -> B\", got %s", nodeKind(item))
	}
	fields := map[string]*yaml.Node{}
	var keys []string
	for i := 0; i+1 < len(item.Content); i += 2 {
		k, v := item.Content[i], resolve(item.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return Constraint{}, errorAt(k, "keys must be words such as deny or allow")
		}
		name := strings.ToLower(k.Value)
		if _, dup := fields[name]; dup {
			return Constraint{}, errorAt(k, "%q appears twice", name)
		}
		fields[name] = v
		keys = append(keys, name)
	}
	if len(fields) == 0 {
		return Constraint{}, errorAt(item, "empty constraint: want one of only, deny, require, technology")
	}

	// technology is the only verb whose modifiers include another verb's
	// name (deny), so it is recognised first.
	if sel, ok := fields[VerbTechnology]; ok {
		c := Constraint{Verb: VerbTechnology}
		if err := onlyKeys(item, keys, VerbTechnology, "technology", "allow", "deny"); err != nil {
			return c, err
		}
		var err *itemError
		if c.Select, err = selectorList(sel); err != nil {
			return c, err
		}
		allow, hasAllow := fields["allow"]
		deny, hasDeny := fields["deny"]
		switch {
		case hasAllow && hasDeny:
			return c, errorAt(item, "technology takes allow or deny, not both")
		case hasAllow:
			c.Allow, err = technologyList(allow)
		case hasDeny:
			c.Deny, err = technologyList(deny)
		default:
			return c, errorAt(item, "technology needs allow: [..] or deny: [..]")
		}
		return c, err
	}

	var verbs []string
	for _, k := range keys {
		if k == VerbOnly || k == VerbDeny || k == VerbRequire {
			verbs = append(verbs, k)
		}
	}
	switch len(verbs) {
	case 0:
		k := item.Content[0]
		return Constraint{}, errorAt(k, "unknown verb %q: want one of only, deny, require, technology", keys[0])
	case 1:
	default:
		return Constraint{}, errorAt(item, "one item has %d verbs (%s): put each in its own list item", len(verbs), strings.Join(verbs, ", "))
	}
	c := Constraint{Verb: verbs[0]}
	allowed := []string{c.Verb}
	if c.Verb == VerbDeny {
		allowed = append(allowed, "unless")
	}
	if err := onlyKeys(item, keys, c.Verb, allowed...); err != nil {
		return c, err
	}
	edge := fields[c.Verb]
	if edge.Kind != yaml.ScalarNode {
		return c, errorAt(edge, "%s wants one edge such as \"A, B -> C\", got %s", c.Verb, nodeKind(edge))
	}
	from, to, perr := ParseEdge(edge.Value)
	if perr != nil {
		return c, errorAt(edge, "%s: %v", c.Verb, perr)
	}
	c.From, c.To = from, to
	if u, ok := fields["unless"]; ok {
		var err *itemError
		if c.Unless, err = selectorList(u); err != nil {
			return c, err
		}
	}
	return c, nil
}

// onlyKeys rejects keys the verb does not take, naming the verb so the author
// sees which item went wrong.
func onlyKeys(item *yaml.Node, keys []string, verb string, allowed ...string) *itemError {
	for i, k := range keys {
		if slices.Contains(allowed, k) {
			continue
		}
		if len(allowed) == 1 {
			return errorAt(item.Content[2*i], "%s does not take %q", verb, k)
		}
		return errorAt(item.Content[2*i], "%s does not take %q (it takes %s)", verb, k, strings.Join(allowed[1:], ", "))
	}
	return nil
}

// selectorList reads a selector list written as one comma string or as a YAML
// list of strings (each of which may itself be a comma list).
func selectorList(n *yaml.Node) ([]string, *itemError) {
	var out []string
	for _, s := range scalars(n) {
		if s.Kind != yaml.ScalarNode {
			return nil, errorAt(s, "want a selector string, got %s", nodeKind(s))
		}
		sels, err := ParseSelectorList(s.Value)
		if err != nil {
			return nil, errorAt(s, "%v", err)
		}
		out = append(out, sels...)
	}
	if len(out) == 0 {
		return nil, errorAt(n, "empty selector list")
	}
	return out, nil
}

// technologyList reads allow/deny: technology names, canonicalised so they
// compare with what scanners observe ("postgres" is PostgreSQL).
func technologyList(n *yaml.Node) ([]string, *itemError) {
	var out []string
	for _, s := range scalars(n) {
		if s.Kind != yaml.ScalarNode {
			return nil, errorAt(s, "want a technology name, got %s", nodeKind(s))
		}
		for _, t := range strings.Split(s.Value, ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				return nil, errorAt(s, "empty technology name")
			}
			out = append(out, model.CanonicalTechnology(t))
		}
	}
	if len(out) == 0 {
		return nil, errorAt(n, "empty technology list")
	}
	return out, nil
}

// scalars flattens a scalar or a sequence into its items; other node kinds
// come back as themselves for the caller to reject.
func scalars(n *yaml.Node) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		return []*yaml.Node{n}
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, resolve(c))
	}
	return out
}

// resolve follows one alias. Anchors are legal YAML; following them one step
// at a time keeps alias bombs harmless because nothing is expanded.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// rawItem returns the source of one list item (lines [start, end) of the
// block, its content starting at column col), without the "- " marker and
// trailing blank or comment lines.
func rawItem(lines []string, start, end, col int) string {
	if start < 0 || start >= len(lines) {
		return ""
	}
	end = max(min(end, len(lines)), start+1) // flow lists put items on one line
	for end > start+1 {
		t := strings.TrimSpace(lines[end-1])
		if t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		end--
	}
	out := make([]string, 0, end-start)
	for _, l := range lines[start:end] {
		l = strings.TrimRight(l, " \t\r")
		if cut := min(max(col-1, 0), len(l)); strings.Trim(l[:cut], " -\t") == "" {
			l = l[cut:]
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
