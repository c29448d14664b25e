package model

import (
	"slices"
	"strings"
)

// Technology is one entry of the technology table: a canonical name, the
// category in which two technologies can contradict each other, the class an
// element running it usually has, and the spellings that mean it.
type Technology struct {
	Name string
	// Category groups technologies that are alternatives to each other. A
	// mismatch needs both sides in one category: "Go" against "Amazon ECS"
	// is not a contradiction, "PostgreSQL" against "MySQL" is.
	Category string
	Class    Class
	// Aliases are lower-case spellings, matched as whole words.
	Aliases []string
	// Images are container image names (last path segments or repository
	// paths) that run this technology.
	Images []string
	// Compatible names other canonical technologies that count as the same
	// for comparison (Aurora PostgreSQL is PostgreSQL).
	Compatible []string
}

// Technology categories.
const (
	CatDatastore     = "datastore"
	CatMessaging     = "messaging"
	CatProxy         = "proxy"
	CatObservability = "observability"
	CatLanguage      = "language"
	CatPlatform      = "platform"
)

// technologies is data, not code: add a row to teach archdrift a technology.
var technologies = []Technology{
	// Relational and other databases.
	{Name: "PostgreSQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"postgresql", "postgres", "psql", "pg", "postgis"}, Images: []string{"postgres", "postgresql", "postgis", "postgresql-repmgr", "timescaledb", "cloudnative-pg", "spilo"}},
	{Name: "Amazon Aurora PostgreSQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon aurora postgresql", "aurora postgresql", "aurora postgres", "aurora-postgresql"}, Compatible: []string{"PostgreSQL"}},
	{Name: "Amazon RDS for PostgreSQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon rds for postgresql", "rds postgresql", "rds for postgresql"}, Compatible: []string{"PostgreSQL"}},
	{Name: "MySQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"mysql"}, Images: []string{"mysql", "mysql-server", "percona", "percona-server"}},
	{Name: "Amazon Aurora MySQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon aurora mysql", "aurora mysql", "aurora-mysql", "aurora"}, Compatible: []string{"MySQL"}},
	{Name: "MariaDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"mariadb"}, Images: []string{"mariadb"}, Compatible: []string{"MySQL"}},
	{Name: "Microsoft SQL Server", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"microsoft sql server", "sql server", "mssql", "azure sql", "azure sql database"}, Images: []string{"mssql-server", "mssql"}},
	{Name: "Oracle Database", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"oracle database", "oracle db", "oracle"}, Images: []string{"oracle-database", "oracle-xe"}},
	{Name: "SQLite", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"sqlite", "sqlite3"}},
	{Name: "MongoDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"mongodb", "mongo"}, Images: []string{"mongo", "mongodb", "mongodb-community-server"}},
	{Name: "Amazon DocumentDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon documentdb", "documentdb", "docdb"}, Compatible: []string{"MongoDB"}},
	{Name: "Cassandra", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"apache cassandra", "cassandra"}, Images: []string{"cassandra"}},
	{Name: "ScyllaDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"scylladb", "scylla"}, Images: []string{"scylla"}, Compatible: []string{"Cassandra"}},
	{Name: "ClickHouse", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"clickhouse"}, Images: []string{"clickhouse-server", "clickhouse"}},
	{Name: "InfluxDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"influxdb", "influx"}, Images: []string{"influxdb"}},
	{Name: "CockroachDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"cockroachdb", "cockroach"}, Images: []string{"cockroach"}, Compatible: []string{"PostgreSQL"}},
	{Name: "Neo4j", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"neo4j"}, Images: []string{"neo4j"}},
	{Name: "Couchbase", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"couchbase"}, Images: []string{"couchbase"}},
	{Name: "CouchDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"couchdb", "apache couchdb"}, Images: []string{"couchdb"}},
	{Name: "Amazon DynamoDB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon dynamodb", "dynamodb", "dynamo db"}},
	{Name: "Amazon Redshift", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon redshift", "redshift"}},
	{Name: "Amazon Neptune", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon neptune", "neptune"}},
	{Name: "Azure Cosmos DB", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"azure cosmos db", "cosmos db", "cosmosdb"}},
	{Name: "Google Cloud Spanner", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"cloud spanner", "spanner"}},
	{Name: "Google Firestore", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"firestore", "cloud firestore"}},
	{Name: "Google BigQuery", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"bigquery"}},
	{Name: "etcd", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"etcd"}, Images: []string{"etcd"}},
	// Caches and key-value stores.
	{Name: "Redis", Category: CatDatastore, Class: ClassCache, Aliases: []string{"redis"}, Images: []string{"redis", "redis-stack", "redis-stack-server", "redis-cluster", "keydb", "dragonfly"}},
	{Name: "Valkey", Category: CatDatastore, Class: ClassCache, Aliases: []string{"valkey"}, Images: []string{"valkey"}, Compatible: []string{"Redis"}},
	{Name: "Amazon ElastiCache", Category: CatDatastore, Class: ClassCache, Aliases: []string{"amazon elasticache", "elasticache"}, Compatible: []string{"Redis", "Memcached", "Valkey"}},
	{Name: "Amazon MemoryDB", Category: CatDatastore, Class: ClassCache, Aliases: []string{"amazon memorydb", "memorydb"}, Compatible: []string{"Redis", "Valkey"}},
	{Name: "Memcached", Category: CatDatastore, Class: ClassCache, Aliases: []string{"memcached", "memcache"}, Images: []string{"memcached"}},
	{Name: "Hazelcast", Category: CatDatastore, Class: ClassCache, Aliases: []string{"hazelcast"}, Images: []string{"hazelcast"}},
	// Search.
	{Name: "Elasticsearch", Category: CatDatastore, Class: ClassSearch, Aliases: []string{"elasticsearch", "elastic search"}, Images: []string{"elasticsearch"}},
	{Name: "OpenSearch", Category: CatDatastore, Class: ClassSearch, Aliases: []string{"opensearch", "amazon opensearch", "amazon opensearch service"}, Images: []string{"opensearch"}, Compatible: []string{"Elasticsearch"}},
	{Name: "Apache Solr", Category: CatDatastore, Class: ClassSearch, Aliases: []string{"apache solr", "solr"}, Images: []string{"solr"}},
	// Object storage.
	{Name: "MinIO", Category: CatDatastore, Class: ClassBucket, Aliases: []string{"minio"}, Images: []string{"minio"}, Compatible: []string{"Amazon S3"}},
	{Name: "Amazon S3", Category: CatDatastore, Class: ClassBucket, Aliases: []string{"amazon s3", "aws s3", "s3"}, Compatible: []string{"MinIO"}},
	{Name: "Google Cloud Storage", Category: CatDatastore, Class: ClassBucket, Aliases: []string{"google cloud storage", "gcs"}},
	{Name: "Azure Blob Storage", Category: CatDatastore, Class: ClassBucket, Aliases: []string{"azure blob storage", "azure storage", "blob storage"}},
	// Messaging.
	{Name: "RabbitMQ", Category: CatMessaging, Class: ClassQueue, Aliases: []string{"rabbitmq", "rabbit mq", "amqp"}, Images: []string{"rabbitmq"}},
	{Name: "Apache Kafka", Category: CatMessaging, Class: ClassStream, Aliases: []string{"apache kafka", "kafka"}, Images: []string{"kafka", "cp-kafka", "cp-server", "redpanda"}},
	{Name: "Amazon MSK", Category: CatMessaging, Class: ClassStream, Aliases: []string{"amazon msk", "msk", "amazon managed streaming for apache kafka"}, Compatible: []string{"Apache Kafka"}},
	{Name: "Apache ZooKeeper", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"apache zookeeper", "zookeeper"}, Images: []string{"zookeeper", "cp-zookeeper"}},
	{Name: "NATS", Category: CatMessaging, Class: ClassQueue, Aliases: []string{"nats", "nats jetstream"}, Images: []string{"nats", "nats-streaming"}},
	{Name: "Apache Pulsar", Category: CatMessaging, Class: ClassStream, Aliases: []string{"apache pulsar", "pulsar"}, Images: []string{"pulsar"}},
	{Name: "ActiveMQ", Category: CatMessaging, Class: ClassQueue, Aliases: []string{"activemq", "apache activemq", "amazon mq"}, Images: []string{"activemq", "activemq-artemis"}},
	{Name: "Amazon SQS", Category: CatMessaging, Class: ClassQueue, Aliases: []string{"amazon sqs", "aws sqs", "sqs"}},
	{Name: "Amazon SNS", Category: CatMessaging, Class: ClassTopic, Aliases: []string{"amazon sns", "aws sns", "sns"}},
	{Name: "Amazon Kinesis", Category: CatMessaging, Class: ClassStream, Aliases: []string{"amazon kinesis", "kinesis"}},
	{Name: "Amazon EventBridge", Category: CatMessaging, Class: ClassTopic, Aliases: []string{"amazon eventbridge", "eventbridge"}},
	{Name: "Google Pub/Sub", Category: CatMessaging, Class: ClassTopic, Aliases: []string{"google pub sub", "cloud pub sub", "pub sub", "pubsub"}},
	{Name: "Azure Service Bus", Category: CatMessaging, Class: ClassQueue, Aliases: []string{"azure service bus", "service bus"}},
	{Name: "Azure Event Hubs", Category: CatMessaging, Class: ClassStream, Aliases: []string{"azure event hubs", "event hubs", "event hub"}},
	// Proxies, gateways, meshes.
	{Name: "NGINX", Category: CatProxy, Class: ClassGateway, Aliases: []string{"nginx", "ingress nginx"}, Images: []string{"nginx", "nginx-ingress", "ingress-nginx", "nginx-unprivileged", "openresty"}},
	{Name: "Envoy", Category: CatProxy, Class: ClassGateway, Aliases: []string{"envoy", "envoy proxy"}, Images: []string{"envoy", "envoy-alpine"}},
	{Name: "Istio", Category: CatProxy, Class: ClassGateway, Aliases: []string{"istio"}, Images: []string{"istio", "proxyv2", "pilot", "istiod"}},
	{Name: "HAProxy", Category: CatProxy, Class: ClassLoadBalancer, Aliases: []string{"haproxy"}, Images: []string{"haproxy"}},
	{Name: "Traefik", Category: CatProxy, Class: ClassGateway, Aliases: []string{"traefik"}, Images: []string{"traefik"}},
	{Name: "Kong", Category: CatProxy, Class: ClassGateway, Aliases: []string{"kong"}, Images: []string{"kong", "kong-gateway"}},
	// Observability.
	{Name: "Prometheus", Category: CatObservability, Class: ClassInfrastructure, Aliases: []string{"prometheus"}, Images: []string{"prometheus", "prometheus-operator", "alertmanager", "node-exporter", "pushgateway"}},
	{Name: "Grafana", Category: CatObservability, Class: ClassInfrastructure, Aliases: []string{"grafana"}, Images: []string{"grafana"}},
	{Name: "Grafana Loki", Category: CatObservability, Class: ClassInfrastructure, Aliases: []string{"grafana loki", "loki"}, Images: []string{"loki", "promtail"}},
	{Name: "Fluentd", Category: CatObservability, Class: ClassInfrastructure, Aliases: []string{"fluentd", "fluent bit", "fluent-bit"}, Images: []string{"fluentd", "fluent-bit", "fluentd-kubernetes-daemonset"}},
	{Name: "Jaeger", Category: CatObservability, Class: ClassInfrastructure, Aliases: []string{"jaeger"}, Images: []string{"jaeger", "all-in-one", "jaeger-agent", "jaeger-collector"}},
	{Name: "OpenTelemetry Collector", Category: CatObservability, Class: ClassInfrastructure, Aliases: []string{"opentelemetry collector", "otel collector"}, Images: []string{"opentelemetry-collector", "opentelemetry-collector-contrib"}},
	// Languages and runtimes: alternatives to each other, never to a store.
	{Name: "Go", Category: CatLanguage, Aliases: []string{"go", "golang"}},
	{Name: "Java", Category: CatLanguage, Aliases: []string{"java", "spring", "spring boot", "spring mvc", "jvm"}, Images: []string{"openjdk", "eclipse-temurin", "amazoncorretto"}},
	{Name: "Kotlin", Category: CatLanguage, Aliases: []string{"kotlin"}, Compatible: []string{"Java"}},
	{Name: "Node.js", Category: CatLanguage, Aliases: []string{"node js", "nodejs", "node", "express", "nestjs", "typescript", "javascript"}, Images: []string{"node"}},
	{Name: "Python", Category: CatLanguage, Aliases: []string{"python", "django", "flask", "fastapi"}, Images: []string{"python"}},
	{Name: ".NET", Category: CatLanguage, Aliases: []string{"net", "dotnet", "c#", "asp net", "asp net core"}, Images: []string{"aspnet", "dotnet"}},
	{Name: "Ruby", Category: CatLanguage, Aliases: []string{"ruby", "ruby on rails", "rails"}, Images: []string{"ruby"}},
	{Name: "PHP", Category: CatLanguage, Aliases: []string{"php", "laravel", "symfony"}, Images: []string{"php"}},
	{Name: "Rust", Category: CatLanguage, Aliases: []string{"rust"}, Images: []string{"rust"}},
	// Cloud services as Terraform declares them (scanners/terraform). Compute
	// platforms are alternatives to each other, never to a language.
	{Name: "Amazon ECS", Category: CatPlatform, Class: ClassService, Aliases: []string{"amazon ecs", "aws ecs", "ecs", "amazon elastic container service", "aws fargate", "fargate"}},
	{Name: "AWS Lambda", Category: CatPlatform, Class: ClassFunction, Aliases: []string{"aws lambda", "amazon lambda", "lambda"}},
	{Name: "Amazon EC2", Category: CatPlatform, Class: ClassService, Aliases: []string{"amazon ec2", "aws ec2", "ec2"}},
	{Name: "Amazon EKS", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"amazon eks", "aws eks", "eks", "amazon elastic kubernetes service"}},
	{Name: "AWS App Runner", Category: CatPlatform, Class: ClassService, Aliases: []string{"aws app runner", "app runner", "apprunner"}},
	{Name: "AWS Batch", Category: CatPlatform, Class: ClassFunction, Aliases: []string{"aws batch"}},
	{Name: "AWS Elastic Beanstalk", Category: CatPlatform, Class: ClassService, Aliases: []string{"aws elastic beanstalk", "elastic beanstalk"}},
	{Name: "AWS Step Functions", Category: CatPlatform, Class: ClassService, Aliases: []string{"aws step functions", "step functions"}},
	{Name: "Amazon RDS", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"amazon rds", "aws rds", "rds"}, Compatible: []string{"PostgreSQL", "MySQL", "MariaDB", "Microsoft SQL Server", "Oracle Database"}},
	{Name: "Amazon RDS Proxy", Category: CatProxy, Class: ClassGateway, Aliases: []string{"amazon rds proxy", "rds proxy"}},
	{Name: "Amazon EFS", Category: CatDatastore, Class: ClassBucket, Aliases: []string{"amazon efs", "aws efs", "efs", "amazon elastic file system"}},
	{Name: "Amazon Data Firehose", Category: CatMessaging, Class: ClassStream, Aliases: []string{"amazon data firehose", "amazon kinesis data firehose", "kinesis firehose", "firehose"}},
	{Name: "Amazon API Gateway", Category: CatProxy, Class: ClassGateway, Aliases: []string{"amazon api gateway", "aws api gateway"}},
	{Name: "AWS AppSync", Category: CatProxy, Class: ClassGateway, Aliases: []string{"aws appsync", "appsync"}},
	{Name: "Elastic Load Balancing", Category: CatProxy, Class: ClassLoadBalancer, Aliases: []string{"elastic load balancing", "elastic load balancer", "aws elb", "elb", "aws alb", "alb", "nlb", "application load balancer", "network load balancer"}},
	{Name: "Amazon CloudFront", Category: CatProxy, Class: ClassGateway, Aliases: []string{"amazon cloudfront", "aws cloudfront", "cloudfront"}},
	{Name: "Amazon Cognito", Category: CatPlatform, Class: ClassService, Aliases: []string{"amazon cognito", "aws cognito", "cognito"}},
	{Name: "AWS IAM", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"aws iam", "iam role"}},
	{Name: "Amazon Route 53", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"amazon route 53", "route 53", "route53"}},
	{Name: "AWS Certificate Manager", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"aws certificate manager", "acm"}},
	{Name: "AWS WAF", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"aws waf", "waf"}},
	{Name: "AWS Secrets Manager", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"aws secrets manager", "secrets manager"}},
	{Name: "AWS Systems Manager Parameter Store", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"aws systems manager parameter store", "ssm parameter store", "parameter store"}},
	{Name: "AWS KMS", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"aws kms", "kms", "aws key management service"}},
	{Name: "Azure App Service", Category: CatPlatform, Class: ClassService, Aliases: []string{"azure app service", "azure web app", "azure web apps"}},
	{Name: "Azure Functions", Category: CatPlatform, Class: ClassFunction, Aliases: []string{"azure functions", "azure function", "azure function app"}},
	{Name: "Azure Container Apps", Category: CatPlatform, Class: ClassService, Aliases: []string{"azure container apps", "azure container app"}},
	{Name: "Azure Kubernetes Service", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"azure kubernetes service", "aks"}},
	{Name: "Azure Database for PostgreSQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"azure database for postgresql", "azure postgresql"}, Compatible: []string{"PostgreSQL"}},
	{Name: "Azure Database for MySQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"azure database for mysql", "azure mysql"}, Compatible: []string{"MySQL"}},
	{Name: "Azure Cache for Redis", Category: CatDatastore, Class: ClassCache, Aliases: []string{"azure cache for redis", "azure redis", "azure redis cache"}, Compatible: []string{"Redis"}},
	{Name: "Azure AI Search", Category: CatDatastore, Class: ClassSearch, Aliases: []string{"azure ai search", "azure cognitive search", "azure search"}},
	{Name: "Azure API Management", Category: CatProxy, Class: ClassGateway, Aliases: []string{"azure api management", "apim"}},
	{Name: "Azure Front Door", Category: CatProxy, Class: ClassGateway, Aliases: []string{"azure front door"}},
	{Name: "Azure Application Gateway", Category: CatProxy, Class: ClassLoadBalancer, Aliases: []string{"azure application gateway"}},
	{Name: "Azure Load Balancer", Category: CatProxy, Class: ClassLoadBalancer, Aliases: []string{"azure load balancer"}},
	{Name: "Azure Key Vault", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"azure key vault"}},
	{Name: "Azure DNS", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"azure dns"}},
	{Name: "Azure Managed Identity", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"azure managed identity"}},
	{Name: "Google Cloud Run", Category: CatPlatform, Class: ClassService, Aliases: []string{"google cloud run", "cloud run"}},
	{Name: "Google Cloud Functions", Category: CatPlatform, Class: ClassFunction, Aliases: []string{"google cloud functions", "cloud functions", "cloud function"}},
	{Name: "Google Kubernetes Engine", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"google kubernetes engine", "gke"}},
	{Name: "Google Compute Engine", Category: CatPlatform, Class: ClassService, Aliases: []string{"google compute engine", "compute engine", "gce"}},
	{Name: "Google Cloud SQL", Category: CatDatastore, Class: ClassDatabase, Aliases: []string{"google cloud sql", "cloud sql"}, Compatible: []string{"PostgreSQL", "MySQL", "Microsoft SQL Server"}},
	{Name: "Google API Gateway", Category: CatProxy, Class: ClassGateway, Aliases: []string{"google api gateway"}},
	{Name: "Google Cloud Load Balancing", Category: CatProxy, Class: ClassLoadBalancer, Aliases: []string{"google cloud load balancing", "cloud load balancing"}},
	{Name: "Google Cloud IAM", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"google cloud iam", "google service account"}},
	{Name: "Google Secret Manager", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"google secret manager"}},
	{Name: "Google Cloud KMS", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"google cloud kms", "cloud kms"}},
	{Name: "Google Cloud DNS", Category: CatPlatform, Class: ClassInfrastructure, Aliases: []string{"google cloud dns", "cloud dns"}},
}

var (
	techByName  map[string]*Technology
	techByAlias map[string]*Technology
	techByImage map[string]*Technology
	maxAliasLen int
)

// The indexes are built once from the table above and never mutated: they are
// read-only lookup tables, not state.
func init() {
	techByName = map[string]*Technology{}
	techByAlias = map[string]*Technology{}
	techByImage = map[string]*Technology{}
	for i := range technologies {
		t := &technologies[i]
		techByName[strings.ToLower(t.Name)] = t
		for _, a := range append([]string{t.Name}, t.Aliases...) {
			k := strings.Join(techWords(a), " ")
			if _, dup := techByAlias[k]; !dup {
				techByAlias[k] = t
			}
			maxAliasLen = max(maxAliasLen, len(techWords(a)))
		}
		for _, im := range t.Images {
			techByImage[im] = t
		}
	}
}

// techWords splits a technology string into lower-case words, dropping
// punctuation and version numbers ("PostgreSQL 15.4" → [postgresql]).
func techWords(s string) []string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "c#", "c#")
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '#')
	})
	out := f[:0]
	for _, w := range f {
		if w[0] >= '0' && w[0] <= '9' {
			continue // a version
		}
		out = append(out, w)
	}
	return out
}

// LookupTechnology returns the canonical technology of a name or alias.
func LookupTechnology(name string) (Technology, bool) {
	t, ok := techByAlias[strings.Join(techWords(name), " ")]
	if !ok {
		return Technology{}, false
	}
	return *t, true
}

// Technologies returns every known technology mentioned in a free-text
// technology string, longest spelling first, so "Java and Spring MVC on
// Amazon Aurora PostgreSQL" yields Java and Amazon Aurora PostgreSQL. The
// result is sorted by name and has no duplicates.
func Technologies(text string) []Technology {
	words := techWords(text)
	var out []Technology
	for i := 0; i < len(words); {
		matched := 0
		for n := min(maxAliasLen, len(words)-i); n > 0; n-- {
			if t, ok := techByAlias[strings.Join(words[i:i+n], " ")]; ok {
				if !slices.ContainsFunc(out, func(x Technology) bool { return x.Name == t.Name }) {
					out = append(out, *t)
				}
				matched = n
				break
			}
		}
		if matched == 0 {
			matched = 1
		}
		i += matched
	}
	slices.SortFunc(out, func(a, b Technology) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// CanonicalTechnology rewrites a technology string to its canonical name when
// the whole string is one known technology, and returns it unchanged
// otherwise ("postgres" → "PostgreSQL", "Java and Spring MVC" stays).
func CanonicalTechnology(s string) string {
	if t, ok := LookupTechnology(s); ok {
		return t.Name
	}
	return s
}

// TechnologyFromImage infers the technology an OCI image runs from its
// repository path: "bitnami/postgresql:15" and "docker.io/library/postgres"
// are PostgreSQL. Path segments are tried from the last to the first, so
// "registry.k8s.io/ingress-nginx/controller" is NGINX.
func TechnologyFromImage(image string) (Technology, bool) {
	repo := image
	if i := strings.IndexByte(repo, '@'); i >= 0 {
		repo = repo[:i]
	}
	segs := strings.Split(strings.ToLower(repo), "/")
	last := segs[len(segs)-1]
	if i := strings.IndexByte(last, ':'); i >= 0 {
		segs[len(segs)-1] = last[:i]
	}
	for i := len(segs) - 1; i >= 0; i-- {
		if i == 0 && len(segs) > 1 && strings.ContainsAny(segs[0], ".:") {
			break // a registry host, not a name
		}
		if t, ok := techByImage[segs[i]]; ok {
			return *t, true
		}
	}
	return Technology{}, false
}

// SameTechnology reports whether two canonical technologies count as one.
func SameTechnology(a, b Technology) bool {
	return a.Name == b.Name || slices.Contains(a.Compatible, b.Name) || slices.Contains(b.Compatible, a.Name)
}

// TechnologyConflict compares a documented and an observed technology
// string. It returns the two technologies that contradict each other, or
// ok=false when they agree or cannot be compared: a mismatch needs both sides
// known and of one category ("Go" against an unknown image is no mismatch).
func TechnologyConflict(documented, observed string) (doc, obs Technology, conflict bool) {
	ds, os := Technologies(documented), Technologies(observed)
	for _, o := range os {
		var inCat []Technology
		for _, d := range ds {
			if d.Category == o.Category {
				inCat = append(inCat, d)
			}
		}
		if len(inCat) == 0 {
			continue
		}
		if !slices.ContainsFunc(inCat, func(d Technology) bool { return SameTechnology(d, o) }) {
			return inCat[0], o, true
		}
	}
	return Technology{}, Technology{}, false
}
