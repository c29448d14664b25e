package reporters

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/archdrift/archdrift/report"
)

// Links says where the checked repository can be browsed, so that reports
// can link each finding to the line it points at. Both fields are needed;
// without them reports name files but do not link them.
type Links struct {
	// RepoURL is the repository's web address, such as
	// https://github.com/acme/shop.
	RepoURL string
	// Ref is the commit SHA (permanent links) or branch the check ran on.
	Ref string
}

// FileURL returns the web address of a location at Ref, in the
// /blob/<ref>/<path>#L<line> form GitHub and Gitea use, or "" when l is
// nil or incomplete, RepoURL is not an http(s) address, or the path is
// not a plain repository-relative one (absolute, or climbing out with "..").
func (l *Links) FileURL(loc *report.Location) string {
	if l == nil || loc == nil || l.RepoURL == "" || l.Ref == "" || loc.File == "" {
		return ""
	}
	base, err := url.Parse(strings.TrimRight(l.RepoURL, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return ""
	}
	file := strings.ReplaceAll(loc.File, `\`, "/")
	if path.IsAbs(file) || path.Clean(file) != file || file == "." || file == ".." || strings.HasPrefix(file, "../") {
		return ""
	}
	base.RawQuery, base.Fragment = "", ""
	out := base.String() + "/blob/" + escapeSegments(l.Ref) + "/" + escapeSegments(file)
	if loc.Line > 0 {
		out += "#L" + strconv.Itoa(loc.Line)
	}
	return out
}

// escapeSegments escapes each slash-separated segment of p, keeping the
// slashes: a branch "feature/x" stays a two-segment path.
func escapeSegments(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
