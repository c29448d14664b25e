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
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync/atomic"

	"github.com/archdrift/archdrift/c4/structurizr"
	"github.com/archdrift/archdrift/internal/parsefloor"
	"github.com/archdrift/archdrift/scanners"
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

// floor parses the files the scanners would read: scanners.Files lists
// them (skipping the same tooling folders), and only those are read.
func floor(fsys fs.FS) (*counts, error) {
	files, err := scanners.Files(fsys, ".tf", ".yaml", ".yml", ".dsl")
	if err != nil {
		return nil, err
	}
	n := &counts{}
	err = parsefloor.Each(fsys, files, func(_ int, name string, src []byte) error {
		lower := strings.ToLower(name)
		switch {
		case strings.HasSuffix(lower, ".tf"):
			if _, err := parsefloor.HCL(name, src); err != nil {
				return err
			}
			n.tf.Add(1)
		case strings.HasSuffix(lower, ".yaml"), strings.HasSuffix(lower, ".yml"):
			docs, err := parsefloor.YAML(src)
			if err != nil {
				return err
			}
			n.docs.Add(int64(docs))
			n.yaml.Add(1)
		case strings.HasSuffix(lower, ".dsl"):
			t, err := structurizr.Lex(name, src)
			n.tokens.Add(int64(t))
			n.dsl.Add(1)
			if err != nil {
				return err
			}
		}
		n.bytes.Add(int64(len(src)))
		return nil
	})
	return n, err
}
