package scanners

import (
	"io/fs"
	"path"
	"slices"
	"testing"
	"testing/fstest"
)

// TestWalkEntriesAsWalkDir checks that WalkEntries visits what fs.WalkDir
// visits, in the same order, skipping the tooling folders, and that Files
// (built on it) lists the regular files among them by extension, ignoring
// case.
func TestWalkEntriesAsWalkDir(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml":                 {},
		"b/c.yml":                {},
		"b/d/e.YAML":             {},
		"b-c/f.yaml":             {},
		"node_modules/g.yaml":    {},
		"x/.git/h.yaml":          {},
		"x/vendor/i.yaml":        {},
		"link.yaml":              {Data: []byte("a.yaml"), Mode: fs.ModeSymlink},
		"j.txt":                  {},
		"k/l/m/n.yml":            {},
		"vendor.yaml":            {},
		"node_modules.yml/o.yml": {},
	}
	var walked, wantFiles []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if d.IsDir() && skipDirs[d.Name()] {
			return fs.SkipDir
		}
		walked = append(walked, p)
		if ext := path.Ext(p); d.Type().IsRegular() && (ext == ".yml" || ext == ".yaml" || ext == ".YAML") {
			wantFiles = append(wantFiles, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = WalkEntries(fsys, func(dir string, e fs.DirEntry) bool {
		got = append(got, path.Join(dir, e.Name()))
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, walked) {
		t.Errorf("WalkEntries visited %q, fs.WalkDir %q", got, walked)
	}
	files, err := Files(fsys, ".yml", ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, wantFiles) {
		t.Errorf("Files lists %q, want %q", files, wantFiles)
	}
	if !HasFile(fsys, ".yml") || HasFile(fsys, ".json") {
		t.Error("HasFile does not find what Files lists")
	}
}

// TestWalkEntriesStops checks that the walk ends once fn returns false.
func TestWalkEntriesStops(t *testing.T) {
	fsys := fstest.MapFS{"a/b": {}, "a/c": {}, "d": {}}
	var seen []string
	if err := WalkEntries(fsys, func(dir string, e fs.DirEntry) bool {
		seen = append(seen, path.Join(dir, e.Name()))
		return e.Name() != "b"
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "a/b"}; !slices.Equal(seen, want) {
		t.Errorf("visited %q, want %q", seen, want)
	}
}
