package aws

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// callID names one AWS API operation the scanner makes. The table below is
// the only list of them: collectors name the row they call, and the IAM
// policy is derived from the table, so the two cannot disagree.
type callID int

const (
	stsGetCallerIdentity callID = iota
	tagGetResources
	ecsListClusters
	ecsListServices
	ecsDescribeServices
	ecsDescribeTaskDefinition
	lambdaListFunctions
	lambdaListEventSourceMappings
	sfnListStateMachines
	sfnDescribeStateMachine
	rdsDescribeDBInstances
	rdsDescribeDBClusters
	rdsDescribeDBProxies
	rdsDescribeDBProxyTargets
	dynamodbListTables
	elasticacheDescribeReplicationGroups
	elasticacheDescribeCacheClusters
	memorydbDescribeClusters
	opensearchListDomainNames
	opensearchDescribeDomains
	s3ListBuckets
	sqsListQueues
	snsListTopics
	snsListSubscriptions
	eventsListEventBuses
	eventsListRules
	eventsListTargetsByRule
	kinesisListStreams
	kafkaListClustersV2
	kafkaGetBootstrapBrokers
	apigatewayGetRestApis
	apigatewayGetResources
	apigatewayGetApis
	apigatewayGetIntegrations
	elbDescribeLoadBalancers
	elbDescribeTargetGroups
	elbDescribeTargetHealth
	numCalls
)

// call is one row of the table.
type call struct {
	// Service is the SDK client ("ecs", "elasticloadbalancingv2") and
	// Operation the SDK operation name.
	Service, Operation string
	// Action is the IAM action the call needs.
	Action string
	// Resources scope the action in the policy; nil means "*".
	Resources []string
	// Sees says what is not observed when the call is denied.
	Sees string
}

// API Gateway reads are one IAM action, apigateway:GET, scoped by path.
var (
	restAPIResources = []string{"arn:aws:apigateway:*::/restapis", "arn:aws:apigateway:*::/restapis/*"}
	httpAPIResources = []string{"arn:aws:apigateway:*::/apis", "arn:aws:apigateway:*::/apis/*"}
)

var calls = [numCalls]call{
	stsGetCallerIdentity:                 {"sts", "GetCallerIdentity", "sts:GetCallerIdentity", nil, "the account ID"},
	tagGetResources:                      {"resourcegroupstaggingapi", "GetResources", "tag:GetResources", nil, "tags (c4.element) of resources whose own listing has none"},
	ecsListClusters:                      {"ecs", "ListClusters", "ecs:ListClusters", nil, "ECS clusters and services"},
	ecsListServices:                      {"ecs", "ListServices", "ecs:ListServices", nil, "ECS services"},
	ecsDescribeServices:                  {"ecs", "DescribeServices", "ecs:DescribeServices", nil, "ECS task definitions, target groups and tags"},
	ecsDescribeTaskDefinition:            {"ecs", "DescribeTaskDefinition", "ecs:DescribeTaskDefinition", nil, "ECS images, environment and secrets"},
	lambdaListFunctions:                  {"lambda", "ListFunctions", "lambda:ListFunctions", nil, "Lambda functions"},
	lambdaListEventSourceMappings:        {"lambda", "ListEventSourceMappings", "lambda:ListEventSourceMappings", nil, "Lambda event source mappings"},
	sfnListStateMachines:                 {"sfn", "ListStateMachines", "states:ListStateMachines", nil, "Step Functions state machines"},
	sfnDescribeStateMachine:              {"sfn", "DescribeStateMachine", "states:DescribeStateMachine", nil, "what state machines call"},
	rdsDescribeDBInstances:               {"rds", "DescribeDBInstances", "rds:DescribeDBInstances", nil, "RDS instances"},
	rdsDescribeDBClusters:                {"rds", "DescribeDBClusters", "rds:DescribeDBClusters", nil, "RDS and Aurora clusters"},
	rdsDescribeDBProxies:                 {"rds", "DescribeDBProxies", "rds:DescribeDBProxies", nil, "RDS proxies"},
	rdsDescribeDBProxyTargets:            {"rds", "DescribeDBProxyTargets", "rds:DescribeDBProxyTargets", nil, "RDS proxy targets"},
	dynamodbListTables:                   {"dynamodb", "ListTables", "dynamodb:ListTables", nil, "DynamoDB tables"},
	elasticacheDescribeReplicationGroups: {"elasticache", "DescribeReplicationGroups", "elasticache:DescribeReplicationGroups", nil, "ElastiCache replication groups"},
	elasticacheDescribeCacheClusters:     {"elasticache", "DescribeCacheClusters", "elasticache:DescribeCacheClusters", nil, "ElastiCache clusters"},
	memorydbDescribeClusters:             {"memorydb", "DescribeClusters", "memorydb:DescribeClusters", nil, "MemoryDB clusters"},
	opensearchListDomainNames:            {"opensearch", "ListDomainNames", "es:ListDomainNames", nil, "OpenSearch domains"},
	opensearchDescribeDomains:            {"opensearch", "DescribeDomains", "es:DescribeDomains", nil, "OpenSearch endpoints"},
	s3ListBuckets:                        {"s3", "ListBuckets", "s3:ListAllMyBuckets", nil, "S3 buckets"},
	sqsListQueues:                        {"sqs", "ListQueues", "sqs:ListQueues", nil, "SQS queues"},
	snsListTopics:                        {"sns", "ListTopics", "sns:ListTopics", nil, "SNS topics"},
	snsListSubscriptions:                 {"sns", "ListSubscriptions", "sns:ListSubscriptions", nil, "SNS subscriptions"},
	eventsListEventBuses:                 {"eventbridge", "ListEventBuses", "events:ListEventBuses", nil, "EventBridge buses"},
	eventsListRules:                      {"eventbridge", "ListRules", "events:ListRules", nil, "EventBridge rules"},
	eventsListTargetsByRule:              {"eventbridge", "ListTargetsByRule", "events:ListTargetsByRule", nil, "EventBridge rule targets"},
	kinesisListStreams:                   {"kinesis", "ListStreams", "kinesis:ListStreams", nil, "Kinesis streams"},
	kafkaListClustersV2:                  {"kafka", "ListClustersV2", "kafka:ListClustersV2", nil, "MSK clusters"},
	kafkaGetBootstrapBrokers:             {"kafka", "GetBootstrapBrokers", "kafka:GetBootstrapBrokers", nil, "MSK broker host names"},
	apigatewayGetRestApis:                {"apigateway", "GetRestApis", "apigateway:GET", restAPIResources, "API Gateway REST APIs"},
	apigatewayGetResources:               {"apigateway", "GetResources", "apigateway:GET", restAPIResources, "API Gateway REST integrations"},
	apigatewayGetApis:                    {"apigatewayv2", "GetApis", "apigateway:GET", httpAPIResources, "API Gateway HTTP and WebSocket APIs"},
	apigatewayGetIntegrations:            {"apigatewayv2", "GetIntegrations", "apigateway:GET", httpAPIResources, "API Gateway HTTP integrations"},
	elbDescribeLoadBalancers:             {"elasticloadbalancingv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers", nil, "load balancers"},
	elbDescribeTargetGroups:              {"elasticloadbalancingv2", "DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroups", nil, "target groups"},
	elbDescribeTargetHealth:              {"elasticloadbalancingv2", "DescribeTargetHealth", "elasticloadbalancing:DescribeTargetHealth", nil, "load balancer targets"},
}

// policyStatement is one statement of an IAM policy document.
type policyStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource any      `json:"Resource"`
}

// Policy returns the least-privilege, read-only IAM policy the scanner
// needs, as indented JSON: one statement per distinct resource scope, every
// action of the call table in it.
func Policy() []byte {
	type group struct {
		resources []string
		actions   []string
	}
	var groups []*group
	for _, c := range calls {
		var g *group
		for _, x := range groups {
			if slices.Equal(x.resources, c.Resources) {
				g = x
			}
		}
		if g == nil {
			g = &group{resources: c.Resources}
			groups = append(groups, g)
		}
		if !slices.Contains(g.actions, c.Action) {
			g.actions = append(g.actions, c.Action)
		}
	}
	doc := struct {
		Version   string            `json:"Version"`
		Statement []policyStatement `json:"Statement"`
	}{Version: "2012-10-17"}
	for _, g := range groups {
		slices.Sort(g.actions)
		st := policyStatement{Effect: "Allow", Action: g.actions, Resource: "*"}
		st.Sid = "ArchdriftRead"
		if g.resources != nil {
			st.Resource = g.resources
			// "/restapis" → "ArchdriftReadRestapis".
			last := g.resources[0][strings.LastIndexByte(g.resources[0], '/')+1:]
			st.Sid += strings.ToUpper(last[:1]) + last[1:]
		}
		doc.Statement = append(doc.Statement, st)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(doc) // plain strings and slices: cannot fail
	return b.Bytes()
}

// callByOperation finds the row of an SDK operation, for tests that check
// every request the scanner sends is in the table.
func callByOperation(service, operation string) (callID, bool) {
	for i, c := range calls {
		if c.Service == service && c.Operation == operation {
			return callID(i), true
		}
	}
	return 0, false
}
