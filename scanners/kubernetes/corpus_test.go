package kubernetes

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	sharedcorpus "github.com/archdrift/archdrift/internal/corpus"
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// corpus returns a folder of the public corpus, skipping the test when it is
// absent.
func corpus(t *testing.T, sub string) string {
	t.Helper()
	return sharedcorpus.Dir(t, sub)
}

func scanDir(t *testing.T, dir string) (*model.Graph, []model.Diagnostic) {
	t.Helper()
	g, diags, err := New().Scan(context.Background(), scanners.Input{FS: os.DirFS(dir), Root: dir})
	if err != nil {
		t.Fatalf("Scan(%s): %v", dir, err)
	}
	return g, diags
}

// TestOnlineBoutique scans GoogleCloudPlatform/microservices-demo's
// kubernetes-manifests. The expectations were read off the manifests by
// hand: 12 Deployments (the 11 services of the demo, loadgenerator
// included, and the Redis cart store), all in the default namespace, and the
// peers each one names in its env as host:port.
func TestOnlineBoutique(t *testing.T) {
	dir := corpus(t, "k8s/online-boutique")
	g, diags := scanDir(t, dir)
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}

	// Every service image is a bare name ("frontend") the technology
	// table cannot know; redis:alpine is Redis.
	want := map[string]string{
		"adservice": "service/", "cartservice": "service/", "checkoutservice": "service/",
		"currencyservice": "service/", "emailservice": "service/", "frontend": "service/",
		"loadgenerator": "service/", "paymentservice": "service/", "productcatalogservice": "service/",
		"recommendationservice": "service/", "shippingservice": "service/",
		"redis-cart": "cache/Redis",
	}
	got := map[string]string{}
	for _, e := range g.Elements() {
		if e.Kind != model.KindContainer {
			t.Errorf("%s: kind %s, want container", e.ID, e.Kind)
		}
		got[short(e.ID)] = string(e.Class) + "/" + e.Technology
	}
	wantIDs := map[string]string{}
	for name, ct := range want {
		wantIDs["default/deployment/"+name] = ct
	}
	if diff := cmp.Diff(wantIDs, got); diff != "" {
		t.Errorf("elements (-want +got):\n%s", diff)
	}

	// frontend.yaml names eight peers; shoppingassistantservice has no
	// manifest in this folder (it is an optional kustomize component), so
	// it yields no edge.
	frontend := []string{
		"default/deployment/frontend -> default/deployment/adservice: env AD_SERVICE_ADDR",
		"default/deployment/frontend -> default/deployment/cartservice: env CART_SERVICE_ADDR",
		"default/deployment/frontend -> default/deployment/checkoutservice: env CHECKOUT_SERVICE_ADDR",
		"default/deployment/frontend -> default/deployment/currencyservice: env CURRENCY_SERVICE_ADDR",
		"default/deployment/frontend -> default/deployment/productcatalogservice: env PRODUCT_CATALOG_SERVICE_ADDR",
		"default/deployment/frontend -> default/deployment/recommendationservice: env RECOMMENDATION_SERVICE_ADDR",
		"default/deployment/frontend -> default/deployment/shippingservice: env SHIPPING_SERVICE_ADDR",
	}
	others := []string{
		"default/deployment/cartservice -> default/deployment/redis-cart: env REDIS_ADDR",
		"default/deployment/checkoutservice -> default/deployment/cartservice: env CART_SERVICE_ADDR",
		"default/deployment/checkoutservice -> default/deployment/currencyservice: env CURRENCY_SERVICE_ADDR",
		"default/deployment/checkoutservice -> default/deployment/emailservice: env EMAIL_SERVICE_ADDR",
		"default/deployment/checkoutservice -> default/deployment/paymentservice: env PAYMENT_SERVICE_ADDR",
		"default/deployment/checkoutservice -> default/deployment/productcatalogservice: env PRODUCT_CATALOG_SERVICE_ADDR",
		"default/deployment/checkoutservice -> default/deployment/shippingservice: env SHIPPING_SERVICE_ADDR",
		// The init container's wget script names ${FRONTEND_ADDR}, not
		// a host; the env var of both containers gives this one edge.
		"default/deployment/loadgenerator -> default/deployment/frontend: env FRONTEND_ADDR",
		"default/deployment/recommendationservice -> default/deployment/productcatalogservice: env PRODUCT_CATALOG_SERVICE_ADDR",
	}
	var gotFrontend, gotAll []string
	for _, r := range g.Relationships() {
		s := edgeString(r)
		gotAll = append(gotAll, s)
		if r.From == "kubernetes:default/deployment/frontend" {
			gotFrontend = append(gotFrontend, s)
		}
	}
	if diff := cmp.Diff(frontend, gotFrontend); diff != "" {
		t.Errorf("frontend edges (-want +got):\n%s", diff)
	}
	all := slices.Concat(frontend, others)
	slices.Sort(all)
	if diff := cmp.Diff(all, gotAll); diff != "" {
		t.Errorf("all edges (-want +got):\n%s", diff)
	}

	// The edge points at the env var: cartservice.yaml line 50 is
	// "- name: REDIS_ADDR".
	for _, r := range g.Relationships() {
		if r.From == "kubernetes:default/deployment/cartservice" {
			if got := r.Sources[0].String(); got != "cartservice.yaml:50:11" {
				t.Errorf("cartservice -> redis-cart source = %s, want cartservice.yaml:50:11", got)
			}
		}
	}
}

// TestSockShop scans microservices-demo/microservices-demo's deploy/kubernetes:
// 14 Deployments in the sock-shop namespace (counted by hand, one per
// NN-*-dep.yaml file), Services in both .yml and .yaml files.
func TestSockShop(t *testing.T) {
	dir := corpus(t, "sock-shop/kubernetes")
	files, err := scanners.Files(os.DirFS(dir), ".yml")
	if err != nil || len(files) == 0 {
		t.Fatalf("expected .yml files beside the .yaml ones in %s (got %v, %v)", dir, files, err)
	}
	g, diags := scanDir(t, dir)
	for _, d := range diags {
		if d.Severity == model.DiagError {
			t.Errorf("error diagnostic: %s", d)
		}
	}
	if g.Len() != 14 {
		t.Errorf("elements = %d, want 14", g.Len())
	}
	want := map[string]string{
		"sock-shop/deployment/carts-db":   "database/MongoDB",
		"sock-shop/deployment/orders-db":  "database/MongoDB",
		"sock-shop/deployment/session-db": "cache/Redis",
		"sock-shop/deployment/rabbitmq":   "queue/RabbitMQ",
		// weaveworksdemos/user-db is MongoDB and catalogue-db MySQL, but
		// their image names do not say so.
		"sock-shop/deployment/user-db":      "service/",
		"sock-shop/deployment/catalogue-db": "service/",
		"sock-shop/deployment/front-end":    "service/",
	}
	for id, ct := range want {
		e, ok := g.Element("kubernetes:" + id)
		if !ok {
			t.Errorf("no element %s", id)
			continue
		}
		if got := string(e.Class) + "/" + e.Technology; got != ct {
			t.Errorf("%s: class/technology = %q, want %q", id, got, ct)
		}
		if e.Group != "sock-shop" {
			t.Errorf("%s: group = %q, want sock-shop", id, e.Group)
		}
	}
	// The only peer named in an env var that has a Service here: user's
	// "mongo: user-db:27017". shipping's ZIPKIN names
	// zipkin.jaeger.svc.cluster.local, which is not deployed.
	var edges []string
	for _, r := range g.Relationships() {
		edges = append(edges, edgeString(r))
	}
	if diff := cmp.Diff([]string{"sock-shop/deployment/user -> sock-shop/deployment/user-db: env mongo"}, edges, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}

func TestDetectCorpus(t *testing.T) {
	for _, sub := range []string{"k8s/online-boutique", "sock-shop/kubernetes"} {
		if !New().Detect(os.DirFS(corpus(t, sub))) {
			t.Errorf("Detect(%s) = false", sub)
		}
	}
	if dir := corpus(t, "sock-shop/docker-compose"); New().Detect(os.DirFS(dir)) {
		t.Errorf("Detect(sock-shop/docker-compose) = true, want false: compose files are not manifests")
	}
}
