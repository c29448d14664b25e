package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/policies"
)

// errTestsFailed makes `policy test` exit 1, like a check with findings.
var errTestsFailed = fmt.Errorf("policy tests failed: %w", errFindings)

func newPolicyCmd(stdout, stderr io.Writer) *cobra.Command {
	c := &cobra.Command{
		Use:   "policy",
		Short: "List the rules, or run the Rego unit tests of built-in and user policies",
	}
	var listDirs []string
	list := &cobra.Command{
		Use:   "list",
		Short: "List every rule with its default severity and where it comes from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			eng, err := policies.New(cmd.Context(), policies.Options{Dirs: listDirs})
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RULE\tSEVERITY\tSOURCE\tTITLE")
			for _, r := range eng.Rules() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Source, r.Title)
			}
			return tw.Flush()
		},
	}
	list.Flags().StringArrayVar(&listDirs, "policy", nil, "extra Rego policy `dir` (repeatable)")
	test := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the _test.rego tests of the built-in policies and of DIR",
		Long: `test runs every test_ rule of the built-in policies and of the .rego files
under each DIR (policies and their _test.rego files), in the same sandbox
'archdrift check' uses. It exits 1 when a test fails or errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			results, err := policies.RunTests(cmd.Context(), args, 0)
			if err != nil {
				return err
			}
			if len(results) == 0 {
				return errors.New("no Rego tests found")
			}
			pass, fail := 0, 0
			for _, r := range results {
				switch r.Outcome {
				case "pass":
					pass++
				case "skip":
				default:
					fail++
					msg := fmt.Sprintf("%s: %s.%s %s", r.Location, r.Package, r.Name, strings.ToUpper(r.Outcome))
					if r.Err != "" {
						msg += ": " + r.Err
					}
					fmt.Fprintln(stdout, msg)
				}
			}
			fmt.Fprintf(stdout, "%d passed, %d failed\n", pass, fail)
			if fail > 0 {
				return errTestsFailed
			}
			return nil
		},
	}
	c.AddCommand(list, test)
	return c
}
