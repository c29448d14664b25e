package policies

import (
	"context"
	"fmt"
	"testing"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

// syntheticInput is an estate of n documented and n observed containers
// with n/5 undocumented and n/5 missing elements, n/5 undocumented and n/10
// missing relationships, n/20 technology mismatches and n/25 ambiguities.
func syntheticInput(tb testing.TB, n int) Input {
	tb.Helper()
	documented, observed := model.NewGraph(), model.NewGraph()
	var d diff.Result
	for i := range n {
		docID := fmt.Sprintf("estate.service%d", i)
		obsID := fmt.Sprintf("kubernetes:main/deployment/service-%d", i)
		file := fmt.Sprintf("deploy/k8s/service-%d.yaml", i)
		for g, e := range map[*model.Graph]*model.Element{
			documented: {ID: docID, Name: fmt.Sprintf("Service %d", i), Kind: model.KindContainer, Class: model.ClassService, Technology: "Go",
				Sources: []model.Source{{Scanner: "structurizr", File: "workspace.dsl", Line: 10 + i}}},
			observed: {ID: obsID, Name: fmt.Sprintf("service-%d", i), Kind: model.KindContainer, Class: model.ClassService, Group: "main",
				Sources: []model.Source{{Scanner: "kubernetes", File: file, Line: 1}}},
		} {
			if err := g.Add(e); err != nil {
				tb.Fatal(err)
			}
		}
		if i > 0 {
			documented.AddRelationship(&model.Relationship{From: fmt.Sprintf("estate.service%d", i-1), To: docID, Description: "calls"})
			observed.AddRelationship(&model.Relationship{From: fmt.Sprintf("kubernetes:main/deployment/service-%d", i-1), To: obsID})
		}
		obsLoc := &report.Location{File: file, Line: 1}
		docLoc := &report.Location{File: "workspace.dsl", Line: 10 + i}
		edge := diff.RelationshipFact{
			From: fmt.Sprintf("estate.service%d", i), To: fmt.Sprintf("estate.service%d", (i+7)%n),
			FromName: fmt.Sprintf("Service %d", i), ToName: fmt.Sprintf("Service %d", (i+7)%n),
			ObservedFrom: obsID, ObservedTo: fmt.Sprintf("kubernetes:main/deployment/service-%d", (i+7)%n),
			Location: obsLoc,
		}
		switch {
		case i%5 == 0:
			d.UndocumentedElements = append(d.UndocumentedElements, diff.ElementFact{ID: obsID, Name: fmt.Sprintf("service-%d", i),
				Kind: "container", Class: "service", Group: "main", Display: "Deployment main/service-" + fmt.Sprint(i), Location: obsLoc})
		case i%5 == 1:
			d.MissingElements = append(d.MissingElements, diff.ElementFact{ID: docID, Name: fmt.Sprintf("Service %d", i),
				Kind: "container", Class: "service", Display: fmt.Sprintf("Service %d", i), Location: docLoc})
		default:
			d.Matches = append(d.Matches, report.Match{Documented: docID, Observed: []string{obsID}, Via: "name"})
		}
		if i%5 == 2 {
			d.UndocumentedRelationships = append(d.UndocumentedRelationships, edge)
		}
		if i%10 == 3 {
			d.MissingRelationships = append(d.MissingRelationships, diff.RelationshipFact{From: edge.From, To: edge.To,
				FromName: edge.FromName, ToName: edge.ToName, Location: docLoc})
		}
		if i%20 == 4 {
			d.TechnologyMismatches = append(d.TechnologyMismatches, diff.TechnologyFact{Documented: docID, DocumentedName: fmt.Sprintf("Service %d", i),
				Observed: obsID, DocumentedTechnology: "Go", ObservedTechnology: "Java", Location: obsLoc})
		}
		if i%25 == 6 {
			d.Ambiguous = append(d.Ambiguous, diff.Ambiguity{Observed: obsID, Candidates: []string{docID, fmt.Sprintf("estate.service%d", (i+1)%n)}, Location: obsLoc})
		}
		d.Lifted = append(d.Lifted, edge)
	}
	return Input{Documented: documented, Observed: observed, Diff: &d, ADRs: []any{}, Config: map[string]any{}}
}

func TestSyntheticInput(t *testing.T) {
	const n = 500
	in := syntheticInput(t, n)
	got, err := mustNew(t, Options{}).Evaluate(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	facts := len(in.Diff.UndocumentedElements) + len(in.Diff.MissingElements) + len(in.Diff.UndocumentedRelationships) +
		len(in.Diff.MissingRelationships) + len(in.Diff.TechnologyMismatches) + len(in.Diff.Ambiguous)
	if len(got) != facts {
		t.Errorf("%d findings for %d facts", len(got), facts)
	}
}

// BenchmarkEvaluate evaluates the built-in rules over 1,000 elements (500
// documented, 500 observed) and 395 facts, input conversion included.
func BenchmarkEvaluate(b *testing.B) {
	in := syntheticInput(b, 500)
	e := mustNew(b, Options{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Evaluate(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
