package aws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/archdrift/archdrift/model"
)

// maxSnapshotBytes bounds a snapshot file: a snapshot may come from an
// artifact store and is read as untrusted input.
const maxSnapshotBytes = 64 << 20

// ReadSnapshot reads an inventory written by WriteSnapshot. Entries that
// cannot become elements are diagnostics; a file that is not a snapshot is
// an error.
func ReadSnapshot(path string) (*Inventory, []model.Diagnostic, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("aws: snapshot: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSnapshotBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("aws: snapshot %s: %w", path, err)
	}
	if len(b) > maxSnapshotBytes {
		return nil, nil, fmt.Errorf("aws: snapshot %s: larger than %d MiB", path, maxSnapshotBytes>>20)
	}
	inv, diags, err := decodeSnapshot(b, path)
	if err != nil {
		return nil, nil, fmt.Errorf("aws: snapshot %s: %w", path, err)
	}
	return inv, diags, nil
}

// decodeSnapshot parses and validates snapshot bytes.
func decodeSnapshot(b []byte, origin string) (*Inventory, []model.Diagnostic, error) {
	var inv Inventory
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&inv); err != nil {
		return nil, nil, fmt.Errorf("not an archdrift AWS snapshot: %w", err)
	}
	if inv.Version != InventoryVersion {
		return nil, nil, fmt.Errorf("snapshot version %d, this archdrift reads version %d", inv.Version, InventoryVersion)
	}
	if dec.More() {
		return nil, nil, errors.New("not an archdrift AWS snapshot: data after the inventory")
	}
	return &inv, inv.validate(origin), nil
}

// encode renders an inventory as indented JSON, stable for equal
// inventories.
func (inv *Inventory) encode() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(inv) // strings, slices and string maps: cannot fail
	return b.Bytes()
}

// WriteSnapshot writes an inventory as JSON, through a temporary file and
// a rename so that a reader never sees half a snapshot.
func WriteSnapshot(path string, inv *Inventory) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".archdrift-aws-*.json")
	if err != nil {
		return fmt.Errorf("aws: snapshot: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if _, err := tmp.Write(inv.encode()); err != nil {
		tmp.Close()
		return fmt.Errorf("aws: snapshot %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("aws: snapshot %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("aws: snapshot %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("aws: snapshot %s: %w", path, err)
	}
	return nil
}
