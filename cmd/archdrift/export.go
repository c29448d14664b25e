package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/c4"
	"github.com/archdrift/archdrift/check"
)

func newExportCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf      commonFlags
		format  string
		output  string
		name    string
		systems []string
	)
	var formats []string
	for _, w := range c4.Writers() {
		formats = append(formats, w.Name)
	}
	c := &cobra.Command{
		Use:   "export [PATH]",
		Short: "Print what runs as a C4 model (a first model for a team with no docs)",
		Long: `export scans PATH like check does and prints the observed topology as a C4
model: a software system per Kubernetes namespace, Terraform module or compose
project (or per --system), with a container for each workload, store and queue,
each mapped to what it stands for (archdrift.source), and the observed
dependencies as relationships. Checked against the estate it came from, the
model shows no drift.`,
		Example: `  archdrift export . --format dsl > docs/architecture/workspace.dsl
  archdrift export deploy --format mermaid --system shop='kubernetes:main/**'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := c4.WriterFor(format)
			if err != nil {
				return err
			}
			opts := c4.ExportOptions{Name: name, Systems: map[string][]string{}}
			for _, s := range systems {
				sys, globs, ok := strings.Cut(s, "=")
				if !ok || strings.TrimSpace(sys) == "" || strings.TrimSpace(globs) == "" {
					return fmt.Errorf("--system %q: want NAME=GLOB[,GLOB…]", s)
				}
				for _, g := range strings.Split(globs, ",") {
					opts.Systems[strings.TrimSpace(sys)] = append(opts.Systems[strings.TrimSpace(sys)], strings.TrimSpace(g))
				}
			}
			if opts.Name == "" {
				abs, err := filepath.Abs(pathArg(args))
				if err != nil {
					return err
				}
				opts.Name = filepath.Base(abs)
			}
			obs, err := check.Observe(cmd.Context(), cf.options(args, stderr))
			if err != nil {
				return err
			}
			for _, d := range obs.Diagnostics {
				fmt.Fprintf(stderr, "%s\n", d)
			}
			g := c4.FromObserved(obs.Graph, opts)
			var out io.Writer = stdout
			if output != "" {
				f, err := os.Create(output)
				if err != nil {
					return err
				}
				defer f.Close()
				out = f
			}
			return w.Write(out, g, opts.Name)
		},
	}
	cf.register(c)
	c.Flags().StringVar(&format, "format", "dsl", "output `format`: "+strings.Join(slices.Sorted(slices.Values(formats)), " | "))
	c.Flags().StringVarP(&output, "output", "o", "", "write the model to `file` instead of stdout")
	c.Flags().StringVar(&name, "name", "", "the model's `name`, and the system of elements in no namespace or module (default: PATH's folder name)")
	c.Flags().StringArrayVar(&systems, "system", nil, "put observed elements in a software system: `NAME=GLOB[,GLOB…]` over observed IDs (repeatable)")
	return c
}
