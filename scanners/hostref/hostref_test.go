package hostref

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func refs(sx Syntax, v string) []string {
	var got []string
	for _, r := range sx.Find(v) {
		if r.Scheme != "" {
			got = append(got, r.Scheme+"|"+r.Host)
		} else {
			got = append(got, r.Host)
		}
	}
	return got
}

func TestFindKubernetes(t *testing.T) {
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
		if diff := cmp.Diff(tt.want, refs(Kubernetes, tt.value), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Kubernetes.Find(%.40q) mismatch (-want +got):\n%s", tt.value, diff)
		}
	}
}

func TestFindCompose(t *testing.T) {
	tests := []struct {
		value string
		want  []string // host, or scheme+"|"+host
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
		{"http://api:8080/v1?x=y", []string{"http|api"}},
		{"amqp://guest:secret@rabbitmq:5672/", []string{"amqp|rabbitmq"}},
		{"jdbc:postgresql://postgres:5432/orders", []string{"postgresql|postgres"}},
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
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, refs(Compose, tt.value), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Compose.Find(%.40q) mismatch (-want +got):\n%s", tt.value, diff)
		}
	}
}

func TestFindBounded(t *testing.T) {
	for _, sx := range []Syntax{Kubernetes, Compose} {
		long := strings.Repeat("a:1 ", maxRefsInValue*2)
		if got := len(sx.Find(long)); got != maxRefsInValue {
			t.Errorf("refs in a long value = %d, want the cap %d", got, maxRefsInValue)
		}
		if got := sx.Find(strings.Repeat("x", maxValueLen+1)); got != nil {
			t.Errorf("a value over %d bytes gave %v, want nothing", maxValueLen, got)
		}
	}
}
