package terraform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/archdrift/archdrift/internal/benchcpu"
	"github.com/archdrift/archdrift/internal/estategen/gen"
	"github.com/archdrift/archdrift/internal/parsefloor"
	"github.com/archdrift/archdrift/scanners"
)

func BenchmarkScanCorpus(b *testing.B) {
	dir := corpusDir(b, "terraform/aws-ecs-fullstack")
	benchmarkScan(b, dir)
}

// BenchmarkScanGenerated scans a generated estate of 5,000 resources: a root
// module with a shared table and topic, calling 50 local modules of 100
// resources each (workers consuming queues, roles granted the table, topic
// subscriptions, buckets, security groups).
func BenchmarkScanGenerated(b *testing.B) {
	dir := b.TempDir()
	if n := generateEstate(b, dir, 50, 10); n != 5002 {
		b.Fatalf("generated %d resources", n)
	}
	benchmarkScan(b, dir)
}

// BenchmarkScanEstate scans the Terraform of generated estates (package
// internal/estategen/gen): at 100×, 10,000 resource instances in 100 domain
// modules calling a shared alarm module, with cross-module references.
func BenchmarkScanEstate(b *testing.B) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := gen.Generate(dir, gen.Options{Scale: scale, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			benchmarkScan(b, dir)
		})
	}
}

// BenchmarkParseFloor is the part of BenchmarkScanEstate that no scan can
// skip, as bench/parsefloor counts it: list the .tf files, read each and
// parse it with hclsyntax.ParseConfig on a pool of GOMAXPROCS workers. What
// BenchmarkScanEstate costs above it is the scanner's own work.
func BenchmarkParseFloor(b *testing.B) { benchmarkParseFloor(b, false) }

// BenchmarkParseFloorKept is BenchmarkParseFloor keeping every file's
// syntax tree until all are parsed, as a scan must (a module's references
// reach into the modules it calls): the garbage collector then marks the
// trees parsed so far at every cycle of the parse, which the bare floor,
// dropping each tree at once, never pays.
func BenchmarkParseFloorKept(b *testing.B) { benchmarkParseFloor(b, true) }

func benchmarkParseFloor(b *testing.B, keep bool) {
	for _, scale := range []int{10, 100} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := gen.Generate(dir, gen.Options{Scale: scale, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			fsys := os.DirFS(dir)
			var files int
			b.ReportAllocs()
			defer benchcpu.Start(b)()
			for b.Loop() {
				names, err := scanners.Files(fsys, ".tf")
				if err != nil {
					b.Fatal(err)
				}
				var kept []hcl.Body
				if keep {
					kept = make([]hcl.Body, len(names))
				}
				err = parsefloor.Each(fsys, names, func(i int, name string, src []byte) error {
					f, err := parsefloor.HCL(name, src)
					if keep && err == nil {
						kept[i] = f.Body
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				files = len(names)
				runtime.KeepAlive(kept)
			}
			b.ReportMetric(float64(files), "files")
		})
	}
}

func benchmarkScan(b *testing.B, dir string) {
	s := New(Options{})
	in := scanners.Input{FS: os.DirFS(dir), Root: dir}
	var elements, rels int
	b.ReportAllocs()
	defer benchcpu.Start(b)()
	for b.Loop() {
		g, _, err := s.Scan(context.Background(), in)
		if err != nil {
			b.Fatal(err)
		}
		elements, rels = g.Len(), len(g.Relationships())
	}
	b.ReportMetric(float64(elements), "elements")
	b.ReportMetric(float64(rels), "relationships")
}

// generateEstate writes a deterministic estate: modules local modules with
// groups groups of ten resources each, plus two shared resources in the
// root. It returns the number of resources written.
func generateEstate(tb testing.TB, dir string, modules, groups int) int {
	tb.Helper()
	var root strings.Builder
	root.WriteString(`resource "aws_dynamodb_table" "shared" {
  name     = "shared"
  hash_key = "id"
}

resource "aws_sns_topic" "shared" {
  name = "shared-events"
}
`)
	count := 2
	for m := range modules {
		name := fmt.Sprintf("svc%02d", m)
		fmt.Fprintf(&root, `
module %q {
  source    = "./modules/%s"
  name      = "%s-${var.env}"
  table_arn = aws_dynamodb_table.shared.arn
  topic_arn = aws_sns_topic.shared.arn
}
`, name, name, name)
		var mod strings.Builder
		mod.WriteString(`variable "name" { type = string }
variable "table_arn" { type = string }
variable "topic_arn" { type = string }
`)
		for i := range groups {
			fmt.Fprintf(&mod, `
resource "aws_sqs_queue" "q%[1]d" {
  name = "${var.name}-q%[1]d"
}

resource "aws_iam_role" "r%[1]d" {
  name               = "${var.name}-r%[1]d"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "p%[1]d" {
  role   = aws_iam_role.r%[1]d.id
  policy = jsonencode({ Statement = [{ Action = "dynamodb:*", Resource = var.table_arn }] })
}

resource "aws_security_group" "sg%[1]d" {
  name = "${var.name}-sg%[1]d"
}

resource "aws_lambda_function" "f%[1]d" {
  function_name = "${var.name}-f%[1]d"
  role          = aws_iam_role.r%[1]d.arn
  vpc_config {
    security_group_ids = [aws_security_group.sg%[1]d.id]
  }
  environment {
    variables = {
      TOPIC = var.topic_arn
      NEXT  = aws_sqs_queue.q%[2]d.url
    }
  }
}

resource "aws_lambda_event_source_mapping" "m%[1]d" {
  function_name    = aws_lambda_function.f%[1]d.arn
  event_source_arn = aws_sqs_queue.q%[1]d.arn
}

resource "aws_sns_topic_subscription" "s%[1]d" {
  topic_arn = var.topic_arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.q%[1]d.arn
}

resource "aws_s3_bucket" "b%[1]d" {
  bucket = "${var.name}-b%[1]d"
}

resource "aws_s3_bucket_notification" "n%[1]d" {
  bucket = aws_s3_bucket.b%[1]d.id
  queue {
    queue_arn = aws_sqs_queue.q%[1]d.arn
    events    = ["s3:ObjectCreated:*"]
  }
}

resource "aws_cloudwatch_log_group" "l%[1]d" {
  name = "/aws/lambda/${var.name}-f%[1]d"
}
`, i, (i+1)%groups)
			count += 10
		}
		mdir := filepath.Join(dir, "modules", name)
		if err := os.MkdirAll(mdir, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mdir, "main.tf"), []byte(mod.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	root.WriteString(`
variable "env" {
  type    = string
  default = "prod"
}
`)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(root.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return count
}
