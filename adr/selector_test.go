package adr

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSelectorList(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{in: "Order Service", want: []string{"Order Service"}},
		{in: "  Order   Service ", want: []string{"Order Service"}},
		{in: "shopflow.orders, API Gateway", want: []string{"shopflow.orders", "API Gateway"}},
		{in: "TAG:frontend", want: []string{"tag:frontend"}},
		{in: "class:Database", want: []string{"class:database"}},
		{in: "tech:postgres", want: []string{"tech:PostgreSQL"}},
		{in: "*", want: []string{"*"}},
		{in: "", wantErr: "empty selector"},
		{in: "A,,B", wantErr: "empty selector in list"},
		{in: "tag:", wantErr: `no value after "tag:"`},
		{in: "class:databse", wantErr: `unknown class "databse"`},
		{in: "kind:container", wantErr: `unknown kind "kind"`},
		{in: "order-*", wantErr: "* must stand alone"},
		{in: "A -> B", wantErr: `contains "->"`},
	}
	for _, tt := range tests {
		got, err := ParseSelectorList(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseSelectorList(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSelectorList(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseSelectorList(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseEdge(t *testing.T) {
	tests := []struct {
		in       string
		from, to []string
		wantErr  string
	}{
		{in: "A, B -> C", from: []string{"A", "B"}, to: []string{"C"}},
		{in: "tag:web->class:database,tech:redis", from: []string{"tag:web"}, to: []string{"class:database", "tech:Redis"}},
		{in: "* -> Orders DB", from: []string{"*"}, to: []string{"Orders DB"}},
		{in: "A", wantErr: "is not an edge"},
		{in: "A -> B -> C", wantErr: "more than one"},
		{in: " -> C", wantErr: "left of"},
		{in: "A -> tag:", wantErr: "right of"},
	}
	for _, tt := range tests {
		from, to, err := ParseEdge(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseEdge(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseEdge(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff([][]string{tt.from, tt.to}, [][]string{from, to}); diff != "" {
			t.Errorf("ParseEdge(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
