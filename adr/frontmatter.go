package adr

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// frontMatter is the leading YAML block of MADR 3/4 and Jekyll-style ADRs.
type frontMatter struct {
	start, end int // byte range of the whole block, fences included
	firstLine  int // file line of the first YAML line
}

// findFrontMatter locates a leading "---" block closed by "---" or "...". An
// unclosed block is not front matter: goldmark reads it as a thematic break.
func findFrontMatter(src []byte) (fm frontMatter, found, unclosed bool) {
	off := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		off = 3
	}
	first, rest, ok := bytes.Cut(src[off:], []byte("\n"))
	if !ok || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return fm, false, false
	}
	pos := off + len(first) + 1
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		t := string(bytes.TrimRight(line, " \t\r"))
		end := pos + len(line)
		if end < len(src) {
			end++ // the newline
		}
		if t == "---" || t == "..." {
			return frontMatter{start: 0, end: end, firstLine: 2}, true, false
		}
		pos, rest = end, next
		if pos >= len(src) {
			break
		}
	}
	return fm, false, true
}

// yamlText returns the YAML between the fences.
func (fm frontMatter) yamlText(src []byte) []byte {
	_, body, _ := bytes.Cut(src[fm.start:fm.end], []byte("\n"))
	if i := bytes.LastIndex(bytes.TrimRight(body, "\r\n"), []byte("\n")); i >= 0 {
		return body[:i+1]
	}
	return nil // only the closing fence
}

// blank returns a copy of src with the front matter replaced by spaces, so
// goldmark's offsets still match the file's lines.
func (fm frontMatter) blank(src []byte) []byte {
	out := bytes.Clone(src)
	for i := fm.start; i < fm.end; i++ {
		if out[i] != '\n' {
			out[i] = ' '
		}
	}
	return out
}

// readFrontMatter decodes the metadata MADR keeps in front matter.
func (p *parser) readFrontMatter(fm frontMatter) {
	text := fm.yamlText(p.src)
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		n, msg := yamlError(err)
		p.problem(fm.firstLine+max(n, 1)-1, 0, "front matter: bad YAML: %s", msg)
		return
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return // empty, or not metadata we know
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], resolve(m.Content[i+1])
		line := fm.firstLine + v.Line - 1
		switch strings.ToLower(k.Value) {
		case "status":
			if v.Kind != yaml.ScalarNode {
				p.problem(line, v.Column, "front matter: status should be one word such as accepted, not %s", nodeKind(v))
				continue
			}
			p.fmStatus = metaValue{text: strings.TrimSpace(v.Value), line: line}
		case "date":
			if v.Kind == yaml.ScalarNode {
				p.fmDate = strings.TrimSpace(v.Value)
			}
		case "title":
			if v.Kind == yaml.ScalarNode {
				p.fmTitle = metaValue{text: strings.TrimSpace(v.Value), line: line}
			}
		case "decision-makers", "decision_makers", "deciders":
			for _, s := range scalars(v) {
				if s.Kind == yaml.ScalarNode {
					p.rec.DecisionMakers = append(p.rec.DecisionMakers, splitNames(s.Value)...)
				}
			}
		}
	}
}

// splitNames splits "Alice, Bob" into names.
func splitNames(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
