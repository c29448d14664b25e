package terraform

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/archdrift/archdrift/scanners"
)

func TestTidyName(t *testing.T) {
	d := string(dropped)
	tests := []struct{ in, want string }{
		{"lpa-uid-" + d, "lpa-uid"},
		{"Service-" + d + "-server", "Service-server"},
		{d + "-orders-" + d, "orders"},
		{"codepipeline-" + d + "-" + d, "codepipeline"},
		{d, ""},
		{"foo__bar", "foo__bar"},
		{"alerts-", "alerts"},
		{"a_" + d + "_b", "a_b"},
		{"plain name", "plain name"},
	}
	for _, tt := range tests {
		if got := tidyName(tt.in); got != tt.want {
			t.Errorf("tidyName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTidyBytes holds tidyBytes, which tidyName uses on valid UTF-8, to
// the rune by rune reading of the same names.
func TestTidyBytes(t *testing.T) {
	d := string(dropped)
	for _, in := range []string{
		"lpa-uid-" + d, "Service-" + d + "-server", d + "-orders-" + d, d, "", "--", d + d + "-" + d,
		"héllo-" + d + "-wörld", "日本-" + d + "-語", d + "–dash–" + d, "a: " + d + " /b", "ü" + d + "ü",
	} {
		if got, want := tidyBytes(in), tidyRunes(in); got != want {
			t.Errorf("tidyBytes(%q) = %q, tidyRunes = %q", in, got, want)
		}
	}
}

// TestNames checks the naming rules one expression at a time.
func TestNames(t *testing.T) {
	tests := []struct {
		name, resource, want string
	}{
		{"literal parts", `name = "lpa-uid-${var.env}"`, "lpa-uid"},
		{"root variable default, whole", `name = var.queue`, "jobs"},
		{"local followed", `name = "${local.prefix}-orders"`, "shop-orders"},
		{"function of a literal", `name = lower("Orders")`, "orders"},
		{"resource attribute dropped", `name = "${aws_sqs_queue.other.name}-dlq"`, "dlq"},
		{"nothing literal: the label", `name = var.env`, "q"},
		{"no name attribute: the label", ``, "q"},
		{"name_prefix", `name_prefix = "tmp-"`, "tmp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `
variable "env" {}
variable "queue" { default = "jobs" }
locals { prefix = "shop" }
resource "aws_sqs_queue" "other" { name = "other" }
resource "aws_sqs_queue" "q" {
  ` + tt.resource + `
}
`
			g, _, err := New(Options{}).Scan(context.Background(), scanners.Input{FS: fstest.MapFS{"main.tf": {Data: []byte(src)}}})
			if err != nil {
				t.Fatal(err)
			}
			e, ok := g.Element("terraform:aws_sqs_queue.q")
			if !ok {
				t.Fatal("no element")
			}
			if e.Name != tt.want {
				t.Errorf("name = %q, want %q", e.Name, tt.want)
			}
		})
	}
}
