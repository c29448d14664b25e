package model

import (
	"slices"
	"strconv"
	"strings"
)

// Kind is the C4 abstraction level of an element.
type Kind string

// The C4 kinds archdrift knows.
const (
	KindPerson             Kind = "person"
	KindSystem             Kind = "system"
	KindContainer          Kind = "container"
	KindComponent          Kind = "component"
	KindDeploymentNode     Kind = "deployment-node"
	KindInfrastructureNode Kind = "infrastructure-node"
)

// Class says what an element does, independent of its C4 level. Matching
// refuses to pair elements of incompatible classes: a database never matches a
// service.
type Class string

// The classes of DESIGN.md.
const (
	ClassUnknown        Class = ""
	ClassService        Class = "service"
	ClassFunction       Class = "function"
	ClassDatabase       Class = "database"
	ClassCache          Class = "cache"
	ClassQueue          Class = "queue"
	ClassTopic          Class = "topic"
	ClassStream         Class = "stream"
	ClassBucket         Class = "bucket"
	ClassSearch         Class = "search"
	ClassGateway        Class = "gateway"
	ClassLoadBalancer   Class = "load-balancer"
	ClassInfrastructure Class = "infrastructure"
	ClassExternal       Class = "external"
	ClassUI             Class = "ui"
)

// Well-known property keys. Scanners normalise the label and tag spellings
// (c4.element, archdrift.io/element) to PropElement so the diff reads one key.
const (
	// PropElement on an observed element names the documented element
	// (identifier or name) it implements.
	PropElement = "archdrift.io/element"
	// PropSource on a documented element lists observed IDs or globs that
	// implement it, comma separated.
	PropSource = "archdrift.source"
	// PropIgnore on a documented element or relationship suppresses findings
	// ("rule: reason").
	PropIgnore = "archdrift.ignore"
	// PropType on an observed element is the native type ("Deployment",
	// "aws_sqs_queue") that reports show next to its address.
	PropType = "type"
	// PropTechnologyOnly ("true") marks an observed element that stands for
	// a technology, not for one element: source code shows that a service
	// talks to some PostgreSQL, not to which one. The diff never matches it
	// by name and never reports it as undocumented.
	PropTechnologyOnly = "technology-only"
	// PropCallsUnseen ("true") marks an observed element whose scanner
	// shows what it is but not which elements it calls (a deployable unit
	// in source code names the technologies it uses, not the services). A
	// documented arrow is never missing for want of an edge such an
	// observation could not show.
	PropCallsUnseen = "calls-unseen"
)

// Source records where an element or relationship was read.
type Source struct {
	Scanner string `json:"scanner"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Address string `json:"address,omitempty"`
}

// String renders the source as file:line:col (or the address when there is no
// file), the form editors and CI annotations understand.
func (s Source) String() string {
	if s.File == "" {
		return s.Address
	}
	return Position(s.File, s.Line, s.Column)
}

// Position renders file:line:col, leaving out a zero line or column; "" when
// there is no file. Sources, diagnostics and report locations all print
// through it.
func Position(file string, line, col int) string {
	if file == "" {
		return ""
	}
	if line <= 0 {
		return file
	}
	if col <= 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// Element is a box in a C4 diagram, documented or observed.
type Element struct {
	// ID is the Structurizr identifier path for documented elements and
	// "scanner:address" for observed ones.
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Kind        Kind              `json:"kind"`
	Class       Class             `json:"class"`
	Technology  string            `json:"technology"`
	Description string            `json:"description,omitempty"`
	Parent      string            `json:"parent"`
	Group       string            `json:"group"`
	Tags        []string          `json:"tags"`
	Properties  map[string]string `json:"properties"`
	Sources     []Source          `json:"sources"`
}

// HasTag reports whether the element carries tag t (case-insensitive).
func (e *Element) HasTag(t string) bool {
	return slices.ContainsFunc(e.Tags, func(x string) bool { return strings.EqualFold(x, t) })
}

// Relationship is an arrow: From depends on, calls or uses To.
type Relationship struct {
	// ID is optional: Structurizr lets a relationship be named.
	ID          string            `json:"id,omitempty"`
	From        string            `json:"from"`
	To          string            `json:"to"`
	Description string            `json:"description"`
	Technology  string            `json:"technology"`
	Tags        []string          `json:"tags,omitempty"`
	Properties  map[string]string `json:"properties,omitempty"`
	Sources     []Source          `json:"sources"`
}
