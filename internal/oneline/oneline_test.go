package oneline

import "testing"

func TestText(t *testing.T) {
	tests := map[string]string{
		"Order Service":             "Order Service",
		"a\nb\r\nc":                 "a b  c",
		"tab\there":                 "tab here",
		"ls\u2028ps\u2029nel\u0085": "ls ps nel ",
		"del\x7f":                   "del ",
		"ünïcødé → ok":              "ünïcødé → ok",
	}
	for in, want := range tests {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}
