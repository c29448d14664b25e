package policies

import (
	"reflect"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Early is a member of the input converted ahead of Evaluate. Conversion is
// the largest step of the policy stage, and the check knows its biggest
// members, the two graphs, before it has the rest: the documented graph
// while the scanners still run, the observed one before the diff. Each can
// then be converted on a core of its own while the caller goes on.
type Early struct {
	of   any // the pointer converted, matched by identity
	done chan struct{}
	term *ast.Term
	err  error
	// elements are the term's elements when it is a graph (set before
	// done is closed); index is the part of the index they make, built
	// after the term, so that Evaluate can convert the rest meanwhile
	// (set before indexed is closed).
	elements *ast.Array
	indexed  chan struct{}
	index    *graphIndex
}

// ConvertEarly starts converting x, a non-nil pointer that is a member of
// the input that Evaluate will get, on a goroutine of its own. Nothing may
// change what x points to until Evaluate returns. Evaluate uses the result
// for the member that is x (the same pointer), exactly as it would have
// converted it; anything else it converts as usual. When x is a graph, the
// part of input.index that its elements make alone (by id, by name) is
// built next on the same goroutine (withIndex).
func ConvertEarly(x any) *Early {
	e := &Early{of: x, done: make(chan struct{}), indexed: make(chan struct{})}
	go func() {
		defer close(e.indexed)
		e.convert()
		if e.elements != nil {
			e.index = newGraphIndex(e.elements)
		}
	}()
	return e
}

func (e *Early) convert() {
	defer close(e.done)
	v := reflect.ValueOf(e.of)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	// Depth 1 is where fieldsInParallel converts a member.
	e.term, e.err = newConverter().term(v, 1)
	if e.err == nil {
		e.elements, _ = elementsOf(e.term)
	}
}

// earlyFor returns the conversion started early for the member fv, if any,
// once it is done.
func earlyFor(early []*Early, fv reflect.Value) (t *ast.Term, ok bool, err error) {
	if fv.Kind() != reflect.Pointer || fv.IsNil() || !fv.CanInterface() {
		return nil, false, nil
	}
	x := fv.Interface()
	for _, e := range early {
		if e != nil && e.of == x {
			<-e.done
			if e.term == nil && e.err == nil {
				return nil, false, nil
			}
			return e.term, true, e.err
		}
	}
	return nil, false, nil
}
