// Command parsefloor does the least any correct reader of an estate must
// do: it reads every Terraform file and parses it as HCL, decodes every
// YAML document, and lexes every Structurizr DSL file, on a bounded pool of
// GOMAXPROCS workers, and nothing else. bench/run.sh times it beside
// `archdrift check` on the same estate: the ratio of the two is what the
// check costs above parsing.
//
//	go run ./bench/parsefloor DIR
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"

	"github.com/archdrift/archdrift/c4/structurizr"
)

func main() {
	flag.Usage = func() { fmt.Fprintln(os.Stderr, "usage: parsefloor DIR") }
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := floor(os.DirFS(flag.Arg(0)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "parsefloor:", err)
		os.Exit(1)
	}
	fmt.Printf("parsed %d Terraform files, %d YAML documents in %d files, %d DSL tokens in %d files (%d bytes)\n",
		n.tf.Load(), n.docs.Load(), n.yaml.Load(), n.tokens.Load(), n.dsl.Load(), n.bytes.Load())
}

type counts struct {
	tf, yaml, docs, dsl, tokens, bytes atomic.Int64
}

// skipDirs are the folders archdrift's scanners do not descend into either.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, ".terraform": true}

func floor(fsys fs.FS) (*counts, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	n := &counts{}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, name := range files {
		lower := strings.ToLower(name)
		var parse func([]byte) error
		switch {
		case strings.HasSuffix(lower, ".tf"):
			parse = func(src []byte) error {
				if _, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); diags.HasErrors() {
					return diags
				}
				n.tf.Add(1)
				return nil
			}
		case strings.HasSuffix(lower, ".yaml"), strings.HasSuffix(lower, ".yml"):
			parse = func(src []byte) error {
				dec := yaml.NewDecoder(strings.NewReader(string(src)))
				for {
					var doc yaml.Node
					if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
						break
					} else if err != nil {
						return err
					}
					n.docs.Add(1)
				}
				n.yaml.Add(1)
				return nil
			}
		case strings.HasSuffix(lower, ".dsl"):
			parse = func(src []byte) error {
				t, err := structurizr.Lex(name, src)
				n.tokens.Add(int64(t))
				n.dsl.Add(1)
				return err
			}
		default:
			continue
		}
		g.Go(func() error {
			src, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			n.bytes.Add(int64(len(src)))
			if err := parse(src); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	}
	return n, g.Wait()
}
