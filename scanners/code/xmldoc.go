package code

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/archdrift/archdrift/model"
)

// maxXMLDepth bounds element nesting: build files are shallow, and a
// hostile one must not grow the walk's stack without end.
const maxXMLDepth = 128

// xmlVisitor receives the elements of an XML document in order. path is
// the slash-joined chain of local names from the root ("project/
// dependencies/dependency"); text is the element's own character data.
type xmlVisitor struct {
	start func(path string, attrs []xml.Attr, line, col int)
	end   func(path, text string)
}

// walkXML streams an XML document through v. It never expands entities
// beyond XML's own five (encoding/xml has no DTD support), and a malformed
// document yields a diagnostic at the position where reading stopped.
func walkXML(file string, data []byte, v xmlVisitor) []model.Diagnostic {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	var stack []string
	var text [][]byte // character data of each open element
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil // strict mode reports unclosed elements as syntax errors
		}
		if err != nil {
			line, col := dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line, col = se.Line, 0
			}
			return []model.Diagnostic{warning(file, line, col, "XML not read: %v", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				line, col := dec.InputPos()
				return []model.Diagnostic{warning(file, line, col, "XML nested deeper than %d elements: the rest was not read", maxXMLDepth)}
			}
			stack = append(stack, t.Name.Local)
			text = append(text, nil)
			if v.start != nil {
				line, col := dec.InputPos()
				v.start(strings.Join(stack, "/"), t.Attr, line, col)
			}
		case xml.CharData:
			if n := len(text); n > 0 && len(text[n-1]) < 4096 {
				text[n-1] = append(text[n-1], t...)
			}
		case xml.EndElement:
			if v.end != nil {
				v.end(strings.Join(stack, "/"), strings.TrimSpace(string(text[len(text)-1])))
			}
			stack = stack[:len(stack)-1]
			text = text[:len(text)-1]
		}
	}
}

// charsetReader accepts the single-byte encodings older build files
// declare; UTF-8 needs no reader.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// attr returns the value of the attribute with the given local name,
// compared case-insensitively as MSBuild does.
func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}
