package terraform

import (
	"strings"
	"testing"

	"github.com/archdrift/archdrift/model"
)

// TestTypeTable checks the mapping table as data: one row per type, every
// element row complete and naming a canonical technology, links well formed.
func TestTypeTable(t *testing.T) {
	classes := map[model.Class]bool{
		model.ClassService: true, model.ClassFunction: true, model.ClassDatabase: true, model.ClassCache: true,
		model.ClassQueue: true, model.ClassTopic: true, model.ClassStream: true, model.ClassBucket: true,
		model.ClassSearch: true, model.ClassGateway: true, model.ClassLoadBalancer: true, model.ClassInfrastructure: true,
	}
	seen := map[string]bool{}
	awsElements := 0
	for _, s := range typeTable {
		if seen[s.Type] {
			t.Errorf("%s: two rows", s.Type)
		}
		seen[s.Type] = true
		if p := providerOf(s.Type); p != "aws" && p != "azurerm" && p != "google" {
			t.Errorf("%s: provider %q", s.Type, p)
		}
		for _, l := range s.Links {
			if l.From == "" || l.To == "" || (l.Verb == "" && !l.Member) {
				t.Errorf("%s: incomplete link %+v", s.Type, l)
			}
		}
		if s.Role != element {
			if s.Kind != "" || s.Class != "" || s.Technology != "" || s.Absorb {
				t.Errorf("%s: a non-element row with element fields", s.Type)
			}
			continue
		}
		if strings.HasPrefix(s.Type, "aws_") {
			awsElements++
		}
		if s.Kind == "" || !classes[s.Class] || len(s.Names) == 0 {
			t.Errorf("%s: kind %q, class %q, names %v", s.Type, s.Kind, s.Class, s.Names)
		}
		if tech, ok := model.LookupTechnology(s.Technology); !ok || tech.Name != s.Technology {
			t.Errorf("%s: technology %q is not canonical (got %q)", s.Type, s.Technology, tech.Name)
		}
	}
	if awsElements < 40 {
		t.Errorf("%d AWS element types, want at least 40", awsElements)
	}
	for _, x := range engines {
		if tech, ok := model.LookupTechnology(x.technology); !ok || tech.Name != x.technology {
			t.Errorf("engine %s: technology %q is not canonical", x.prefix, x.technology)
		}
	}
}

// TestTypeCoverage lists the types issue 4 asks for and what they must be.
func TestTypeCoverage(t *testing.T) {
	tests := []struct {
		typ   string
		role  role
		class model.Class
	}{
		{"aws_ecs_service", element, model.ClassService},
		{"aws_ecs_task_definition", part, ""},
		{"aws_lambda_function", element, model.ClassFunction},
		{"aws_instance", element, model.ClassService},
		{"aws_autoscaling_group", element, model.ClassService},
		{"aws_eks_cluster", element, model.ClassInfrastructure},
		{"aws_apprunner_service", element, model.ClassService},
		{"aws_batch_job_definition", element, model.ClassFunction},
		{"aws_db_instance", element, model.ClassDatabase},
		{"aws_rds_cluster", element, model.ClassDatabase},
		{"aws_db_proxy", element, model.ClassGateway},
		{"aws_dynamodb_table", element, model.ClassDatabase},
		{"aws_elasticache_cluster", element, model.ClassCache},
		{"aws_memorydb_cluster", element, model.ClassCache},
		{"aws_opensearch_domain", element, model.ClassSearch},
		{"aws_opensearchserverless_collection", element, model.ClassSearch},
		{"aws_redshift_cluster", element, model.ClassDatabase},
		{"aws_docdb_cluster", element, model.ClassDatabase},
		{"aws_neptune_cluster", element, model.ClassDatabase},
		{"aws_s3_bucket", element, model.ClassBucket},
		{"aws_efs_file_system", element, model.ClassBucket},
		{"aws_sqs_queue", element, model.ClassQueue},
		{"aws_sns_topic", element, model.ClassTopic},
		{"aws_cloudwatch_event_bus", element, model.ClassTopic},
		{"aws_cloudwatch_event_rule", element, model.ClassGateway},
		{"aws_kinesis_stream", element, model.ClassStream},
		{"aws_msk_cluster", element, model.ClassStream},
		{"aws_mq_broker", element, model.ClassQueue},
		{"aws_sfn_state_machine", element, model.ClassService},
		{"aws_api_gateway_rest_api", element, model.ClassGateway},
		{"aws_apigatewayv2_api", element, model.ClassGateway},
		{"aws_lb", element, model.ClassLoadBalancer},
		{"aws_cloudfront_distribution", element, model.ClassGateway},
		{"aws_cognito_user_pool", element, model.ClassService},
		{"aws_route53_zone", element, model.ClassInfrastructure},
		{"aws_acm_certificate", element, model.ClassInfrastructure},
		{"aws_wafv2_web_acl", element, model.ClassInfrastructure},
		{"aws_secretsmanager_secret", element, model.ClassInfrastructure},
		{"aws_kms_key", element, model.ClassInfrastructure},
		{"aws_iam_role", element, model.ClassInfrastructure},
		{"aws_security_group", part, ""},
		{"aws_cloudwatch_log_group", plumbing, ""},
		{"azurerm_linux_web_app", element, model.ClassService},
		{"azurerm_container_app", element, model.ClassService},
		{"azurerm_linux_function_app", element, model.ClassFunction},
		{"azurerm_mssql_server", element, model.ClassDatabase},
		{"azurerm_postgresql_flexible_server", element, model.ClassDatabase},
		{"azurerm_cosmosdb_account", element, model.ClassDatabase},
		{"azurerm_redis_cache", element, model.ClassCache},
		{"azurerm_servicebus_namespace", element, model.ClassQueue},
		{"azurerm_eventhub_namespace", element, model.ClassStream},
		{"azurerm_storage_account", element, model.ClassBucket},
		{"azurerm_search_service", element, model.ClassSearch},
		{"azurerm_api_management", element, model.ClassGateway},
		{"azurerm_cdn_frontdoor_profile", element, model.ClassGateway},
		{"google_cloud_run_v2_service", element, model.ClassService},
		{"google_container_cluster", element, model.ClassInfrastructure},
		{"google_cloudfunctions2_function", element, model.ClassFunction},
		{"google_sql_database_instance", element, model.ClassDatabase},
		{"google_redis_instance", element, model.ClassCache},
		{"google_pubsub_topic", element, model.ClassTopic},
		{"google_storage_bucket", element, model.ClassBucket},
		{"google_spanner_instance", element, model.ClassDatabase},
		{"google_firestore_database", element, model.ClassDatabase},
		{"google_bigquery_dataset", element, model.ClassDatabase},
		{"aws_codebuild_project", plumbing, ""}, // no row: plumbing
	}
	for _, tt := range tests {
		s := specFor(tt.typ)
		if s.Role != tt.role || s.Class != tt.class {
			t.Errorf("%s: role %d class %q, want role %d class %q", tt.typ, s.Role, s.Class, tt.role, tt.class)
		}
	}
}

func TestEngineTechnology(t *testing.T) {
	tests := []struct{ engine, want string }{
		{"postgres", "PostgreSQL"},
		{"aurora-postgresql", "Amazon Aurora PostgreSQL"},
		{"aurora", "Amazon Aurora MySQL"},
		{"sqlserver-ex", "Microsoft SQL Server"},
		{"POSTGRES_15", "PostgreSQL"},
		{"MYSQL_8_0", "MySQL"},
		{"RabbitMQ", "RabbitMQ"},
		{"valkey", "Valkey"},
		{"cobol", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := engineTechnology(tt.engine); got != tt.want {
			t.Errorf("engineTechnology(%q) = %q, want %q", tt.engine, got, tt.want)
		}
	}
}

func TestPathMatches(t *testing.T) {
	tests := []struct {
		path, want string
		match      bool
	}{
		{"default_action", "default_action", true},
		{"default_action.target_group_arn", "default_action", true},
		{"default_action.forward.target_group.arn", "default_action.forward", true},
		{"default_actions", "default_action", false},
		{"default", "default_action", false},
		{"tags.Name", "tags", true},
		{"tags_all", "tags", false},
		{".x", "", true},
		{"", "", true},
		{"x", "", false},
	}
	for _, tt := range tests {
		if got := pathMatches(tt.path, tt.want); got != tt.match {
			t.Errorf("pathMatches(%q, %q) = %v, want %v", tt.path, tt.want, got, tt.match)
		}
	}
}
