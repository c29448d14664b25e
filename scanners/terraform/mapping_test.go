package terraform

import (
	"testing"

	"github.com/archdrift/archdrift/model"
)

func TestLookupMapping(t *testing.T) {
	tests := []struct {
		typ  string
		ok   bool
		want Mapping
	}{
		{"aws_sqs_queue", true, Mapping{Kind: model.KindContainer, Class: model.ClassQueue, Technology: "Amazon SQS"}},
		{"aws_db_instance", true, Mapping{Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "Amazon RDS", Refined: true}},
		{"aws_ecs_task_definition", false, Mapping{}}, // a part, no element
		{"aws_vpc", false, Mapping{}},                 // plumbing
		{"no_such_type", false, Mapping{}},
	}
	for _, tt := range tests {
		got, ok := LookupMapping(tt.typ)
		if ok != tt.ok || got != tt.want {
			t.Errorf("LookupMapping(%q) = %+v, %v; want %+v, %v", tt.typ, got, ok, tt.want, tt.ok)
		}
	}
	if got := EngineTechnology("aurora-postgresql"); got != "Amazon Aurora PostgreSQL" {
		t.Errorf("EngineTechnology(aurora-postgresql) = %q", got)
	}
}
