package structurizr

import (
	"strings"

	"github.com/archdrift/archdrift/model"
)

// relOp recognises a relationship operator: "->", "-/>" (remove), or
// "--name->" (a relationship archetype).
func relOp(t token) (op, arch string, ok bool) {
	if t.kind != tokWord {
		return "", "", false
	}
	switch t.text {
	case "->":
		return "->", "", true
	case "-/>":
		return "-/>", "", true
	}
	if len(t.text) > 4 && strings.HasPrefix(t.text, "--") && strings.HasSuffix(t.text, "->") {
		return "->", t.text[2 : len(t.text)-2], true
	}
	return "", "", false
}

// isRelationship reports whether toks is "<from> -> <to> …" or "-> <to> …".
func isRelationship(toks []token) bool {
	if len(toks) >= 1 {
		if _, _, ok := relOp(toks[0]); ok {
			return true
		}
	}
	if len(toks) >= 2 {
		if _, _, ok := relOp(toks[1]); ok {
			return true
		}
	}
	return false
}

const relGrammar = "<identifier> -> <identifier> [description] [technology] [tags]"

// relationship handles "[identifier =] <from> -> <to> [description]
// [technology] [tags] [{" and its implicit form "-> <to> …" whose source is
// the element in scope. A relationship naming an unknown identifier is
// dropped with a diagnostic; the rest of the workspace still counts.
func (p *parser) relationship(sc *scope, st *stmt, ident *token, toks []token) error {
	var fromTok *token
	var opTok token
	var rest []token
	if _, _, ok := relOp(toks[0]); ok {
		if sc.el == nil && sc.inst == nil {
			return p.errAt(toks[0], "%s without a source is only permitted inside an element: write %s", toks[0].text, relGrammar)
		}
		opTok, rest = toks[0], toks[1:]
	} else {
		fromTok, opTok, rest = &toks[0], toks[1], toks[2:]
	}
	op, archName, _ := relOp(opTok)
	if len(rest) == 0 {
		return p.errAt(opTok, "expected: %s", relGrammar)
	}
	toTok, args := rest[0], rest[1:]
	if op == "-/>" {
		return p.removeRelationship(sc, st, fromTok, opTok, toTok, args)
	}
	if len(args) > 3 {
		return p.errAt(args[3], "too many tokens, expected: %s (quote values that contain spaces)", relGrammar)
	}
	var arch *archetype
	if archName != "" {
		arch = p.archetypes[strings.ToLower(archName)]
		if arch == nil || arch.base != "->" {
			return p.errAt(opTok, "%q is not a relationship archetype: define it in archetypes { } first", archName)
		}
	}
	start := toks[0]
	if ident != nil {
		start = *ident
	}

	var from *elem
	var why string
	if fromTok == nil {
		from, why = p.resolve(sc, token{kind: tokWord, text: "this"}, nil)
	} else {
		from, why = p.resolve(sc, *fromTok, nil)
	}
	to, whyTo := p.resolve(sc, toTok, nil)
	if why == "" {
		why = whyTo
	}
	if from == nil || to == nil {
		p.diagAt(start, "relationship %s %s %s dropped: %s", textOr(fromTok, "this"), opTok.text, toTok.text, why)
		return p.skipBlock(st, "relationship")
	}
	r := &model.Relationship{
		From:       from.e.ID,
		To:         to.e.ID,
		Properties: map[string]string{},
		Sources:    []model.Source{p.source(start)},
	}
	if arch != nil {
		arch.applyToRelationship(r)
	}
	for i, a := range args {
		if a.text == "" {
			continue
		}
		switch i {
		case 0:
			r.Description = a.text
		case 1:
			r.Technology = a.text
		case 2:
			r.Tags = addTags(r.Tags, a.text)
		}
	}
	if sc.env != nil {
		r.Properties["structurizr.environment"] = sc.env.name
	}
	rr := &rel{r: r}
	if ident != nil {
		// Relationship identifiers are always flat.
		r.ID = ident.text
		if err := p.registerAlias(*ident, &entry{rel: rr}); err != nil {
			return err
		}
	}
	if from.custom || to.custom {
		// Custom elements are outside the C4 model (their definition got a
		// diagnostic); the relationship is read but not stored.
		return p.skipBlock(st, "relationship")
	}
	p.addRelationship(rr)
	if st.open == nil {
		p.addSpan("relationship", "", sc, start, st)
		return nil
	}
	if err := p.body(&scope{kind: scRelationship, rel: rr, env: sc.env}, st.open); err != nil {
		return err
	}
	p.addSpan("relationship", "", sc, start, st)
	return nil
}

func (p *parser) addRelationship(r *rel) {
	p.rels = append(p.rels, r)
	k := [2]string{r.r.From, r.r.To}
	p.relIndex[k] = append(p.relIndex[k], r)
}

func textOr(t *token, def string) string {
	if t == nil {
		return def
	}
	return t.text
}

// removeRelationship handles "<from> -/> <to> [description]": relationships
// read so far between the two (with that description, when given) are
// removed.
func (p *parser) removeRelationship(sc *scope, st *stmt, fromTok *token, opTok, toTok token, args []token) error {
	if len(args) > 1 {
		return p.errAt(args[1], "too many tokens, expected: <identifier> -/> <identifier> [description]")
	}
	var from *elem
	var why string
	if fromTok == nil {
		from, why = p.resolve(sc, token{kind: tokWord, text: "this"}, nil)
	} else {
		from, why = p.resolve(sc, *fromTok, nil)
	}
	to, whyTo := p.resolve(sc, toTok, nil)
	if why == "" {
		why = whyTo
	}
	if from == nil || to == nil {
		p.diagAt(opTok, "relationship removal ignored: %s", why)
		return p.noBlock(st)
	}
	removed := 0
	for _, r := range p.relIndex[[2]string{from.e.ID, to.e.ID}] {
		if r.removed {
			continue
		}
		if len(args) == 1 && r.r.Description != args[0].text {
			continue
		}
		r.removed = true
		removed++
	}
	if removed == 0 {
		p.diagAt(opTok, "relationship removal ignored: there is no relationship from %s to %s to remove", from.e.ID, to.e.ID)
	}
	return p.noBlock(st)
}

// relationshipStatement handles a statement in the body of a relationship.
func (p *parser) relationshipStatement(sc *scope, st *stmt) error {
	r := sc.rel.r
	toks := st.toks
	switch strings.ToLower(toks[0].text) {
	case "tag", "tags":
		for _, t := range toks[1:] {
			r.Tags = addTags(r.Tags, t.text)
		}
		return p.noBlock(st)
	case "description":
		return p.setText(st, toks, &r.Description)
	case "technology":
		return p.setText(st, toks, &r.Technology)
	case "url":
		if len(toks) != 2 {
			return p.errAt(toks[0], "expected: url <value>")
		}
		relProps(r)["url"] = toks[1].text
		return p.noBlock(st)
	case "properties":
		if st.open == nil {
			return p.errAt(toks[0], "properties needs a block: properties {")
		}
		return p.body(&scope{kind: scProperties, props: relProps(r)}, st.open)
	case "perspectives":
		if st.open == nil {
			return p.errAt(toks[0], "perspectives needs a block: perspectives {")
		}
		return p.body(&scope{kind: scPerspectives, props: relProps(r)}, st.open)
	}
	p.diagAt(toks[0], "unknown keyword %q in a relationship body ignored", toks[0].text)
	return p.skipBlock(st, toks[0].text)
}

func relProps(r *model.Relationship) map[string]string {
	if r.Properties == nil {
		r.Properties = map[string]string{}
	}
	return r.Properties
}
