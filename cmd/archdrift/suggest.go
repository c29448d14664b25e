package main

import (
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/c4/suggest"
	"github.com/archdrift/archdrift/check"
)

func newSuggestCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf    commonFlags
		write bool
	)
	c := &cobra.Command{
		Use:   "suggest [PATH]",
		Short: "Print a patch to the Structurizr DSL model that documents the drift (--write applies it)",
		Long: `suggest checks PATH like check does and prints, as a unified diff, the edit
to the documented Structurizr DSL that documents what runs: each undocumented
element inside the software system (or container) where it belongs, mapped
to what it stands for (archdrift.source); each undocumented dependency after
the model's last relationship; and a "// archdrift: not observed" comment
above what the model shows but no scanner found. --write applies the edit in
place: only lines are added, so the file keeps its formatting and comments.`,
		Example: `  archdrift suggest . | git apply
  archdrift suggest testdata/shopflow --write`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := cf.options(args, stderr)
			res, err := check.Run(cmd.Context(), opts)
			if err != nil {
				return err
			}
			file := res.Documented.File
			if ext := strings.ToLower(path.Ext(file)); ext != ".dsl" {
				return fmt.Errorf("suggest edits Structurizr DSL, and the model %s is not (archdrift export --format dsl writes a DSL model to start from)", file)
			}
			root, err := os.OpenRoot(opts.Root)
			if err != nil {
				return err
			}
			defer root.Close()
			// The source is read again for where its statements are.
			ws, err := structurizr.ParseFile(root.FS(), file)
			if err != nil {
				return &check.InputError{Err: err}
			}
			plan := suggest.New(suggest.Input{Documented: ws.Graph, Observed: res.Observed.Graph, Diff: res.Diff})
			edits, err := plan.Patch(ws, file, root.ReadFile)
			if err != nil {
				return err
			}
			if len(edits) == 0 {
				fmt.Fprintln(stderr, "archdrift: nothing to suggest: the model documents what runs")
				return nil
			}
			for _, e := range edits {
				if !write {
					if _, err := stdout.Write(diff.Diff("a/"+e.File, e.Old, "b/"+e.File, e.New)); err != nil {
						return err
					}
					continue
				}
				st, err := root.Stat(e.File)
				if err != nil {
					return err
				}
				if err := root.WriteFile(e.File, e.New, st.Mode().Perm()); err != nil {
					return err
				}
				fmt.Fprintf(stderr, "archdrift: updated %s\n", path.Join(opts.Root, e.File))
			}
			return nil
		},
	}
	cf.register(c)
	c.Flags().BoolVarP(&write, "write", "w", false, "apply the patch to the model's files instead of printing it")
	return c
}
