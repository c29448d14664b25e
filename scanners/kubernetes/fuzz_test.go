package kubernetes

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode runs one file through the whole per-file path, decoding and
// building the graph, and checks that it neither panics nor hangs, that
// every diagnostic names the file, and that the output is deterministic.
func FuzzDecode(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.y*ml"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(docs(deployment("a", "web", "redis:7", "X=http://api.a.svc.cluster.local:80/x", "Y=kafka-0.kafka:9092,b:1"),
		svcYAML("a", "api", "api"), deployment("a", "api", "x"))))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- &a {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {type: ExternalName, externalName: s}}\n- *a\n"))
	f.Add([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"))
	f.Add([]byte("--- |\n  text\n...\n%YAML 1.2\n---\n{{ .Values }}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		first := run(t, data)
		if again := run(t, data); !bytes.Equal(first, again) {
			t.Fatalf("two runs differ:\n%s\n%s", first, again)
		}
	})
}

func run(t *testing.T, data []byte) []byte {
	objs, diags := decodeFile("f.yaml", data)
	g, bdiags := build(objs)
	for _, d := range append(diags, bdiags...) {
		if d.File != "f.yaml" || d.Origin != scannerName || d.Message == "" {
			t.Fatalf("diagnostic without file, origin or message: %+v", d)
		}
	}
	out, err := g.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	for _, d := range append(diags, bdiags...) {
		out = append(out, d.String()...)
	}
	return out
}
