package compose

import (
	"github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// Interpolation casts the strings at some paths (services.*.cpu_count,
// networks.*.external ...) to numbers and booleans. compose-go finds the
// cast of a string by trying every one of its ninety-odd path patterns
// against the string's path, and each try splits both paths: for small
// projects that was a fifth of the scan, though a compose file rarely holds
// any of those attributes.
//
// So each load hands compose-go only the patterns that can match in its
// files: those whose literal parts are all keys of the files. A pattern
// with a literal the files do not hold as a key matches no path of theirs,
// because interpolation runs on the decoded files, whose keys are the YAML
// keys (aliases and merge keys copy keys, they do not make new ones). The
// casts themselves stay compose-go's: the table is the one its loader
// uses, taken from loader.ToOptions.

// castPattern is one entry of compose-go's cast table.
type castPattern struct {
	path tree.Path
	cast interpolation.Cast
	// literals are the path's parts that are not wildcards.
	literals []string
}

// castMapping is compose-go's interpolation cast table; castTable holds
// its patterns with their literal parts, and castLiterals is the set of
// every literal. All three are read only.
var (
	castMapping             = loader.ToOptions(&types.ConfigDetails{}, nil).Interpolate.TypeCastMapping
	castTable, castLiterals = compileCasts(castMapping)
)

func compileCasts(m map[tree.Path]interpolation.Cast) ([]castPattern, map[string]bool) {
	table := make([]castPattern, 0, len(m))
	literals := map[string]bool{}
	for p, c := range m {
		cp := castPattern{path: p, cast: c}
		for _, part := range p.Parts() {
			if part != tree.PathMatchAll && part != tree.PathMatchList {
				cp.literals = append(cp.literals, part)
				literals[part] = true
			}
		}
		table = append(table, cp)
	}
	return table, literals
}

// castKeys returns the keys of the documents that are literals of some
// cast pattern.
func castKeys(docs []*yaml.Node) map[string]bool {
	var found map[string]bool
	stack := append([]*yaml.Node(nil), docs...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				// A key may be an alias of a scalar written elsewhere.
				if k := deref(n.Content[i]); k != nil && castLiterals[k.Value] {
					if found == nil {
						found = map[string]bool{}
					}
					found[k.Value] = true
				}
			}
		}
		// Aliases are not followed: the nodes they name are visited
		// where they are written.
		stack = append(stack, n.Content...)
	}
	return found
}

// castsFor returns the cast patterns that can match a path of the files.
func castsFor(files []*composeFile) map[tree.Path]interpolation.Cast {
	out := map[tree.Path]interpolation.Cast{}
next:
	for _, cp := range castTable {
		for _, lit := range cp.literals {
			present := false
			for _, f := range files {
				if f.castKeys[lit] {
					present = true
					break
				}
			}
			if !present {
				continue next
			}
		}
		out[cp.path] = cp.cast
	}
	return out
}
