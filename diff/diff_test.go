package diff

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/archdrift/archdrift/model"
)

// el builds an element; tech and class may be empty.
func el(id, name string, kind model.Kind, class model.Class, tech, parent string) *model.Element {
	return &model.Element{ID: id, Name: name, Kind: kind, Class: class, Technology: tech, Parent: parent,
		Properties: map[string]string{}, Sources: []model.Source{{Scanner: "t", File: id + ".src", Line: 1}}}
}

func graph(t *testing.T, els []*model.Element, rels ...[2]string) *model.Graph {
	t.Helper()
	g := model.NewGraph()
	for _, e := range els {
		if err := g.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rels {
		g.AddRelationship(&model.Relationship{From: r[0], To: r[1], Sources: []model.Source{{File: r[0] + "-" + r[1] + ".src", Line: 2}}})
	}
	return g
}

type summary struct {
	Matches      map[string][]string
	Via          map[string]string
	Undocumented []string
	Missing      []string
	UndocRels    [][2]string
	MissingRels  [][2]string
	Tech         [][2]string
	Ambiguous    []string
}

func summarize(r *Result) summary {
	s := summary{Matches: map[string][]string{}, Via: map[string]string{}}
	for _, m := range r.Matches {
		s.Matches[m.Documented] = m.Observed
		s.Via[m.Documented] = m.Via
	}
	for _, f := range r.UndocumentedElements {
		s.Undocumented = append(s.Undocumented, f.ID)
	}
	for _, f := range r.MissingElements {
		s.Missing = append(s.Missing, f.ID)
	}
	for _, f := range r.UndocumentedRelationships {
		s.UndocRels = append(s.UndocRels, [2]string{f.From, f.To})
	}
	for _, f := range r.MissingRelationships {
		s.MissingRels = append(s.MissingRels, [2]string{f.From, f.To})
	}
	for _, f := range r.TechnologyMismatches {
		s.Tech = append(s.Tech, [2]string{f.DocumentedTechnology, f.ObservedTechnology})
	}
	for _, a := range r.Ambiguous {
		s.Ambiguous = append(s.Ambiguous, a.Observed)
	}
	return s
}

const (
	C   = model.KindContainer
	Cmp = model.KindComponent
	S   = model.KindSystem
)

func TestCompare(t *testing.T) {
	sys := el("shop", "Shop", S, model.ClassService, "", "")
	tests := []struct {
		name string
		doc  func(t *testing.T) *model.Graph
		obs  func(t *testing.T) *model.Graph
		opts Options
		want summary
	}{
		{
			name: "name match, undocumented and missing elements",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{sys, el("shop.orders", "Order Service", C, model.ClassService, "Java", "shop"), el("shop.reviews", "Review Service", C, model.ClassService, "", "shop")})
			},
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{el("k:orders", "order-service", C, model.ClassService, "", ""), el("k:recs", "recommendation", C, model.ClassService, "", "")})
			},
			want: summary{
				Matches: map[string][]string{"shop.orders": {"k:orders"}}, Via: map[string]string{"shop.orders": "name"},
				Undocumented: []string{"k:recs"}, Missing: []string{"shop.reviews"},
			},
		},
		{
			name: "a database never matches a service of the same name",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{sys, el("shop.orders", "Orders", C, model.ClassDatabase, "PostgreSQL", "shop")})
			},
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{el("k:orders", "orders", C, model.ClassService, "", "")})
			},
			want: summary{Matches: map[string][]string{}, Via: map[string]string{}, Undocumented: []string{"k:orders"}, Missing: []string{"shop.orders"}},
		},
		{
			name: "explicit label beats name, config mapping beats name",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{sys, el("shop.web", "Storefront", C, model.ClassUI, "", "shop"), el("shop.api", "API", C, model.ClassService, "", "shop")})
			},
			obs: func(t *testing.T) *model.Graph {
				w := el("k:frontend", "frontend", C, model.ClassService, "", "")
				w.Properties[model.PropElement] = "Storefront"
				return graph(t, []*model.Element{w, el("k:backend-7", "backend", C, model.ClassService, "", "")})
			},
			opts: Options{Mappings: map[string][]string{"shop.api": {"k:backend-*"}}},
			want: summary{
				Matches: map[string][]string{"shop.web": {"k:frontend"}, "shop.api": {"k:backend-7"}},
				Via:     map[string]string{"shop.web": "explicit", "shop.api": "config"},
			},
		},
		{
			name: "ties are reported as ambiguous, not guessed",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					el("a", "A", S, model.ClassService, "", ""), el("a.orders", "Orders", C, model.ClassService, "", "a"),
					el("b", "B", S, model.ClassService, "", ""), el("b.orders", "Order Service", C, model.ClassService, "", "b"),
				})
			},
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{el("k:orders", "orders", C, model.ClassService, "", "")})
			},
			want: summary{Matches: map[string][]string{}, Via: map[string]string{}, Missing: []string{"a.orders", "b.orders"}, Ambiguous: []string{"k:orders"}},
		},
		{
			name: "gateways are transparent; implied relationships count; missing and undocumented arrows",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{sys,
					el("shop.web", "Web", C, model.ClassUI, "", "shop"),
					el("shop.orders", "Orders", C, model.ClassService, "", "shop"),
					el("shop.orders.api", "Orders API", Cmp, model.ClassService, "", "shop.orders"),
					el("shop.pay", "Payments", C, model.ClassService, "", "shop"),
					el("shop.pay.client", "Payments Client", Cmp, model.ClassService, "", "shop.pay"),
					el("shop.mail", "Mailer", C, model.ClassService, "", "shop"),
				}, [2]string{"shop.orders.api", "shop.pay.client"}, [2]string{"shop.orders", "shop.mail"})
			},
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					el("k:web", "web", C, model.ClassUI, "", ""), el("k:gw", "edge-proxy", C, model.ClassGateway, "NGINX", ""),
					el("k:orders", "orders", C, model.ClassService, "", ""), el("k:pay", "payments", C, model.ClassService, "", ""),
					el("k:mail", "mailer", C, model.ClassService, "", ""),
				}, [2]string{"k:web", "k:gw"}, [2]string{"k:gw", "k:orders"}, [2]string{"k:orders", "k:pay"})
			},
			want: summary{
				Matches: map[string][]string{"shop.web": {"k:web"}, "shop.orders": {"k:orders"}, "shop.pay": {"k:pay"}, "shop.mail": {"k:mail"}},
				Via:     map[string]string{"shop.web": "name", "shop.orders": "name", "shop.pay": "name", "shop.mail": "name"},
				// web → (gateway) → orders is real and undocumented; orders → pay
				// is implied by the component arrow; orders → mail was not seen.
				UndocRels:   [][2]string{{"shop.web", "shop.orders"}},
				MissingRels: [][2]string{{"shop.orders", "shop.mail"}},
			},
		},
		{
			name: "technology mismatch needs both sides known and of one category",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{sys,
					el("shop.cache", "Cart Cache", C, model.ClassCache, "Redis", "shop"),
					el("shop.db", "Orders DB", C, model.ClassDatabase, "Amazon Aurora PostgreSQL", "shop"),
					el("shop.api", "API", C, model.ClassService, "Go", "shop"),
				})
			},
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					el("k:cache", "cart-cache", C, model.ClassCache, "Memcached", ""),
					el("k:db", "orders-db", C, model.ClassDatabase, "PostgreSQL", ""),
					el("k:api", "api", C, model.ClassService, "", ""),
				})
			},
			want: summary{
				Matches: map[string][]string{"shop.cache": {"k:cache"}, "shop.db": {"k:db"}, "shop.api": {"k:api"}},
				Via:     map[string]string{"shop.cache": "name", "shop.db": "name", "shop.api": "name"},
				Tech:    [][2]string{{"Redis", "Memcached"}},
			},
		},
		{
			name: "arrows to a queue are compared either way round",
			doc: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{sys,
					el("shop.mq", "RabbitMQ", C, model.ClassQueue, "RabbitMQ", "shop"),
					el("shop.mail", "Mailer", C, model.ClassService, "", "shop"),
				}, [2]string{"shop.mq", "shop.mail"})
			},
			obs: func(t *testing.T) *model.Graph {
				return graph(t, []*model.Element{
					el("k:mq", "rabbitmq", C, model.ClassQueue, "RabbitMQ", ""), el("k:mail", "mailer", C, model.ClassService, "", ""),
				}, [2]string{"k:mail", "k:mq"})
			},
			want: summary{
				Matches: map[string][]string{"shop.mq": {"k:mq"}, "shop.mail": {"k:mail"}},
				Via:     map[string]string{"shop.mq": "name", "shop.mail": "name"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(Compare(tt.doc(t), tt.obs(t), tt.opts))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Compare mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
