package check

import (
	"path"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/policies"
)

// Change is a change under review: a pull request, or the commits since a
// base revision.
type Change struct {
	// Files are the changed files, slash paths relative to Options.Root;
	// files outside the root are left out by whoever fills this in.
	Files []string
}

// policyChange is the `change` the policies see: the changed files, and the
// files that document the system, so that doc.stale can tell a change that
// touched the docs from one that did not. Nil outside a review.
func policyChange(c *Change, doc *Documented, dec *Decisions) *policies.Change {
	if c == nil {
		return nil
	}
	files := make([]string, 0, len(c.Files))
	for _, f := range c.Files {
		if f = path.Clean(strings.TrimPrefix(f, "./")); f != "." {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	files = slices.Compact(files)
	out := &policies.Change{Files: files, ModelFiles: []string{}, ADRFiles: []string{}}
	if doc != nil && doc.Workspace != nil {
		out.ModelFiles = append(out.ModelFiles, doc.Workspace.Files...)
	}
	if dec != nil {
		for _, r := range dec.Records {
			out.ADRFiles = append(out.ADRFiles, r.File)
		}
		// A deleted or renamed ADR is not read any more, but changing it is
		// still a change to the decisions.
		if dec.Dir != "" {
			for _, f := range files {
				if strings.HasPrefix(f, dec.Dir+"/") {
					out.ADRFiles = append(out.ADRFiles, f)
				}
			}
		}
	}
	slices.Sort(out.ADRFiles)
	out.ADRFiles = slices.Compact(out.ADRFiles)
	return out
}
