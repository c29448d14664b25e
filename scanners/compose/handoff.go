package compose

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/archdrift/archdrift/scanners/yamlbound"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// How files reach compose-go. Given bytes, compose-go parses every file
// again with its own YAML library (go.yaml.in/yaml/v4), which the scanner
// has just done with yaml.v3 for positions: a fifth of the scan. Given a
// decoded document (types.ConfigFile.Config), it skips its parser and
// runs the rest of its loading (interpolation, merging, validation,
// canonical form) as for bytes. Its parser does two things more than
// decoding: it applies !reset and !override tags, and it refuses
// duplicate keys, alias cycles and documents of over 100,000 nodes. And
// the two libraries resolve a few plain scalars differently (-0, <<).
//
// So a file is handed over decoded only when it is plain: one document, a
// mapping, no tags, anchors, aliases, merge keys, duplicate keys or renamed
// extensions (below), and scalars that both libraries resolve alike
// (strings, booleans, nulls, decimal numbers). For such a file the
// parser's extra work changes nothing and both decodings give the same
// document. Any other file goes as bytes. A decoded file has no bytes to
// read the project name from, so compose-go must be given the name as
// explicit (projectname.go); when the scanner cannot tell it, every file
// goes as bytes. Decoded files are loaded by compose-go's steps called one
// by one (yamlmodel.go) rather than by its loader.

// renamedExtension are the extension keys compose-go renames to the
// attributes they became (loader/aliases.go); loadDecoded leaves that step
// out, so a file that holds one goes as bytes.
var renamedExtension = map[string]bool{"x-develop": true, "x-initialSync": true}

// maxPlainNodes stays below compose-go's own cap on the nodes of a
// document, which a decoded file would not meet.
const maxPlainNodes = 100_000

// loadFiles merges files with compose-go's loader, from directory dir.
// Decoded files are loaded by the scanner's own sequence of compose-go's
// steps (yamlmodel.go), unless a caller changes the options.
func (l *projectLoader) loadFiles(dir string, files []*composeFile, extra ...func(*loader.Options)) (map[string]any, error) {
	configs := l.configFiles(files)
	if configs[0].Config != nil && len(extra) == 0 && !l.viaLoader {
		name, _ := l.projectName(files)
		return guard(func() (map[string]any, error) { return l.loadDecoded(dir, files, configs, name) })
	}
	d := types.ConfigDetails{WorkingDir: dir, Environment: l.env.Clone(), ConfigFiles: configs}
	opts := append(l.options(files), extra...)
	return guard(func() (map[string]any, error) { return loader.LoadModelWithContext(l.ctx, d, opts...) })
}

// configFiles are files as compose-go takes them: all decoded when they
// may be, else all as bytes.
func (l *projectLoader) configFiles(files []*composeFile) []types.ConfigFile {
	out := make([]types.ConfigFile, len(files))
	_, explicit := l.projectName(files)
	decoded := explicit && !l.reference
	for i, f := range files {
		out[i].Filename = f.name
		if !decoded || !f.plain {
			decoded = false
			break
		}
		// compose-go changes the document it loads: each load gets
		// its own.
		m, err := guard(func() (map[string]any, error) { return plainMap(f.docs[0]) })
		if err != nil || m == nil {
			// Without Config nor Content, compose-go would read the
			// file from the OS.
			decoded = false
			break
		}
		if f.versionBlanked {
			delete(m, "version")
		}
		out[i].Config = m
	}
	if !decoded {
		for i, f := range files {
			out[i] = types.ConfigFile{Filename: f.name, Content: f.content}
		}
	}
	return out
}

// Scalars both YAML libraries resolve alike, by their yaml.v3 tag: any
// string, boolean or null, and numbers in plain decimal.
var (
	plainInt   = regexp.MustCompile(`^(0|-?[1-9][0-9]{0,17})$`)
	plainFloat = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,17})\.[0-9]{1,17}$`)
)

// isPlain reports whether a file's documents may be handed to compose-go
// decoded (see above).
func isPlain(data []byte, docs []*yaml.Node, rawDocs int) bool {
	if rawDocs != 1 || len(docs) != 1 || docs[0].Kind != yaml.MappingNode || hasDocumentMarkers(data) {
		return false
	}
	nodes := 0
	stack := []*yaml.Node{docs[0]}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if nodes++; nodes > maxPlainNodes || n.Anchor != "" || n.Style&yaml.TaggedStyle != 0 {
			return false
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" || k.Value == "<<" || renamedExtension[k.Value] {
					return false
				}
			}
			if yamlbound.DuplicateKey(n) {
				return false
			}
		case yaml.SequenceNode:
		case yaml.ScalarNode:
			if n.Value == "<<" {
				return false
			}
			switch n.ShortTag() {
			case "!!str", "!!bool", "!!null":
			case "!!int":
				if !plainInt.MatchString(n.Value) {
					return false
				}
			case "!!float":
				if !plainFloat.MatchString(n.Value) {
					return false
				}
			default:
				return false
			}
		default: // aliases
			return false
		}
		stack = append(stack, n.Content...)
	}
	return true
}

// hasDocumentMarkers reports whether a line of data starts a directive or
// marks a document's start or end: where the two libraries could split a
// stream differently, the file goes as bytes.
func hasDocumentMarkers(data []byte) bool {
	for line := range bytes.Lines(data) {
		if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("%")) {
			return true
		}
	}
	return false
}

// plainMap decodes a plain file's document (isPlain) as yaml.v3's
// Node.Decode into a map[string]any does: a mapping, all of whose keys are
// strings, is a map[string]any, a sequence a []any (empty, not nil, when
// it has no items), a string its value and a null nil. Booleans and
// numbers, which are few, are decoded by yaml.v3 itself. Decode chooses,
// by reflection, a way for every node, which cost more than the rest of
// the hand-off; a plain document holds no node for which it would choose
// another way (no tags, aliases, merge keys or non-string keys).
// TestPlainMapAsDecode compares the two.
func plainMap(doc *yaml.Node) (map[string]any, error) {
	v, err := plainValue(doc)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("line %d: not a mapping", doc.Line)
	}
	return m, nil
}

// plainValue decodes one node of a plain document; see plainMap.
func plainValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := plainValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := plainValue(c)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return n.Value, nil
		case "!!null":
			return nil, nil
		}
	}
	var v any
	err := n.Decode(&v)
	return v, err
}
