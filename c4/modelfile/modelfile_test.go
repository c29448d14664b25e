package modelfile

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.mmd":  {Data: []byte("C4Context")},
		"big.mmd": {Data: []byte(strings.Repeat("x", 3<<20))},
		"dir/x":   {Data: []byte("x")},
	}
	if b, err := Read(fsys, "ok.mmd", 1<<20); err != nil || string(b) != "C4Context" {
		t.Errorf("Read(ok.mmd) = %q, %v", b, err)
	}
	for name, want := range map[string]string{"big.mmd": "larger than 2 MiB", "missing.mmd": "does not exist", "dir": "not a regular file"} {
		if _, err := Read(fsys, name, 2<<20); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Read(%s) error = %v, want %q", name, err, want)
		}
	}
	if _, err := Read(nil, "x", 1); err == nil {
		t.Error("Read with no file system succeeded")
	}
}

func TestReadEach(t *testing.T) {
	fsys := fstest.MapFS{"a": {Data: []byte("aaaa")}, "b": {Data: []byte("bbbb")}, "c": {Data: []byte("cc")}}
	fail := func(name, msg string) error { return errors.New(name + ": " + msg) }
	var got []string
	parse := func(name string, src []byte) error { got = append(got, name+"="+string(src)); return nil }
	if err := ReadEach(fsys, []string{"a", "b"}, Limits{Files: 2, FileBytes: 10, TotalBytes: 10}, fail, parse); err != nil || len(got) != 2 {
		t.Fatalf("ReadEach = %v, parsed %v", err, got)
	}
	tests := []struct {
		names []string
		lim   Limits
		want  string
	}{
		{[]string{"a", "b", "c"}, Limits{Files: 2, FileBytes: 10, TotalBytes: 100}, "c: more than 2 model files"},
		{[]string{"a", "b"}, Limits{Files: 5, FileBytes: 10, TotalBytes: 6}, "b: the model files hold more than"},
		{[]string{"a"}, Limits{Files: 5, FileBytes: 3, TotalBytes: 100}, "a: larger than"},
		{[]string{"missing"}, Limits{Files: 5, FileBytes: 3, TotalBytes: 100}, "missing: "},
	}
	for _, tt := range tests {
		err := ReadEach(fsys, tt.names, tt.lim, fail, func(string, []byte) error { return nil })
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadEach(%v, %+v) = %v, want %q", tt.names, tt.lim, err, tt.want)
		}
	}
	stop := errors.New("parse failed")
	if err := ReadEach(fsys, []string{"a", "b"}, Limits{Files: 5, FileBytes: 10, TotalBytes: 100}, fail, func(string, []byte) error { return stop }); err != stop {
		t.Errorf("ReadEach did not return the parser's error: %v", err)
	}
}
