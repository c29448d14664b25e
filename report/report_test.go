package report

import "testing"

func TestLocationString(t *testing.T) {
	tests := []struct {
		loc  *Location
		want string
	}{
		{nil, ""},
		{&Location{}, ""},
		{&Location{Line: 3}, ""},
		{&Location{File: "a.yaml"}, "a.yaml"},
		{&Location{File: "a.yaml", Line: 3}, "a.yaml:3"},
		{&Location{File: "a.yaml", Line: 3, Column: 7}, "a.yaml:3:7"},
		{&Location{File: "a.yaml", Column: 7}, "a.yaml"},
	}
	for _, tt := range tests {
		if got := tt.loc.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.loc, got, tt.want)
		}
	}
}
