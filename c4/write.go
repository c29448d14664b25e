package c4

import (
	"fmt"
	"io"
	"strings"

	"github.com/archdrift/archdrift/c4/likec4"
	"github.com/archdrift/archdrift/c4/mermaid"
	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/model"
)

// Writer writes a graph in one notation.
type Writer struct {
	// Name is the --format value: dsl, json, likec4, mermaid.
	Name string
	// Ext is the usual file name extension.
	Ext string
	// Write writes g; title names the model.
	Write func(w io.Writer, g *model.Graph, title string) error
}

// Writers lists the formats archdrift writes, one line each.
func Writers() []Writer {
	return []Writer{
		{Name: "dsl", Ext: ".dsl", Write: func(w io.Writer, g *model.Graph, title string) error {
			return structurizr.DSLWriter{Name: title}.Write(w, g)
		}},
		{Name: "json", Ext: ".json", Write: func(w io.Writer, g *model.Graph, title string) error {
			return structurizr.JSONWriter{Name: title}.Write(w, g)
		}},
		{Name: "likec4", Ext: ".c4", Write: likec4.Write},
		{Name: "mermaid", Ext: ".mmd", Write: mermaid.Write},
	}
}

// WriterFor returns the writer of a format.
func WriterFor(format string) (Writer, error) {
	var names []string
	for _, w := range Writers() {
		if w.Name == format {
			return w, nil
		}
		names = append(names, w.Name)
	}
	return Writer{}, fmt.Errorf("--format %q: want %s", format, strings.Join(names, " | "))
}
