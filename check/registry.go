package check

import (
	"github.com/archdrift/archdrift/scanners"
	"github.com/archdrift/archdrift/scanners/code"
	"github.com/archdrift/archdrift/scanners/compose"
	"github.com/archdrift/archdrift/scanners/kubernetes"
	"github.com/archdrift/archdrift/scanners/terraform"
)

// Registry lists every scanner archdrift ships. Adding a scanner is one line
// here plus its package.
func Registry(o *Options) *scanners.Registry {
	return scanners.NewRegistry(
		code.New(),
		compose.New(),
		kubernetes.New(),
		terraform.New(terraform.Options{StatePath: o.TerraformState, PlanPath: o.TerraformPlan}),
		awsScanner(o),
	)
}
