// Package hostref finds the host names that configuration values name: the
// env vars, args and commands from which the Kubernetes and compose scanners
// infer who depends on whom. One set of rules serves both, so the two
// scanners see the same dependencies in the same configuration; they differ
// only in what a name may look like (Syntax).
package hostref

import (
	"strings"
	"unicode"
)

// Bounds on the strings searched for host names: a command line can be a
// whole shell script, and it is input like any other.
const (
	maxValueLen    = 64 << 10
	maxRefsInValue = 256
)

// Ref is a host name written in a configuration value, lower case and
// without a trailing dot, with the URL scheme it was written under, if any.
type Ref struct {
	Host   string
	Scheme string
}

// Syntax says what a name may look like.
type Syntax uint8

// The name syntaxes.
const (
	// Kubernetes: RFC 1123 labels, the first starting with a letter, as
	// Service names and cluster DNS require.
	Kubernetes Syntax = 0
	// Compose: service names may also hold underscores and start with a
	// digit, as Docker's embedded DNS accepts.
	Compose Syntax = underscore | leadingDigit
)

const (
	underscore Syntax = 1 << iota
	leadingDigit
)

// Find returns the host names a value names, in order of appearance. A bare
// single-label name counts only when it is the whole value: "cart" names the
// Service cart, but the word "cart" inside a sentence or the value "order"
// does not name "order-service". Anywhere in the value, a name counts when it
// carries a port (redis:6379), sits in a URL (http://svc/x,
// amqp://u:p@rabbitmq:5672), or is dotted the way cluster DNS names are
// (svc.ns, pod.svc, svc.ns.svc.cluster.local). Comma- and space-separated
// lists (kafka-0.kafka:9092,kafka-1.kafka:9092) yield every member.
func (sx Syntax) Find(value string) []Ref {
	v := strings.TrimSpace(value)
	if v == "" || len(v) > maxValueLen {
		return nil
	}
	if h, ok := sx.HostName(v); ok {
		return []Ref{{Host: h}}
	}
	var out []Ref
	for _, piece := range strings.FieldsFunc(v, isValueSeparator) {
		if ref, ok := sx.pieceRef(piece); ok {
			out = append(out, ref)
			if len(out) == maxRefsInValue {
				break
			}
		}
	}
	return out
}

// isValueSeparator splits values into list members and words.
func isValueSeparator(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	switch r {
	case ',', ';', '"', '\'', '`', '(', ')', '[', ']', '{', '}', '<', '>', '|':
		return true
	}
	return false
}

// pieceRef reads one word: a URL, or [flag=][user@]host[:port][/path].
func (sx Syntax) pieceRef(p string) (Ref, bool) {
	if i := strings.Index(p, "://"); i >= 0 {
		j := i
		for j > 0 && isSchemeByte(p[j-1]) {
			j--
		}
		scheme := strings.ToLower(p[j:i])
		auth := p[i+3:]
		if k := strings.IndexAny(auth, "/?#"); k >= 0 {
			auth = auth[:k]
		}
		if k := strings.LastIndexByte(auth, '@'); k >= 0 {
			auth = auth[k+1:]
		}
		host, port, hasPort := strings.Cut(auth, ":")
		if hasPort && !isPort(port) {
			return Ref{}, false
		}
		h, ok := sx.HostName(host)
		return Ref{Host: h, Scheme: scheme}, ok
	}
	// [flag=][user@]host[:port][/path?query]: the path goes first, for its
	// query may hold "=" too; then a flag or property name (--addr=,
	// -Dhost=), then credentials.
	if k := strings.IndexAny(p, "/?#"); k >= 0 {
		p = p[:k]
	}
	if k := strings.LastIndexByte(p, '='); k >= 0 {
		p = p[k+1:]
	}
	if k := strings.LastIndexByte(p, '@'); k >= 0 {
		p = p[k+1:]
	}
	host, port, hasPort := strings.Cut(p, ":")
	if hasPort && !isPort(port) {
		return Ref{}, false // file:/dev/x, key:value, a:b:c
	}
	h, ok := sx.HostName(host)
	if !ok || !hasPort && !strings.Contains(h, ".") {
		return Ref{}, false
	}
	return Ref{Host: h}, true
}

func isSchemeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}

// isPort reports whether s is a decimal port number.
func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// HostName lower-cases s and reports whether it is a host name of this
// syntax.
func (sx Syntax) HostName(s string) (string, bool) {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	if s == "" || len(s) > 253 {
		return "", false
	}
	for i, label := range strings.Split(s, ".") {
		if !sx.isLabel(label) || i == 0 && sx&leadingDigit == 0 && (label[0] < 'a' || label[0] > 'z') {
			return "", false
		}
	}
	return s, true
}

// isLabel reports whether l is a DNS label (lower case): RFC 1123, plus
// underscores (not leading) for Compose.
func (sx Syntax) isLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[0] == '_' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' && sx&underscore != 0) {
			return false
		}
	}
	return true
}

// SchemeTechnology names the protocol of a URL scheme when it is obvious
// ("amqp" is AMQP), and "" otherwise.
func SchemeTechnology(scheme string) string { return schemeTechnology[scheme] }

var schemeTechnology = map[string]string{
	"http":  "HTTP",
	"https": "HTTPS",
	"grpc":  "gRPC",
	"amqp":  "AMQP",
	"amqps": "AMQP",
	"ws":    "WebSocket",
	"wss":   "WebSocket",
	"mqtt":  "MQTT",
}
