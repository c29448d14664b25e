package adr

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// ADR numbers have at most six digits: longer digit runs are dates
// (log4brains' 20200101-slug.md) or noise.
var (
	// fileNumberRE matches "0001-title.md", "adr-001.md", "ADR0001_title.md".
	fileNumberRE = regexp.MustCompile(`(?i)^(?:adr[-_ ]?)?(\d{1,6})(?:[-_. ]|$)`)
	// datedFileRE matches date-named files ("2020-01-31-title.md"): a date is
	// not a number.
	datedFileRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	// titleNumberRE matches a number a title starts with when it is clearly
	// one: "1. Title", "ADR-012: Title", "ADR 12 - Title", "020. Title".
	titleNumberRE = regexp.MustCompile(`(?i)^(?:(?:adr|decision)[\s_#-]*(\d{1,6})\s*[-–—:.)]?|(\d{1,6})\s*[.:)])(?:\s+|$)(?:[-–—:]\s*)?(.*)$`)
	// titleBareNumberRE matches "23 Logging": a short number and a space.
	// Four digits are more likely a year ("2024 roadmap").
	titleBareNumberRE = regexp.MustCompile(`^(\d{1,3})\s+(?:[-–—:]\s*)?(\S.*)$`)
	// refNumberRE matches a written reference: "ADR-0123", "#36", "36. Multi-cluster".
	refNumberRE = regexp.MustCompile(`(?i)^(?:adr|decision)?[\s#_-]*(\d{1,6})\b`)
)

// FileNumber returns the ADR number a file name starts with, or false.
func FileNumber(name string) (int, bool) {
	base := path.Base(name)
	if datedFileRE.MatchString(base) {
		return 0, false
	}
	m := fileNumberRE.FindStringSubmatch(strings.TrimSuffix(base, path.Ext(base)))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// splitTitleNumber splits "12. Use Go" into 12 and "Use Go".
func splitTitleNumber(title string) (int, string, bool) {
	m := titleNumberRE.FindStringSubmatch(title)
	digits, rest := "", ""
	if m != nil {
		digits, rest = m[1]+m[2], m[3]
	} else if m = titleBareNumberRE.FindStringSubmatch(title); m != nil {
		digits, rest = m[1], m[2]
	} else {
		return 0, title, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, title, false
	}
	if strings.TrimSpace(rest) == "" {
		rest = title // "ADR-7" alone keeps its title
	}
	return n, strings.TrimSpace(rest), true
}

// targetNumber finds the ADR number a link target names: the file name of a
// path or URL ("../adr/0009-help.md#x", "https://…/021-Multi-cluster.md"), or
// a written reference ("ADR-0123").
func targetNumber(target string) (int, bool) {
	t := target
	if i := strings.IndexAny(t, "#?"); i >= 0 {
		t = t[:i]
	}
	if u, err := url.PathUnescape(t); err == nil {
		t = u
	}
	if strings.Contains(t, "/") || strings.HasSuffix(strings.ToLower(t), ".md") {
		return FileNumber(path.Base(t))
	}
	return refNumber(target)
}

// refNumber reads a number from a written reference such as "ADR-0123" or
// the text of a link ("036. Multi-cluster").
func refNumber(s string) (int, bool) {
	m := refNumberRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// targetBase is the file name a link target points at, "" when it names no
// file: the key that resolves links to records.
func targetBase(target string) string {
	t := target
	if i := strings.IndexAny(t, "#?"); i >= 0 {
		t = t[:i]
	}
	if u, err := url.PathUnescape(t); err == nil {
		t = u
	}
	if t == "" || strings.HasSuffix(t, "/") {
		return ""
	}
	b := path.Base(t)
	if path.Ext(b) == "" {
		return ""
	}
	return b
}
