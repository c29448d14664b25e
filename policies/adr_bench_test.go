package policies

import (
	"context"
	"fmt"
	"testing"

	"github.com/archdrift/archdrift/adr"
	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// adrBenchInput is a synthetic estate of n matched services, each depending
// on three others, n/10 unmatched observed ones, and adrs accepted ADRs with
// one constraint of each verb.
func adrBenchInput(b testing.TB, n, adrs int) Input {
	b.Helper()
	doc, obs := model.NewGraph(), model.NewGraph()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(doc.Add(&model.Element{ID: "sys", Name: "System", Kind: model.KindSystem}))
	res := &diff.Result{}
	techs := map[string][]string{}
	for i := range n {
		d := fmt.Sprintf("sys.s%d", i)
		o := fmt.Sprintf("kubernetes:main/deployment/s%d", i)
		class, tech := model.ClassService, "Go"
		if i%10 == 0 {
			class, tech = model.ClassDatabase, "PostgreSQL"
		}
		must(doc.Add(&model.Element{ID: d, Name: fmt.Sprintf("Service %d", i), Kind: model.KindContainer, Class: class, Technology: tech, Parent: "sys", Tags: []string{fmt.Sprintf("team%d", i%7)}}))
		must(obs.Add(&model.Element{ID: o, Name: fmt.Sprintf("s%d", i), Class: class, Technology: tech, Sources: []model.Source{{Scanner: "kubernetes", File: "k8s.yaml", Line: i + 1}}}))
		res.Matches = append(res.Matches, report.Match{Documented: d, Observed: []string{o}, Via: "name"})
		techs[d], techs[o] = []string{tech}, []string{tech}
		for k := 1; k <= 3; k++ {
			j := (i*7 + k*13) % n
			if j == i {
				continue
			}
			res.Lifted = append(res.Lifted, diff.RelationshipFact{
				From: d, To: fmt.Sprintf("sys.s%d", j), FromName: fmt.Sprintf("Service %d", i), ToName: fmt.Sprintf("Service %d", j),
				ObservedFrom: o, ObservedTo: fmt.Sprintf("kubernetes:main/deployment/s%d", j),
				Location: &report.Location{File: "k8s.yaml", Line: i + 1},
			})
		}
	}
	for i := range n / 10 {
		o := fmt.Sprintf("terraform:aws_sqs_queue.q%d", i)
		must(obs.Add(&model.Element{ID: o, Name: fmt.Sprintf("q%d", i), Class: model.ClassQueue, Technology: "Amazon SQS"}))
		techs[o] = []string{"Amazon SQS"}
	}
	in := Input{Documented: doc, Observed: obs, Diff: res, Technologies: techs, Config: map[string]any{}}
	for a := range adrs {
		s := func(k int) string { return fmt.Sprintf("Service %d", (a*31+k)%n) }
		in.ADRs = append(in.ADRs, adr.Record{
			Number: a + 1, Title: fmt.Sprintf("Decision %d", a+1), Status: adr.StatusAccepted, File: fmt.Sprintf("docs/adr/%04d.md", a+1), Line: 1,
			Constraints: []adr.Constraint{
				{Verb: adr.VerbOnly, From: []string{s(1), s(2)}, To: []string{s(3)}, Line: 10},
				{Verb: adr.VerbDeny, From: []string{fmt.Sprintf("tag:team%d", a%7)}, To: []string{"class:database"}, Unless: []string{s(4)}, Line: 11},
				{Verb: adr.VerbRequire, From: []string{s(5)}, To: []string{"tech:PostgreSQL"}, Line: 12},
				{Verb: adr.VerbTechnology, Select: []string{"class:queue"}, Allow: []string{"RabbitMQ"}, Line: 13},
			},
		})
	}
	return in
}

// BenchmarkADRConstraints evaluates every built-in rule over estates with
// many ADR constraints, to keep adr.violation far below the policy timeout.
func BenchmarkADRConstraints(b *testing.B) {
	for _, size := range []struct{ services, adrs int }{{100, 20}, {1000, 200}} {
		b.Run(fmt.Sprintf("services=%d/adrs=%d", size.services, size.adrs), func(b *testing.B) {
			in := adrBenchInput(b, size.services, size.adrs)
			e := mustNew(b, Options{Timeout: 10 * DefaultTimeout})
			var n int
			for b.Loop() {
				fs, err := e.Evaluate(context.Background(), in)
				if err != nil {
					b.Fatal(err)
				}
				n = len(fs)
			}
			b.ReportMetric(float64(n), "findings")
		})
	}
}
