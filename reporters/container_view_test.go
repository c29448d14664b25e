package reporters

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestContainerView(t *testing.T) {
	v := newContainerView(shopflowInput())
	status := map[string]viewStatus{}
	nodes := map[string]viewNode{}
	for _, n := range v.Nodes {
		status[n.ID] = n.Status
		nodes[n.ID] = n
	}
	rec := k8s("deployment", "recommendation-service")
	for id, want := range map[string]viewStatus{
		"customer": viewPlain, "stripe": viewPlain, "shopflow.orders": viewPlain,
		"shopflow.reviews": viewMissing, "shopflow.images": viewMissing,
		rec: viewUndocumented, k8s("statefulset", "cart-cache"): viewUndocumented,
	} {
		if status[id] != want {
			t.Errorf("node %s: %q, want %q", id, status[id], want)
		}
	}
	for _, id := range []string{"shopflow", "shopflow.orders.checkout"} {
		if _, ok := nodes[id]; ok {
			t.Errorf("%s is drawn as a node: a boundary and a component are not", id)
		}
	}
	if got := v.Boundaries; !cmp.Equal(got, []viewBoundary{{"shopflow", "ShopFlow"}}) {
		t.Errorf("boundaries %v", got)
	}
	if n := nodes[rec]; n.Boundary != "shopflow" || n.Display != "Deployment main/recommendation-service" {
		t.Errorf("undocumented node placed in %q, shown as %q", n.Boundary, n.Display)
	}
	if n := nodes["shopflow.gateway"]; n.TechnologyLabel() != "Kong ≠ runs NGINX" || n.Group != "Edge" {
		t.Errorf("gateway: %q in group %q", n.TechnologyLabel(), n.Group)
	}
	if got := nodes["shopflow.orders"].Observed; !cmp.Equal(got, []string{k8s("deployment", "order-service")}) {
		t.Errorf("orders observed as %v", got)
	}
	edges := map[[2]string]viewStatus{}
	for _, e := range v.Edges {
		edges[[2]string{e.From, e.To}] = e.Status
	}
	for pair, want := range map[[2]string]viewStatus{
		{"shopflow.orders", "shopflow.payments"}:      viewPlain, // lifted from the Checkout component
		{"shopflow.gateway", "shopflow.reviews"}:      viewMissing,
		{"shopflow.catalog", "shopflow.images"}:       viewMissing,
		{"shopflow.orders", rec}:                      viewUndocumented,
		{rec, k8s("statefulset", "cart-cache")}:       viewUndocumented,
		{"shopflow.orders", "shopflow.notifications"}: viewUndocumented,
	} {
		got, ok := edges[pair]
		if !ok || got != want {
			t.Errorf("edge %v: %q (present %v), want %q", pair, got, ok, want)
		}
	}
	if len(v.Edges) != 16 {
		t.Errorf("%d edges, want 13 documented (lifted, one folded) and 3 undocumented", len(v.Edges))
	}
}

func TestContainerViewWithoutGraphs(t *testing.T) {
	in := shopflowInput()
	in.Documented, in.Observed = nil, nil
	v := newContainerView(in)
	var undocumented, missing int
	for _, n := range v.Nodes {
		switch n.Status {
		case viewUndocumented:
			undocumented++
		case viewMissing:
			missing++
		}
	}
	// Without the model the view still draws what the facts name.
	if undocumented != 2 || missing != 2 || len(v.Edges) == 0 {
		t.Errorf("%d undocumented, %d missing nodes, %d edges", undocumented, missing, len(v.Edges))
	}
}

func TestContainerViewLimit(t *testing.T) {
	v := newContainerView(shopflowInput())
	small := v.limit(4, 3)
	if len(small.Nodes) != 4 || len(small.Edges) > 3 {
		t.Fatalf("%d nodes, %d edges", len(small.Nodes), len(small.Edges))
	}
	ends := map[string]bool{}
	for _, e := range v.Edges {
		if e.Status == viewUndocumented {
			ends[e.From], ends[e.To] = true, true
		}
	}
	for _, n := range small.Nodes {
		if !ends[n.ID] {
			t.Errorf("kept %s (%s) before the ends of undocumented edges", n.ID, n.Status)
		}
	}
	if small.OmittedNodes != len(v.Nodes)-4 || small.OmittedEdges != len(v.Edges)-len(small.Edges) {
		t.Errorf("omitted %d nodes and %d edges", small.OmittedNodes, small.OmittedEdges)
	}
	for _, e := range small.Edges {
		if e.Status != viewUndocumented {
			t.Errorf("kept a %s edge", e.Status)
		}
	}
	if v.limit(100, 100) != v {
		t.Error("a view within bounds is cut")
	}
}
