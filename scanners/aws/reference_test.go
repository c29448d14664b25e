package aws

import (
	"slices"
	"strings"
	"testing"
)

func TestCandidates(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"orders", []string{"orders"}},
		{"  orders , carts", []string{"orders", "carts"}},
		{"postgres://app:s3cr3t@db.abc.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require",
			[]string{"db.abc.eu-west-1.rds.amazonaws.com", "https://db.abc.eu-west-1.rds.amazonaws.com/shop"}},
		{"jdbc:postgresql://db.example.internal:5432/orders", []string{"db.example.internal", "https://db.example.internal/orders"}},
		{"app:pw@cache.abc.cache.amazonaws.com:6379", []string{"cache.abc.cache.amazonaws.com"}},
		{"s3://shop-logs/exports/", []string{"shop-logs"}},
		{"https://sqs.eu-west-1.amazonaws.com/123456789012/payments", []string{"sqs.eu-west-1.amazonaws.com", "https://sqs.eu-west-1.amazonaws.com/123456789012/payments"}},
		{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:f/invocations",
			[]string{"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:f/invocations",
				"arn:aws:lambda:eu-west-1:1:function:f/invocations"}},
		{"host=db.internal port=5432", []string{"db.internal"}},
		{"b-1.k.x.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.k.x.c2.kafka.eu-west-1.amazonaws.com:9098",
			[]string{"b-1.k.x.c2.kafka.eu-west-1.amazonaws.com", "b-2.k.x.c2.kafka.eu-west-1.amazonaws.com"}},
		{"info", []string{"info"}},
		{"", nil},
		{"a b", nil}, // too short to be a name
		{"hello world, this is a sentence", nil},
	}
	for _, tt := range tests {
		got := candidates(tt.value)
		if !slices.Equal(got, tt.want) {
			t.Errorf("candidates(%q)\n got  %q\n want %q", tt.value, got, tt.want)
		}
		for _, c := range got {
			if strings.Contains(c, "s3cr3t") || strings.Contains(c, "?") {
				t.Errorf("candidates(%q) keeps %q", tt.value, c)
			}
		}
	}
}

func TestCandidatesBounded(t *testing.T) {
	v := strings.Repeat("arn:aws:s3:::b ", 100000)
	if n := len(candidates(v)); n > maxCandidates {
		t.Errorf("%d candidates, bound is %d", n, maxCandidates)
	}
}

func TestResolve(t *testing.T) {
	res := []Resource{
		{Type: "AWS::Lambda::Function", Region: "eu-west-1", ARN: "arn:aws:lambda:eu-west-1:1:function:f", Name: "f"},
		{Type: "AWS::DynamoDB::Table", Region: "eu-west-1", ARN: "arn:aws:dynamodb:eu-west-1:1:table/orders", Name: "orders"},
		{Type: "AWS::DynamoDB::Table", Region: "us-east-1", ARN: "arn:aws:dynamodb:us-east-1:1:table/orders", Name: "orders"},
		{Type: "AWS::DynamoDB::Table", Region: "us-east-1", ARN: "arn:aws:dynamodb:us-east-1:1:table/carts", Name: "carts"},
		{Type: "AWS::ElasticLoadBalancingV2::LoadBalancer", Region: "eu-west-1", ARN: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/alb/50dc", Name: "alb"},
		{Type: "AWS::SQS::Queue", Region: "us-east-1", ARN: "arn:aws:sqs:us-east-1:1:jobs", Name: "jobs", Endpoints: []string{"https://sqs.us-east-1.amazonaws.com/1/jobs"}},
		{Type: "AWS::S3::Bucket", Region: "eu-west-1", ARN: "arn:aws:s3:::media", Name: "media"},
		{Type: "AWS::MSK::Cluster", Region: "eu-west-1", ARN: "arn:aws:kafka:eu-west-1:1:cluster/k/u", Name: "k", Endpoints: []string{"*.k.x.c2.kafka.eu-west-1.amazonaws.com"}},
		{Type: "AWS::RDS::DBInstance", Region: "eu-west-1", ARN: "arn:aws:rds:eu-west-1:1:db:a", Name: "a", Endpoints: []string{"same.host"}},
		{Type: "AWS::RDS::DBInstance", Region: "eu-west-1", ARN: "arn:aws:rds:eu-west-1:1:db:b", Name: "b", Endpoints: []string{"same.host"}},
	}
	x := newIndex(res)
	tests := []struct {
		value, region string
		want          int // -1: does not resolve
	}{
		{"arn:aws:lambda:eu-west-1:1:function:f", "", 0},
		{"arn:aws:lambda:eu-west-1:1:function:f:live", "", 0},
		{"arn:aws:lambda:eu-west-1:1:function:f/invocations", "", 0},
		{"arn:aws:lambda:eu-west-1:1:function:fx", "", -1},
		{"arn:aws:dynamodb:eu-west-1:1:table/orders/stream/2026-01-01T00:00:00.000", "", 1},
		{"orders", "eu-west-1", 1},
		{"orders", "us-east-1", 2},
		{"orders", "ap-south-1", -1}, // two regions, neither the reference's: not guessed
		{"carts", "eu-west-1", 3},
		{"arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/alb/50dc/0467", "", 4},
		{"https://queue.amazonaws.com/1/jobs", "", 5},
		{"https://us-east-1.queue.amazonaws.com/1/jobs", "", 5},
		{"media.s3.eu-west-1.amazonaws.com", "", 6},
		{"media.s3.amazonaws.com", "", 6},
		{"b-7.k.x.c2.kafka.eu-west-1.amazonaws.com", "", 7},
		{"same.host", "", -1}, // claimed by two resources
		{"arn:aws:s3:::media/key/in/bucket", "", 6},
		{"arn:aws", "", -1},
	}
	for _, tt := range tests {
		got, ok := x.resolve(tt.value, tt.region)
		if !ok {
			got = -1
		}
		if got != tt.want {
			t.Errorf("resolve(%q, %q) = %d, want %d", tt.value, tt.region, got, tt.want)
		}
	}
}
