package compose

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/loader"
	"gopkg.in/yaml.v3"
)

// Before loading, compose-go looks for the project name in the files'
// name attributes, and to find it decodes every file a second time (a
// tenth of the scan). The name matters to the load only as the
// COMPOSE_PROJECT_NAME that interpolation sees. When the scanner can read
// the same name off the nodes it has parsed, it hands compose-go that name
// as explicit, and compose-go skips its search; when it cannot be sure to
// read it the same way (an alias, a merge key, a name to interpolate, a
// name compose-go would refuse as explicit), compose-go searches as before.

// nameAttr reads a file's name attribute as compose-go's search does: the
// last document that sets one, non-empty, wins. ok is false when the file
// holds something the search might read differently.
func nameAttr(docs []*yaml.Node) (name string, ok bool) {
	for _, d := range docs {
		if d.Kind != yaml.MappingNode || d.Anchor != "" {
			return "", false
		}
		var v *yaml.Node
		seen := make(map[string]bool, len(d.Content)/2)
		for i := 0; i+1 < len(d.Content); i += 2 {
			k := d.Content[i]
			// A merge key may bring a name in; a duplicate key fails
			// the search's decoding.
			if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" || seen[k.Value] {
				return "", false
			}
			seen[k.Value] = true
			if k.Value == "name" {
				v = d.Content[i+1]
			}
		}
		if v == nil {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Anchor != "" {
			return "", false
		}
		switch v.ShortTag() {
		case "!!null":
		case "!!str":
			if strings.Contains(v.Value, "$") {
				return "", false // interpolated by the search
			}
			if v.Value != "" {
				name = v.Value
			}
		default:
			return "", false
		}
	}
	return name, true
}

// explicitName returns the project name compose-go's search would find in
// files, falling back to fallback (a normalised name), and whether it may be handed to
// compose-go as explicit: known the same way, and a name compose-go accepts
// as explicit.
func explicitName(files []*composeFile, fallback string) (string, bool) {
	name := fallback
	for _, f := range files {
		if !f.nameKnown {
			return "", false
		}
		if f.nameAttr != "" {
			name = f.nameAttr
		}
	}
	if name == fallback {
		// The fallback is a name NormalizeProjectName has made; checking
		// it again would compile a regexp for nothing.
		return name, name != ""
	}
	return name, name != "" && normalizeProjectName(name) == name
}

// normalizeProjectName is loader.NormalizeProjectName, which lowercases s,
// keeps the characters a-z, 0-9, _ and -, and trims _ and - on the left. It
// compiles a regexp on every call, three times a project; a name that is
// already made of those characters only and starts with neither _ nor -
// comes out of it unchanged, so it is returned as it is.
func normalizeProjectName(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || (c == '_' || c == '-') && i > 0
		if !ok {
			return loader.NormalizeProjectName(s)
		}
	}
	return s
}
