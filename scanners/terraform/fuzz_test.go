package terraform

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/archdrift/archdrift/scanners"
)

// fuzzModule is a local module the fuzzed root may call, so that inputs,
// outputs and module instances are on the fuzzed path too.
const fuzzModule = `
variable "name" { type = string }
variable "queue_arn" { default = null }
resource "aws_lambda_function" "this" {
  function_name = "${var.name}-fn"
  environment { variables = { Q = var.queue_arn } }
}
resource "aws_iam_role" "this" { name = var.name }
output "arn" { value = aws_lambda_function.this.arn }
`

// FuzzParseHCL drives one file through the whole HCL → graph path: parse,
// module expansion, evaluation, reference resolution and graph building.
// Whatever the input, the scan must not panic or hang, the graph must be
// consistent, walkExpr must walk every expression as hclsyntax.Walk does,
// and the elements built beside resolveAll must be those built after it.
func FuzzParseHCL(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
			if b, err := os.ReadFile(p); err == nil && len(b) < 8<<10 {
				f.Add(b)
			}
		}
		return nil
	})
	for _, s := range []string{
		`module "m" {
  source    = "./mod"
  name      = "x-${var.env}"
  queue_arn = aws_sqs_queue.q.arn
}
resource "aws_sqs_queue" "q" { name = module.m.arn }`,
		`locals { a = local.b
  b = local.a }
resource "aws_sns_topic" "t" { for_each = local.a
  name = each.key }`,
		`resource "aws_sqs_queue" "q" { count = length([for x in [1,2] : [for y in [3] : x]]) }`,
		`resource "aws_lb" "x" { name = "${` + strings.Repeat("(", 40) + `1` + strings.Repeat(")", 40) + `}" }`,
		`variable "v" { type = map(list(string)) default = {a = ["b"]} }
resource "aws_s3_bucket" "b" { for_each = var.v
  bucket = each.value[0] }`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{
			"main.tf":     {Data: src},
			"mod/main.tf": {Data: []byte(fuzzModule)},
		}
		// A scan that hangs takes the process down with every stack, so the
		// fuzzer keeps the input and says where it hung.
		watchdog := time.AfterFunc(20*time.Second, func() {
			buf := make([]byte, 1<<20)
			panic("scan still running after 20s:\n" + string(buf[:runtime.Stack(buf, true)]))
		})
		defer watchdog.Stop()
		g, _, err := New(Options{}).Scan(context.Background(), scanners.Input{FS: fsys})
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		checkGraph(t, g)
		checkWalkExprs(t, "main.tf", src)
		checkElementsBeside(t, fsys)
	})
}
