package model

import (
	"slices"
	"testing"
)

func TestTechnologyFromImage(t *testing.T) {
	tests := []struct {
		image, want string
		class       Class
	}{
		{"postgres:15-alpine", "PostgreSQL", ClassDatabase},
		{"docker.io/library/postgres", "PostgreSQL", ClassDatabase},
		{"bitnami/postgresql:16.2.0", "PostgreSQL", ClassDatabase},
		{"redis@sha256:abc", "Redis", ClassCache},
		{"bitnami/kafka:3.7", "Apache Kafka", ClassStream},
		{"confluentinc/cp-kafka:7.6.0", "Apache Kafka", ClassStream},
		{"rabbitmq:3.13-management", "RabbitMQ", ClassQueue},
		{"registry.k8s.io/ingress-nginx/controller:v1.10.1", "NGINX", ClassGateway},
		{"docker.elastic.co/elasticsearch/elasticsearch:8.13.0", "Elasticsearch", ClassSearch},
		{"quay.io/prometheus/prometheus:v2.53.0", "Prometheus", ClassInfrastructure},
		{"memcached:1.6", "Memcached", ClassCache},
		{"mongo", "MongoDB", ClassDatabase},
		{"minio/minio", "MinIO", ClassBucket},
		{"localhost:5000/redis", "Redis", ClassCache},
	}
	for _, tt := range tests {
		got, ok := TechnologyFromImage(tt.image)
		if !ok || got.Name != tt.want || got.Class != tt.class {
			t.Errorf("TechnologyFromImage(%q) = %q/%q/%v, want %q/%q", tt.image, got.Name, got.Class, ok, tt.want, tt.class)
		}
	}
	for _, image := range []string{"ghcr.io/shop/orders:1.0", "gcr.io/google-samples/microservices-demo/frontend:v0.10.0", "redis.example.com/team/app"} {
		if got, ok := TechnologyFromImage(image); ok {
			t.Errorf("TechnologyFromImage(%q) = %q, want unknown", image, got.Name)
		}
	}
}

func TestTechnologies(t *testing.T) {
	names := func(s string) []string {
		var out []string
		for _, t := range Technologies(s) {
			out = append(out, t.Name)
		}
		return out
	}
	tests := map[string][]string{
		"Java and Spring MVC":      {"Java"},
		"Amazon Aurora PostgreSQL": {"Amazon Aurora PostgreSQL"},
		"PostgreSQL 15.4":          {"PostgreSQL"},
		"aurora-postgresql":        {"Amazon Aurora PostgreSQL"},
		"React, NGINX":             {"NGINX"},
		"JSON/HTTPS":               nil,
		"Go on Amazon ECS":         {"Amazon ECS", "Go"},
		"Apache Kafka":             {"Apache Kafka"},
	}
	for in, want := range tests {
		if got := names(in); !slices.Equal(got, want) {
			t.Errorf("Technologies(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestTechnologyConflict(t *testing.T) {
	tests := []struct {
		doc, obs string
		conflict bool
	}{
		{"PostgreSQL", "MySQL", true},
		{"Redis", "Memcached", true},
		{"PostgreSQL", "Amazon Aurora PostgreSQL", false},
		{"Amazon Aurora PostgreSQL", "aurora-postgresql", false},
		{"Apache Kafka", "Kafka", false},
		{"Kafka", "bitnami kafka", false},
		{"Go", "", false},
		{"React", "NGINX", false},
		{"Go on ECS", "Amazon ECS", false},
		{"Go", "Java", true},
		{"MySQL", "MariaDB", false},
		{"RabbitMQ", "Apache Kafka", true},
		{"PostgreSQL", "Redis", true},
	}
	for _, tt := range tests {
		_, _, got := TechnologyConflict(tt.doc, tt.obs)
		if got != tt.conflict {
			t.Errorf("TechnologyConflict(%q, %q) = %v, want %v", tt.doc, tt.obs, got, tt.conflict)
		}
	}
}

func TestCompatibleClasses(t *testing.T) {
	tests := []struct {
		a, b Class
		want bool
	}{
		{ClassDatabase, ClassService, false},
		{ClassDatabase, ClassCache, true},
		{ClassQueue, ClassStream, true},
		{ClassService, ClassUI, true},
		{ClassInfrastructure, ClassService, false},
		{ClassInfrastructure, ClassInfrastructure, true},
		{ClassExternal, ClassDatabase, true},
		{ClassUnknown, ClassQueue, true},
	}
	for _, tt := range tests {
		if got := CompatibleClasses(tt.a, tt.b); got != tt.want {
			t.Errorf("CompatibleClasses(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
