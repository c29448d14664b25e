package compose

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestHostRefs(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  []string // host, or host|scheme
	}{
		// A bare name counts only as the whole value.
		{"db", []string{"db"}},
		{"  User_DB  ", []string{"user_db"}},
		{"talk to db", nil},
		{"db please", nil},
		// host:port, dotted names and URLs count anywhere.
		{"user-db:27017", []string{"user-db"}},
		{"--mongo=user_db:27017 -v", []string{"user_db"}},
		{"cache.internal", []string{"cache.internal"}},
		{"http://api:8080/v1?x=y", []string{"api|http"}},
		{"amqp://guest:secret@rabbitmq:5672/", []string{"rabbitmq|amqp"}},
		{"jdbc:postgresql://postgres:5432/orders", []string{"postgres|postgresql"}},
		{"kafka-0:9092,kafka-1:9092", []string{"kafka-0", "kafka-1"}},
		{"redis://:pw@redis", []string{"redis|redis"}},
		// Not host names.
		{"file:/dev/urandom", nil},
		{"key:value", nil},
		{"a:b:c", nil},
		{"http://api:http/x", nil},
		{"-Xmx128m -XX:+UseG1GC", nil},
		{"_private:80", nil},
		{"-bad:80", nil},
		{"", nil},
		{strings.Repeat("a", maxValueLen+1), nil},
	} {
		var got []string
		for _, r := range hostRefs(tt.value) {
			s := r.host
			if r.scheme != "" {
				s += "|" + r.scheme
			}
			got = append(got, s)
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("hostRefs(%.40q) (-want +got):\n%s", tt.value, diff)
		}
	}
}

func TestHostRefsBounded(t *testing.T) {
	v := strings.Repeat("h:1 ", maxRefsInValue*2)
	if got := len(hostRefs(v)); got != maxRefsInValue {
		t.Errorf("%d references from one value, want the cap %d", got, maxRefsInValue)
	}
}
