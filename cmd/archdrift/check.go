package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/report"
	"github.com/archdrift/archdrift/reporters"
)

// commonFlags are the inputs shared by check, scan and model.
type commonFlags struct {
	model, adrDir, config string
	models                []string // --model, repeatable (check, scan, model)
	scanners              []string
	tfState, tfPlan       string
	aws                   awsFlags
	verbose               bool
}

func (f *commonFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.models, "model", nil, "documented model `file` or folder, repeatable: several are merged (default: auto-detect workspace.dsl, workspace.json, *.dsl, *.c4, *.mmd, Markdown in docs/architecture/…)")
	c.Flags().StringVar(&f.config, "config", "", "config `file` (default: PATH/.archdrift.yaml when present)")
	c.Flags().StringSliceVar(&f.scanners, "scanners", nil, "comma `list` of scanners to run (default: every offline scanner that finds something)")
	c.Flags().StringVar(&f.tfState, "tf-state", "", "Terraform state `file` (terraform.tfstate) to resolve real names")
	c.Flags().StringVar(&f.tfPlan, "tf-plan", "", "Terraform plan JSON `file` (terraform show -json)")
	f.aws.register(c)
	c.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "print progress to stderr even when it is not a terminal")
}

func (f *commonFlags) options(args []string, stderr io.Writer) check.Options {
	return check.Options{
		Root: pathArg(args), ModelFile: f.model, ModelFiles: f.models, ADRDir: f.adrDir, ConfigFile: f.config,
		Scanners: f.scanners, TerraformState: f.tfState, TerraformPlan: f.tfPlan, AWS: f.aws.options(),
		Progress: progress(stderr, f.verbose),
	}
}

func newCheckCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf       commonFlags
		format   string
		output   string
		failOn   string
		policies []string
		baseline string
		timeout  time.Duration
		outDir   string
		rf       reviewFlags
	)
	c := &cobra.Command{
		Use:   "check [PATH]",
		Short: "Read the model, scan, diff, apply policies and report drift (the main job)",
		Example: `  archdrift check testdata/shopflow
  archdrift check . --format json --fail-on never > drift.json
  archdrift check . --fail-on warning --policy policy/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			formats, err := parseFormats(format, output, outDir)
			if err != nil {
				return err
			}
			opts := cf.options(args, stderr)
			opts.PolicyDirs = policies
			opts.Baseline = baseline
			opts.PolicyTimeout = timeout
			rv, err := rf.prepare(cmd, &opts, stderr)
			if err != nil {
				return err
			}
			res, err := check.Run(cmd.Context(), opts)
			if err != nil {
				return err
			}
			level := failOn
			if !cmd.Flags().Changed("fail-on") && res.Config.FailOn != "" {
				level = res.Config.FailOn
			}
			min, err := parseFailOn(level)
			if err != nil {
				return err
			}
			in := reporters.Input{Report: res.Report, Documented: res.Documented.Workspace.Graph, Observed: res.Observed.Graph, Diff: res.Diff}
			rv.decorate(&in)
			if err := writeReports(reporters.WithRules(res.Rules), formats, output, outDir, in, stdout); err != nil {
				return err
			}
			if err := rv.publish(cmd.Context(), res, in, min != "" && res.Report.Count(min) > 0); err != nil {
				return err
			}
			if min != "" && res.Report.Count(min) > 0 {
				return errFindings
			}
			return nil
		},
	}
	cf.register(c)
	rf.register(c)
	c.Flags().StringVar(&cf.adrDir, "adr-dir", "", "ADR `directory` (default: auto-detect docs/adr, doc/adr, docs/decisions, …)")
	c.Flags().StringVar(&format, "format", "text", "output `format`s, comma separated: "+strings.Join(reporters.Default().Names(), " | "))
	c.Flags().StringVarP(&output, "output", "o", "", "write the report to `file` instead of stdout")
	c.Flags().StringVar(&outDir, "output-dir", "", "write one file per --format into `dir` (archdrift.md, archdrift.sarif, …)")
	c.Flags().StringVar(&failOn, "fail-on", "error", "exit 1 when a finding is at or above `level`: error | warning | notice | never")
	c.Flags().StringArrayVar(&policies, "policy", nil, "extra Rego policy `dir` (repeatable)")
	c.Flags().StringVar(&baseline, "baseline", "", "accepted drift: findings recorded in this baseline `file` do not count (see archdrift baseline)")
	c.Flags().DurationVar(&timeout, "policy-timeout", 10*time.Second, "bound on policy evaluation")
	return c
}

func parseFailOn(s string) (report.Severity, error) {
	switch s {
	case "error", "warning", "notice":
		return report.Severity(s), nil
	case "never":
		return "", nil
	}
	return "", fmt.Errorf("--fail-on %q: want error, warning, notice or never", s)
}
