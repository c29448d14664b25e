package kubernetes

import (
	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// CouldSee implements scanners.Sighted: workloads only, never managed cloud
// services, so a documented bucket is not "missing" from the manifests.
func (*Scanner) CouldSee(e *model.Element) bool { return scanners.SelfHosted(e) }
