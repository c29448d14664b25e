package reporters

import (
	"testing"

	"github.com/archdrift/archdrift/report"
)

func TestLinksFileURL(t *testing.T) {
	gh := &Links{RepoURL: "https://github.com/acme/shop/", Ref: "main"}
	for _, tt := range []struct {
		links *Links
		loc   *report.Location
		want  string
	}{
		{gh, loc("deploy/k8s/orders.yaml", 12), "https://github.com/acme/shop/blob/main/deploy/k8s/orders.yaml#L12"},
		{gh, &report.Location{File: "docs/adr/0001 use (pg).md"}, "https://github.com/acme/shop/blob/main/docs/adr/0001%20use%20%28pg%29.md"},
		{&Links{RepoURL: "https://git.example/a/b", Ref: "feature/x#1"}, loc("a.tf", 3), "https://git.example/a/b/blob/feature/x%231/a.tf#L3"},
		{gh, loc("../etc/passwd", 1), ""},
		{gh, loc("/etc/passwd", 1), ""},
		{gh, loc("a/../../b", 1), ""},
		{gh, nil, ""},
		{nil, loc("a.tf", 1), ""},
		{&Links{RepoURL: "javascript:alert(1)//", Ref: "main"}, loc("a.tf", 1), ""},
		{&Links{RepoURL: "https://github.com/acme/shop"}, loc("a.tf", 1), ""},
	} {
		if got := tt.links.FileURL(tt.loc); got != tt.want {
			t.Errorf("%+v.FileURL(%+v) = %q, want %q", tt.links, tt.loc, got, tt.want)
		}
	}
}

func TestLocate(t *testing.T) {
	l := newLocator(shopflowInput())
	str := report.Str
	for _, tt := range []struct {
		name string
		f    report.Finding
		want *report.Location
	}{
		{"own location wins", report.Finding{Rule: "x", Location: loc("a.yaml", 2), Observed: str(k8s("deployment", "webapp"))}, loc("a.yaml", 2)},
		{"observed element", report.Finding{Rule: "x", Observed: str(k8s("deployment", "webapp"))}, loc("deploy/k8s/main/webapp.yaml", 1)},
		{"documented element", report.Finding{Rule: "x", Documented: str("shopflow.reviews")}, loc(dsl, 36)},
		{"documented relationship", report.Finding{Rule: "x", Documented: str("shopflow.gateway->shopflow.reviews")}, loc(dsl, 51)},
		{"observed relationship", report.Finding{Rule: "x", Observed: str(k8s("deployment", "order-service") + "->" + k8s("deployment", "notification-service"))}, loc("deploy/k8s/main/order-service.yaml", 38)},
		{"adr rule: the ADR", report.Finding{Rule: "adr.invalid", Documented: str("shopflow.reviews"), ADR: &report.ADRRef{Number: 1, File: "docs/adr/1.md", Line: 4}}, loc("docs/adr/1.md", 4)},
		{"ADR as last resort", report.Finding{Rule: "x", ADR: &report.ADRRef{Number: 1, File: "docs/adr/1.md"}}, &report.Location{File: "docs/adr/1.md"}},
		{"nothing", report.Finding{Rule: "x", Observed: str("nowhere")}, nil},
	} {
		got := l.Locate(tt.f)
		if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
