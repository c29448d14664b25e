package yamlbound

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func node(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

func TestMeasure(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	tests := []struct {
		name  string
		src   string
		lim   Limits
		nodes int
		err   error
	}{
		{"plain", "a: 1\nb: [2, 3]\n", Limits{Nodes: 100, Depth: 10}, 8, nil},
		{"alias counted expanded", "a: &x [1, 2]\nb: *x\n", Limits{Nodes: 100, Depth: 10}, 11, nil},
		{"bomb refused", bomb, Limits{Nodes: 5000, Depth: 10}, 0, ErrTooLarge},
		{"too deep", strings.Repeat("[", 30) + strings.Repeat("]", 30), Limits{Nodes: 1000, Depth: 20}, 0, ErrTooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Measure(node(t, tt.src), tt.lim)
			if !errors.Is(err, tt.err) {
				t.Fatalf("Measure error = %v, want %v", err, tt.err)
			}
			if tt.err == nil && n != tt.nodes {
				t.Errorf("Measure = %d nodes, want %d", n, tt.nodes)
			}
		})
	}
}

func TestDuplicateKey(t *testing.T) {
	many := func(dup bool) string {
		var b strings.Builder
		for i := range 40 {
			fmt.Fprintf(&b, "k%d: v\n", i)
		}
		if dup {
			b.WriteString("k7: again\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"empty", "{}", false},
		{"distinct", "a: 1\nb: 2\n", false},
		{"repeated", "a: 1\nb: 2\na: 3\n", true},
		{"values may repeat", "a: x\nb: x\n", false},
		{"large distinct", many(false), false},
		{"large repeated", many(true), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := node(t, tc.src).Content[0]
			if got := DuplicateKey(n); got != tc.want {
				t.Errorf("DuplicateKey = %v, want %v", got, tc.want)
			}
		})
	}
}
