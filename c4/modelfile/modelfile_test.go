package modelfile

import (
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
