package terraform

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/archdrift/archdrift/model"
)

// dropped marks where an interpolation was left out of a name, so that
// tidyName can remove the separators it leaves behind.
const dropped = '\x00'

// maxNameLen bounds a name built from templates, and nameSteps the work of
// building one: locals can double a template at every step.
const (
	maxNameLen = 1024
	nameSteps  = 4096
)

// budget counts the steps left to name one thing.
type budget struct{ steps int }

func (b *budget) spend() bool {
	b.steps--
	return b.steps >= 0
}

// elementTagKeys are the tag keys that name a documented element.
var elementTagKeys = []string{"c4.element", model.PropElement}

// name is what a resource instance is called: its naming attribute reduced
// to literal text, else its for_each key, else its label.
func (e *estate) name(n *node) string {
	sc := scope{inst: n.inst, each: n.each}
	for _, p := range n.spec.Names {
		if x := lookupExpr(n.res.body, p); x != nil {
			if s := tidyName(e.literal(sc, x, true, &budget{nameSteps})); s != "" {
				return s
			}
		}
	}
	if n.key != "" {
		return n.key
	}
	return n.res.name
}

// literal reduces an expression to the literal parts of its text. An
// interpolation of a module input is replaced by what the caller passes, of
// a local by its expression, of each.key by the key; any other
// interpolation (an environment, a resource attribute) is dropped:
// "lpa-uid-${var.env}" is "lpa-uid". A whole expression that is not a
// template is evaluated instead, so var.names["api"] with a default map
// still yields its value.
func (e *estate) literal(sc scope, expr hclsyntax.Expression, whole bool, b *budget) string {
	if !b.spend() {
		return string(dropped)
	}
	switch x := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		if s, ok := asString(x.Val); ok {
			return truncate(s)
		}
		return string(dropped)
	case *hclsyntax.TemplateExpr:
		// The parts are joined once, at their full length: a builder
		// would grow at every part.
		var buf [8]string
		parts, n := buf[:0], 0
		for _, part := range x.Parts {
			if n > maxNameLen {
				break
			}
			s := e.literal(sc, part, false, b)
			parts = append(parts, s)
			n += len(s)
		}
		return truncate(strings.Join(parts, ""))
	case *hclsyntax.TemplateWrapExpr:
		return e.literal(sc, x.Wrapped, whole, b)
	case *hclsyntax.ScopeTraversalExpr:
		if s, ok := e.literalTraversal(sc, x.Traversal, whole, b); ok {
			return s
		}
	}
	if whole {
		if s, ok := asString(e.eval(sc, expr)); ok {
			return truncate(s)
		}
	}
	return string(dropped)
}

func truncate(s string) string {
	if len(s) > maxNameLen {
		return strings.ToValidUTF8(s[:maxNameLen], "")
	}
	return s
}

// literalTraversal follows var.X, local.X and each.key/each.value to text.
func (e *estate) literalTraversal(sc scope, t hcl.Traversal, whole bool, b *budget) (string, bool) {
	in := sc.inst
	switch t.RootName() {
	case "var":
		if len(t) != 2 || in.call == nil {
			return "", false
		}
		a := in.call.arg(stepName(t, 1))
		if a == nil {
			return "", false
		}
		return e.literal(scope{inst: in.parent, each: in.each}, a.expr, whole, b), true
	case "local":
		a, ok := in.mod.locals[stepName(t, 1)]
		if len(t) != 2 || !ok {
			return "", false
		}
		return e.literal(scope{inst: in}, a.Expr, whole, b), true
	case "each":
		if sc.each == nil || sc.each.key == "" {
			return "", false
		}
		switch stepName(t, 1) {
		case "key":
			return sc.each.key, len(t) == 2
		case "value":
			if len(t) == 2 {
				s, ok := asString(sc.each.value)
				return truncate(s), ok
			}
		}
	}
	return "", false
}

// tidyName removes drop marks and the separators they leave doubled or
// dangling: "Service-\x00-server" is "Service-server", "\x00-orders-\x00"
// is "orders". Separators the author wrote next to each other stay; those
// at either end go (a name_prefix "alerts-" names "alerts").
func tidyName(s string) string {
	if !strings.ContainsRune(s, dropped) {
		return strings.TrimFunc(s, isSeparator)
	}
	if utf8.ValidString(s) {
		return tidyBytes(s)
	}
	return tidyRunes(s)
}

// tidyRunes is tidyName of any string, invalid UTF-8 included (each bad
// byte becomes U+FFFD, as converting to runes makes it).
func tidyRunes(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		if rs[i] != dropped {
			out = append(out, rs[i])
			continue
		}
		for i+1 < len(rs) && (rs[i+1] == dropped || isSeparator(rs[i+1]) && (len(out) == 0 || isSeparator(out[len(out)-1]))) {
			i++
		}
		if i+1 == len(rs) {
			for len(out) > 0 && isSeparator(out[len(out)-1]) {
				out = out[:len(out)-1]
			}
		}
	}
	return strings.TrimFunc(string(out), isSeparator)
}

// tidyBytes is tidyName of valid UTF-8, byte by byte: the drop mark and the
// separators are ASCII, which no byte of a longer encoding is, so it reads
// the runes tidyName reads, without converting the name to them and back.
func tidyBytes(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != dropped {
			out = append(out, s[i])
			continue
		}
		for i+1 < len(s) && (s[i+1] == dropped || isSeparatorByte(s[i+1]) && (len(out) == 0 || isSeparatorByte(out[len(out)-1]))) {
			i++
		}
		if i+1 == len(s) {
			for len(out) > 0 && isSeparatorByte(out[len(out)-1]) {
				out = out[:len(out)-1]
			}
		}
	}
	return string(bytes.TrimFunc(out, isSeparator))
}

func isSeparatorByte(c byte) bool { return isSeparator(rune(c)) }

func isSeparator(r rune) bool {
	return strings.ContainsRune("-_./: ", r)
}

// technology is the resource's technology, refined by its engine attribute.
func (e *estate) technology(n *node) string {
	if n.spec.Engine != "" {
		if x := lookupExpr(n.res.body, n.spec.Engine); x != nil {
			if t := engineTechnology(strings.Trim(e.literal(scope{inst: n.inst, each: n.each}, x, true, &budget{nameSteps}), string(dropped))); t != "" {
				return t
			}
		}
	}
	return n.spec.Technology
}

// elementTag is the documented element a resource's tags name (c4.element or
// archdrift.io/element in tags, tags_all or labels, else in the provider's
// default_tags), or "".
func (e *estate) elementTag(n *node) string {
	sc := scope{inst: n.inst, each: n.each}
	for _, attr := range []string{"tags", "tags_all", "labels"} {
		if a, ok := n.res.body.Attributes[attr]; ok {
			if s, ok := e.tagValue(sc, a.Expr, &budget{nameSteps}); ok {
				return s
			}
		}
	}
	return e.defaultTag(n.inst, providerOf(n.res.typ))
}

// tagValue looks for an element tag in a tags expression: an object
// constructor, merge() of several, or a variable or local holding one.
func (e *estate) tagValue(sc scope, expr hclsyntax.Expression, b *budget) (string, bool) {
	if !b.spend() {
		return "", false
	}
	switch x := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, key := range elementTagKeys {
			if v := objectItem(x, key); v != nil {
				return tidyName(e.literal(sc, v, true, b)), true
			}
		}
		return "", false
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "merge" {
			for i := len(x.Args) - 1; i >= 0; i-- { // later arguments win
				if s, ok := e.tagValue(sc, x.Args[i], b); ok {
					return s, true
				}
			}
		}
	case *hclsyntax.ScopeTraversalExpr:
		t := x.Traversal
		switch t.RootName() {
		case "var":
			if len(t) == 2 && sc.inst.call != nil {
				if a := sc.inst.call.attr(stepName(t, 1)); a != nil {
					return e.tagValue(scope{inst: sc.inst.parent, each: sc.inst.each}, a.expr, b)
				}
			}
		case "local":
			if a, ok := sc.inst.mod.locals[stepName(t, 1)]; ok && len(t) == 2 {
				return e.tagValue(scope{inst: sc.inst}, a.Expr, b)
			}
		}
	}
	v := e.eval(sc, expr)
	if v.IsMarked() || !v.IsKnown() || v.IsNull() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return "", false
	}
	for _, key := range elementTagKeys {
		if v.Type().IsObjectType() && !v.Type().HasAttribute(key) {
			continue
		}
		if v.Type().IsMapType() && v.HasIndex(cty.StringVal(key)) != cty.True {
			continue
		}
		if s, ok := asString(v.Index(cty.StringVal(key))); ok {
			return s, true
		}
	}
	return "", false
}

// defaultTag is the element tag of the provider's default_tags in the
// instance or, when the instance configures no such provider, its parent.
func (e *estate) defaultTag(in *instance, provider string) string {
	for ; in != nil; in = in.parent {
		if s, ok := in.tagMemo[provider]; ok {
			return *s
		}
		for _, p := range in.mod.providers {
			if p.typ != provider {
				continue
			}
			if _, aliased := p.body.Attributes["alias"]; aliased {
				continue
			}
			s := ""
			if x := lookupExpr(p.body, "default_tags.tags"); x != nil {
				s, _ = e.tagValue(scope{inst: in}, x, &budget{nameSteps})
			}
			if e.evalDeferred {
				return s // perhaps without an evaluation it needed: not memoised
			}
			if in.tagMemo == nil {
				in.tagMemo = map[string]*string{}
			}
			in.tagMemo[provider] = &s
			return s
		}
	}
	return ""
}
