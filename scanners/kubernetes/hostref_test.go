package kubernetes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHostRefs(t *testing.T) {
	tests := []struct {
		value string
		want  []string // host, or scheme+"|"+host
	}{
		// Whole values: a bare name only counts here.
		{"cart", []string{"cart"}},
		{"  Cart  ", []string{"cart"}},
		{"orders.shop.", []string{"orders.shop"}},
		{"8080", nil},
		{"", nil},
		{"true", []string{"true"}}, // resolves only if a Service is called "true"
		// host:port.
		{"redis-cart:6379", []string{"redis-cart"}},
		{"cartservice:7070", []string{"cartservice"}},
		{"user:pw@rabbitmq:5672", []string{"rabbitmq"}},
		// URLs.
		{"http://orders:8080/api/v1?x=y", []string{"http|orders"}},
		{"amqp://user:pw@rabbitmq:5672", []string{"amqp|rabbitmq"}},
		{"postgres://app:secret@postgres.main.svc.cluster.local/db", []string{"postgres|postgres.main.svc.cluster.local"}},
		{"jdbc:postgresql://pg:5432/app", []string{"postgresql|pg"}},
		{"mongodb://a:27017,b:27017/db?replicaSet=rs0", []string{"mongodb|a", "b"}},
		{"http://${FRONTEND_ADDR}/x", nil},
		{"http://[::1]:80/", nil},
		// Lists.
		{"kafka-0.kafka:9092,kafka-1.kafka:9092", []string{"kafka-0.kafka", "kafka-1.kafka"}},
		{"a:1; b:2", []string{"a", "b"}},
		// Flags and properties.
		{"--redis=redis:6379", []string{"redis"}},
		{"-Dspring.datasource.url=jdbc:mysql://db:3306/x -Xmx1g", []string{"mysql|db"}},
		{"-Dhost=orders.shop", []string{"orders.shop"}},
		// Not references.
		{"order the cart now", nil},                    // bare words in a sentence
		{"-Djava.security.egd=file:/dev/urandom", nil}, // scheme-like, no host
		{"level:debug", nil},                           // key:value, not a port
		{"a:b:c", nil},
		{"-port=80", nil},
		{"--verbose", nil},
		{"x:99999999", nil},
		{"1.2.3.4:80", nil},
		{"Echo Pinging frontend: ${FRONTEND_ADDR}", nil},
		{"has_underscore:80", nil},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			var got []string
			for _, r := range hostRefs(tt.value) {
				if r.scheme != "" {
					got = append(got, r.scheme+"|"+r.host)
				} else {
					got = append(got, r.host)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hostRefs(%q) mismatch (-want +got):\n%s", tt.value, diff)
			}
		})
	}
}

func TestHostRefsBounded(t *testing.T) {
	long := strings.Repeat("a:1 ", maxRefsInValue*2)
	if got := len(hostRefs(long)); got != maxRefsInValue {
		t.Errorf("refs in a long value = %d, want the cap %d", got, maxRefsInValue)
	}
	if got := hostRefs(strings.Repeat("x", maxValueLen+1)); got != nil {
		t.Errorf("a value over %d bytes gave %v, want nothing", maxValueLen, got)
	}
}
