package code

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// npmPackage is what a package.json says about a unit.
type npmPackage struct {
	name string
	// entry: a start script or a main module, which makes the directory a
	// deployable unit.
	entry bool
	deps  []dependency
}

// parsePackageJSON reads a package.json. Only "dependencies" count:
// devDependencies are build and test tools, peerDependencies belong to the
// host. The document is walked token by token so that each dependency
// points at its own line.
func parsePackageJSON(file string, data []byte) (npmPackage, []model.Diagnostic) {
	var pkg npmPackage
	fail := func(err error) (npmPackage, []model.Diagnostic) {
		line, col := 0, 0
		// The streaming decoder's offsets are relative to the value it was
		// reading; decoding the whole document again gives the absolute one.
		var v any
		var se *json.SyntaxError
		if errors.As(json.Unmarshal(data, &v), &se) {
			line, col = position(data, int(se.Offset)-1) // Offset is just past the bad byte
		}
		return npmPackage{}, []model.Diagnostic{warning(file, line, col, "package.json not read: %v", err)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return pkg, []model.Diagnostic{warning(file, 0, 0, "package.json is empty")}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil {
		return fail(err)
	} else if t != json.Delim('{') {
		return fail(errors.New("the top level is not an object"))
	}
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return fail(err)
		}
		switch key {
		case "name", "main":
			var s any
			if err := dec.Decode(&s); err != nil {
				return fail(err)
			}
			if v, ok := s.(string); ok {
				if key == "name" {
					pkg.name = v
				} else if strings.TrimSpace(v) != "" {
					pkg.entry = true
				}
			}
		case "scripts":
			var scripts any
			if err := dec.Decode(&scripts); err != nil {
				return fail(err)
			}
			if m, ok := scripts.(map[string]any); ok {
				if s, ok := m["start"].(string); ok && strings.TrimSpace(s) != "" {
					pkg.entry = true
				}
			}
		case "dependencies":
			deps, err := npmDependencies(dec, file, newLineIndex(data))
			if err != nil {
				return fail(err)
			}
			pkg.deps = deps
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fail(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(errors.New("data after the top-level object"))
	}
	return pkg, nil
}

// objectKey reads the next key of an object.
func objectKey(dec *json.Decoder) (string, error) {
	t, err := dec.Token()
	if err != nil {
		return "", err
	}
	k, ok := t.(string)
	if !ok {
		return "", errors.New("object key is not a string")
	}
	return k, nil
}

// npmDependencies reads the "dependencies" value, keeping each key's
// position. A value that is not an object is skipped: npm would reject it,
// archdrift just learns nothing from it.
func npmDependencies(dec *json.Decoder, file string, lines lineIndex) ([]dependency, error) {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	base := int(dec.InputOffset()) - len(raw)
	sub := json.NewDecoder(bytes.NewReader(raw))
	if t, err := sub.Token(); err != nil || t != json.Delim('{') {
		return nil, nil
	}
	var out []dependency
	for sub.More() {
		name, err := objectKey(sub)
		if err != nil {
			return nil, err
		}
		// The offset is just past the key's closing quote; keys hold no
		// newline, so its line is the key's line.
		end := base + int(sub.InputOffset())
		line, col := lines.position(end - len(name) - 2)
		if l, _ := lines.position(end); l != line {
			line, col = l, 1
		}
		var skip json.RawMessage
		if err := sub.Decode(&skip); err != nil {
			return nil, err
		}
		out = append(out, dependency{eco: ecoNPM, name: name, src: source(file, line, col)})
	}
	return out, nil
}
