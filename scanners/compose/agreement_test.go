package compose

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	sharedcorpus "github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
	"github.com/archdrift/archdrift/scanners/kubernetes"
)

// corpus returns a folder of the public corpus, skipping the test when it is
// absent.
func corpus(t *testing.T, sub string) string {
	t.Helper()
	return sharedcorpus.Dir(t, sub)
}

// sockShopOutOfScope are the compose services whose Kubernetes form exists
// upstream (microservices-demo/microservices-demo, deploy/kubernetes) but
// not in the corpus, which holds only deploy/kubernetes/manifests, the
// shop itself. They, and every edge that touches them, are left out of the
// agreement figures; the test still checks that each of them is a
// difference, so the list cannot go stale.
var sockShopOutOfScope = map[string]string{
	"user-sim":      "load generator (weaveworksdemos/load-test); on Kubernetes it is manifests-loadtest/loadtest-dep.yaml",
	"log-server":    "logging overlay (docker-compose.logging.yml); on Kubernetes the stack is manifests-logging",
	"elasticsearch": "logging overlay (docker-compose.logging.yml); on Kubernetes the stack is manifests-logging",
	"kibana":        "logging overlay (docker-compose.logging.yml); on Kubernetes the stack is manifests-logging",
	"prometheus":    "monitoring overlay (docker-compose.monitoring.yml); on Kubernetes the stack is manifests-monitoring",
	"alertmanager":  "monitoring overlay (docker-compose.monitoring.yml); on Kubernetes the stack is manifests-alerting",
	"grafana":       "monitoring overlay (docker-compose.monitoring.yml); on Kubernetes the stack is manifests-monitoring",
	"nodeexporter":  "monitoring overlay (docker-compose.monitoring.yml); on Kubernetes the stack is manifests-monitoring",
	"importer":      "monitoring overlay (docker-compose.monitoring.yml): imports Grafana dashboards; manifests-monitoring does it with a Job",
}

// sockShopDifferences are the differences inside the scope: the two
// deployments of the shop really differ here, and they count against the
// agreement. Keys are "service <name>" or "edge <from> -> <to>".
var sockShopDifferences = map[string]struct{ onlyIn, reason string }{
	"service edge-router": {"compose", "Traefik router (weaveworksdemos/edge-router) publishing ports 80 and 8080 in front of " +
		"front-end; on Kubernetes the front-end Service is a NodePort (30001) and no router runs"},
	"service session-db": {"kubernetes", "Redis session store; the Kubernetes front-end runs with SESSION_REDIS=true, " +
		"the compose front-end keeps sessions in memory and has no session-db"},
}

// TestSockShopAgreement scans the sock shop of microservices-demo twice, as
// docker-compose files and as Kubernetes manifests, and checks that the two
// scans describe the same system: at least 90% of the services and of the
// edges of each scan, compared by name and by (from, to) names, appear in
// the other. Every difference must be explained above, with its reason.
//
// Neither scan sees the shop's calls between front-end, catalogue, carts,
// orders, payment and shipping: the images hard-code their peers' host
// names, so no configuration names them. Both see user → user-db (MONGO_HOST
// and mongo, user-db:27017).
func TestSockShopAgreement(t *testing.T) {
	composeDir, k8sDir := corpus(t, "sock-shop/docker-compose"), corpus(t, "sock-shop/kubernetes")
	cg, cdiags := scanWith(t, New(), composeDir)
	kg, kdiags := scanWith(t, kubernetes.New(), k8sDir)
	for _, d := range append(cdiags, kdiags...) {
		t.Errorf("diagnostic: %s", d)
	}

	cServices, kServices := serviceNames(cg), serviceNames(kg)
	cEdges, kEdges := edgeNames(cg), edgeNames(kg)

	// Every difference has a reason, and every reason is a difference.
	explained := map[string]bool{}
	var table []string
	check := func(what, onlyIn string, endpoints ...string) {
		if d, ok := sockShopDifferences[what]; ok {
			explained[what] = true
			if d.onlyIn != onlyIn {
				t.Errorf("%s: found only in %s, the table says only in %s", what, onlyIn, d.onlyIn)
			}
			table = append(table, fmt.Sprintf("| %s | %s | counted | %s |", what, onlyIn, d.reason))
			return
		}
		for _, e := range endpoints {
			if r, ok := sockShopOutOfScope[e]; ok {
				explained["service "+e] = true
				table = append(table, fmt.Sprintf("| %s | %s | out of scope | %s |", what, onlyIn, r))
				return
			}
		}
		t.Errorf("%s is only in the %s scan, with no reason in sockShopDifferences", what, onlyIn)
	}
	for _, s := range minus(cServices, kServices) {
		check("service "+s, "compose", s)
	}
	for _, s := range minus(kServices, cServices) {
		check("service "+s, "kubernetes", s)
	}
	for _, e := range minus(cEdges, kEdges) {
		from, to, _ := strings.Cut(e, " -> ")
		check("edge "+e, "compose", from, to)
	}
	for _, e := range minus(kEdges, cEdges) {
		from, to, _ := strings.Cut(e, " -> ")
		check("edge "+e, "kubernetes", from, to)
	}
	for what := range sockShopDifferences {
		if !explained[what] {
			t.Errorf("%s is listed as a difference but both scans agree on it now: update the table", what)
		}
	}
	for s := range sockShopOutOfScope {
		if !explained["service "+s] {
			t.Errorf("service %s is listed as out of scope but is not a difference: update the table", s)
		}
	}
	t.Logf("differences:\n| difference | only in | counts | reason |\n|---|---|---|---|\n%s", strings.Join(table, "\n"))

	// The figures, over the scope.
	inScope := func(names ...string) bool {
		for _, n := range names {
			if _, out := sockShopOutOfScope[n]; out {
				return false
			}
		}
		return true
	}
	scopeServices := func(list []string) []string {
		return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return !inScope(s) })
	}
	scopeEdges := func(list []string) []string {
		return slices.DeleteFunc(slices.Clone(list), func(e string) bool {
			from, to, _ := strings.Cut(e, " -> ")
			return !inScope(from, to)
		})
	}
	agree(t, "services", cServices, kServices, scopeServices)
	agree(t, "edges", cEdges, kEdges, scopeEdges)

	// The services both scans see are typed alike: both read images through
	// the one technology table.
	for _, n := range intersect(cServices, kServices) {
		c, k := byName(cg, n), byName(kg, n)
		if c.Class != k.Class || c.Technology != k.Technology {
			t.Errorf("%s: compose says %s/%q, kubernetes %s/%q", n, c.Class, c.Technology, k.Class, k.Technology)
		}
	}
}

// agree logs the raw figures and asserts the scoped ones: at least 90% of
// each side's items appear in the other.
func agree(t *testing.T, what string, c, k []string, scope func([]string) []string) {
	t.Helper()
	share := func(part, whole []string) float64 { return float64(len(part)) / float64(max(len(whole), 1)) }
	both := intersect(c, k)
	t.Logf("%s, raw: %d compose, %d kubernetes, %d in both (%.1f%% of compose, %.1f%% of kubernetes)",
		what, len(c), len(k), len(both), 100*share(both, c), 100*share(both, k))
	sc, sk := scope(c), scope(k)
	both = intersect(sc, sk)
	t.Logf("%s, in scope: %d compose, %d kubernetes, %d in both (%.1f%% of compose, %.1f%% of kubernetes)",
		what, len(sc), len(sk), len(both), 100*share(both, sc), 100*share(both, sk))
	if len(sc) == 0 || len(sk) == 0 {
		t.Errorf("%s: nothing in scope to compare", what)
	}
	if share(both, sc) < 0.9 || share(both, sk) < 0.9 {
		t.Errorf("%s: under 90%% agreement: %.1f%% of compose, %.1f%% of kubernetes", what, 100*share(both, sc), 100*share(both, sk))
	}
}

func scanWith(t *testing.T, s scanners.Scanner, dir string) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	if !s.Detect(os.DirFS(dir)) {
		t.Fatalf("%s: Detect(%s) = false", s.Name(), dir)
	}
	g, diags, err := s.Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatalf("%s: Scan(%s): %v", s.Name(), dir, err)
	}
	return g, diags
}

// serviceNames are the names of the containers of a graph, sorted.
func serviceNames(g *model.Graph) []string {
	var out []string
	for _, e := range g.Elements() {
		if e.Kind == model.KindContainer && !slices.Contains(out, e.Name) {
			out = append(out, e.Name)
		}
	}
	slices.Sort(out)
	return out
}

// edgeNames are the relationships of a graph as "from -> to" element names,
// sorted and without repeats.
func edgeNames(g *model.Graph) []string {
	name := func(id string) string {
		if e, ok := g.Element(id); ok {
			return e.Name
		}
		return id
	}
	var out []string
	for _, r := range g.Relationships() {
		if s := name(r.From) + " -> " + name(r.To); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// byName finds a container by name; an empty element when there is none.
func byName(g *model.Graph, name string) *model.Element {
	for _, e := range g.Elements() {
		if e.Name == name {
			return e
		}
	}
	return &model.Element{}
}

func minus(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool { return slices.Contains(b, s) })
}

func intersect(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool { return !slices.Contains(b, s) })
}
