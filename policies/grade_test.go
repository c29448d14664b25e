package policies

import (
	"testing"

	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/report"
)

func TestGrade(t *testing.T) {
	doc := model.NewGraph()
	_ = doc.Add(&model.Element{ID: "s.legacy", Properties: map[string]string{model.PropIgnore: "element.missing: retired in Q3"}})
	_ = doc.Add(&model.Element{ID: "s.a"})
	_ = doc.Add(&model.Element{ID: "s.b", Properties: map[string]string{model.PropIgnore: "element.missing"}}) // no reason: not honoured
	doc.AddRelationship(&model.Relationship{From: "s.a", To: "s.legacy", Properties: map[string]string{model.PropIgnore: "relationship.missing: monthly batch; *: noisy"}})
	cfg := &config.Config{
		Rules: map[string]string{"technology.mismatch": "off", "element.undocumented": "notice"},
		Ignore: []config.Ignore{
			{Rule: "element.undocumented", Element: "kubernetes:main/deployment/debug-*", Reason: "debug tools"},
			{Rule: "*", Path: "legacy/**", Reason: "being rewritten"},
		},
	}
	f := func(rule, doc, obs, file string) report.Finding {
		return report.Finding{Rule: rule, Severity: report.SeverityError, Message: rule, Documented: report.Str(doc), Observed: report.Str(obs), Location: &report.Location{File: file}}
	}
	in := []report.Finding{
		f("element.undocumented", "", "kubernetes:main/deployment/debug-shell", "k/debug.yaml"), // config ignore
		f("element.undocumented", "", "kubernetes:main/deployment/orders", "k/orders.yaml"),     // re-graded
		f("technology.mismatch", "s.a", "k:x", "k/x.yaml"),                                      // off
		f("element.missing", "s.legacy", "", "w.dsl"),                                           // model ignore on element
		f("element.missing", "s.b", "", "w.dsl"),                                                // ignore without reason: kept
		f("relationship.missing", "s.a->s.legacy", "", "w.dsl"),                                 // model ignore on element end
		f("relationship.undocumented", "s.x->s.y", "", "legacy/old.yaml"),                       // path ignore
	}
	kept, supp := Grade(in, cfg, doc)
	if len(kept) != 2 {
		t.Fatalf("kept %d findings, want 2: %+v", len(kept), kept)
	}
	if kept[0].Severity != report.SeverityNotice || *kept[0].Observed != "kubernetes:main/deployment/orders" {
		t.Errorf("re-graded finding = %+v", kept[0])
	}
	if *kept[1].Documented != "s.b" {
		t.Errorf("a suppression without a reason was honoured")
	}
	wantBy := map[string]string{"debug tools": "config", "rule turned off in rules:": "config", "retired in Q3": "model", "being rewritten": "config"}
	for _, s := range supp {
		if by, ok := wantBy[s.Reason]; ok && by != s.By {
			t.Errorf("%s suppressed by %s, want %s", s.Rule, s.By, by)
		}
	}
	if len(supp) != 5 {
		t.Errorf("suppressed %d, want 5: %+v", len(supp), supp)
	}
}
