package code

import (
	"slices"
	"strings"
)

// ecosystem names a package namespace: the same name means different
// libraries in npm and PyPI ("redis" is a client in both, "elasticsearch"
// too, but "pg" is only one in npm).
type ecosystem string

const (
	ecoGo    ecosystem = "go"    // import path prefixes
	ecoNPM   ecosystem = "npm"   // package names
	ecoPyPI  ecosystem = "pypi"  // normalised distribution names (PEP 503)
	ecoMaven ecosystem = "maven" // group:artifact, or group:* for a whole group
	ecoNuGet ecosystem = "nuget" // package IDs, compared case-insensitively
)

// client is one row of the client library table: a library whose use means
// the unit talks to an element of technology tech (a canonical name of
// model's technology table; a test holds the table to that).
type client struct {
	eco  ecosystem
	name string
	tech string
}

// clients is data, not code: add a row to teach archdrift a client library.
// Only libraries that name one technology belong here: a generic SQL layer
// (database/sql, knex, SQLAlchemy), a whole cloud SDK (boto3, aws-sdk v2 for
// JavaScript) or an RPC framework says nothing about what is on the other
// end.
var clients = []client{
	// PostgreSQL.
	{ecoGo, "github.com/jackc/pgx", "PostgreSQL"},
	{ecoGo, "github.com/lib/pq", "PostgreSQL"},
	{ecoGo, "github.com/go-pg/pg", "PostgreSQL"},
	{ecoGo, "github.com/uptrace/bun/driver/pgdriver", "PostgreSQL"},
	{ecoGo, "gorm.io/driver/postgres", "PostgreSQL"},
	{ecoNPM, "pg", "PostgreSQL"},
	{ecoNPM, "pg-promise", "PostgreSQL"},
	{ecoNPM, "postgres", "PostgreSQL"},
	{ecoNPM, "@neondatabase/serverless", "PostgreSQL"},
	{ecoPyPI, "psycopg", "PostgreSQL"},
	{ecoPyPI, "psycopg-binary", "PostgreSQL"},
	{ecoPyPI, "psycopg2", "PostgreSQL"},
	{ecoPyPI, "psycopg2-binary", "PostgreSQL"},
	{ecoPyPI, "asyncpg", "PostgreSQL"},
	{ecoPyPI, "pg8000", "PostgreSQL"},
	{ecoMaven, "org.postgresql:postgresql", "PostgreSQL"},
	{ecoMaven, "org.postgresql:r2dbc-postgresql", "PostgreSQL"},
	{ecoMaven, "io.r2dbc:r2dbc-postgresql", "PostgreSQL"},
	{ecoMaven, "io.vertx:vertx-pg-client", "PostgreSQL"},
	{ecoNuGet, "Npgsql", "PostgreSQL"},
	{ecoNuGet, "Npgsql.EntityFrameworkCore.PostgreSQL", "PostgreSQL"},

	// MySQL and MariaDB.
	{ecoGo, "github.com/go-sql-driver/mysql", "MySQL"},
	{ecoGo, "gorm.io/driver/mysql", "MySQL"},
	{ecoNPM, "mysql", "MySQL"},
	{ecoNPM, "mysql2", "MySQL"},
	{ecoNPM, "mariadb", "MariaDB"},
	{ecoPyPI, "mysqlclient", "MySQL"},
	{ecoPyPI, "pymysql", "MySQL"},
	{ecoPyPI, "mysql-connector-python", "MySQL"},
	{ecoPyPI, "aiomysql", "MySQL"},
	{ecoPyPI, "mariadb", "MariaDB"},
	{ecoMaven, "mysql:mysql-connector-java", "MySQL"},
	{ecoMaven, "com.mysql:mysql-connector-j", "MySQL"},
	{ecoMaven, "org.mariadb.jdbc:mariadb-java-client", "MariaDB"},
	{ecoNuGet, "MySql.Data", "MySQL"},
	{ecoNuGet, "MySqlConnector", "MySQL"},
	{ecoNuGet, "Pomelo.EntityFrameworkCore.MySql", "MySQL"},

	// Other relational stores.
	{ecoGo, "github.com/microsoft/go-mssqldb", "Microsoft SQL Server"},
	{ecoGo, "github.com/denisenkom/go-mssqldb", "Microsoft SQL Server"},
	{ecoGo, "gorm.io/driver/sqlserver", "Microsoft SQL Server"},
	{ecoNPM, "mssql", "Microsoft SQL Server"},
	{ecoNPM, "tedious", "Microsoft SQL Server"},
	{ecoPyPI, "pymssql", "Microsoft SQL Server"},
	{ecoMaven, "com.microsoft.sqlserver:mssql-jdbc", "Microsoft SQL Server"},
	{ecoNuGet, "Microsoft.Data.SqlClient", "Microsoft SQL Server"},
	{ecoNuGet, "System.Data.SqlClient", "Microsoft SQL Server"},
	{ecoNuGet, "Microsoft.EntityFrameworkCore.SqlServer", "Microsoft SQL Server"},
	{ecoGo, "github.com/godror/godror", "Oracle Database"},
	{ecoGo, "github.com/sijms/go-ora", "Oracle Database"},
	{ecoNPM, "oracledb", "Oracle Database"},
	{ecoPyPI, "oracledb", "Oracle Database"},
	{ecoPyPI, "cx-oracle", "Oracle Database"},
	{ecoMaven, "com.oracle.database.jdbc:*", "Oracle Database"},
	{ecoNuGet, "Oracle.ManagedDataAccess.Core", "Oracle Database"},
	{ecoGo, "github.com/mattn/go-sqlite3", "SQLite"},
	{ecoGo, "modernc.org/sqlite", "SQLite"},
	{ecoGo, "gorm.io/driver/sqlite", "SQLite"},
	{ecoNPM, "sqlite3", "SQLite"},
	{ecoNPM, "better-sqlite3", "SQLite"},
	{ecoMaven, "org.xerial:sqlite-jdbc", "SQLite"},
	{ecoNuGet, "Microsoft.Data.Sqlite", "SQLite"},
	{ecoNuGet, "Microsoft.EntityFrameworkCore.Sqlite", "SQLite"},
	{ecoGo, "github.com/ClickHouse/clickhouse-go", "ClickHouse"},
	{ecoNPM, "@clickhouse/client", "ClickHouse"},
	{ecoPyPI, "clickhouse-driver", "ClickHouse"},
	{ecoPyPI, "clickhouse-connect", "ClickHouse"},
	{ecoMaven, "com.clickhouse:clickhouse-jdbc", "ClickHouse"},

	// Document, wide-column, graph and time-series stores.
	{ecoGo, "go.mongodb.org/mongo-driver", "MongoDB"},
	{ecoGo, "gopkg.in/mgo.v2", "MongoDB"},
	{ecoGo, "github.com/globalsign/mgo", "MongoDB"},
	{ecoNPM, "mongodb", "MongoDB"},
	{ecoNPM, "mongoose", "MongoDB"},
	{ecoPyPI, "pymongo", "MongoDB"},
	{ecoPyPI, "motor", "MongoDB"},
	{ecoPyPI, "mongoengine", "MongoDB"},
	{ecoMaven, "org.mongodb:mongodb-driver-sync", "MongoDB"},
	{ecoMaven, "org.mongodb:mongodb-driver-reactivestreams", "MongoDB"},
	{ecoMaven, "org.mongodb:mongo-java-driver", "MongoDB"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-data-mongodb", "MongoDB"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-data-mongodb-reactive", "MongoDB"},
	{ecoMaven, "org.springframework.data:spring-data-mongodb", "MongoDB"},
	{ecoNuGet, "MongoDB.Driver", "MongoDB"},
	{ecoGo, "github.com/gocql/gocql", "Cassandra"},
	{ecoGo, "github.com/apache/cassandra-gocql-driver", "Cassandra"},
	{ecoNPM, "cassandra-driver", "Cassandra"},
	{ecoPyPI, "cassandra-driver", "Cassandra"},
	{ecoMaven, "com.datastax.oss:java-driver-core", "Cassandra"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-data-cassandra", "Cassandra"},
	{ecoNuGet, "CassandraCSharpDriver", "Cassandra"},
	{ecoGo, "github.com/neo4j/neo4j-go-driver", "Neo4j"},
	{ecoNPM, "neo4j-driver", "Neo4j"},
	{ecoPyPI, "neo4j", "Neo4j"},
	{ecoMaven, "org.neo4j.driver:neo4j-java-driver", "Neo4j"},
	{ecoGo, "github.com/influxdata/influxdb-client-go", "InfluxDB"},
	{ecoPyPI, "influxdb-client", "InfluxDB"},
	{ecoGo, "go.etcd.io/etcd/client", "etcd"},
	{ecoGo, "github.com/couchbase/gocb", "Couchbase"},
	{ecoNPM, "couchbase", "Couchbase"},
	{ecoPyPI, "couchbase", "Couchbase"},

	// Caches.
	{ecoGo, "github.com/redis/go-redis", "Redis"},
	{ecoGo, "github.com/go-redis/redis", "Redis"},
	{ecoGo, "github.com/gomodule/redigo", "Redis"},
	{ecoGo, "github.com/garyburd/redigo", "Redis"},
	{ecoGo, "github.com/redis/rueidis", "Redis"},
	{ecoGo, "github.com/valkey-io/valkey-go", "Valkey"},
	{ecoNPM, "redis", "Redis"},
	{ecoNPM, "ioredis", "Redis"},
	{ecoNPM, "@redis/client", "Redis"},
	{ecoNPM, "@valkey/valkey-glide", "Valkey"},
	{ecoPyPI, "redis", "Redis"},
	{ecoPyPI, "aioredis", "Redis"},
	{ecoPyPI, "redis-py-cluster", "Redis"},
	{ecoPyPI, "valkey", "Valkey"},
	{ecoMaven, "redis.clients:jedis", "Redis"},
	{ecoMaven, "io.lettuce:lettuce-core", "Redis"},
	{ecoMaven, "org.redisson:redisson", "Redis"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-data-redis", "Redis"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-data-redis-reactive", "Redis"},
	{ecoMaven, "org.springframework.data:spring-data-redis", "Redis"},
	{ecoNuGet, "StackExchange.Redis", "Redis"},
	{ecoNuGet, "Microsoft.Extensions.Caching.StackExchangeRedis", "Redis"},
	{ecoGo, "github.com/bradfitz/gomemcache", "Memcached"},
	{ecoNPM, "memcached", "Memcached"},
	{ecoNPM, "memjs", "Memcached"},
	{ecoPyPI, "python-memcached", "Memcached"},
	{ecoPyPI, "pymemcache", "Memcached"},
	{ecoPyPI, "pylibmc", "Memcached"},
	{ecoMaven, "net.spy:spymemcached", "Memcached"},
	{ecoNuGet, "EnyimMemcachedCore", "Memcached"},
	{ecoGo, "github.com/hazelcast/hazelcast-go-client", "Hazelcast"},
	{ecoMaven, "com.hazelcast:hazelcast", "Hazelcast"},

	// Search.
	{ecoGo, "github.com/elastic/go-elasticsearch", "Elasticsearch"},
	{ecoGo, "github.com/olivere/elastic", "Elasticsearch"},
	{ecoNPM, "@elastic/elasticsearch", "Elasticsearch"},
	{ecoNPM, "elasticsearch", "Elasticsearch"},
	{ecoPyPI, "elasticsearch", "Elasticsearch"},
	{ecoPyPI, "elasticsearch-dsl", "Elasticsearch"},
	{ecoMaven, "co.elastic.clients:elasticsearch-java", "Elasticsearch"},
	{ecoMaven, "org.elasticsearch.client:elasticsearch-rest-high-level-client", "Elasticsearch"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-data-elasticsearch", "Elasticsearch"},
	{ecoNuGet, "Elastic.Clients.Elasticsearch", "Elasticsearch"},
	{ecoNuGet, "NEST", "Elasticsearch"},
	{ecoNuGet, "Elasticsearch.Net", "Elasticsearch"},
	{ecoGo, "github.com/opensearch-project/opensearch-go", "OpenSearch"},
	{ecoNPM, "@opensearch-project/opensearch", "OpenSearch"},
	{ecoPyPI, "opensearch-py", "OpenSearch"},
	{ecoMaven, "org.opensearch.client:opensearch-java", "OpenSearch"},
	{ecoNuGet, "OpenSearch.Client", "OpenSearch"},
	{ecoPyPI, "pysolr", "Apache Solr"},
	{ecoMaven, "org.apache.solr:solr-solrj", "Apache Solr"},

	// Messaging.
	{ecoGo, "github.com/IBM/sarama", "Apache Kafka"},
	{ecoGo, "github.com/Shopify/sarama", "Apache Kafka"},
	{ecoGo, "github.com/twmb/franz-go", "Apache Kafka"},
	{ecoGo, "github.com/segmentio/kafka-go", "Apache Kafka"},
	{ecoGo, "github.com/confluentinc/confluent-kafka-go", "Apache Kafka"},
	{ecoNPM, "kafkajs", "Apache Kafka"},
	{ecoNPM, "node-rdkafka", "Apache Kafka"},
	{ecoNPM, "@confluentinc/kafka-javascript", "Apache Kafka"},
	{ecoPyPI, "kafka-python", "Apache Kafka"},
	{ecoPyPI, "confluent-kafka", "Apache Kafka"},
	{ecoPyPI, "aiokafka", "Apache Kafka"},
	{ecoMaven, "org.apache.kafka:kafka-clients", "Apache Kafka"},
	{ecoMaven, "org.springframework.kafka:spring-kafka", "Apache Kafka"},
	{ecoMaven, "org.apache.kafka:kafka-streams", "Apache Kafka"},
	{ecoNuGet, "Confluent.Kafka", "Apache Kafka"},
	{ecoGo, "github.com/rabbitmq/amqp091-go", "RabbitMQ"},
	{ecoGo, "github.com/streadway/amqp", "RabbitMQ"},
	{ecoNPM, "amqplib", "RabbitMQ"},
	{ecoNPM, "amqp-connection-manager", "RabbitMQ"},
	{ecoPyPI, "pika", "RabbitMQ"},
	{ecoPyPI, "aio-pika", "RabbitMQ"},
	{ecoPyPI, "amqpstorm", "RabbitMQ"},
	{ecoMaven, "com.rabbitmq:amqp-client", "RabbitMQ"},
	{ecoMaven, "org.springframework.amqp:spring-rabbit", "RabbitMQ"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-amqp", "RabbitMQ"},
	{ecoNuGet, "RabbitMQ.Client", "RabbitMQ"},
	{ecoNuGet, "MassTransit.RabbitMQ", "RabbitMQ"},
	{ecoGo, "github.com/nats-io/nats.go", "NATS"},
	{ecoNPM, "nats", "NATS"},
	{ecoPyPI, "nats-py", "NATS"},
	{ecoMaven, "io.nats:jnats", "NATS"},
	{ecoNuGet, "NATS.Client.Core", "NATS"},
	{ecoGo, "github.com/apache/pulsar-client-go", "Apache Pulsar"},
	{ecoNPM, "pulsar-client", "Apache Pulsar"},
	{ecoPyPI, "pulsar-client", "Apache Pulsar"},
	{ecoMaven, "org.apache.pulsar:pulsar-client", "Apache Pulsar"},
	{ecoMaven, "org.apache.activemq:activemq-client", "ActiveMQ"},
	{ecoMaven, "org.springframework.boot:spring-boot-starter-activemq", "ActiveMQ"},

	// Object storage.
	{ecoGo, "github.com/minio/minio-go", "MinIO"},
	{ecoNPM, "minio", "MinIO"},
	{ecoPyPI, "minio", "MinIO"},
	{ecoMaven, "io.minio:minio", "MinIO"},

	// AWS service clients: one client, one service. The SDKs as a whole
	// (boto3, aws-sdk for JavaScript v2) name no service.
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/s3", "Amazon S3"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/feature/s3", "Amazon S3"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/sqs", "Amazon SQS"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/sns", "Amazon SNS"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/dynamodb", "Amazon DynamoDB"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/feature/dynamodb", "Amazon DynamoDB"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/kinesis", "Amazon Kinesis"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/firehose", "Amazon Data Firehose"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/eventbridge", "Amazon EventBridge"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/lambda", "AWS Lambda"},
	{ecoGo, "github.com/aws/aws-sdk-go-v2/service/sfn", "AWS Step Functions"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/s3", "Amazon S3"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/sqs", "Amazon SQS"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/sns", "Amazon SNS"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/dynamodb", "Amazon DynamoDB"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/kinesis", "Amazon Kinesis"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/eventbridge", "Amazon EventBridge"},
	{ecoGo, "github.com/aws/aws-sdk-go/service/lambda", "AWS Lambda"},
	{ecoNPM, "@aws-sdk/client-s3", "Amazon S3"},
	{ecoNPM, "@aws-sdk/lib-storage", "Amazon S3"},
	{ecoNPM, "@aws-sdk/client-sqs", "Amazon SQS"},
	{ecoNPM, "@aws-sdk/client-sns", "Amazon SNS"},
	{ecoNPM, "@aws-sdk/client-dynamodb", "Amazon DynamoDB"},
	{ecoNPM, "@aws-sdk/lib-dynamodb", "Amazon DynamoDB"},
	{ecoNPM, "@aws-sdk/client-kinesis", "Amazon Kinesis"},
	{ecoNPM, "@aws-sdk/client-firehose", "Amazon Data Firehose"},
	{ecoNPM, "@aws-sdk/client-eventbridge", "Amazon EventBridge"},
	{ecoNPM, "@aws-sdk/client-lambda", "AWS Lambda"},
	{ecoNPM, "@aws-sdk/client-sfn", "AWS Step Functions"},
	{ecoMaven, "software.amazon.awssdk:s3", "Amazon S3"},
	{ecoMaven, "software.amazon.awssdk:sqs", "Amazon SQS"},
	{ecoMaven, "software.amazon.awssdk:sns", "Amazon SNS"},
	{ecoMaven, "software.amazon.awssdk:dynamodb", "Amazon DynamoDB"},
	{ecoMaven, "software.amazon.awssdk:dynamodb-enhanced", "Amazon DynamoDB"},
	{ecoMaven, "software.amazon.awssdk:kinesis", "Amazon Kinesis"},
	{ecoMaven, "software.amazon.awssdk:firehose", "Amazon Data Firehose"},
	{ecoMaven, "software.amazon.awssdk:eventbridge", "Amazon EventBridge"},
	{ecoMaven, "software.amazon.awssdk:lambda", "AWS Lambda"},
	{ecoMaven, "com.amazonaws:aws-java-sdk-s3", "Amazon S3"},
	{ecoMaven, "com.amazonaws:aws-java-sdk-sqs", "Amazon SQS"},
	{ecoMaven, "com.amazonaws:aws-java-sdk-sns", "Amazon SNS"},
	{ecoMaven, "com.amazonaws:aws-java-sdk-dynamodb", "Amazon DynamoDB"},
	{ecoMaven, "com.amazonaws:aws-java-sdk-kinesis", "Amazon Kinesis"},
	{ecoMaven, "io.awspring.cloud:spring-cloud-aws-starter-sqs", "Amazon SQS"},
	{ecoMaven, "io.awspring.cloud:spring-cloud-aws-starter-s3", "Amazon S3"},
	{ecoNuGet, "AWSSDK.S3", "Amazon S3"},
	{ecoNuGet, "AWSSDK.SQS", "Amazon SQS"},
	{ecoNuGet, "AWSSDK.SimpleNotificationService", "Amazon SNS"},
	{ecoNuGet, "AWSSDK.DynamoDBv2", "Amazon DynamoDB"},
	{ecoNuGet, "AWSSDK.Kinesis", "Amazon Kinesis"},
	{ecoNuGet, "AWSSDK.EventBridge", "Amazon EventBridge"},
	{ecoNuGet, "AWSSDK.Lambda", "AWS Lambda"},

	// Google Cloud and Azure service clients.
	{ecoGo, "cloud.google.com/go/pubsub", "Google Pub/Sub"},
	{ecoGo, "cloud.google.com/go/storage", "Google Cloud Storage"},
	{ecoGo, "cloud.google.com/go/spanner", "Google Cloud Spanner"},
	{ecoGo, "cloud.google.com/go/firestore", "Google Firestore"},
	{ecoGo, "cloud.google.com/go/bigquery", "Google BigQuery"},
	{ecoNPM, "@google-cloud/pubsub", "Google Pub/Sub"},
	{ecoNPM, "@google-cloud/storage", "Google Cloud Storage"},
	{ecoNPM, "@google-cloud/spanner", "Google Cloud Spanner"},
	{ecoNPM, "@google-cloud/firestore", "Google Firestore"},
	{ecoNPM, "@google-cloud/bigquery", "Google BigQuery"},
	{ecoPyPI, "google-cloud-pubsub", "Google Pub/Sub"},
	{ecoPyPI, "google-cloud-storage", "Google Cloud Storage"},
	{ecoPyPI, "google-cloud-spanner", "Google Cloud Spanner"},
	{ecoPyPI, "google-cloud-firestore", "Google Firestore"},
	{ecoPyPI, "google-cloud-bigquery", "Google BigQuery"},
	{ecoMaven, "com.google.cloud:google-cloud-pubsub", "Google Pub/Sub"},
	{ecoMaven, "com.google.cloud:google-cloud-storage", "Google Cloud Storage"},
	{ecoMaven, "com.google.cloud:google-cloud-spanner", "Google Cloud Spanner"},
	{ecoMaven, "com.google.cloud:google-cloud-firestore", "Google Firestore"},
	{ecoMaven, "com.google.cloud:google-cloud-bigquery", "Google BigQuery"},
	{ecoNuGet, "Google.Cloud.PubSub.V1", "Google Pub/Sub"},
	{ecoNuGet, "Google.Cloud.Storage.V1", "Google Cloud Storage"},
	{ecoNuGet, "Google.Cloud.Spanner.Data", "Google Cloud Spanner"},
	{ecoGo, "github.com/Azure/azure-sdk-for-go/sdk/storage/azblob", "Azure Blob Storage"},
	{ecoGo, "github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus", "Azure Service Bus"},
	{ecoGo, "github.com/Azure/azure-sdk-for-go/sdk/messaging/azeventhubs", "Azure Event Hubs"},
	{ecoGo, "github.com/Azure/azure-sdk-for-go/sdk/data/azcosmos", "Azure Cosmos DB"},
	{ecoNPM, "@azure/storage-blob", "Azure Blob Storage"},
	{ecoNPM, "@azure/service-bus", "Azure Service Bus"},
	{ecoNPM, "@azure/event-hubs", "Azure Event Hubs"},
	{ecoNPM, "@azure/cosmos", "Azure Cosmos DB"},
	{ecoPyPI, "azure-storage-blob", "Azure Blob Storage"},
	{ecoPyPI, "azure-servicebus", "Azure Service Bus"},
	{ecoPyPI, "azure-eventhub", "Azure Event Hubs"},
	{ecoPyPI, "azure-cosmos", "Azure Cosmos DB"},
	{ecoMaven, "com.azure:azure-storage-blob", "Azure Blob Storage"},
	{ecoMaven, "com.azure:azure-messaging-servicebus", "Azure Service Bus"},
	{ecoMaven, "com.azure:azure-messaging-eventhubs", "Azure Event Hubs"},
	{ecoMaven, "com.azure:azure-cosmos", "Azure Cosmos DB"},
	{ecoNuGet, "Azure.Storage.Blobs", "Azure Blob Storage"},
	{ecoNuGet, "Azure.Messaging.ServiceBus", "Azure Service Bus"},
	{ecoNuGet, "Azure.Messaging.EventHubs", "Azure Event Hubs"},
	{ecoNuGet, "Microsoft.Azure.Cosmos", "Azure Cosmos DB"},
}

// clientIndex looks a library up in the table. It is built once by
// newClientIndex and only read afterwards.
type clientIndex struct {
	exact map[ecosystem]map[string]string // normalised name → technology
	goPfx []client                        // Go import path prefixes, longest first
}

func newClientIndex() *clientIndex {
	ix := &clientIndex{exact: map[ecosystem]map[string]string{}}
	for _, c := range clients {
		if c.eco == ecoGo {
			ix.goPfx = append(ix.goPfx, c)
			continue
		}
		m := ix.exact[c.eco]
		if m == nil {
			m = map[string]string{}
			ix.exact[c.eco] = m
		}
		m[normalizeLibrary(c.eco, c.name)] = c.tech
	}
	// Longest prefix first, so a more specific row wins.
	slices.SortStableFunc(ix.goPfx, func(a, b client) int { return len(b.name) - len(a.name) })
	return ix
}

// index is the table's lookup structure: read-only after package
// initialisation, like model's technology indexes.
var index = newClientIndex()

// technologyOf returns the canonical technology a library of ecosystem eco
// means, if the table knows it.
func (ix *clientIndex) technologyOf(eco ecosystem, name string) (string, bool) {
	if eco == ecoGo {
		for _, c := range ix.goPfx {
			if name == c.name || strings.HasPrefix(name, c.name+"/") {
				return c.tech, true
			}
		}
		return "", false
	}
	key := normalizeLibrary(eco, name)
	if t, ok := ix.exact[eco][key]; ok {
		return t, true
	}
	if eco == ecoMaven {
		if g, _, ok := strings.Cut(key, ":"); ok {
			t, ok := ix.exact[eco][g+":*"]
			return t, ok
		}
	}
	return "", false
}

// normalizeLibrary spells a library name the way its ecosystem compares
// names: PyPI folds case and runs of "-", "_", "." (PEP 503); npm and NuGet
// fold case; Maven coordinates and Go import paths are case-sensitive.
func normalizeLibrary(eco ecosystem, name string) string {
	name = strings.TrimSpace(name)
	switch eco {
	case ecoPyPI:
		var b strings.Builder
		sep := false
		for _, r := range strings.ToLower(name) {
			if r == '-' || r == '_' || r == '.' {
				sep = true
				continue
			}
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		}
		return b.String()
	case ecoNPM, ecoNuGet:
		return strings.ToLower(name)
	}
	return name
}
