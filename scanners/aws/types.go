package aws

import (
	"net/url"
	"strings"
)

// resourceType is one row of the type table: what a resource type of the
// inventory becomes. Kind, class and technology come from the Terraform
// scanner's mapping table through the row's Terraform type, so that the
// queue Terraform declares and the queue AWS lists are the same kind of
// element.
type resourceType struct {
	// Type is the CloudFormation name ("AWS::SQS::Queue"), the element's
	// type property.
	Type string
	// Terraform names the row of the Terraform mapping table; "" for a part
	// (a target group), which is no element.
	Terraform string
	// Slug is the service segment of the element ID.
	Slug string
	// Calls are the listings that yield the type (a cluster's services
	// need the clusters first): when one was denied or failed, a missing
	// documented element of that technology is not drift.
	Calls []callID
	// Console builds the console URL from a resource.
	Console func(r *Resource) string
}

var resourceTypes = []resourceType{
	{"AWS::ECS::Service", "aws_ecs_service", "ecs", []callID{ecsListClusters, ecsListServices}, func(r *Resource) string {
		return console(r, "ecs/v2/clusters/"+esc(r.Scope)+"/services/"+esc(r.Name)+"/health", "")
	}},
	{"AWS::Lambda::Function", "aws_lambda_function", "lambda", []callID{lambdaListFunctions}, func(r *Resource) string {
		return console(r, "lambda/home", "/functions/"+esc(r.Name))
	}},
	{"AWS::StepFunctions::StateMachine", "aws_sfn_state_machine", "stepfunctions", []callID{sfnListStateMachines}, func(r *Resource) string {
		return console(r, "states/home", "/statemachines/view/"+esc(r.ARN))
	}},
	{"AWS::RDS::DBInstance", "aws_db_instance", "rds/db", []callID{rdsDescribeDBInstances}, func(r *Resource) string {
		return console(r, "rds/home", "database:id="+r.Name+";is-cluster=false")
	}},
	{"AWS::RDS::DBCluster", "aws_rds_cluster", "rds/cluster", []callID{rdsDescribeDBClusters}, func(r *Resource) string {
		return console(r, "rds/home", "database:id="+r.Name+";is-cluster=true")
	}},
	{"AWS::RDS::DBProxy", "aws_db_proxy", "rds/proxy", []callID{rdsDescribeDBProxies}, func(r *Resource) string {
		return console(r, "rds/home", "proxy:id="+r.Name)
	}},
	{"AWS::DynamoDB::Table", "aws_dynamodb_table", "dynamodb", []callID{dynamodbListTables}, func(r *Resource) string {
		return console(r, "dynamodbv2/home", "table?name="+esc(r.Name))
	}},
	{"AWS::ElastiCache::ReplicationGroup", "aws_elasticache_replication_group", "elasticache", []callID{elasticacheDescribeReplicationGroups}, func(r *Resource) string {
		return console(r, "elasticache/home", "/redis/"+esc(r.Name))
	}},
	{"AWS::ElastiCache::CacheCluster", "aws_elasticache_cluster", "elasticache", []callID{elasticacheDescribeCacheClusters}, func(r *Resource) string {
		return console(r, "elasticache/home", "/"+esc(strings.ToLower(r.Engine))+"/"+esc(r.Name))
	}},
	{"AWS::MemoryDB::Cluster", "aws_memorydb_cluster", "memorydb", []callID{memorydbDescribeClusters}, func(r *Resource) string {
		return console(r, "memorydb/home", "/clusters/"+esc(r.Name)+"/nodes")
	}},
	{"AWS::OpenSearchService::Domain", "aws_opensearch_domain", "opensearch", []callID{opensearchListDomainNames}, func(r *Resource) string {
		return console(r, "aos/home", "opensearch/domains/"+esc(r.Name))
	}},
	{"AWS::Elasticsearch::Domain", "aws_elasticsearch_domain", "opensearch", []callID{opensearchListDomainNames}, func(r *Resource) string {
		return console(r, "aos/home", "opensearch/domains/"+esc(r.Name))
	}},
	{"AWS::S3::Bucket", "aws_s3_bucket", "s3", []callID{s3ListBuckets}, func(r *Resource) string {
		if !isCommercial(r) {
			return ""
		}
		return "https://s3.console.aws.amazon.com/s3/buckets/" + esc(r.Name) + "?region=" + r.Region
	}},
	{"AWS::SQS::Queue", "aws_sqs_queue", "sqs", []callID{sqsListQueues}, func(r *Resource) string {
		return console(r, "sqs/v3/home", "/queues/"+url.QueryEscape(r.Properties["url"]))
	}},
	{"AWS::SNS::Topic", "aws_sns_topic", "sns", []callID{snsListTopics}, func(r *Resource) string {
		return console(r, "sns/v3/home", "/topic/"+r.ARN)
	}},
	{"AWS::Events::EventBus", "aws_cloudwatch_event_bus", "eventbridge", []callID{eventsListEventBuses}, func(r *Resource) string {
		return console(r, "events/home", "/eventbus/"+esc(r.Name))
	}},
	{"AWS::Events::Rule", "aws_cloudwatch_event_rule", "eventbridge", []callID{eventsListEventBuses, eventsListRules}, func(r *Resource) string {
		return console(r, "events/home", "/eventbus/"+esc(r.Scope)+"/rules/"+esc(r.Name))
	}},
	{"AWS::Kinesis::Stream", "aws_kinesis_stream", "kinesis", []callID{kinesisListStreams}, func(r *Resource) string {
		return console(r, "kinesis/home", "/streams/details/"+esc(r.Name)+"/monitoring")
	}},
	{"AWS::MSK::Cluster", "aws_msk_cluster", "msk", []callID{kafkaListClustersV2}, func(r *Resource) string {
		return console(r, "msk/home", "/cluster/"+url.PathEscape(r.ARN)+"/view")
	}},
	{"AWS::MSK::ServerlessCluster", "aws_msk_serverless_cluster", "msk", []callID{kafkaListClustersV2}, func(r *Resource) string {
		return console(r, "msk/home", "/cluster/"+url.PathEscape(r.ARN)+"/view")
	}},
	{"AWS::ApiGateway::RestApi", "aws_api_gateway_rest_api", "apigateway", []callID{apigatewayGetRestApis}, func(r *Resource) string {
		return console(r, "apigateway/main/apis/"+esc(r.Properties["api-id"])+"/resources", "")
	}},
	{"AWS::ApiGatewayV2::Api", "aws_apigatewayv2_api", "apigateway", []callID{apigatewayGetApis}, func(r *Resource) string {
		return console(r, "apigateway/main/develop/routes", "")
	}},
	{"AWS::ElasticLoadBalancingV2::LoadBalancer", "aws_lb", "elb", []callID{elbDescribeLoadBalancers}, func(r *Resource) string {
		return console(r, "ec2/home", "LoadBalancer:loadBalancerArn="+r.ARN)
	}},
	{"AWS::ElasticLoadBalancingV2::TargetGroup", "", "elb/target-group", []callID{elbDescribeTargetGroups}, nil},
}

// typeOf returns the row of a type, or nil.
func typeOf(typ string) *resourceType {
	for i := range resourceTypes {
		if resourceTypes[i].Type == typ {
			return &resourceTypes[i]
		}
	}
	return nil
}

// console builds a regional console URL: path after the host, fragment
// after "#". Console URLs exist only in the commercial partition.
func console(r *Resource, path, fragment string) string {
	if !isCommercial(r) {
		return ""
	}
	u := "https://" + r.Region + ".console.aws.amazon.com/" + path + "?region=" + r.Region
	if id := r.Properties["api-id"]; id != "" {
		u += "&api=" + url.QueryEscape(id) // API Gateway pages name the API in the query
	}
	if fragment != "" {
		u += "#" + fragment
	}
	return u
}

func isCommercial(r *Resource) bool {
	return strings.HasPrefix(r.ARN, "arn:aws:")
}

func esc(s string) string { return url.PathEscape(s) }
