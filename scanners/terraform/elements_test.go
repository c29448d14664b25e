package terraform

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestElementsBeside holds the elements built beside resolveAll, where an
// element that asks for an evaluation is built again afterwards, to those
// built one after the other once the estate is resolved, on every test
// estate; and checks that the estates still have elements of both kinds.
func TestElementsBeside(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	deferred := 0
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			deferred += checkElementsBeside(t, os.DirFS(dir))
		})
	}
	if deferred == 0 {
		t.Error("no test estate has an element that needs an evaluation: elementsBeside never builds one again")
	}
}

// checkElementsBeside compares the elements elementsBeside builds with
// those estate.element builds afterwards, and returns how many were built
// again.
func checkElementsBeside(t *testing.T, fsys fs.FS) (deferred int) {
	t.Helper()
	d := &diagnostics{}
	mods, err := loadModules(context.Background(), fsys, d)
	if err != nil {
		t.Fatal(err)
	}
	e := newEstate(fsys, mods, d)
	if err := e.expand(context.Background()); err != nil {
		t.Fatal(err)
	}
	var nodes []*node
	for _, n := range e.nodes {
		if n.spec.Role == element {
			nodes = append(nodes, n)
		}
	}
	beside := e.elementsBeside(nodes, e.resolveAll)
	side := &estate{deferEval: true}
	for i, n := range nodes {
		if want := e.element(n); !reflect.DeepEqual(beside[i], want) {
			t.Errorf("%s: built beside resolveAll %+v, after it %+v", n.id, beside[i], want)
		}
		side.evalDeferred = false
		side.element(n)
		if side.evalDeferred {
			deferred++
		}
	}
	return deferred
}
