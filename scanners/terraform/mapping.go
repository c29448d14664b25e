package terraform

import "github.com/archdrift/archdrift/model"

// Mapping is what the mapping table of types.go makes of a resource type.
// Other scanners that observe the same resources (the AWS scanner reads the
// running queue that aws_sqs_queue declares) read it here, so that one
// table says what an SQS queue is to the observed graph.
type Mapping struct {
	Kind  model.Kind
	Class model.Class
	// Technology is a canonical name of the model's technology table.
	Technology string
	// Refined says that the resource's engine refines the technology (see
	// EngineTechnology).
	Refined bool
}

// LookupMapping returns the mapping of a Terraform resource type, when the
// table makes an element of it.
func LookupMapping(typ string) (Mapping, bool) {
	s, ok := typeIndex[typ]
	if !ok || s.Role != element {
		return Mapping{}, false
	}
	return Mapping{Kind: s.Kind, Class: s.Class, Technology: s.Technology, Refined: s.Engine != ""}, true
}

// EngineTechnology returns the technology a managed database, cache or
// broker engine names ("postgres" → PostgreSQL, "aurora-postgresql" →
// Amazon Aurora PostgreSQL), or "".
func EngineTechnology(engine string) string { return engineTechnology(engine) }
