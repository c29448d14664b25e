// Command plantedcheck compares the findings of `archdrift check --format
// json` on a generated estate with the drift the generator planted
// (planted.json, package internal/estategen/gen): the accuracy test at a
// scale too big for go test. It exits 1 when they differ.
//
//	archdrift check DIR --format json --fail-on never > report.json
//	go run ./bench/plantedcheck DIR report.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/policies"
	"github.com/archdrift/archdrift/report"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: plantedcheck DIR REPORT.json")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "plantedcheck:", err)
		os.Exit(1)
	}
}

func run(dir, reportFile string) error {
	planted, err := gen.ReadPlanted(dir)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(reportFile)
	if err != nil {
		return err
	}
	var rep report.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%s: %w", reportFile, err)
	}
	// The built-in rules decide which planted findings can be found: an
	// ADR rule that does not exist yet finds nothing.
	eng, err := policies.New(context.Background(), policies.Options{})
	if err != nil {
		return err
	}
	var rules []string
	for _, r := range eng.Rules() {
		rules = append(rules, r.ID)
	}
	found := make([]gen.Finding, len(rep.Findings))
	for i, f := range rep.Findings {
		found[i] = gen.Finding{Rule: f.Rule, Documented: f.Documented, Observed: f.Observed}
	}
	extra, missing := planted.Compare(found, rules)
	for _, f := range extra {
		fmt.Printf("found, not planted: %s\n", f)
	}
	for _, f := range missing {
		fmt.Printf("planted, not found: %s\n", f)
	}
	if len(extra)+len(missing) > 0 {
		return fmt.Errorf("scale %d: %d findings not planted, %d planted findings not found", planted.Scale, len(extra), len(missing))
	}
	expected := 0
	for _, f := range planted.Findings {
		if slices.Contains(rules, f.Rule) {
			expected++
		}
	}
	fmt.Printf("scale %d: found exactly the planted drift: %d findings of rules the engine has (%d planted in all)\n",
		planted.Scale, expected, len(planted.Findings))
	return nil
}
