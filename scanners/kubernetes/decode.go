package kubernetes

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/model"
)

// Bounds on hostile input. A real manifest is far below each of them.
const (
	// maxDocuments caps the documents read from one file.
	maxDocuments = 10000
	// maxDocumentSize caps one document: the API server refuses objects
	// over about 1.5 MiB, so a bigger document is not a real object.
	maxDocumentSize = 2 << 20
	// maxExpandedNodes caps, per file, the YAML nodes decoded with aliases
	// expanded, so a small alias bomb cannot cost unbounded time or memory.
	maxExpandedNodes = 2_000_000
	// maxDepth caps the nesting of a decoded object.
	maxDepth = 200
	// maxListDepth caps how deep kind: List items may nest.
	maxListDepth = 4
)

// object is one Kubernetes object read from a file: its identity, its YAML
// node (whose lines are file lines) and what the scanner reads of it,
// decoded with its file: pod for workloads, service for Services, data for
// ConfigMaps. err is why the body could not be decoded; build reports it
// in file order, once it has checked the object's name.
type object struct {
	file       string
	line, col  int
	apiVersion string
	kind       string
	name       string
	namespace  string
	node       *yaml.Node

	pod     *podTemplate
	service *serviceSpec
	data    map[string]string
	err     error
}

// address is "<namespace>/<name>", the form Sources and messages use.
func (o *object) address() string { return o.namespace + "/" + o.name }

// document is one YAML document of a file and the file line it starts on.
type document struct {
	text []byte
	line int
}

// fileDecoder reads one file; it carries the per-file budgets.
type fileDecoder struct {
	file    string
	budget  int // expanded nodes left
	objects []object
	diags   []model.Diagnostic
	// template is set when the file contains "{{": an unrendered Helm or
	// Go template, whose failures are summed up in one diagnostic.
	template bool
	// syntax holds the documents that did not parse; templated the
	// objects of a template that could not be read or named.
	syntax    []model.Diagnostic
	templated []model.Diagnostic
	// stack is shiftLines' scratch space, kept from one document to the
	// next.
	stack []*yaml.Node
	// docsLeft counts the documents from the current one to the end of
	// the file: the objects most files still hold, to size objects.
	docsLeft int
}

// decodeFile reads every Kubernetes object of one manifest file. Documents
// that are not Kubernetes objects are skipped silently; a broken document is
// a diagnostic and the others still count.
func decodeFile(file string, data []byte) ([]object, []model.Diagnostic) {
	d := &fileDecoder{file: file, budget: maxExpandedNodes, template: bytes.Contains(data, []byte("{{"))}
	docs := splitDocuments(data)
	if len(docs) > maxDocuments {
		d.diag(model.DiagWarning, docs[maxDocuments].line, 0, "more than %d YAML documents; the rest of the file is skipped", maxDocuments)
		docs = docs[:maxDocuments]
	}
	for i, doc := range docs {
		d.docsLeft = len(docs) - i
		if len(doc.text) > maxDocumentSize {
			if m := kindLine.FindSubmatch(doc.text); m != nil && usedKind(string(m[1])) {
				d.diag(model.DiagWarning, doc.line, 0, "%s document larger than %d MiB; skipped", m[1], maxDocumentSize>>20)
			}
			continue
		}
		root, err := d.parseDocument(doc)
		if err != nil {
			line, msg := yamlErrorLine(err, doc.line)
			d.syntax = append(d.syntax, model.Diagnostic{Severity: model.DiagError, Origin: scannerName, File: file, Line: line,
				Message: "invalid YAML: " + msg})
			continue
		}
		if root != nil {
			d.collect(root, 0)
		}
	}
	if !d.template {
		return d.objects, append(d.syntax, d.diags...)
	}
	// A template fails on most of its lines, each failure saying the same
	// thing: one note per file. A document that did not parse makes the
	// whole file suspect; otherwise only the objects that failed go.
	problems := slices.Concat(d.syntax, d.templated)
	if len(problems) == 0 {
		return d.objects, d.diags
	}
	first := problems[0]
	scope := "objects that could not be read skipped"
	if len(d.syntax) > 0 {
		d.objects, scope = nil, "file skipped"
	}
	d.diags = append(d.diags, model.Diagnostic{Severity: model.DiagWarning, Origin: scannerName, File: file, Line: first.Line, Column: first.Column,
		Message: "looks like an unrendered Helm or Go template (" + strings.TrimPrefix(first.Message, "invalid YAML: ") + "); " +
			scope + ": render it (helm template) and scan the output"})
	return d.objects, d.diags
}

// kindLine finds a top-level kind in a document too big to parse.
var kindLine = regexp.MustCompile(`(?m)^kind:[ \t]*["']?([A-Za-z]+)`)

// yamlLine reads the line out of a yaml.v3 error message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parserProblems are the problems yaml.v3's parser (as opposed to its
// scanner) reports. For these, yaml.v3 prints the 0-based line of the mark:
// one less than the line meant.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlErrorLine returns the file line and the message of a yaml.v3 error.
// yaml.v3 reports the line where the construct that failed begins (a block
// mapping, a plain scalar), and no column.
func yamlErrorLine(err error, start int) (int, string) {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		// No line: the mark was on the document's first line.
		return start, strings.TrimPrefix(msg, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	problem := msg[len(m[0]):]
	if parserProblems[problem] {
		n++
	}
	return start + n - 1, problem
}

// splitDocuments cuts a stream at its document markers ("---" or "..." at
// the start of a line). Splitting by hand rather than with yaml.Decoder means
// one broken document does not hide the ones after it. YAML forbids markers
// inside content at column 0, so the cut is exact.
//
// A document's text is the file's bytes, except that a marker line opening
// it is blanked and a directive before it becomes an empty line; only such
// a first line is ever rewritten, so a document without one is a slice of
// data (not a copy) and one with it costs one copy of its own size.
func splitDocuments(data []byte) []document {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var docs []document
	cur := document{line: 1}
	// The current document is its first line rewritten (head, when
	// headKind is set) followed by data[from:to] as it is.
	var head []byte
	headKind := noHead
	from, to := 0, 0
	empty := func() bool { return headKind == noHead && from == to }
	flush := func(next, pos int) {
		rest := data[from:to]
		if headKind == markerHead && !blank(head[3:]) || !blank(rest) {
			cur.text = joinHead(headKind, head, rest)
			docs = append(docs, cur)
		}
		headKind, from, to = noHead, pos, pos
		cur = document{line: next}
	}
	lineNo := 0
	for off := 0; off < len(data); {
		lineNo++
		end := len(data)
		if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		ln := data[off:end]
		switch {
		case isMarker(ln, "---"):
			flush(lineNo, end)
			// Content after the marker ("--- !!map", "--- {a: 1}") belongs
			// to the new document; blanking the marker keeps columns.
			head, headKind = ln, markerHead
		case isMarker(ln, "..."):
			flush(lineNo+1, end)
		case empty() && len(ln) > 0 && ln[0] == '%':
			// A directive (%YAML 1.2) before the document: the split has
			// already placed the document start, so keep only the line.
			head, headKind, from, to = ln, directiveHead, end, end
		case empty() && blank(ln) && cur.line == lineNo:
			// Leading blank lines move the start, so that offsets
			// stay simple: the document begins where its text does.
			cur.line = lineNo + 1
			from, to = end, end
		default:
			to = end
		}
		off = end
	}
	flush(lineNo+1, len(data))
	return docs
}

// How the first line of a document is rewritten.
const (
	noHead        = iota
	markerHead    // "--- x" becomes "    x"
	directiveHead // "%YAML 1.2" becomes ""
)

// joinHead returns a document's text: its first line rewritten, then rest.
func joinHead(kind int, head, rest []byte) []byte {
	switch kind {
	case markerHead:
		text := make([]byte, 0, len(head)+len(rest))
		text = append(append(append(text, "   "...), head[3:]...), rest...)
		return text
	case directiveHead:
		return append(append(make([]byte, 0, 1+len(rest)), '\n'), rest...)
	}
	return rest
}

func blank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// isMarker reports whether line is the document marker m followed by
// nothing, a space or a tab.
func isMarker(line []byte, m string) bool {
	if !bytes.HasPrefix(line, []byte(m)) {
		return false
	}
	if len(line) == len(m) {
		return true
	}
	switch line[len(m)] {
	case ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// parseDocument parses one document into a node tree whose lines are file
// lines. It returns nil for an empty document.
func (d *fileDecoder) parseDocument(doc document) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 turns its own failures into errors; anything else is
		// a parser bug that hostile input must not turn into a crash.
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	var n yaml.Node
	if err := yaml.Unmarshal(doc.text, &n); err != nil {
		return nil, err
	}
	if n.Kind != yaml.DocumentNode || len(n.Content) == 0 {
		return nil, nil
	}
	if doc.line > 1 {
		d.stack = shiftLines(n.Content[0], doc.line-1, d.stack[:0])
	}
	return n.Content[0], nil
}

// shiftLines moves every node of a tree down by off lines. It follows
// content, not aliases, so each node is visited once; it uses a stack
// (stack, returned for reuse) because yaml.v3 accepts nesting deeper than
// is polite to recurse into.
func shiftLines(n *yaml.Node, off int, stack []*yaml.Node) []*yaml.Node {
	stack = append(stack, n)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x.Line += off
		stack = append(stack, x.Content...)
	}
	return stack
}

// collect records the Kubernetes objects in a document: the document itself
// when it is one, or the items of a List.
func (d *fileDecoder) collect(n *yaml.Node, depth int) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	apiVersion, kind := scalar(n, "apiVersion"), scalar(n, "kind")
	if apiVersion == "" || kind == "" {
		return // a compose file, a values file, a CI workflow: not ours
	}
	if kind == "List" || strings.HasSuffix(kind, "List") {
		if items := deref(lookup(n, "items")); items != nil && items.Kind == yaml.SequenceNode && depth < maxListDepth {
			for _, it := range items.Content {
				d.collect(it, depth+1)
			}
		}
		return
	}
	meta := lookup(n, "metadata")
	o := object{
		file: d.file, line: n.Line, col: n.Column,
		apiVersion: apiVersion, kind: kind,
		name:      scalar(meta, "name"),
		namespace: scalar(meta, "namespace"),
		node:      n,
	}
	if o.namespace == "" {
		o.namespace = "default"
	}
	if !used(apiVersion, kind) {
		return
	}
	if d.template && (o.name == "" || strings.Contains(o.name, "{{") || strings.Contains(o.namespace, "{{")) {
		d.templated = append(d.templated, model.Diagnostic{Line: o.line, Column: o.col,
			Message: kind + " named by a template expression"})
		return
	}
	if err := d.decode(&o); err != nil {
		if d.template {
			d.templated = append(d.templated, model.Diagnostic{Line: o.line, Column: o.col, Message: fmt.Sprintf("%s %s: %v", kind, o.address(), err)})
			return
		}
		d.diag(model.DiagError, o.line, o.col, "%s %s: %v", kind, o.address(), err)
		return
	}
	if d.objects == nil {
		// Most files are a few objects, one per document. The cap
		// keeps a file of many empty documents from holding room
		// for objects it does not have (objects outlive the file).
		d.objects = make([]object, 0, min(d.docsLeft, 8))
	}
	d.objects = append(d.objects, o)
}

// decode reads the body of an object of a used kind: from its nodes when
// they fit the kind's shape (fit.go), through JSON otherwise
// (jsonpath.go). The error is one that drops the object from the file
// (too big, not representable as JSON); a field of the wrong type is
// recorded on the object instead.
func (d *fileDecoder) decode(o *object) error {
	shapes := kindShapes()
	f := fitter{shapes: shapes, budget: d.budget}
	if f.fits(o.node, shapes.byKind[o.kind], 0) {
		d.budget -= f.nodes
		readBody(o)
		return nil
	}
	raw, err := d.toJSON(o.node)
	if err != nil {
		return err
	}
	o.err = decodeJSON(o, raw)
	return nil
}

func (d *fileDecoder) diag(sev model.DiagSeverity, line, col int, format string, args ...any) {
	d.diags = append(d.diags, model.Diagnostic{Severity: sev, Origin: scannerName, File: d.file, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...)})
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

// lookup follows mapping keys (string) and sequence indexes (int) from n,
// through aliases. It returns nil when the path does not exist.
func lookup(n *yaml.Node, path ...any) *yaml.Node {
	for _, p := range path {
		n = deref(n)
		if n == nil {
			return nil
		}
		switch k := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return nil
			}
			var found *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if key := deref(n.Content[i]); key != nil && key.Kind == yaml.ScalarNode && key.Value == k {
					found = n.Content[i+1]
					break
				}
			}
			n = found
		case int:
			if n.Kind != yaml.SequenceNode || k < 0 || k >= len(n.Content) {
				return nil
			}
			n = n.Content[k]
		default:
			return nil
		}
	}
	return deref(n)
}

// scalar returns the string value at key of mapping n, or "".
func scalar(n *yaml.Node, key string) string {
	v := lookup(n, key)
	if v == nil || v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(v.Value)
}
