// Package parsefloor is the least any correct reader of an estate must do:
// parse each file in its own syntax and nothing else. bench/parsefloor times
// it over a whole estate and the scanners' benchmarks over the files each
// scanner reads, so that what a scan costs beyond parsing is measured
// against one definition of the floor.
package parsefloor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/scanners"
)

// Each reads files on a pool of GOMAXPROCS workers, as the scanners do, and
// hands each one's bytes to parse with its index in files.
func Each(fsys fs.FS, files []string, parse func(i int, name string, src []byte) error) error {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, name := range files {
		g.Go(func() error {
			src, err := scanners.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			if err := parse(i, name, src); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// YAML decodes every document of src into a yaml.Node and says how many
// there were.
func YAML(src []byte) (int, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for docs := 0; ; docs++ {
		var n yaml.Node
		if err := dec.Decode(&n); errors.Is(err, io.EOF) {
			return docs, nil
		} else if err != nil {
			return docs, err
		}
	}
}

// HCL parses src as HCL native syntax.
func HCL(name string, src []byte) (*hcl.File, error) {
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	return f, nil
}
