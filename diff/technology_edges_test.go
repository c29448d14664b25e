package diff

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
)

// tech is an observed technology-only element, as the code scanner makes.
func tech(name string, class model.Class) *model.Element {
	e := el("code:tech/"+name, name, C, class, name, "")
	e.Properties[model.PropTechnologyOnly] = "true"
	e.Sources = nil
	return e
}

// comp is an observed Go package inside the unit parent.
func comp(id, name, parent string) *model.Element {
	return el(id, name, Cmp, model.ClassService, "Go", parent)
}

// unit is an observed deployable unit of the code scanner, which does not
// see the unit's calls.
func unit(id, name string) *model.Element {
	e := el(id, name, C, model.ClassService, "Go", "")
	e.Properties[model.PropCallsUnseen] = "true"
	return e
}

// codeSees is what the code scanner could see: components only.
func codeSees(e *model.Element) bool { return e.Kind == model.KindComponent }

// codeSummary is what these tests compare: the facts, with the names the
// findings print and the folded observations.
type codeSummary struct {
	Matches      map[string][]string
	Undocumented map[string][]string // id → also
	Missing      []string
	UndocRels    []string // "from → to-name"
	MissingRels  [][2]string
}

func summarizeCode(r *Result) codeSummary {
	s := codeSummary{Matches: map[string][]string{}, Undocumented: map[string][]string{}}
	for _, m := range r.Matches {
		s.Matches[m.Documented] = m.Observed
	}
	for _, f := range r.UndocumentedElements {
		s.Undocumented[f.ID] = f.Also
	}
	for _, f := range r.MissingElements {
		s.Missing = append(s.Missing, f.ID)
	}
	for _, f := range r.UndocumentedRelationships {
		s.UndocRels = append(s.UndocRels, f.From+" → "+f.ToName)
	}
	for _, f := range r.MissingRelationships {
		s.MissingRels = append(s.MissingRels, [2]string{f.From, f.To})
	}
	return s
}

func TestCompareTechnologyEdges(t *testing.T) {
	sys := el("shop", "Shop", S, model.ClassService, "", "")
	// shop: a catalog using PostgreSQL, an orders service reading a
	// Redis cart cache and fed by a RabbitMQ queue.
	doc := func(t *testing.T) *model.Graph {
		return graph(t, []*model.Element{sys,
			el("shop.catalog", "Product Catalog", C, model.ClassService, "Go", "shop"),
			el("shop.orders", "Orders", C, model.ClassService, "Go", "shop"),
			el("shop.db", "PostgreSQL", C, model.ClassDatabase, "Amazon Aurora PostgreSQL", "shop"),
			el("shop.cache", "Cart Cache", C, model.ClassCache, "Redis", "shop"),
			el("shop.queue", "Events", C, model.ClassQueue, "RabbitMQ", "shop"),
		}, [2]string{"shop.catalog", "shop.db"}, [2]string{"shop.orders", "shop.cache"}, [2]string{"shop.queue", "shop.orders"})
	}
	tests := []struct {
		name string
		obs  func(t *testing.T) *model.Graph
		opts Options
		want codeSummary
	}{
		{
			name: "a documented use of a compatible technology is no drift, and the technology matches nothing by name",
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					unit("code:catalog", "product-catalog"),
					tech("PostgreSQL", model.ClassDatabase),
				}, [2]string{"code:catalog", "code:tech/PostgreSQL"})
			},
			want: codeSummary{
				Matches:      map[string][]string{"shop.catalog": {"code:catalog"}},
				Undocumented: map[string][]string{},
				// Nothing else was observed; the catalog → db arrow is
				// observed through the technology edge.
			},
		},
		{
			name: "a technology the element has no arrow to is an undocumented relationship",
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					unit("code:catalog", "product-catalog"),
					tech("PostgreSQL", model.ClassDatabase), tech("Redis", model.ClassCache),
				}, [2]string{"code:catalog", "code:tech/PostgreSQL"}, [2]string{"code:catalog", "code:tech/Redis"})
			},
			want: codeSummary{
				Matches:      map[string][]string{"shop.catalog": {"code:catalog"}},
				Undocumented: map[string][]string{},
				UndocRels:    []string{"shop.catalog → Redis (technology)"},
			},
		},
		{
			name: "arrows from a broker count either way round",
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					unit("code:orders", "orders"),
					tech("RabbitMQ", model.ClassQueue), tech("Redis", model.ClassCache),
				}, [2]string{"code:orders", "code:tech/RabbitMQ"}, [2]string{"code:orders", "code:tech/Redis"})
			},
			want: codeSummary{Matches: map[string][]string{"shop.orders": {"code:orders"}}, Undocumented: map[string][]string{}},
		},
		{
			name: "an undocumented unit is the drift, not its technologies",
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					unit("code:recs", "recommendations"),
					tech("Redis", model.ClassCache),
				}, [2]string{"code:recs", "code:tech/Redis"})
			},
			want: codeSummary{Matches: map[string][]string{}, Undocumented: map[string][]string{"code:recs": nil}},
		},
		{
			name: "a documented arrow is observed through a technology edge, and not otherwise missing",
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					el("k:catalog", "product-catalog", C, model.ClassService, "", ""),
					el("k:postgres", "postgresql", C, model.ClassDatabase, "PostgreSQL", ""),
					el("k:orders", "orders", C, model.ClassService, "", ""),
					el("k:cache", "cart-cache", C, model.ClassCache, "Redis", ""),
					unit("code:catalog", "product-catalog"),
					tech("PostgreSQL", model.ClassDatabase),
				}, [2]string{"code:catalog", "code:tech/PostgreSQL"})
			},
			opts: Options{CouldSee: func(e *model.Element) bool { return e.Kind == model.KindContainer }},
			want: codeSummary{
				Matches: map[string][]string{
					"shop.catalog": {"code:catalog", "k:catalog"}, "shop.db": {"k:postgres"},
					"shop.orders": {"k:orders"}, "shop.cache": {"k:cache"},
				},
				Undocumented: map[string][]string{},
				Missing:      []string{"shop.queue"},
				MissingRels:  [][2]string{{"shop.orders", "shop.cache"}},
			},
		},
		{
			name: "a technology element mapped explicitly is an ordinary element",
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					unit("code:catalog", "product-catalog"),
					tech("Redis", model.ClassCache),
				}, [2]string{"code:catalog", "code:tech/Redis"})
			},
			opts: Options{Mappings: map[string][]string{"shop.cache": {"code:tech/Redis"}}, CouldSee: codeSees},
			want: codeSummary{
				Matches:      map[string][]string{"shop.catalog": {"code:catalog"}, "shop.cache": {"code:tech/Redis"}},
				Undocumented: map[string][]string{},
				UndocRels:    []string{"shop.catalog → Cart Cache"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.CouldSee == nil {
				tt.opts.CouldSee = codeSees
			}
			got := summarizeCode(Compare(doc(t), tt.obs(t), tt.opts))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Compare mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestCompareComponents(t *testing.T) {
	// The catalog is documented down to components; orders has one
	// documented component too, but nothing resolves orders into packages.
	doc := func(t *testing.T) *model.Graph {
		return graph(t, []*model.Element{
			el("shop", "Shop", S, model.ClassService, "", ""),
			el("shop.gateway", "Gateway", C, model.ClassService, "", "shop"),
			el("shop.catalog", "Product Catalog", C, model.ClassService, "Go", "shop"),
			el("shop.catalog.api", "API", Cmp, model.ClassService, "", "shop.catalog"),
			el("shop.catalog.store", "Store", Cmp, model.ClassService, "", "shop.catalog"),
			el("shop.catalog.search", "Search", Cmp, model.ClassService, "", "shop.catalog"),
			el("shop.catalog.pricing", "Pricing", Cmp, model.ClassService, "", "shop.catalog"),
			el("shop.orders", "Orders", C, model.ClassService, "Java", "shop"),
			el("shop.orders.api", "Orders API", Cmp, model.ClassService, "", "shop.orders"),
		},
			[2]string{"shop.catalog.api", "shop.catalog.store"}, [2]string{"shop.catalog.api", "shop.catalog.search"},
			[2]string{"shop.gateway", "shop.catalog.api"}, [2]string{"shop.gateway", "shop.orders.api"})
	}
	obs := func(t *testing.T) *model.Graph {
		return graph(t, []*model.Element{
			el("k:gateway", "gateway", C, model.ClassService, "", ""),
			el("k:catalog", "product-catalog", C, model.ClassService, "", ""),
			el("k:orders", "orders", C, model.ClassService, "", ""),
			unit("code:catalog", "product-catalog"),
			comp("code:catalog/internal/api", "api", "code:catalog"),
			comp("code:catalog/internal/store", "store", "code:catalog"),
			comp("code:catalog/internal/search", "search", "code:catalog"),
			comp("code:catalog/internal/metrics", "metrics", "code:catalog"),
			// A unit whose container the model draws as one box.
			unit("code:gateway", "gateway"),
			comp("code:gateway/internal/routes", "routes", "code:gateway"),
			// An undocumented unit's packages are not drift of their own.
			unit("code:recs", "recommendations"),
			comp("code:recs/internal/api", "api", "code:recs"),
		},
			[2]string{"k:gateway", "k:catalog"}, [2]string{"k:gateway", "k:orders"},
			[2]string{"code:catalog/internal/api", "code:catalog/internal/store"},
			[2]string{"code:catalog/internal/api", "code:catalog/internal/search"},
			[2]string{"code:catalog/internal/search", "code:catalog/internal/store"},
			[2]string{"code:catalog/internal/api", "code:catalog/internal/metrics"},
		)
	}
	got := summarizeCode(Compare(doc(t), obs(t), Options{CouldSee: func(e *model.Element) bool {
		return e.Kind == model.KindContainer || e.Kind == model.KindComponent
	}}))
	want := codeSummary{
		Matches: map[string][]string{
			"shop.gateway": {"code:gateway", "k:gateway"},
			"shop.catalog": {"code:catalog", "k:catalog"},
			// "api" matches the catalog's API only, never Orders API.
			"shop.catalog.api":    {"code:catalog/internal/api"},
			"shop.catalog.store":  {"code:catalog/internal/store"},
			"shop.catalog.search": {"code:catalog/internal/search"},
			"shop.orders":         {"k:orders"},
		},
		Undocumented: map[string][]string{
			// In a container documented at component level; the gateway's
			// routes package is below the model's detail.
			"code:catalog/internal/metrics": nil,
			"code:recs":                     nil,
		},
		// Pricing is missing from a container seen at component level;
		// Orders API is not: nothing resolved orders into components.
		Missing:   []string{"shop.catalog.pricing"},
		UndocRels: []string{"shop.catalog.search → Store"},
		// gateway → catalog.api crosses containers: the gateway → catalog
		// call observed in the manifests is evidence enough.
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Compare mismatch (-want +got):\n%s", d)
	}
}

func TestCompareGroupsObservations(t *testing.T) {
	doc := graph(t, []*model.Element{
		el("shop", "Shop", S, model.ClassService, "", ""),
		el("shop.web", "Web", C, model.ClassUI, "", "shop"),
	})
	obs := graph(t, []*model.Element{
		el("code:services/recommendations", "recommendations", C, model.ClassService, "Python", ""),
		el("compose:recommendation", "recommendation", C, model.ClassService, "", ""),
		el("kubernetes:main/deployment/recommendation-service", "recommendation-service", C, model.ClassService, "", ""),
		// The same name but a database: another thing.
		el("compose:recommendation-db", "recommendation-db", C, model.ClassDatabase, "MongoDB", ""),
		el("kubernetes:main/deployment/recommendation-db", "recommendation-db", C, model.ClassDatabase, "MongoDB", ""),
		// Another C4 kind is another thing.
		el("aws:recommendation", "recommendation", S, model.ClassService, "", ""),
		el("k:web", "web", C, model.ClassUI, "", ""),
	})
	got := summarizeCode(Compare(doc, obs, Options{}))
	want := map[string][]string{
		"code:services/recommendations": {"compose:recommendation", "kubernetes:main/deployment/recommendation-service"},
		"compose:recommendation-db":     {"kubernetes:main/deployment/recommendation-db"},
		"aws:recommendation":            nil,
	}
	if d := cmp.Diff(want, got.Undocumented); d != "" {
		t.Errorf("undocumented elements (-want +got):\n%s", d)
	}
}

func TestCompareCodeOnlyMissesNoArrow(t *testing.T) {
	// Only source code was scanned: it shows both services, and what
	// they use, but not that one calls the other.
	doc := graph(t, []*model.Element{
		el("shop", "Shop", S, model.ClassService, "", ""),
		el("shop.orders", "Orders", C, model.ClassService, "Go", "shop"),
		el("shop.orders.api", "API", Cmp, model.ClassService, "", "shop.orders"),
		el("shop.orders.store", "Store", Cmp, model.ClassService, "", "shop.orders"),
		el("shop.orders.events", "Events", Cmp, model.ClassService, "", "shop.orders"),
		el("shop.payments", "Payments", C, model.ClassService, "Go", "shop"),
	},
		[2]string{"shop.orders", "shop.payments"}, [2]string{"shop.orders.api", "shop.payments"},
		[2]string{"shop.orders.api", "shop.orders.store"}, [2]string{"shop.orders.api", "shop.orders.events"})
	obs := graph(t, []*model.Element{
		unit("code:orders", "orders"), unit("code:payments", "payments"),
		comp("code:orders/api", "api", "code:orders"), comp("code:orders/store", "store", "code:orders"),
		comp("code:orders/events", "events", "code:orders"),
	}, [2]string{"code:orders/api", "code:orders/store"})
	got := summarizeCode(Compare(doc, obs, Options{CouldSee: codeSees}))
	// Inside the unit, imports are calls: api → events is missing.
	want := [][2]string{{"shop.orders.api", "shop.orders.events"}}
	if d := cmp.Diff(want, got.MissingRels); d != "" {
		t.Errorf("missing relationships (-want +got):\n%s", d)
	}
}
