package terraform

import (
	"strings"

	"github.com/archdrift/archdrift/model"
)

// role says what a resource of some type is to the observed graph.
type role uint8

const (
	// plumbing is not an element. It carries edges only through its links
	// and, when something references it, through its Forward attributes.
	plumbing role = iota
	// element is a box of the observed graph.
	element
	// part is folded into every element that references it: a task
	// definition is part of the ECS service that runs it, a target group or
	// security group of everything placed in it. What a part references, its
	// owners reference.
	part
)

// typeSpec is one row of the mapping table: what a resource type becomes.
type typeSpec struct {
	Type  string
	Role  role
	Kind  model.Kind
	Class model.Class
	// Technology is a canonical name of the model's technology table.
	Technology string
	// Names are attribute paths that name the resource, first hit wins;
	// "tags.Name" reads a key of a map attribute.
	Names []string
	// Engine is an attribute path whose value refines the technology
	// ("postgres", "redis", "POSTGRES_15").
	Engine string
	// Absorb makes an element behave like a part when another element
	// references it: a workload that names an IAM role takes on the role's
	// grants rather than depending on the role.
	Absorb bool
	// Forward lists attribute paths followed when this resource stands at the
	// end of a reference or link: a listener stands for its load balancer, a
	// policy for what its document grants.
	Forward []string
	// Ignore lists attribute paths whose references say nothing about
	// dependencies (a role's trust policy, a security group's egress).
	Ignore []string
	// Links are the edges this resource carries between what two of its
	// attributes reference.
	Links []link
}

// self in a link names the resource itself (for a part: its owners).
const self = "self"

// link is an edge a connector resource carries, From → To, or, with Member,
// a statement that From belongs to the part To (a target group attachment).
type link struct {
	From, To string
	Verb     string
	Member   bool
	// Weak links are inferences (a security group rule allows traffic, it
	// does not prove it): when another reason names the same pair, its
	// description wins.
	Weak bool
}

// Short names keep the table below one row per type.
const (
	kContainer = model.KindContainer
	kNode      = model.KindDeploymentNode
	kInfra     = model.KindInfrastructureNode

	cService  = model.ClassService
	cFunction = model.ClassFunction
	cDatabase = model.ClassDatabase
	cCache    = model.ClassCache
	cQueue    = model.ClassQueue
	cTopic    = model.ClassTopic
	cStream   = model.ClassStream
	cBucket   = model.ClassBucket
	cSearch   = model.ClassSearch
	cGateway  = model.ClassGateway
	cLB       = model.ClassLoadBalancer
	cInfra    = model.ClassInfrastructure
)

// Common naming attributes.
var (
	byName       = []string{"name"}
	byTagName    = []string{"tags.Name"}
	byIdentifier = []string{"identifier", "db_name", "name"}
	byCluster    = []string{"cluster_identifier"}
	byDomain     = []string{"domain_name"}
)

// typeTable is data, not code: add a row to teach the scanner a resource
// type. Types not listed are plumbing with no links; their references still
// count when an element or part references them only if they have a row with
// Forward.
var typeTable = []typeSpec{
	// ---- AWS compute.
	{Type: "aws_ecs_service", Role: element, Kind: kContainer, Class: cService, Technology: "Amazon ECS", Names: byName},
	{Type: "aws_ecs_task_definition", Role: part, Names: []string{"family"}},
	{Type: "aws_lambda_function", Role: element, Kind: kContainer, Class: cFunction, Technology: "AWS Lambda", Names: []string{"function_name"}},
	{Type: "aws_instance", Role: element, Kind: kContainer, Class: cService, Technology: "Amazon EC2", Names: byTagName},
	{Type: "aws_autoscaling_group", Role: element, Kind: kContainer, Class: cService, Technology: "Amazon EC2", Names: []string{"name", "name_prefix"}},
	{Type: "aws_eks_cluster", Role: element, Kind: kNode, Class: cInfra, Technology: "Amazon EKS", Names: byName},
	{Type: "aws_apprunner_service", Role: element, Kind: kContainer, Class: cService, Technology: "AWS App Runner", Names: []string{"service_name"}},
	{Type: "aws_batch_job_definition", Role: element, Kind: kContainer, Class: cFunction, Technology: "AWS Batch", Names: byName},
	{Type: "aws_batch_compute_environment", Role: element, Kind: kNode, Class: cInfra, Technology: "AWS Batch", Names: []string{"compute_environment_name", "name"}},
	{Type: "aws_elastic_beanstalk_environment", Role: element, Kind: kContainer, Class: cService, Technology: "AWS Elastic Beanstalk", Names: byName},
	{Type: "aws_sfn_state_machine", Role: element, Kind: kContainer, Class: cService, Technology: "AWS Step Functions", Names: byName},
	{Type: "aws_launch_template", Role: part},
	{Type: "aws_launch_configuration", Role: part},
	{Type: "aws_iam_instance_profile", Role: part},
	{Type: "aws_lambda_alias", Forward: []string{"function_name"}},
	{Type: "aws_lambda_function_url", Forward: []string{"function_name"}},
	{Type: "aws_lambda_event_source_mapping", Links: []link{{From: "function_name", To: "event_source_arn", Verb: "consumes"}}},
	{Type: "aws_lambda_permission", Links: []link{{From: "source_arn", To: "function_name", Verb: "invokes"}}},

	// ---- AWS data stores.
	{Type: "aws_db_instance", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon RDS", Names: byIdentifier, Engine: "engine"},
	{Type: "aws_rds_cluster", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon Aurora MySQL", Names: byCluster, Engine: "engine"},
	{Type: "aws_rds_cluster_instance", Forward: byCluster},
	{Type: "aws_db_proxy", Role: element, Kind: kContainer, Class: cGateway, Technology: "Amazon RDS Proxy", Names: byName},
	{Type: "aws_db_proxy_default_target_group", Forward: []string{"db_proxy_name"}},
	{Type: "aws_db_proxy_target", Links: []link{{From: "db_proxy_name", To: "db_instance_identifier", Verb: "proxies"}, {From: "db_proxy_name", To: "db_cluster_identifier", Verb: "proxies"}}},
	{Type: "aws_dynamodb_table", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon DynamoDB", Names: byName},
	{Type: "aws_elasticache_cluster", Role: element, Kind: kContainer, Class: cCache, Technology: "Amazon ElastiCache", Names: []string{"cluster_id"}, Engine: "engine"},
	{Type: "aws_elasticache_replication_group", Role: element, Kind: kContainer, Class: cCache, Technology: "Redis", Names: []string{"replication_group_id"}, Engine: "engine"},
	{Type: "aws_elasticache_serverless_cache", Role: element, Kind: kContainer, Class: cCache, Technology: "Amazon ElastiCache", Names: byName, Engine: "engine"},
	{Type: "aws_memorydb_cluster", Role: element, Kind: kContainer, Class: cCache, Technology: "Amazon MemoryDB", Names: byName},
	{Type: "aws_opensearch_domain", Role: element, Kind: kContainer, Class: cSearch, Technology: "OpenSearch", Names: byDomain},
	{Type: "aws_elasticsearch_domain", Role: element, Kind: kContainer, Class: cSearch, Technology: "Elasticsearch", Names: byDomain},
	{Type: "aws_opensearchserverless_collection", Role: element, Kind: kContainer, Class: cSearch, Technology: "OpenSearch", Names: byName},
	{Type: "aws_redshift_cluster", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon Redshift", Names: byCluster},
	{Type: "aws_redshiftserverless_workgroup", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon Redshift", Names: []string{"workgroup_name"}},
	{Type: "aws_docdb_cluster", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon DocumentDB", Names: byCluster},
	{Type: "aws_docdb_cluster_instance", Forward: byCluster},
	{Type: "aws_neptune_cluster", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Amazon Neptune", Names: byCluster},
	{Type: "aws_neptune_cluster_instance", Forward: byCluster},
	{Type: "aws_s3_bucket", Role: element, Kind: kContainer, Class: cBucket, Technology: "Amazon S3", Names: []string{"bucket", "bucket_prefix"}},
	{Type: "aws_s3_bucket_notification", Links: []link{
		{From: "bucket", To: "lambda_function.lambda_function_arn", Verb: "notifies"},
		{From: "bucket", To: "queue.queue_arn", Verb: "notifies"},
		{From: "bucket", To: "topic.topic_arn", Verb: "notifies"},
	}},
	{Type: "aws_efs_file_system", Role: element, Kind: kContainer, Class: cBucket, Technology: "Amazon EFS", Names: []string{"tags.Name", "creation_token"}},
	{Type: "aws_efs_access_point", Forward: []string{"file_system_id"}},
	{Type: "aws_efs_mount_target", Forward: []string{"file_system_id"}},

	// ---- AWS messaging.
	{Type: "aws_sqs_queue", Role: element, Kind: kContainer, Class: cQueue, Technology: "Amazon SQS", Names: []string{"name", "name_prefix"}},
	{Type: "aws_sns_topic", Role: element, Kind: kContainer, Class: cTopic, Technology: "Amazon SNS", Names: []string{"name", "name_prefix"}},
	{Type: "aws_sns_topic_subscription", Links: []link{{From: "topic_arn", To: "endpoint", Verb: "delivers to"}}},
	{Type: "aws_cloudwatch_event_bus", Role: element, Kind: kContainer, Class: cTopic, Technology: "Amazon EventBridge", Names: byName},
	// A rule routes events: a gateway, looked through when not documented.
	{Type: "aws_cloudwatch_event_rule", Role: element, Kind: kContainer, Class: cGateway, Technology: "Amazon EventBridge", Names: byName,
		Links: []link{{From: "event_bus_name", To: self, Verb: "routes to"}}},
	{Type: "aws_cloudwatch_event_target", Links: []link{{From: "rule", To: "arn", Verb: "triggers"}}},
	{Type: "aws_pipes_pipe", Links: []link{{From: "source", To: "target", Verb: "delivers to"}, {From: "source", To: "enrichment", Verb: "enriches with"}}},
	{Type: "aws_kinesis_stream", Role: element, Kind: kContainer, Class: cStream, Technology: "Amazon Kinesis", Names: byName},
	{Type: "aws_kinesis_firehose_delivery_stream", Role: element, Kind: kContainer, Class: cStream, Technology: "Amazon Data Firehose", Names: byName},
	{Type: "aws_msk_cluster", Role: element, Kind: kContainer, Class: cStream, Technology: "Amazon MSK", Names: []string{"cluster_name"}},
	{Type: "aws_msk_serverless_cluster", Role: element, Kind: kContainer, Class: cStream, Technology: "Amazon MSK", Names: []string{"cluster_name"}},
	{Type: "aws_mq_broker", Role: element, Kind: kContainer, Class: cQueue, Technology: "ActiveMQ", Names: []string{"broker_name"}, Engine: "engine_type"},

	// ---- AWS edge: gateways, load balancers, CDN.
	{Type: "aws_api_gateway_rest_api", Role: element, Kind: kContainer, Class: cGateway, Technology: "Amazon API Gateway", Names: byName},
	{Type: "aws_api_gateway_integration", Links: []link{{From: "rest_api_id", To: "uri", Verb: "routes to"}}},
	{Type: "aws_api_gateway_stage", Forward: []string{"rest_api_id"}},
	{Type: "aws_api_gateway_deployment", Forward: []string{"rest_api_id"}},
	{Type: "aws_apigatewayv2_api", Role: element, Kind: kContainer, Class: cGateway, Technology: "Amazon API Gateway", Names: byName},
	{Type: "aws_apigatewayv2_integration", Links: []link{{From: "api_id", To: "integration_uri", Verb: "routes to"}}},
	{Type: "aws_apigatewayv2_stage", Forward: []string{"api_id"}},
	{Type: "aws_appsync_graphql_api", Role: element, Kind: kContainer, Class: cGateway, Technology: "AWS AppSync", Names: byName},
	{Type: "aws_appsync_datasource", Links: []link{{From: "api_id", To: "dynamodb_config", Verb: "reads"}, {From: "api_id", To: "lambda_config", Verb: "invokes"}, {From: "api_id", To: "http_config", Verb: "calls"}}},
	{Type: "aws_lb", Role: element, Kind: kContainer, Class: cLB, Technology: "Elastic Load Balancing", Names: []string{"name", "name_prefix"}},
	{Type: "aws_alb", Role: element, Kind: kContainer, Class: cLB, Technology: "Elastic Load Balancing", Names: []string{"name", "name_prefix"}},
	{Type: "aws_elb", Role: element, Kind: kContainer, Class: cLB, Technology: "Elastic Load Balancing", Names: byName,
		Links: []link{{From: self, To: "instances", Verb: "forwards to"}}},
	{Type: "aws_lb_target_group", Role: part, Names: byName},
	{Type: "aws_alb_target_group", Role: part, Names: byName},
	{Type: "aws_lb_listener", Forward: []string{"load_balancer_arn"}, Links: listenerLinks("load_balancer_arn", "default_action")},
	{Type: "aws_alb_listener", Forward: []string{"load_balancer_arn"}, Links: listenerLinks("load_balancer_arn", "default_action")},
	{Type: "aws_lb_listener_rule", Links: listenerLinks("listener_arn", "action")},
	{Type: "aws_alb_listener_rule", Links: listenerLinks("listener_arn", "action")},
	{Type: "aws_lb_target_group_attachment", Links: []link{{From: "target_id", To: "target_group_arn", Member: true}}},
	{Type: "aws_alb_target_group_attachment", Links: []link{{From: "target_id", To: "target_group_arn", Member: true}}},
	{Type: "aws_autoscaling_attachment", Links: []link{{From: "autoscaling_group_name", To: "lb_target_group_arn", Member: true}, {From: "autoscaling_group_name", To: "alb_target_group_arn", Member: true}}},
	{Type: "aws_cloudfront_distribution", Role: element, Kind: kContainer, Class: cGateway, Technology: "Amazon CloudFront", Names: []string{"comment", "tags.Name"}},
	{Type: "aws_cognito_user_pool", Role: element, Kind: kContainer, Class: cService, Technology: "Amazon Cognito", Names: byName},
	{Type: "aws_cognito_user_pool_client", Forward: []string{"user_pool_id"}},

	// ---- AWS supporting infrastructure: matched when documented, never drift.
	{Type: "aws_iam_role", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS IAM", Names: []string{"name", "name_prefix"}, Absorb: true,
		Ignore: []string{"assume_role_policy"}, Links: []link{{From: self, To: "inline_policy.policy", Verb: "accesses"}}},
	{Type: "aws_iam_policy", Forward: []string{"policy"}},
	{Type: "aws_iam_role_policy", Links: []link{{From: "role", To: "policy", Verb: "accesses"}}},
	{Type: "aws_iam_role_policy_attachment", Links: []link{{From: "role", To: "policy_arn", Verb: "accesses"}}},
	{Type: "aws_iam_policy_attachment", Links: []link{{From: "roles", To: "policy_arn", Verb: "accesses"}}},
	{Type: "aws_iam_role_policy_attachments_exclusive", Links: []link{{From: "role_name", To: "policy_arns", Verb: "accesses"}}},
	{Type: "aws_route53_zone", Role: element, Kind: kInfra, Class: cInfra, Technology: "Amazon Route 53", Names: byName},
	{Type: "aws_acm_certificate", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS Certificate Manager", Names: byDomain},
	{Type: "aws_wafv2_web_acl", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS WAF", Names: byName},
	{Type: "aws_waf_web_acl", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS WAF", Names: byName},
	{Type: "aws_wafregional_web_acl", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS WAF", Names: byName},
	{Type: "aws_secretsmanager_secret", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS Secrets Manager", Names: []string{"name", "name_prefix"}},
	{Type: "aws_secretsmanager_secret_version", Forward: []string{"secret_id"}},
	{Type: "aws_ssm_parameter", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS Systems Manager Parameter Store", Names: byName},
	{Type: "aws_kms_key", Role: element, Kind: kInfra, Class: cInfra, Technology: "AWS KMS", Names: []string{"description"}},
	{Type: "aws_kms_alias", Forward: []string{"target_key_id"}},

	// ---- AWS plumbing, listed so that the table says so; security groups
	// are parts: their members are what references them, and an ingress rule
	// naming another group is an edge from that group's members.
	{Type: "aws_security_group", Role: part, Names: byName, Ignore: []string{"egress"},
		Links: []link{{From: "ingress.security_groups", To: self, Verb: "connects to", Weak: true}}},
	{Type: "aws_security_group_rule", Links: []link{{From: "source_security_group_id", To: "security_group_id", Verb: "connects to", Weak: true}}},
	{Type: "aws_vpc_security_group_ingress_rule", Links: []link{{From: "referenced_security_group_id", To: "security_group_id", Verb: "connects to", Weak: true}}},
	{Type: "aws_cloudwatch_log_group"},
	{Type: "aws_cloudwatch_metric_alarm"},
	{Type: "aws_ecs_cluster"},
	{Type: "aws_ecr_repository"},
	{Type: "aws_subnet"},
	{Type: "aws_vpc"},
	{Type: "aws_route_table"},
	{Type: "aws_db_subnet_group"},
	{Type: "aws_appautoscaling_target"},
	{Type: "aws_appautoscaling_policy"},

	// ---- Azure.
	{Type: "azurerm_linux_web_app", Role: element, Kind: kContainer, Class: cService, Technology: "Azure App Service", Names: byName},
	{Type: "azurerm_windows_web_app", Role: element, Kind: kContainer, Class: cService, Technology: "Azure App Service", Names: byName},
	{Type: "azurerm_app_service", Role: element, Kind: kContainer, Class: cService, Technology: "Azure App Service", Names: byName},
	{Type: "azurerm_linux_function_app", Role: element, Kind: kContainer, Class: cFunction, Technology: "Azure Functions", Names: byName},
	{Type: "azurerm_windows_function_app", Role: element, Kind: kContainer, Class: cFunction, Technology: "Azure Functions", Names: byName},
	{Type: "azurerm_function_app", Role: element, Kind: kContainer, Class: cFunction, Technology: "Azure Functions", Names: byName},
	{Type: "azurerm_container_app", Role: element, Kind: kContainer, Class: cService, Technology: "Azure Container Apps", Names: byName},
	{Type: "azurerm_kubernetes_cluster", Role: element, Kind: kNode, Class: cInfra, Technology: "Azure Kubernetes Service", Names: byName},
	{Type: "azurerm_mssql_server", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Microsoft SQL Server", Names: byName},
	{Type: "azurerm_mssql_database", Forward: []string{"server_id"}},
	{Type: "azurerm_sql_server", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Microsoft SQL Server", Names: byName},
	{Type: "azurerm_postgresql_flexible_server", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Azure Database for PostgreSQL", Names: byName},
	{Type: "azurerm_postgresql_flexible_server_database", Forward: []string{"server_id"}},
	{Type: "azurerm_postgresql_server", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Azure Database for PostgreSQL", Names: byName},
	{Type: "azurerm_mysql_flexible_server", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Azure Database for MySQL", Names: byName},
	{Type: "azurerm_cosmosdb_account", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Azure Cosmos DB", Names: byName},
	{Type: "azurerm_cosmosdb_sql_database", Forward: []string{"account_name"}},
	{Type: "azurerm_redis_cache", Role: element, Kind: kContainer, Class: cCache, Technology: "Azure Cache for Redis", Names: byName},
	{Type: "azurerm_servicebus_namespace", Role: element, Kind: kContainer, Class: cQueue, Technology: "Azure Service Bus", Names: byName},
	{Type: "azurerm_servicebus_queue", Forward: []string{"namespace_id", "namespace_name"}},
	{Type: "azurerm_servicebus_topic", Forward: []string{"namespace_id", "namespace_name"}},
	{Type: "azurerm_eventhub_namespace", Role: element, Kind: kContainer, Class: cStream, Technology: "Azure Event Hubs", Names: byName},
	{Type: "azurerm_eventhub", Forward: []string{"namespace_id", "namespace_name"}},
	{Type: "azurerm_storage_account", Role: element, Kind: kContainer, Class: cBucket, Technology: "Azure Blob Storage", Names: byName},
	{Type: "azurerm_storage_container", Forward: []string{"storage_account_id", "storage_account_name"}},
	{Type: "azurerm_search_service", Role: element, Kind: kContainer, Class: cSearch, Technology: "Azure AI Search", Names: byName},
	{Type: "azurerm_api_management", Role: element, Kind: kContainer, Class: cGateway, Technology: "Azure API Management", Names: byName},
	{Type: "azurerm_api_management_api", Forward: []string{"api_management_name"}},
	{Type: "azurerm_cdn_frontdoor_profile", Role: element, Kind: kContainer, Class: cGateway, Technology: "Azure Front Door", Names: byName},
	{Type: "azurerm_frontdoor", Role: element, Kind: kContainer, Class: cGateway, Technology: "Azure Front Door", Names: byName},
	{Type: "azurerm_application_gateway", Role: element, Kind: kContainer, Class: cLB, Technology: "Azure Application Gateway", Names: byName},
	{Type: "azurerm_lb", Role: element, Kind: kContainer, Class: cLB, Technology: "Azure Load Balancer", Names: byName},
	{Type: "azurerm_key_vault", Role: element, Kind: kInfra, Class: cInfra, Technology: "Azure Key Vault", Names: byName},
	{Type: "azurerm_key_vault_secret", Forward: []string{"key_vault_id"}},
	{Type: "azurerm_dns_zone", Role: element, Kind: kInfra, Class: cInfra, Technology: "Azure DNS", Names: byName},
	{Type: "azurerm_user_assigned_identity", Role: element, Kind: kInfra, Class: cInfra, Technology: "Azure Managed Identity", Names: byName, Absorb: true},
	{Type: "azurerm_role_assignment", Links: []link{{From: "principal_id", To: "scope", Verb: "accesses"}}},

	// ---- Google Cloud.
	{Type: "google_cloud_run_service", Role: element, Kind: kContainer, Class: cService, Technology: "Google Cloud Run", Names: byName},
	{Type: "google_cloud_run_v2_service", Role: element, Kind: kContainer, Class: cService, Technology: "Google Cloud Run", Names: byName},
	{Type: "google_cloud_run_v2_job", Role: element, Kind: kContainer, Class: cFunction, Technology: "Google Cloud Run", Names: byName},
	{Type: "google_container_cluster", Role: element, Kind: kNode, Class: cInfra, Technology: "Google Kubernetes Engine", Names: byName},
	{Type: "google_cloudfunctions_function", Role: element, Kind: kContainer, Class: cFunction, Technology: "Google Cloud Functions", Names: byName},
	{Type: "google_cloudfunctions2_function", Role: element, Kind: kContainer, Class: cFunction, Technology: "Google Cloud Functions", Names: byName},
	{Type: "google_compute_instance", Role: element, Kind: kContainer, Class: cService, Technology: "Google Compute Engine", Names: byName},
	{Type: "google_sql_database_instance", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Google Cloud SQL", Names: byName, Engine: "database_version"},
	{Type: "google_sql_database", Forward: []string{"instance"}},
	{Type: "google_redis_instance", Role: element, Kind: kContainer, Class: cCache, Technology: "Redis", Names: byName},
	{Type: "google_memcache_instance", Role: element, Kind: kContainer, Class: cCache, Technology: "Memcached", Names: byName},
	{Type: "google_pubsub_topic", Role: element, Kind: kContainer, Class: cTopic, Technology: "Google Pub/Sub", Names: byName},
	{Type: "google_pubsub_subscription", Forward: []string{"topic"}, Links: []link{{From: "topic", To: "push_config.push_endpoint", Verb: "delivers to"}}},
	{Type: "google_storage_bucket", Role: element, Kind: kContainer, Class: cBucket, Technology: "Google Cloud Storage", Names: byName},
	{Type: "google_spanner_instance", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Google Cloud Spanner", Names: []string{"display_name", "name"}},
	{Type: "google_spanner_database", Forward: []string{"instance"}},
	{Type: "google_firestore_database", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Google Firestore", Names: byName},
	{Type: "google_bigquery_dataset", Role: element, Kind: kContainer, Class: cDatabase, Technology: "Google BigQuery", Names: []string{"dataset_id"}},
	{Type: "google_bigquery_table", Forward: []string{"dataset_id"}},
	{Type: "google_api_gateway_api", Role: element, Kind: kContainer, Class: cGateway, Technology: "Google API Gateway", Names: []string{"api_id"}},
	{Type: "google_compute_global_forwarding_rule", Role: element, Kind: kContainer, Class: cLB, Technology: "Google Cloud Load Balancing", Names: byName},
	{Type: "google_service_account", Role: element, Kind: kInfra, Class: cInfra, Technology: "Google Cloud IAM", Names: []string{"account_id"}, Absorb: true},
	{Type: "google_storage_bucket_iam_member", Links: []link{{From: "member", To: "bucket", Verb: "accesses"}}},
	{Type: "google_pubsub_topic_iam_member", Links: []link{{From: "member", To: "topic", Verb: "accesses"}}},
	{Type: "google_pubsub_subscription_iam_member", Links: []link{{From: "member", To: "subscription", Verb: "accesses"}}},
	{Type: "google_secret_manager_secret", Role: element, Kind: kInfra, Class: cInfra, Technology: "Google Secret Manager", Names: []string{"secret_id"}},
	{Type: "google_secret_manager_secret_version", Forward: []string{"secret"}},
	{Type: "google_kms_crypto_key", Role: element, Kind: kInfra, Class: cInfra, Technology: "Google Cloud KMS", Names: byName},
	{Type: "google_dns_managed_zone", Role: element, Kind: kInfra, Class: cInfra, Technology: "Google Cloud DNS", Names: []string{"dns_name", "name"}},
}

// listenerLinks are the forwarding edges of a listener or listener rule: the
// load balancer (through the listener) reaches the members of every target
// group its actions name.
func listenerLinks(lb, action string) []link {
	return []link{
		{From: lb, To: action + ".target_group_arn", Verb: "forwards to"},
		{From: lb, To: action + ".forward.target_group.arn", Verb: "forwards to"},
	}
}

// engines maps the engine attribute of managed databases, caches and brokers
// to a technology, longest prefix first.
var engines = []struct{ prefix, technology string }{
	{"aurora-postgresql", "Amazon Aurora PostgreSQL"},
	{"aurora-mysql", "Amazon Aurora MySQL"},
	{"aurora", "Amazon Aurora MySQL"},
	{"postgres", "PostgreSQL"},
	{"mysql", "MySQL"},
	{"mariadb", "MariaDB"},
	{"sqlserver", "Microsoft SQL Server"},
	{"oracle", "Oracle Database"},
	{"redis", "Redis"},
	{"valkey", "Valkey"},
	{"memcached", "Memcached"},
	{"activemq", "ActiveMQ"},
	{"rabbitmq", "RabbitMQ"},
	{"docdb", "Amazon DocumentDB"},
	{"neptune", "Amazon Neptune"},
}

// engineTechnology returns the technology an engine string names, or "".
func engineTechnology(engine string) string {
	e := strings.ToLower(strings.TrimSpace(engine))
	for _, x := range engines {
		if strings.HasPrefix(e, x.prefix) {
			if _, ok := model.LookupTechnology(x.technology); ok {
				return x.technology
			}
		}
	}
	return ""
}

// utilityProviders have no architecture in them: their resources are
// neither elements nor a sign of an unknown provider.
var utilityProviders = map[string]bool{
	"random": true, "null": true, "local": true, "tls": true, "time": true, "archive": true,
	"template": true, "http": true, "external": true, "terraform": true, "cloudinit": true,
	"kubernetes": true, "helm": true, "github": true, "tfe": true,
}

// typeIndex is built once from typeTable and never written: a read-only
// lookup table.
var typeIndex, knownProviders = indexTypes()

func indexTypes() (map[string]*typeSpec, map[string]bool) {
	idx := make(map[string]*typeSpec, len(typeTable))
	providers := map[string]bool{}
	for i := range typeTable {
		idx[typeTable[i].Type] = &typeTable[i]
		providers[providerOf(typeTable[i].Type)] = true
	}
	return idx, providers
}

// plumbingSpec stands for every type without a row.
var plumbingSpec = typeSpec{}

// specFor returns the row for a resource type (plumbing when there is none).
func specFor(typ string) *typeSpec {
	if s, ok := typeIndex[typ]; ok {
		return s
	}
	return &plumbingSpec
}

// providerOf is the provider a resource type belongs to by Terraform's
// naming convention ("aws_sqs_queue" → "aws").
func providerOf(typ string) string {
	if i := strings.IndexByte(typ, '_'); i > 0 {
		return typ[:i]
	}
	return typ
}

// isWorkload reports whether elements of class c run code: only workloads
// get edges to supporting infrastructure (a service reads a secret; a
// bucket's KMS key is not an architectural dependency).
func isWorkload(c model.Class) bool {
	return c == model.ClassService || c == model.ClassFunction || c == model.ClassUI
}

// pathMatches reports whether an attribute path lies at or below want
// ("default_action.target_group_arn" is below "default_action").
func pathMatches(path, want string) bool {
	return strings.HasPrefix(path, want) && (len(path) == len(want) || path[len(want)] == '.')
}
