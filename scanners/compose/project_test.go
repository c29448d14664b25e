package compose

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestFindProjectsDotEnv checks that a project is told it has no .env file
// only when its directory lists no entry of that name, in any case and of
// any kind.
func TestFindProjectsDotEnv(t *testing.T) {
	compose := &fstest.MapFile{Data: []byte("services: {web: {image: x}}\n")}
	fsys := fstest.MapFS{
		"compose.yaml":         compose,
		"none/compose.yaml":    compose,
		"none/sub/.env":        &fstest.MapFile{Data: []byte("A=1\n")},
		"file/compose.yaml":    compose,
		"file/.env":            &fstest.MapFile{Data: []byte("A=1\n")},
		"upper/compose.yaml":   compose,
		"upper/.ENV":           &fstest.MapFile{Data: []byte("A=1\n")},
		"dir/compose.yaml":     compose,
		"dir/.env/x":           &fstest.MapFile{},
		"link/compose.yaml":    compose,
		"link/.env":            &fstest.MapFile{Data: []byte("../file/.env"), Mode: fs.ModeSymlink},
		"skipped/.env":         &fstest.MapFile{Data: []byte("A=1\n")},
		"vendor/x/compose.yml": compose,
	}
	projects, _, err := findProjects(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range projects {
		got[p.dir] = p.noDotEnv
	}
	want := map[string]bool{".": true, "none": true, "file": false, "upper": false, "dir": false, "link": false}
	if len(got) != len(want) {
		t.Errorf("projects %v, want %v", got, want)
	}
	for dir, w := range want {
		if g, ok := got[dir]; !ok || g != w {
			t.Errorf("project %s: noDotEnv = %v (found %v), want %v", dir, g, ok, w)
		}
	}
}
