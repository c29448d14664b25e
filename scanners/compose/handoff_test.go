package compose

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

func TestIsPlain(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want bool
	}{
		{"services:\n  web:\n    image: x\n    ports: [\"80:80\"]\n    environment: {A: 1, B: -2, C: 1.5, D: true, E: ~, F: \"0x1F\"}\n", true},
		{"version: '3'\nservices: {web: {image: x}}\n", true},
		{"# comment\nservices: {web: {image: x}}\n", true},
		{"services: {web: {image: x}}\n---\nservices: {db: {image: y}}\n", false},
		{"services: {web: {image: x}}\n---\n", false},
		{"---\nservices: {web: {image: x}}\n", false},
		{"services: {web: {image: x}}\n...\n", false},
		{"%YAML 1.1\n---\nservices: {web: {image: x}}\n", false},
		{"- a\n", false},
		{"x: &a {image: x}\nservices: {web: *a}\n", false},
		{"x: &a {image: x}\nservices: {web: {<<: *a}}\n", false},
		{"services: {web: {image: !reset null}}\n", false},
		{"services: {web: {image: !!str 7}}\n", false},
		{"services: {web: {image: x}, web: {image: y}}\n", false},
		{"services: {web: {environment: {A: -0}}}\n", false},
		{"services: {web: {environment: {A: 0x1F}}}\n", false},
		{"services: {web: {environment: {A: 1_000}}}\n", false},
		{"services: {web: {environment: {A: 007}}}\n", false},
		{"services: {web: {environment: {A: 1e3}}}\n", false},
		{"services: {web: {environment: {A: 2001-12-14}}}\n", false},
		{"services: {web: {environment: {A: <<}}}\n", false},
		{"services: {web: {environment: {A: 99999999999999999999}}}\n", false},
		{"services: {web: {image: x, x-develop: {watch: []}}}\n", false},
		{"services: {web: {image: x, develop: {watch: [{path: ., action: sync, x-initialSync: true}]}}}\n", false},
	} {
		f, d := parseFile("compose.yaml", []byte(tt.src))
		if d != nil {
			t.Fatalf("parseFile(%q): %v", tt.src, d)
		}
		if f.plain != tt.want {
			t.Errorf("plain(%q) = %v, want %v", tt.src, f.plain, tt.want)
		}
	}
}

// TestHasDuplicateKeyLarge checks the map path for large mappings.
func TestHasDuplicateKeyLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("services:\n  web:\n    environment:\n")
	for i := range 40 {
		b.WriteString("      K" + strings.Repeat("x", i) + ": v\n")
	}
	f, d := parseFile("compose.yaml", []byte(b.String()))
	if d != nil || !f.plain {
		t.Fatalf("40 distinct keys: diagnostic %v, plain %v; want plain", d, f != nil && f.plain)
	}
	b.WriteString("      K: again\n")
	if f, _ := parseFile("compose.yaml", []byte(b.String())); f == nil || f.plain {
		t.Errorf("a duplicate among 41 keys: plain")
	}
}

// TestDecodedHandoff checks that a plain project reaches compose-go decoded,
// and that one whose name the scanner cannot tell goes as bytes.
func TestDecodedHandoff(t *testing.T) {
	for _, tt := range []struct {
		src     string
		decoded bool
	}{
		{"name: shop\nservices: {web: {image: x}}\n", true},
		{"services: {web: {image: x}}\n", true},
		{"name: My Shop\nservices: {web: {image: x}}\n", false},
		{"name: ${N}\nservices: {web: {image: x}}\n", false},
	} {
		fsys := fstest.MapFS{"compose.yaml": &fstest.MapFile{Data: []byte(tt.src)}}
		l := newProjectLoader(context.Background(), fsys, project{dir: ".", files: []string{"compose.yaml"}})
		l.readDotEnv()
		files := l.readFiles()
		if len(files) != 1 {
			t.Fatalf("%q: %v", tt.src, l.diags)
		}
		cf := l.configFiles(files)[0]
		if got := cf.Config != nil; got != tt.decoded || (cf.Content == nil) == (cf.Config == nil) {
			t.Errorf("%q: decoded %v (content %v), want decoded %v", tt.src, got, cf.Content != nil, tt.decoded)
		}
	}
}

// TestPlainMapAsDecode checks that plainMap decodes every plain file of the
// test data and the fuzz seeds as yaml.v3's Node.Decode does.
func TestPlainMapAsDecode(t *testing.T) {
	var srcs [][]byte
	for _, tt := range []string{
		"name: shop\nservices: {web: {image: x, ports: [], x: null, y: ~, z: '', n: [1, -2, 3.5, 0.25, true, false, True, FALSE, '1', \"no\"]}}\n",
		"a: {}\nb: []\nc:\nd: [[], {}, [a, [b]]]\ne: 123456789012345678\nf: -0.5\ng: |\n  text\n",
	} {
		srcs = append(srcs, []byte(tt))
	}
	for _, dir := range []string{"testdata", "testdata/fuzz/FuzzLoad"} {
		err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(filepath.Join(dir, p))
			if err != nil {
				return err
			}
			if dir == "testdata" {
				srcs = append(srcs, data)
				return nil
			}
			// Fuzz seeds: every quoted string argument may be a file.
			for _, line := range strings.Split(string(data), "\n") {
				if s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "[]byte("), ")")); err == nil {
					srcs = append(srcs, []byte(s))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	plain := 0
	for _, src := range srcs {
		f, _ := parseFile("compose.yaml", src)
		if f == nil || !f.plain {
			continue
		}
		plain++
		var want map[string]any
		wantErr := f.docs[0].Decode(&want)
		got, err := plainMap(f.docs[0])
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nplainMap %#v, %v\nDecode   %#v, %v", src, got, err, want, wantErr)
		}
	}
	if plain < 10 {
		t.Errorf("only %d plain files to compare", plain)
	}
}
