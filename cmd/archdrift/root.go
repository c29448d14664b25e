package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/archdrift/archdrift/check"
)

// Exit codes, the CI contract.
const (
	exitOK       = 0
	exitFindings = 1
	exitInput    = 2
)

// errFindings tells run that the command worked and found drift at or above
// --fail-on.
var errFindings = errors.New("findings at or above --fail-on")

func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		fmt.Fprintf(stderr, "archdrift: %v\n", err)
		var ie *check.InputError
		if errors.As(err, &ie) {
			return exitInput
		}
		return exitInput
	}
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "archdrift",
		Short: "Check architecture docs (C4 model, ADRs) against what really runs",
		Long: `archdrift reads what a team says its system is (a C4 model in Structurizr DSL,
plus its ADRs) and what the system really is (Kubernetes manifests, Terraform),
diffs the two, and runs OPA policies over the difference to flag stale docs and
broken decisions.

Exit codes: 0 no findings at or above --fail-on; 1 findings at or above it;
2 bad usage or unreadable model, config or policy.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w\nrun '%s --help' for usage", err, c.CommandPath())
	})
	root.AddCommand(newCheckCmd(stdout, stderr), newScanCmd(stdout, stderr), newModelCmd(stdout, stderr), newVersionCmd(stdout))
	root.AddCommand(newBaselineCmd(stdout, stderr), newPolicyCmd(stdout, stderr))
	root.AddCommand(newADRCmd(stdout, stderr))
	root.AddCommand(newAWSCmd(stdout))
	root.AddCommand(newExportCmd(stdout, stderr), newSuggestCmd(stdout, stderr))
	return root
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the archdrift version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v := "(devel)"
			if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
				v = bi.Main.Version
			}
			fmt.Fprintf(stdout, "archdrift %s\n", v)
			return nil
		},
	}
}

// isTerminal reports whether w is a terminal, for colour and progress.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is the width of the terminal w writes to, or 0.
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return width
}

// progress returns a progress sink writing to stderr when it is a terminal,
// so that piped and CI output stays clean.
func progress(stderr io.Writer, verbose bool) func(string, ...any) {
	if !verbose && !isTerminal(stderr) {
		return nil
	}
	return func(format string, args ...any) {
		fmt.Fprintf(stderr, "archdrift: "+format+"\n", args...)
	}
}

func pathArg(args []string) string {
	if len(args) == 0 {
		return "."
	}
	return args[0]
}
