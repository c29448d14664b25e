package parsefloor

import (
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

func TestYAML(t *testing.T) {
	for _, tc := range []struct {
		src     string
		docs    int
		wantErr bool
	}{
		{"", 0, false},
		{"a: 1\n", 1, false},
		{"a: 1\n---\nb: 2\n---\nc: 3\n", 3, false},
		{"a: [1\n", 0, true},
	} {
		docs, err := YAML([]byte(tc.src))
		if docs != tc.docs || (err != nil) != tc.wantErr {
			t.Errorf("YAML(%q) = %d, %v; want %d, error %v", tc.src, docs, err, tc.docs, tc.wantErr)
		}
	}
}

func TestHCL(t *testing.T) {
	if _, err := HCL("ok.tf", []byte(`resource "a" "b" { x = 1 }`)); err != nil {
		t.Errorf("valid HCL: %v", err)
	}
	if _, err := HCL("bad.tf", []byte(`resource "a" {`)); err == nil || !strings.Contains(err.Error(), "bad.tf:1") {
		t.Errorf("broken HCL: err = %v, want one at bad.tf:1", err)
	}
}

func TestEach(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte("a: 1\n")}, "b.yaml": {Data: []byte("b: [\n")}}
	var seen atomic.Int64
	err := Each(fsys, []string{"a.yaml"}, func(i int, name string, src []byte) error {
		if i != 0 || name != "a.yaml" || string(src) != "a: 1\n" {
			t.Errorf("parse(%d, %q, %q)", i, name, src)
		}
		seen.Add(1)
		return nil
	})
	if err != nil || seen.Load() != 1 {
		t.Fatalf("Each = %v after %d files", err, seen.Load())
	}
	err = Each(fsys, []string{"a.yaml", "b.yaml", "missing.yaml"}, func(_ int, _ string, src []byte) error {
		_, err := YAML(src)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "b.yaml") && !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("Each with a broken and a missing file: err = %v", err)
	}
}
