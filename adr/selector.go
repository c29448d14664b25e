package adr

import (
	"errors"
	"fmt"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// Selector kinds. A selector picks elements of either graph; matching is
// case-insensitive and happens in the policy engine, not here.
const (
	SelectName  = "name"  // a documented element name or identifier
	SelectTag   = "tag"   // tag:X
	SelectClass = "class" // class:X, one of the model classes
	SelectTech  = "tech"  // tech:X, a technology
	SelectAny   = "any"   // *
)

// Selector is one parsed selector.
type Selector struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// String renders the selector in its canonical written form.
func (s Selector) String() string {
	switch s.Kind {
	case SelectAny:
		return "*"
	case SelectName:
		return s.Value
	}
	return s.Kind + ":" + s.Value
}

// maxSelectors bounds one comma list: a constraint naming thousands of
// elements is hostile, not architecture.
const maxSelectors = 256

// classes lists the classes a class: selector may name.
var classes = map[model.Class]bool{
	model.ClassService: true, model.ClassFunction: true, model.ClassDatabase: true,
	model.ClassCache: true, model.ClassQueue: true, model.ClassTopic: true,
	model.ClassStream: true, model.ClassBucket: true, model.ClassSearch: true,
	model.ClassGateway: true, model.ClassLoadBalancer: true,
	model.ClassInfrastructure: true, model.ClassExternal: true, model.ClassUI: true,
}

// ParseSelector parses one selector: a name or identifier, tag:X, class:X,
// tech:X or *.
func ParseSelector(s string) (Selector, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Selector{}, errors.New("empty selector")
	case s == "*":
		return Selector{Kind: SelectAny}, nil
	case strings.Contains(s, "->"):
		return Selector{}, fmt.Errorf("selector %q contains \"->\": write one edge per constraint", s)
	case strings.Contains(s, "*"):
		return Selector{}, fmt.Errorf("selector %q: * must stand alone (no globs)", s)
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		kind := strings.ToLower(strings.TrimSpace(s[:i]))
		value := strings.TrimSpace(s[i+1:])
		switch kind {
		case SelectTag:
		case SelectTech:
			// Observed technologies are canonical, so the written one is too.
			value = model.CanonicalTechnology(value)
		case SelectClass:
			value = strings.ToLower(value)
			if value != "" && !classes[model.Class(value)] {
				return Selector{}, fmt.Errorf("selector %q: unknown class %q", s, value)
			}
		default:
			return Selector{}, fmt.Errorf("selector %q: unknown kind %q (want a name, tag:, class:, tech: or *)", s, kind)
		}
		if value == "" {
			return Selector{}, fmt.Errorf("selector %q has no value after %q", s, kind+":")
		}
		return Selector{Kind: kind, Value: value}, nil
	}
	return Selector{Kind: SelectName, Value: strings.Join(strings.Fields(s), " ")}, nil
}

// ParseSelectorList parses a comma list of selectors ("A, tag:db") into their
// canonical written forms; the list means "any of".
func ParseSelectorList(s string) ([]string, error) {
	parts := strings.Split(s, ",")
	if len(parts) > maxSelectors {
		return nil, fmt.Errorf("more than %d selectors in one list", maxSelectors)
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		sel, err := ParseSelector(p)
		if err != nil {
			if strings.TrimSpace(p) == "" && len(parts) > 1 {
				return nil, fmt.Errorf("empty selector in list %q", strings.TrimSpace(s))
			}
			return nil, err
		}
		out = append(out, sel.String())
	}
	return out, nil
}

// ParseEdge parses "A, B -> C": the selectors on each side of one arrow.
func ParseEdge(s string) (from, to []string, err error) {
	left, right, ok := strings.Cut(s, "->")
	if !ok {
		return nil, nil, fmt.Errorf("%q is not an edge: want \"FROM -> TO\"", strings.TrimSpace(s))
	}
	if strings.Contains(right, "->") {
		return nil, nil, fmt.Errorf("%q has more than one \"->\": write one edge per constraint", strings.TrimSpace(s))
	}
	if from, err = ParseSelectorList(left); err != nil {
		return nil, nil, fmt.Errorf("left of \"->\": %w", err)
	}
	if to, err = ParseSelectorList(right); err != nil {
		return nil, nil, fmt.Errorf("right of \"->\": %w", err)
	}
	return from, to, nil
}
