package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/baseline"
	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/reporters"
)

func newBaselineCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf       commonFlags
		output   string
		policies []string
	)
	c := &cobra.Command{
		Use:   "baseline [PATH]",
		Short: "Record today's findings as accepted drift, for check --baseline",
		Long: `baseline runs a check and writes every finding to a baseline file. A later
'archdrift check --baseline FILE' does not count the findings it records, so a
team can adopt the gate on an estate that already drifts: new drift fails, and
baselined drift that has been fixed is reported as resolved so the file can
shrink. Findings are keyed by rule and element IDs, not line numbers.`,
		Example: `  archdrift baseline . -o .archdrift-baseline.json
  archdrift check . --baseline .archdrift-baseline.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := cf.options(args, stderr)
			opts.PolicyDirs = policies
			res, err := check.Run(cmd.Context(), opts)
			if err != nil {
				return err
			}
			w := stdout
			if output != "" && output != "-" {
				f, err := os.Create(output)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			return reporters.WriteJSON(w, baseline.FromReport(res.Report))
		},
	}
	cf.register(c)
	c.Flags().StringVar(&cf.adrDir, "adr-dir", "", "ADR `directory`")
	c.Flags().StringVarP(&output, "output", "o", "", "write the baseline to `file` (default stdout)")
	c.Flags().StringArrayVar(&policies, "policy", nil, "extra Rego policy `dir` (repeatable)")
	return c
}
