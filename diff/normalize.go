package diff

import (
	"strings"
	"unicode"
)

// nameSuffixes are words that say what kind of thing a name is rather than
// which thing: "Order Service" and the Deployment "orders" are one element.
var nameSuffixes = []string{"service", "services", "svc", "app", "application", "deployment", "deploy", "server", "statefulset", "db", "database"}

// envMarkers are environment words dropped at either end of a name
// ("orders-prod", "staging-orders").
var envMarkers = map[string]bool{"prod": true, "production": true, "prd": true, "staging": true, "stage": true, "stg": true, "dev": true, "development": true, "test": true, "qa": true, "uat": true, "sandbox": true, "preprod": true, "live": true, "env": true}

// nameWords splits a name into lower-case words: camelCase, '-', '_', '.',
// '/', spaces all separate; template interpolations are dropped.
func nameWords(s string) []string {
	s = dropInterpolations(s)
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if unicode.IsUpper(r) && i > 0 && len(cur) > 0 {
				prev := rs[i-1]
				nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					flush()
				}
			}
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return words
}

// dropInterpolations removes ${...} and {{...}} spans, which stand for values
// (environment, account) that are not part of the name.
func dropInterpolations(s string) string {
	for _, delim := range [][2]string{{"${", "}"}, {"{{", "}}"}} {
		for {
			i := strings.Index(s, delim[0])
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], delim[1])
			if j < 0 {
				s = s[:i]
				break
			}
			s = s[:i] + " " + s[i+j+len(delim[1]):]
		}
	}
	return s
}

// normalizeName reduces a name to the key used for matching by name. prefixes
// are estate-wide words ("shopflow") that are ignored at the start of a name.
func normalizeName(s string, prefixes []string) string {
	w := nameWords(s)
	for len(w) > 1 && envMarkers[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	for len(w) > 1 && envMarkers[w[0]] {
		w = w[1:]
	}
	w = dropPrefix(w, prefixes)
	key := strings.Join(w, "")
	for changed := true; changed; {
		changed = false
		for _, suf := range nameSuffixes {
			if rest, ok := strings.CutSuffix(key, suf); ok && len(rest) >= 2 {
				key, changed = rest, true
			}
		}
	}
	return singular(key)
}

// singular drops a plural "s" so "orders" meets "order"; "ss" endings
// ("address") stay.
func singular(s string) string {
	if len(s) > 3 && strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") {
		return s[:len(s)-1]
	}
	return s
}

// dropPrefix removes the first prefix that spells the leading words of w, on
// word boundaries ("ShopFlow" is the words shop+flow), leaving at least one
// word.
func dropPrefix(w []string, prefixes []string) []string {
	for _, p := range prefixes {
		joined := ""
		for k := 0; k < len(w)-1 && len(joined) < len(p); k++ {
			joined += w[k]
			if joined == p {
				return w[k+1:]
			}
		}
	}
	return w
}
