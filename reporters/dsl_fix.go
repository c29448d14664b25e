package reporters

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// dslSection is one part of the suggested fix: a comment saying where the
// lines go, and the items to add there (each a whole DSL statement, so a
// report may show some and count the rest).
type dslSection struct {
	Header string
	Items  []string
}

// dslIdentifier is a Structurizr identifier path: identifiers hold
// letters, digits and "_" only, so derived IDs ("shop.web-application",
// ".customer") cannot be referenced from DSL.
var dslIdentifier = regexp.MustCompile(`^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$`)

// dslClassTags are tags that make model.InferClass read an added element
// back with the class it was observed with.
var dslClassTags = map[model.Class]string{
	model.ClassDatabase: "Database", model.ClassCache: "Cache", model.ClassQueue: "Queue",
	model.ClassTopic: "Topic", model.ClassStream: "Stream", model.ClassBucket: "Bucket",
	model.ClassSearch: "Search", model.ClassFunction: "Function",
}

// newDSLFix writes the Structurizr DSL that would document the drift: a
// container (or, for external things, a software system) for each
// undocumented element, in the system where its matched neighbours live,
// with an archdrift.source property so the next check matches it
// explicitly; a relationship for each undocumented relationship; and, as
// comments, what the model shows but no scanner found.
func newDSLFix(in Input) []dslSection {
	if in.Diff == nil {
		return nil
	}
	doc := in.Documented
	if doc == nil {
		doc = model.NewGraph()
	}
	place := newPlacement(in)
	hier := hierarchicalIDs(doc)
	taken := map[string]bool{}
	for _, e := range doc.Elements() {
		taken[strings.ToLower(e.ID)] = true
	}
	refs := map[string]string{} // observed ID → how the DSL refers to its suggested element
	bySystem := map[string]*dslSection{}
	var order []string
	for _, f := range in.Diff.UndocumentedElements {
		sys := place.systemFor(f)
		ident := uniqueIdent(identFrom(cmp.Or(f.Name, f.Display, f.ID)), sys, hier, taken)
		ref := ident
		if hier && sys != "" {
			ref = sys + "." + ident
		}
		refs[f.ID] = ref
		keyword := "container"
		var tags []string
		switch {
		case f.Kind == string(model.KindPerson):
			keyword = "person"
		case f.Class == string(model.ClassExternal) || f.Kind == string(model.KindSystem):
			keyword, tags = "softwareSystem", []string{"External"}
		case sys == "":
			keyword = "softwareSystem"
		}
		if t, ok := dslClassTags[model.Class(f.Class)]; ok && keyword == "container" {
			tags = append(tags, t)
		}
		var b strings.Builder
		if f.Display != "" || f.Location != nil {
			fmt.Fprintf(&b, "// %s", dslComment(cmp.Or(f.Display, f.ID)))
			if f.Location != nil {
				fmt.Fprintf(&b, " (%s)", dslComment(formatLocation(f.Location)))
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s = %s %s", ident, keyword, dslString(cmp.Or(f.Name, f.Display, f.ID)))
		if keyword == "container" {
			fmt.Fprintf(&b, " %s %s", dslString(""), dslString(f.Technology))
		}
		b.WriteString(" {\n")
		if len(tags) > 0 {
			fmt.Fprintf(&b, "    tags %s\n", dslString(strings.Join(tags, ",")))
		}
		fmt.Fprintf(&b, "    properties {\n        %s %s\n    }\n}", dslString(model.PropSource), dslString(f.ID))
		key := sys
		if keyword != "container" {
			key = ""
		}
		s := bySystem[key]
		if s == nil {
			s = &dslSection{Header: "// Add to model { … }:"}
			if key != "" {
				e, _ := doc.Element(key)
				name := key
				if e != nil {
					name = e.Name
				}
				s.Header = fmt.Sprintf("// Add inside softwareSystem %s (%s) { … }:", dslString(name), dslComment(key))
			}
			bySystem[key] = s
			order = append(order, key)
		}
		s.Items = append(s.Items, b.String())
	}
	var out []dslSection
	for _, k := range order {
		out = append(out, *bySystem[k])
	}
	ref := func(id string) (string, bool) {
		if r, ok := refs[id]; ok {
			return r, dslIdentifier.MatchString(r)
		}
		if _, ok := doc.Element(id); ok && dslIdentifier.MatchString(id) {
			return id, true
		}
		return id, false
	}
	rels := dslSection{Header: "// Add to model { … }, after the elements:"}
	for _, f := range in.Diff.UndocumentedRelationships {
		from, ok1 := ref(f.From)
		to, ok2 := ref(f.To)
		line := fmt.Sprintf("%s -> %s %s %s", from, to, dslString(cmp.Or(f.Description, "Uses")), dslString(f.Technology))
		if !ok1 || !ok2 {
			line = fmt.Sprintf("// %s -> %s: give both ends an identifier first", dslString(cmp.Or(f.FromName, f.From)), dslString(cmp.Or(f.ToName, f.To)))
		}
		rels.Items = append(rels.Items, line)
	}
	if len(rels.Items) > 0 {
		out = append(out, rels)
	}
	stale := dslSection{Header: "// In the model but not found by any scanner: remove, or map with an \"" + model.PropSource + "\" property:"}
	for _, f := range in.Diff.MissingElements {
		line := "//   " + dslComment(f.ID)
		if f.Name != "" {
			line += " " + dslString(f.Name)
		}
		if f.Location != nil {
			line += " at " + dslComment(formatLocation(f.Location))
		}
		stale.Items = append(stale.Items, line)
	}
	if len(stale.Items) > 0 {
		out = append(out, stale)
	}
	return out
}

// hierarchicalIDs guesses whether the model uses !identifiers
// hierarchical: some child's ID is its parent's ID and an identifier.
func hierarchicalIDs(doc *model.Graph) bool {
	for _, e := range doc.Elements() {
		if e.Parent != "" && strings.HasPrefix(e.ID, e.Parent+".") && dslIdentifier.MatchString(e.ID) {
			return true
		}
	}
	return false
}

// identFrom turns a name into an identifier: lower case, runs of other
// characters as "_", a leading "_" before a digit.
func identFrom(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	s := b.String()
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "_")
	}
	if s == "" {
		return "element"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "_" + s
	}
	return s
}

// uniqueIdent adds "_2", "_3" … until ident is free in its scope (the
// system with hierarchical identifiers, the whole model with flat ones).
func uniqueIdent(ident, sys string, hier bool, taken map[string]bool) string {
	key := func(s string) string {
		if hier && sys != "" {
			return strings.ToLower(sys + "." + s)
		}
		return strings.ToLower(s)
	}
	out := ident
	for n := 2; taken[key(out)]; n++ {
		out = fmt.Sprintf("%s_%d", ident, n)
	}
	taken[key(out)] = true
	return out
}

// dslString quotes s for the DSL: on one line, `"` escaped as `\"`, and
// backslashes as "/" (the DSL has no way to end a string in a backslash).
func dslString(s string) string {
	s = strings.ReplaceAll(oneLine(s), `\`, "/")
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// dslComment makes s safe after "//": one line, and no backslash, which
// at the end of a line would continue the comment onto the next.
func dslComment(s string) string {
	return strings.ReplaceAll(oneLine(s), `\`, "/")
}

// oneLine replaces control characters (newlines included) with spaces, so
// that text from the repository cannot start a line of its own.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return ' '
		}
		return r
	}, s)
}
