package suggest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/diff"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

func TestNew(t *testing.T) {
	doc := model.NewGraph()
	for _, e := range []*model.Element{
		{ID: "s", Name: "Shop", Kind: model.KindSystem},
		{ID: "s.c", Name: "Catalog", Kind: model.KindContainer, Parent: "s"},
		{ID: "s.cache", Name: "Cache", Kind: model.KindContainer, Parent: "s", Technology: "Redis"},
	} {
		if err := doc.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	obs := model.NewGraph()
	for _, e := range []*model.Element{
		{ID: "k:c", Name: "catalog", Kind: model.KindContainer, Group: "shop"},
		{ID: "code:c/x", Name: "x", Kind: model.KindComponent, Parent: "k:c"},
		{ID: "code:tech/Redis", Name: "Redis", Kind: model.KindContainer, Technology: "Redis", Properties: map[string]string{model.PropTechnologyOnly: "true"}},
		{ID: "code:tech/Kafka", Name: "Kafka", Kind: model.KindContainer, Class: model.ClassTopic, Technology: "Kafka", Properties: map[string]string{model.PropTechnologyOnly: "true"}},
		{ID: "k:worker[0]", Name: "worker", Kind: model.KindContainer, Class: model.ClassQueue, Group: "shop"},
	} {
		if err := obs.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	d := &diff.Result{
		Matches: []report.Match{{Documented: "s.c", Observed: []string{"k:c"}, Via: "name"}},
		UndocumentedElements: []diff.ElementFact{
			{ID: "code:c/x", Name: "x", Kind: "component", Class: "service"},
			{ID: "k:worker[0]", Name: "worker", Kind: "container", Class: "queue", Group: "shop", Display: "Deployment shop/worker"},
		},
		UndocumentedRelationships: []diff.RelationshipFact{
			{From: "s.c", To: "code:tech/Redis"},
			{From: "s.c", To: "code:tech/Kafka", Technology: "Kafka"},
		},
		Lifted: []diff.RelationshipFact{{From: "code:c/x", To: "s.c", Description: "imports"}, {From: "k:worker[0]", To: "nowhere"}},
	}
	p := New(Input{Documented: doc, Observed: obs, Diff: d})
	var got []string
	for _, e := range p.Elements {
		got = append(got, e.In+" | "+e.Ref+" | "+strings.Join(e.Lines, " / "))
	}
	for _, r := range p.Relationships {
		got = append(got, strings.Join(r.Lines, " / "))
	}
	want := []string{
		`s.c | s.c.x | x = component "x" "" "" { /     properties { /         "archdrift.source" "code:c/x" /     } / }`,
		`s | s.worker | worker = container "worker" "" "" { /     tags "Queue" /     properties { /         "archdrift.source" "k:worker[[]0]" /     } / }`,
		`s | s.kafka | kafka = container "Kafka" "" "Kafka" { /     tags "Topic" /     properties { /         "archdrift.source" "code:tech/Kafka" /     } / }`,
		`s.c -> s.cache "Uses" ""`,
		`s.c -> s.kafka "Uses" "Kafka"`,
		`s.c.x -> s.c "imports" ""`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
}
