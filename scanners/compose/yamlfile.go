package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners/yamlbound"
)

// compose-go keeps no source positions, so every file is also decoded into
// yaml.v3 nodes, whose lines are file lines: they place services, the keys
// that produce relationships and, when compose-go names a path in an error,
// the error.

// Bounds on hostile input. A real compose file is far below each of them.
const (
	// maxDocuments caps the YAML documents of one compose file.
	maxDocuments = 64
	// maxExpandedNodes caps the YAML nodes of one file once aliases are
	// expanded: compose-go decodes with aliases expanded, so a small alias
	// bomb must be refused before it gets there.
	maxExpandedNodes = 200_000
	// maxDepth caps the nesting of a file.
	maxDepth = 100
)

// composeFile is one compose file as read: its bytes and the YAML
// documents, for positions, and what is handed to compose-go (handoff.go).
type composeFile struct {
	name string
	data []byte
	docs []*yaml.Node // each document's root node
	// content is data with the version attribute blanked out
	// (blankVersion), which versionBlanked says.
	content        []byte
	versionBlanked bool
	// plain says the file may be handed to compose-go decoded.
	plain bool
	// castKeys are the keys of the file that interpolation casts may
	// name (see casts.go).
	castKeys map[string]bool
	// nameAttr is the file's name attribute, when nameKnown (see
	// projectname.go).
	nameAttr  string
	nameKnown bool
}

// parseFile decodes a compose file into nodes and checks it against the
// bounds. A file that fails is a diagnostic, with the line yaml.v3 reports.
func parseFile(name string, data []byte) (*composeFile, *model.Diagnostic) {
	f := &composeFile{name: name, data: data}
	fail := func(line int, format string, args ...any) (*composeFile, *model.Diagnostic) {
		return nil, &model.Diagnostic{Severity: model.DiagError, Origin: scannerName, File: name, Line: line,
			Message: fmt.Sprintf(format, args...)}
	}
	docs, rawDocs, err := decodeDocuments(data)
	if err != nil {
		line, msg := yamlErrorLine(err)
		return fail(line, "invalid YAML: %s; file skipped", msg)
	}
	if len(docs) > maxDocuments {
		return fail(docs[maxDocuments].Line, "more than %d YAML documents; file skipped", maxDocuments)
	}
	budget := maxExpandedNodes
	for _, d := range docs {
		n, err := yamlbound.Measure(d, yamlbound.Limits{Nodes: budget, Depth: maxDepth})
		if err != nil {
			return fail(d.Line, "%v; file skipped", err)
		}
		budget -= n
	}
	for _, d := range docs {
		if k := firstNonStringKey(d); k != nil {
			return fail(k.Line, "mapping key %q at column %d is not a string; compose files take string keys only; file skipped", k.Value, k.Column)
		}
	}
	f.docs = docs
	f.content, f.versionBlanked = f.blankedVersion()
	f.plain = isPlain(data, docs, rawDocs)
	f.castKeys = castKeys(docs)
	f.nameAttr, f.nameKnown = nameAttr(docs)
	return f, nil
}

// firstNonStringKey finds, in document order, a mapping key that is not a
// string (1:, null:, a sequence as a key). compose-go refuses such a file,
// but names whichever key its map walk meets first; finding it here gives
// the same answer on every run, with its line. Aliases are not followed:
// the nodes they name are visited where they are written.
func firstNonStringKey(root *yaml.Node) *yaml.Node {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := deref(n.Content[i])
				if k == nil || k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" && k.ShortTag() != "!!merge" {
					return n.Content[i]
				}
			}
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
	return nil
}

// decodeDocuments reads every document of a YAML stream: the root node of
// each document that has one, and how many documents, empty ones included,
// the stream held.
func decodeDocuments(data []byte) (docs []*yaml.Node, raw int, err error) {
	defer func() {
		// yaml.v3 turns its own failures into errors; anything else is
		// a parser bug that hostile input must not turn into a crash.
		if r := recover(); r != nil {
			docs, raw, err = nil, 0, fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for len(docs) <= maxDocuments {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, 0, err
		}
		raw++
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			docs = append(docs, n.Content[0])
		}
	}
	return docs, raw, nil
}

// yamlLine reads the line out of a YAML error message, from yaml.v3 ("yaml:
// line 3: ...") or from compose-go's parser ("yaml: line 3, column 5: ...").
var yamlLine = regexp.MustCompile(`yaml: line (\d+)(?:, column (\d+))?: `)

// yamlErrorLine returns the line and the message of a YAML error.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		return n, msg[m[1]:]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// entry returns the key and value nodes of key k in mapping n.
func entry(n *yaml.Node, k string) (key, value *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if kn := deref(n.Content[i]); kn != nil && kn.Kind == yaml.ScalarNode && kn.Value == k {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// serviceEntry returns the key and value nodes of services.<name> in the
// first document of f that defines it.
func (f *composeFile) serviceEntry(name string) (key, value *yaml.Node) {
	for _, d := range f.docs {
		_, services := entry(d, "services")
		if k, v := entry(services, name); k != nil {
			return k, v
		}
	}
	return nil, nil
}

// pathNode finds the deepest node of f that a dotted compose path
// ("services.web.ports.0") reaches: the key node of a mapping entry, whose
// line is where the entry starts, or the item of a sequence. Keys may
// themselves hold dots (service names may), so at each mapping the longest
// matching key wins. It returns nil when not even the first key is there.
func (f *composeFile) pathNode(dotted string) *yaml.Node {
	segs := strings.Split(dotted, ".")
	var best *yaml.Node
	bestDepth := 0
	for _, d := range f.docs {
		n, at, i := d, (*yaml.Node)(nil), 0
		for i < len(segs) {
			n = deref(n)
			if n == nil {
				break
			}
			used := 0
			switch n.Kind {
			case yaml.MappingNode:
				for k := len(segs); k > i; k-- {
					if key, v := entry(n, strings.Join(segs[i:k], ".")); key != nil {
						at, n, used = key, v, k-i
						break
					}
				}
			case yaml.SequenceNode:
				if j, err := strconv.Atoi(segs[i]); err == nil && j >= 0 && j < len(n.Content) {
					at, n, used = n.Content[j], n.Content[j], 1
				}
			}
			if used == 0 {
				break
			}
			i += used
		}
		if at != nil && i > bestDepth {
			best, bestDepth = at, i
		}
	}
	return best
}

// blankVersion returns the file's bytes with its top-level "version" line
// blanked out. compose-go ignores the attribute but warns about it on the
// process-wide logger, once per file name, which a scan must not do; the
// line is replaced by spaces so that every other line and column stays put.
// When the attribute is not on a line of its own, the bytes stay as they are.
func (f *composeFile) blankVersion() []byte {
	out, _ := f.blankedVersion()
	return out
}

// blankedVersion is blankVersion, and whether it blanked anything.
func (f *composeFile) blankedVersion() ([]byte, bool) {
	var lines []int
	for _, d := range f.docs {
		k, v := entry(d, "version")
		if k == nil || v == nil || k.Column != 1 || v.Kind != yaml.ScalarNode || v.Line != k.Line || v.Anchor != "" || d.Style&yaml.FlowStyle != 0 {
			continue
		}
		lines = append(lines, k.Line)
	}
	if len(lines) == 0 {
		return f.data, false
	}
	out := bytes.Clone(f.data)
	line, blank := 1, false
	for i, c := range out {
		if c == '\n' {
			line++
			continue
		}
		if c == '\r' {
			continue
		}
		blank = false
		for _, l := range lines {
			if l == line {
				blank = true
			}
		}
		if blank {
			out[i] = ' '
		}
	}
	// Check that only the attribute went: a scalar that continues on the
	// next lines would leave debris, and then the original is safer.
	docs, _, err := decodeDocuments(out)
	if err != nil || len(docs) != len(f.docs) {
		return f.data, false
	}
	for i, d := range docs {
		if k, _ := entry(d, "version"); k != nil || len(d.Content) != len(f.docs[i].Content)-2*countKey(f.docs[i], "version") {
			return f.data, false
		}
	}
	return out, true
}

// countKey counts the entries of mapping n with key k (0 or 1 in valid
// YAML).
func countKey(n *yaml.Node, k string) int {
	if key, _ := entry(n, k); key != nil {
		return 1
	}
	return 0
}
