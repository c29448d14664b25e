package terraform

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/archdrift/archdrift/internal/estategen/gen"
)

// walkCases are expressions of every kind hclsyntax has, those walkExpr
// walks itself and those it hands to hclsyntax.Walk.
var walkCases = `
a = 1
b = "x-${var.env}-${local.y[each.key]}"
c = <<EOT
%{ for k, v in var.m }${k}=${v}%{ endfor }
%{ if var.on }on%{ else }off%{ endif }
EOT
d = [for i, x in var.list : upper(x.name) if x.on && i > 0]
e = { for k, v in var.m : k => [v, k, var.k] }
f = aws_instance.web[*].id
g = aws_instance.web.*.private_ip
h = var.on ? (local.a + 1) : -local.b
i = !var.on
j = { (var.key) = 1, "quoted" = 2, bare = aws_sqs_queue.q.arn, null = 3, true = 4, "${var.k}" = 5 }
k = merge(var.tags, { Name = "n" }, [for t in var.t : t]...)
l = element(aws_subnet.private, 0).id
m = module.m["k"].out[0]
n = jsonencode({ Statement = [{ Resource = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"] }] })
o = try(var.x.y, null)
p = [for x in [for y in var.z : y] : x]
q = var.list[count.index % length(var.list)]
r = "${var.a}"
s = {}
t = []
`

// TestWalkExpr holds walkExpr to hclsyntax.Walk: the same Enter and Exit
// calls in the same order, on the expressions above and on every
// expression of the test estates.
func TestWalkExpr(t *testing.T) {
	checkWalkExprs(t, "cases.tf", []byte(walkCases))
	var roots []string
	for _, d := range []string{"testdata", filepath.Join("..", "..", "testdata"), filepath.Join("..", "..", "..", "shared", "corpus", "terraform")} {
		if _, err := os.Stat(d); err == nil {
			roots = append(roots, d)
		}
	}
	dir := t.TempDir()
	if _, err := gen.Generate(dir, gen.Options{Scale: 2, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	roots = append(roots, dir)
	files := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tf") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files++
			checkWalkExprs(t, p, src)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 20 {
		t.Errorf("walked %d files, want the test estates", files)
	}
}

// checkWalkExprs parses src and compares walkExpr with hclsyntax.Walk on
// every attribute expression of it, in nested blocks too.
func checkWalkExprs(t *testing.T, name string, src []byte) {
	t.Helper()
	f, _ := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if f == nil {
		return
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return
	}
	var visit func(b *hclsyntax.Body)
	visit = func(b *hclsyntax.Body) {
		for _, a := range b.Attributes {
			want, got := &walkRecorder{}, &walkRecorder{}
			hclsyntax.Walk(a.Expr, want)
			walkExpr(a.Expr, got)
			if d := cmp.Diff(want.events, got.events); d != "" {
				t.Errorf("%s: walkExpr differs from hclsyntax.Walk (-want +got):\n%s", a.SrcRange, d)
			}
		}
		for _, blk := range b.Blocks {
			visit(blk.Body)
		}
	}
	visit(body)
}

// walkRecorder writes down every Enter and Exit call, with the node.
type walkRecorder struct{ events []string }

func (r *walkRecorder) Enter(n hclsyntax.Node) hcl.Diagnostics {
	r.events = append(r.events, fmt.Sprintf("enter %T %p %v", n, nodeID(n), n.Range()))
	return nil
}

func (r *walkRecorder) Exit(n hclsyntax.Node) hcl.Diagnostics {
	r.events = append(r.events, fmt.Sprintf("exit %T %p %v", n, nodeID(n), n.Range()))
	return nil
}

// nodeID tells nodes apart: their address, or for a ChildScope (a value
// made during the walk) the expression it wraps.
func nodeID(n hclsyntax.Node) any {
	if cs, ok := n.(hclsyntax.ChildScope); ok {
		return cs.Expr
	}
	return n
}
