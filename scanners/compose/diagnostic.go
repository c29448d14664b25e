package compose

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/override"
	"github.com/compose-spec/compose-go/v2/schema"

	"github.com/archdrift/archdrift/model"
)

// compose-go reports errors as text, without positions and, where it walks
// maps, in no fixed order. The functions here place an error at a file and
// line and make its text the same on every run.

// composePath finds the compose path an error names ("services.web.ports").
var composePath = regexp.MustCompile(`\b(?:services|networks|volumes|configs|secrets|models|include|jobs)(?:\.[^\s:,'"()]+)+`)

// diagAt reports a compose-go error at the file and line it concerns, and
// returns that file. The file is the one the message names; the line comes
// from a YAML error position or from the compose path in the message.
func (l *projectLoader) diagAt(files []*composeFile, err error, prefix, suffix string) *composeFile {
	msg := err.Error()
	var named *composeFile
	for _, f := range files {
		if strings.Contains(msg, f.name) && (named == nil || len(f.name) > len(named.name)) {
			named = f
		}
	}
	var at *composeFile
	line, col := 0, 0
	if named != nil {
		for _, p := range []string{"failed to parse " + named.name + ": ", "validating " + named.name + ": "} {
			msg = strings.Replace(msg, p, "", 1)
		}
		at = named
		line, _ = yamlErrorLine(errors.New(msg))
	}
	if line == 0 {
		if p := composePath.FindString(msg); p != "" {
			candidates := files
			if named != nil {
				candidates = []*composeFile{named}
			}
			// The last file that has the path is the one whose value
			// won the merge.
			for _, f := range slices.Backward(candidates) {
				if n := f.pathNode(p); n != nil {
					at, line, col = f, n.Line, n.Column
					break
				}
			}
		}
	}
	if at == nil {
		at = files[0]
	}
	l.diag(model.DiagError, at.name, line, col, "%s%s%s", prefix, stableMessage(msg), suffix)
	return named
}

// quotedItem is one quoted name as JSON-schema errors write it, a quote
// inside escaped with a backslash; quotedList is a run of them.
var (
	quotedItem = regexp.MustCompile(`'(?:[^'\\]|\\.)*'`)
	quotedList = regexp.MustCompile(quotedItem.String() + `(?:, ` + quotedItem.String() + `)+`)
)

// stableMessage sorts the lists of quoted names in an error message:
// compose-go builds some of them from maps, in random order, and the same
// input must give the same report.
func stableMessage(msg string) string {
	msg = quotedList.ReplaceAllStringFunc(msg, func(list string) string {
		items := quotedItem.FindAllString(list, -1)
		slices.Sort(items)
		return strings.Join(items, ", ")
	})
	return strings.TrimSpace(msg)
}

// stableError replaces a schema or merge error by the first one in name
// order (for a merge error, see stableMergeError). The
// JSON-schema validator walks maps in random order, so a file with several
// errors would report a different one on each run, and reports must not
// churn. The model is loaded again up to the failing file without
// validation, then validated entry by entry. When that load fails too, on a
// shape the canonical form cannot take, the files as written (merged and
// interpolated) are validated instead.
func (l *projectLoader) stableError(files []*composeFile, err error) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "cannot override ") {
		if first := l.stableMergeError(files); first != nil {
			return first
		}
		return err
	}
	for i, f := range files {
		prefix := "validating " + f.name + ": "
		if !strings.HasPrefix(msg, prefix) {
			continue
		}
		dict, lerr := l.loadFiles(l.p.dir, files[:i+1], func(o *loader.Options) { o.SkipValidation = true })
		if lerr != nil {
			if dict, lerr = guard(func() (map[string]any, error) { return l.writtenModel(files[:i+1]) }); lerr != nil {
				return err
			}
		}
		if _, first := guard(func() (any, error) { return nil, firstSchemaError(dict) }); first != nil {
			return fmt.Errorf("%s%w", prefix, first)
		}
		return err
	}
	return err
}

// writtenModel is the files as written, each document interpolated and
// merged onto the ones before by compose-go's own functions, with nothing
// else of the loading.
func (l *projectLoader) writtenModel(files []*composeFile) (map[string]any, error) {
	return l.mergeWritten(files, override.Merge)
}

// mergeWritten is writtenModel, merging with merge.
func (l *projectLoader) mergeWritten(files []*composeFile, merge func(dict, doc map[string]any) (map[string]any, error)) (map[string]any, error) {
	opts := interpolation.Options{
		LookupValue:     func(k string) (string, bool) { v, ok := l.env[k]; return v, ok },
		TypeCastMapping: castMapping,
		Substitute:      l.substitute,
	}
	dict := map[string]any{}
	for _, f := range files {
		for _, d := range f.docs {
			var doc map[string]any
			if err := d.Decode(&doc); err != nil {
				return nil, err
			}
			doc, err := interpolation.Interpolate(doc, opts)
			if err != nil {
				return nil, err
			}
			if dict, err = merge(dict, doc); err != nil {
				return nil, err
			}
		}
	}
	return dict, nil
}

// stableMergeError finds again the override that compose-go refused to
// merge, and names the first conflict in name order (firstMergeError):
// override.Merge walks maps in random order and reports whichever conflict
// it meets first, so a file with several would churn.
func (l *projectLoader) stableMergeError(files []*composeFile) error {
	_, err := l.mergeWritten(files, func(dict, doc map[string]any) (map[string]any, error) {
		merged, err := override.Merge(deepClone(dict).(map[string]any), deepClone(doc).(map[string]any))
		if err != nil {
			if first := firstMergeError(dict, doc); first != nil {
				return nil, first
			}
		}
		return merged, err
	})
	return err
}

// firstMergeError merges doc onto dict piece by piece, in name order
// (eachPiece), a named section as a whole after its entries too. Each piece
// is merged onto the same piece of dict only, which is all a conflict
// depends on, so that a hostile file costs no more than its size.
func firstMergeError(dict, doc map[string]any) error {
	return eachPiece(doc, true, func(path ...string) error {
		piece, _ := at(doc, path...)
		base := map[string]any{}
		if v, ok := at(dict, path...); ok {
			base = nest(deepClone(v), path...)
		}
		_, err := override.Merge(base, nest(deepClone(piece), path...))
		return err
	})
}

// entrySections are the top-level attributes that map names to entries.
var entrySections = []string{"services", "networks", "volumes", "configs", "secrets", "models"}

// firstSchemaError validates a model piece by piece, in name order
// (eachPiece), then as a whole.
func firstSchemaError(dict map[string]any) error {
	if err := eachPiece(dict, false, func(path ...string) error {
		v, _ := at(dict, path...)
		return schema.Validate(nest(v, path...))
	}); err != nil {
		return err
	}
	return schema.Validate(dict)
}

// eachPiece calls try with the path of each piece of m, in name order, and
// returns its first error: each top-level attribute, and for the named
// sections each entry, the attributes of an entry before the entry as a
// whole, and the section as a whole afterwards when wholeSections is set.
func eachPiece(m map[string]any, wholeSections bool, try func(path ...string) error) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		entries, ok := m[k].(map[string]any)
		if !ok || !slices.Contains(entrySections, k) {
			if err := try(k); err != nil {
				return err
			}
			continue
		}
		for _, n := range slices.Sorted(maps.Keys(entries)) {
			if attrs, ok := entries[n].(map[string]any); ok {
				for _, a := range slices.Sorted(maps.Keys(attrs)) {
					if err := try(k, n, a); err != nil {
						return err
					}
				}
			}
			if err := try(k, n); err != nil {
				return err
			}
		}
		if wholeSections {
			if err := try(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// at is the value at path in m.
func at(m map[string]any, path ...string) (any, bool) {
	var v any = m
	for _, k := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = mm[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

// nest is v at path in mappings of its own.
func nest(v any, path ...string) map[string]any {
	for i := len(path) - 1; i > 0; i-- {
		v = map[string]any{path[i]: v}
	}
	return map[string]any{path[0]: v}
}

func (l *projectLoader) diag(sev model.DiagSeverity, file string, line, col int, format string, args ...any) {
	l.diags = append(l.diags, model.Diagnostic{Severity: sev, Origin: scannerName, File: file, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...)})
}
