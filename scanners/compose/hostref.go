package compose

import (
	"strings"
	"unicode"
)

// The rules here are the Kubernetes scanner's (scanners/kubernetes,
// hostref.go), so that the two scanners see the same dependencies in the same
// configuration; they differ only in what a name may look like: Compose
// service names may hold underscores and start with a digit, which cluster
// DNS names may not.

// Bounds on the strings searched for host names: a command line can be a
// whole shell script, and it is input like any other.
const (
	maxValueLen    = 64 << 10
	maxRefsInValue = 256
)

// hostRef is a host name written in a configuration value, lower case and
// without a trailing dot, with the URL scheme it was written under, if any.
type hostRef struct {
	host   string
	scheme string
}

// hostRefs finds the host names a value names, in order of appearance. A bare
// single-label name counts only when it is the whole value: "cart" names the
// service cart, but the word "cart" inside a sentence does not, nor does the
// value "order" name "order-service". Anywhere in the value, a name counts
// when it carries a port (redis:6379), sits in a URL (http://svc/x,
// amqp://u:p@rabbitmq:5672) or is dotted (db.internal). Comma- and
// space-separated lists (kafka-0:9092,kafka-1:9092) yield every member.
func hostRefs(value string) []hostRef {
	v := strings.TrimSpace(value)
	if v == "" || len(v) > maxValueLen {
		return nil
	}
	if h, ok := hostName(v); ok {
		return []hostRef{{host: h}}
	}
	var out []hostRef
	for _, piece := range strings.FieldsFunc(v, isValueSeparator) {
		if ref, ok := pieceRef(piece); ok {
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
func pieceRef(p string) (hostRef, bool) {
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
			return hostRef{}, false
		}
		h, ok := hostName(host)
		return hostRef{host: h, scheme: scheme}, ok
	}
	// A flag or property: --addr=redis:6379, -Dhost=orders.shop.
	if k := strings.LastIndexByte(p, '='); k >= 0 {
		p = p[k+1:]
	}
	if k := strings.LastIndexByte(p, '@'); k >= 0 {
		p = p[k+1:]
	}
	if k := strings.IndexByte(p, '/'); k >= 0 {
		p = p[:k]
	}
	host, port, hasPort := strings.Cut(p, ":")
	if hasPort && !isPort(port) {
		return hostRef{}, false // file:/dev/x, key:value, a:b:c
	}
	h, ok := hostName(host)
	if !ok || !hasPort && !strings.Contains(h, ".") {
		return hostRef{}, false
	}
	return hostRef{host: h}, true
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

// hostName lower-cases s and reports whether it is a host name a container
// could resolve through Compose's DNS: dot-separated labels of letters,
// digits, '-' and '_' (service names may hold underscores), the first
// starting with a letter or digit.
func hostName(s string) (string, bool) {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	if s == "" || len(s) > 253 {
		return "", false
	}
	for _, label := range strings.Split(s, ".") {
		if !isLabel(label) {
			return "", false
		}
	}
	return s, true
}

// isLabel reports whether l is a DNS label as Docker's resolver accepts it
// (lower case).
func isLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[0] == '_' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// schemeTechnology names the protocol of a URL scheme when it is obvious.
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
