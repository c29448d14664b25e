package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/check"
	"github.com/archdrift/archdrift/reporters"
)

// adrListing is `archdrift adr --format json`: the decisions as the policies
// see them (input.adrs) and what is wrong with them (input.adr_problems).
type adrListing struct {
	Dir      string        `json:"dir"`
	Records  []adr.Record  `json:"records"`
	Problems []adr.Problem `json:"problems"`
}

func newADRCmd(stdout, stderr io.Writer) *cobra.Command {
	var (
		cf     commonFlags
		format string
	)
	c := &cobra.Command{
		Use:   "adr [PATH]",
		Short: "List the ADRs, their status, links and constraints, and what is wrong with them",
		Long: `adr reads the architecture decision records the way check does and lists
them: number, status, title, lifecycle links and how many constraints (and
rego policies) each carries, then the problems that check reports as
adr.invalid. Only accepted decisions are enforced, proposed ones give notices.

It exits 0 once the ADRs could be read, problems or not: check is the gate.`,
		Example: `  archdrift adr testdata/shopflow
  archdrift adr . --adr-dir doc/architecture/decisions --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: want text or json", format)
			}
			d, diags, err := check.ADRs(cf.options(args, stderr))
			if err != nil {
				return err
			}
			for _, dg := range diags {
				fmt.Fprintf(stderr, "%s\n", dg)
			}
			if format == "json" {
				return reporters.WriteJSON(stdout, adrListing{Dir: d.Dir, Records: d.Records, Problems: d.Problems})
			}
			return writeADRText(stdout, d)
		},
	}
	c.Flags().StringVar(&cf.adrDir, "adr-dir", "", "ADR `directory` (default: auto-detect .adr-dir, the model's !adrs, docs/adr, doc/adr, docs/decisions, …)")
	c.Flags().StringVar(&cf.model, "model", "", "documented model `file`, read only for its !adrs path (default: auto-detect)")
	c.Flags().StringVar(&cf.config, "config", "", "config `file` (default: PATH/.archdrift.yaml when present)")
	c.Flags().StringVar(&format, "format", "text", "output `format`: text | json")
	return c
}

// writeADRText prints the decision log as a table, then its problems.
func writeADRText(w io.Writer, d *check.Decisions) error {
	if d.Dir == "" {
		_, err := fmt.Fprintln(w, "no ADRs found: looked for .adr-dir, the model's !adrs, docs/adr, doc/adr, docs/decisions, docs/architecture/decisions and architecture-decision-record; pass --adr-dir DIR")
		return err
	}
	fmt.Fprintf(w, "%s: %s, %s\n\n", d.Dir, adrCount(len(d.Records), "ADR"), adrCount(len(d.Problems), "problem"))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NUMBER\tSTATUS\tTITLE\tLINKS\tCONSTRAINTS\tFILE")
	for _, r := range d.Records {
		num := "-"
		if r.Number != adr.NoNumber {
			num = strconv.Itoa(r.Number)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", num, r.Status, adrCell(r.Title, 60), adrLinks(r.Links), adrConstraints(r), r.File)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(d.Problems) > 0 {
		fmt.Fprintln(w, "\nProblems (adr.invalid)")
		for _, p := range d.Problems {
			fmt.Fprintf(w, "  %s\n", adrCell(p.String(), 300))
		}
	}
	return nil
}

// adrLinks renders lifecycle links as ADRs write them: "superseded by 4".
func adrLinks(ls []adr.Link) string {
	if len(ls) == 0 {
		return "-"
	}
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		target := adrCell(l.Target, 40)
		if l.File != "" {
			target = strconv.Itoa(l.Number)
		}
		parts = append(parts, strings.ReplaceAll(l.Kind, "-", " ")+" "+target)
	}
	return strings.Join(parts, ", ")
}

// adrConstraints counts the constraints and rego policies an ADR carries.
func adrConstraints(r adr.Record) string {
	s := strconv.Itoa(len(r.Constraints))
	if len(r.Rego) > 0 {
		s += fmt.Sprintf(" + %d rego", len(r.Rego))
	}
	return s
}

func adrCount(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// adrCell keeps a table cell on one line and bounded: titles and link
// targets come from files a pull request controls.
func adrCell(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit-1]) + "…"
	}
	return s
}
