package terraform

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/scanners"
)

// TestHostile feeds estates built to exhaust memory, time or stack. Each must
// scan quickly, without a crash, into a consistent graph.
func TestHostile(t *testing.T) {
	var doubling strings.Builder
	doubling.WriteString("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n")
	for i := 1; i <= 64; i++ {
		fmt.Fprintf(&doubling, "  s%d = \"${local.s%d}${local.s%d}\"\n", i, i-1, i-1)
	}
	doubling.WriteString("}\nresource \"aws_sqs_queue\" \"q\" { name = local.s64 }\n")

	var chain strings.Builder
	chain.WriteString("locals {\n  l0 = aws_sqs_queue.q.arn\n")
	for i := 1; i <= 20000; i++ {
		fmt.Fprintf(&chain, "  l%d = local.l%d\n", i, i-1)
	}
	chain.WriteString("}\nresource \"aws_sqs_queue\" \"q\" {}\nresource \"aws_lambda_function\" \"f\" {\n  environment { variables = { Q = local.l20000 } }\n}\n")

	var dataChain strings.Builder
	for i := 1; i <= 5000; i++ {
		fmt.Fprintf(&dataChain, "data \"aws_iam_policy_document\" \"d%d\" { source_policy_documents = [data.aws_iam_policy_document.d%d.json] }\n", i, i-1)
	}
	dataChain.WriteString("data \"aws_iam_policy_document\" \"d0\" { statement { resources = [aws_sqs_queue.q.arn] } }\n")
	dataChain.WriteString("resource \"aws_sqs_queue\" \"q\" {}\nresource \"aws_iam_role\" \"r\" {}\nresource \"aws_iam_role_policy\" \"p\" {\n  role = aws_iam_role.r.id\n  policy = data.aws_iam_policy_document.d5000.json\n}\n")

	var parts strings.Builder
	for i := 1; i <= 5000; i++ {
		fmt.Fprintf(&parts, "resource \"aws_security_group\" \"g%d\" { vpc_id = aws_security_group.g%d.id }\n", i, i-1)
	}
	parts.WriteString("resource \"aws_security_group\" \"g0\" {}\nresource \"aws_lambda_function\" \"f\" {\n  vpc_config { security_group_ids = [aws_security_group.g5000.id] }\n}\n")

	tests := []struct {
		name  string
		files map[string]string
	}{
		{"string doubling through locals", map[string]string{"main.tf": doubling.String()}},
		{"local chain deeper than the stack should go", map[string]string{"main.tf": chain.String()}},
		{"data source chain", map[string]string{"main.tf": dataChain.String()}},
		{"chain of parts", map[string]string{"main.tf": parts.String()}},
		{"nested for expressions", map[string]string{"main.tf": `locals { r = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]] }
resource "aws_sqs_queue" "q" {
  for_each = toset([for i in [1, 2, 3] : [for j in [1] : [for k in [1] : tostring(k)]]][0][0])
}`}},
		{"for_each with too many keys", map[string]string{"main.tf": `resource "aws_sqs_queue" "q" {
  for_each = toset([` + strings.Repeat(`"k", `, 1) + strings.TrimSuffix(strings.Repeat(`"x", `, 1), ", ") + `])
}
resource "aws_sns_topic" "t" {
  for_each = {` + manyKeys(5000) + `}
  name     = each.key
}`}},
		{"module calling itself", map[string]string{"main.tf": `module "me" { source = "./" }`}},
		{"module ping-pong", map[string]string{
			"a/main.tf": `module "b" { source = "../b" }
resource "aws_sqs_queue" "a" {}`,
			"b/main.tf": `module "a" { source = "../a" }`,
			"main.tf":   `module "a" { source = "./a" }`,
		}},
		{"module fan-out", map[string]string{
			"main.tf":     "module \"m\" {\n  source = \"./m\"\n  for_each = {" + manyKeys(200) + "}\n}\n",
			"m/main.tf":   "module \"n\" {\n  source = \"../n\"\n  for_each = {" + manyKeys(200) + "}\n}\n",
			"n/main.tf":   `resource "aws_sqs_queue" "q" { name = "q" }`,
			"n/extra.tf":  `resource "aws_sns_topic" "t" {}`,
			"README.tf":   ``,
			"x/y/main.tf": `variable "v" {}`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, src := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
			g, _, err := New(Options{}).Scan(context.Background(), scanners.Input{FS: fsys})
			if err != nil {
				t.Fatal(err)
			}
			checkGraph(t, g)
			for _, e := range g.Elements() {
				if len(e.Name) > 4096 {
					t.Errorf("%s: name of %d bytes", e.ID, len(e.Name))
				}
			}
		})
	}
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d = %d\n", i, i)
	}
	return b.String()
}
