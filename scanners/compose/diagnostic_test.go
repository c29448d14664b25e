package compose

import "testing"

func TestStableMessage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{" additional properties 'b', 'a' not allowed", "additional properties 'a', 'b' not allowed"},
		{`x additional properties 'fil\'8X', 'Z 2' not allowed`, `x additional properties 'Z 2', 'fil\'8X' not allowed`},
		{`additional properties '8X', 'fil\'Z, 2' not allowed`, `additional properties '8X', 'fil\'Z, 2' not allowed`},
		{`additional properties 'fil\'Z, 2', '8X' not allowed`, `additional properties '8X', 'fil\'Z, 2' not allowed`},
		{"services.web.ports must be a array", "services.web.ports must be a array"},
	} {
		if got := stableMessage(tt.in); got != tt.want {
			t.Errorf("stableMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
