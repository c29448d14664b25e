package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/reporters"
)

func newScanCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf     commonFlags
		format string
	)
	c := &cobra.Command{
		Use:   "scan [PATH]",
		Short: "Print the observed topology only (what the scanners found)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "text" {
				return fmt.Errorf("--format %q: want json or text", format)
			}
			obs, err := check.Observe(cmd.Context(), cf.options(args, stderr))
			if err != nil {
				return err
			}
			for _, d := range obs.Diagnostics {
				fmt.Fprintf(stderr, "%s\n", d)
			}
			if format == "text" {
				return writeGraphText(stdout, obs.Graph)
			}
			return reporters.WriteJSON(stdout, obs.Graph)
		},
	}
	cf.register(c)
	c.Flags().StringVar(&format, "format", "json", "output `format`: json | text")
	return c
}

func newModelCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf     commonFlags
		format string
	)
	c := &cobra.Command{
		Use:   "model [PATH]",
		Short: "Parse and validate the documented model, and print it",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "text" {
				return fmt.Errorf("--format %q: want json or text", format)
			}
			doc, err := check.Document(cmd.Context(), cf.options(args, stderr))
			if err != nil {
				return err
			}
			for _, d := range doc.Workspace.Diagnostics {
				fmt.Fprintf(stderr, "%s\n", d)
			}
			if format == "json" {
				return reporters.WriteJSON(stdout, doc.Workspace.Graph)
			}
			fmt.Fprintf(stdout, "%s: %d elements, %d relationships\n", doc.File, doc.Workspace.Graph.Len(), len(doc.Workspace.Graph.Relationships()))
			return writeGraphText(stdout, doc.Workspace.Graph)
		},
	}
	c.Flags().StringArrayVar(&cf.models, "model", nil, "documented model `file` or folder, repeatable (default: auto-detect)")
	c.Flags().StringVar(&cf.config, "config", "", "config `file` (default: PATH/.archdrift.yaml when present)")
	c.Flags().StringVar(&format, "format", "text", "output `format`: text | json")
	return c
}

// writeGraphText prints a graph as an indented tree followed by its arrows.
func writeGraphText(w io.Writer, g *model.Graph) error {
	var b strings.Builder
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, id := range g.Children(parent) {
			e, _ := g.Element(id)
			tech := ""
			if e.Technology != "" {
				tech = " [" + e.Technology + "]"
			}
			fmt.Fprintf(&b, "%s%s %q (%s)%s  %s\n", strings.Repeat("  ", depth), e.Kind, e.Name, e.ID, tech, e.Class)
			if depth < 32 {
				walk(id, depth+1)
			}
		}
	}
	walk("", 0)
	for _, r := range g.Relationships() {
		fmt.Fprintf(&b, "%s -> %s", r.From, r.To)
		if r.Description != "" {
			fmt.Fprintf(&b, " %q", r.Description)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
