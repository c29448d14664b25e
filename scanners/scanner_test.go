package scanners

import (
	"testing"

	"github.com/archdrift/archdrift/model"
)

func TestSelfHosted(t *testing.T) {
	tests := []struct {
		e    model.Element
		want bool
	}{
		{model.Element{Kind: model.KindContainer, Class: model.ClassService, Technology: "Go"}, true},
		{model.Element{Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "PostgreSQL"}, true},
		{model.Element{Kind: model.KindContainer, Class: model.ClassDatabase, Technology: "Amazon Aurora PostgreSQL"}, false},
		{model.Element{Kind: model.KindContainer, Class: model.ClassBucket, Technology: "Amazon S3"}, false},
		{model.Element{Kind: model.KindContainer, Class: model.ClassQueue, Technology: "Amazon SQS"}, false},
		{model.Element{Kind: model.KindComponent, Class: model.ClassService}, false},
		{model.Element{Kind: model.KindSystem, Class: model.ClassService}, false},
	}
	for _, tt := range tests {
		if got := SelfHosted(&tt.e); got != tt.want {
			t.Errorf("SelfHosted(%+v) = %v, want %v", tt.e, got, tt.want)
		}
	}
}
