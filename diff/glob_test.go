package diff

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/archdrift/archdrift/config"
	"github.com/archdrift/archdrift/model"
)

// TestAssignGlobMatchesAsAScanDoes checks the binary-searched globs against
// matching every ID in turn.
func TestAssignGlobMatchesAsAScanDoes(t *testing.T) {
	obs := model.NewGraph()
	for _, id := range []string{
		"kubernetes:a/deployment/api", "kubernetes:a/deployment/api-worker-1", "kubernetes:a/deployment/api-worker-2",
		"kubernetes:a/statefulset/db", "kubernetes:b/deployment/api", "kubernetes:monitoring/deployment/grafana",
		"terraform:modules/q/module.q.aws_sqs_queue.events", "terraform:modules/q/module.q.aws_sqs_queue.events_dlq",
		"terraform:aws_s3_bucket.b", "compose:dev/a/api", `weird:a\b`, "weird:a*b", "weird:[x]",
	} {
		if err := obs.Add(&model.Element{ID: id, Name: id}); err != nil {
			t.Fatal(err)
		}
	}
	for _, glob := range []string{
		"kubernetes:a/deployment/api-worker-*", "kubernetes:*/deployment/api", "kubernetes:monitoring/**",
		"terraform:modules/q/module.q.aws_sqs_queue.*", "terraform:aws_s3_bucket.b", "*", "*:a/*/*",
		"kubernetes:a/deployment/ap?", "kubernetes:a/[sd]*/*", `weird:a\*b`, `weird:a\\b`, "weird:[", "nothing*", "",
	} {
		t.Run(glob, func(t *testing.T) {
			m := newMatcher(model.NewGraph(), obs, Options{})
			m.assignGlob(glob, "doc", ViaExplicit)
			var want []string
			if glob != "" {
				for _, o := range obs.Elements() {
					if config.MatchGlob(glob, o.ID) {
						want = append(want, o.ID)
					}
				}
			}
			if got := fmt.Sprint(slices.Sorted(maps.Keys(m.match))); got != fmt.Sprint(want) {
				t.Errorf("glob %q matched %s, want %v", glob, got, want)
			}
		})
	}
}
