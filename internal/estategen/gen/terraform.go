package gen

import (
	"bytes"
	"fmt"
	"strings"
)

// resourcesPerDomain is the size of a domain's Terraform module, counted in
// resource instances (the shared alarm module's included).
const resourcesPerDomain = 100

// alarmResources is what one call of the shared alarm module declares.
const alarmResources = 2

// terraform writes the root module, the shared alarm module and one module
// per domain.
func (e *estate) terraform() {
	e.rootModule()
	e.alarmModule()
	for _, d := range e.domains {
		e.domainModule(d)
	}
}

func (e *estate) rootModule() {
	p := e.file("terraform/providers.tf")
	p.WriteString(`terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
  backend "s3" {
    bucket = "northwind-terraform-state"
    key    = "estate/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      ManagedBy = "terraform"
      Estate    = "northwind"
    }
  }
}
`)
	v := e.file("terraform/variables.tf")
	v.WriteString(`variable "env" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}
`)
	n := e.file("terraform/network.tf")
	n.WriteString(`resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
  tags = {
    Name = "northwind-${var.env}"
  }
}

resource "aws_subnet" "private" {
  count             = 3
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone = "eu-west-1${["a", "b", "c"][count.index]}"
  tags = {
    Name = "northwind-private-${count.index}"
  }
}

resource "aws_iam_role" "eks" {
  name = "northwind-eks-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "eks.amazonaws.com" }
    }]
  })
}

resource "aws_eks_cluster" "main" {
  name     = "northwind-${var.env}"
  role_arn = aws_iam_role.eks.arn
  vpc_config {
    subnet_ids = aws_subnet.private[*].id
  }
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_sns_topic" "alarms" {
  name = "northwind-alarms"
}

resource "aws_route53_zone" "internal" {
  name = "northwind.internal"
}
`)
	e.counts.TerraformResources += 9 // the subnets count three times
	m := e.file("terraform/main.tf")
	m.WriteString("# One module per domain, each owned by its team.\n")
	for _, d := range e.domains {
		fmt.Fprintf(m, `
module %q {
  source            = "./modules/%s"
  name              = %q
  env               = var.env
  vpc_id            = aws_vpc.main.id
  subnet_ids        = aws_subnet.private[*].id
  zone_id           = aws_route53_zone.internal.zone_id
  alarm_topic_arn   = aws_sns_topic.alarms.arn
  oidc_provider_arn = aws_iam_openid_connect_provider.eks.arn
`, d.slug, d.slug, d.slug)
		if d.prev != nil {
			fmt.Fprintf(m, "  upstream_bucket     = module.%s.files_bucket\n  upstream_bucket_arn = module.%s.files_bucket_arn\n", d.prev.slug, d.prev.slug)
		}
		m.WriteString("}\n")
	}
	e.counts.TerraformFiles += 4
}

// alarmModule is the shared module every domain calls for its alarms.
func (e *estate) alarmModule() {
	e.file("terraform/modules/alarm/variables.tf").WriteString(`variable "name" {
  type = string
}

variable "namespace" {
  type = string
}

variable "metric" {
  type = string
}

variable "dimensions" {
  type = map(string)
}

variable "warning" {
  type = number
}

variable "critical" {
  type = number
}

variable "topic_arn" {
  type = string
}
`)
	e.file("terraform/modules/alarm/main.tf").WriteString(`resource "aws_cloudwatch_metric_alarm" "warning" {
  alarm_name          = "${var.name}-warning"
  namespace           = var.namespace
  metric_name         = var.metric
  dimensions          = var.dimensions
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.warning
  alarm_actions       = [var.topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "critical" {
  alarm_name          = "${var.name}-critical"
  namespace           = var.namespace
  metric_name         = var.metric
  dimensions          = var.dimensions
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.critical
  alarm_actions       = [var.topic_arn]
  ok_actions          = [var.topic_arn]
}
`)
	e.counts.TerraformFiles += 2
}

// domainModule writes terraform/modules/<domain>/: data stores, the Lambda
// function and its role, roles for the Kubernetes workloads, parameters and
// alarms, about resourcesPerDomain resource instances in all.
func (e *estate) domainModule(d *domain) {
	dir := "terraform/modules/" + d.slug + "/"
	n := 0 // resource instances declared
	res := func(b *bytes.Buffer, typ, name, body string) {
		fmt.Fprintf(b, "\nresource %q %q {\n%s}\n", typ, name, indent(body))
		n++
	}

	v := e.file(dir + "variables.tf")
	for _, name := range []string{"name", "env", "vpc_id", "zone_id", "alarm_topic_arn", "oidc_provider_arn"} {
		fmt.Fprintf(v, "variable %q {\n  type = string\n}\n\n", name)
	}
	v.WriteString("variable \"subnet_ids\" {\n  type = list(string)\n}\n")
	if d.prev != nil {
		v.WriteString("\nvariable \"upstream_bucket\" {\n  type        = string\n  description = \"The bucket of the domain upstream, whose exports the jobs read.\"\n}\n")
		v.WriteString("\nvariable \"upstream_bucket_arn\" {\n  type = string\n}\n")
	}

	engine, family, port := "postgres", "postgres15", 5432
	if d.has(storeTechnology) {
		engine, family, port = "mysql", "mysql8.0", 3306
		e.plant("technology.mismatch", d.docID("Store"), d.tfID("aws_db_instance.store"))
		e.plant("adr.violation", d.docID("Store"), d.tfID("aws_db_instance.store"))
	}

	s := e.file(dir + "store.tf")
	s.WriteString("# The domain's PostgreSQL database, its network and its credentials.\n")
	res(s, "aws_db_subnet_group", "store", `name       = "${var.name}-store"
subnet_ids = var.subnet_ids
`)
	res(s, "aws_db_parameter_group", "store", fmt.Sprintf(`name   = "${var.name}-store"
family = %q
`, family))
	res(s, "aws_kms_key", "store", `description             = "${var.name} store encryption"
deletion_window_in_days = 14
enable_key_rotation     = true
`)
	res(s, "aws_kms_alias", "store", `name          = "alias/${var.name}-store"
target_key_id = aws_kms_key.store.key_id
`)
	res(s, "aws_security_group", "store", `name        = "${var.name}-store"
description = "Connections to the ${var.name} store"
vpc_id      = var.vpc_id
`)
	res(s, "aws_security_group", "jobs", `name        = "${var.name}-jobs"
description = "The ${var.name} jobs function"
vpc_id      = var.vpc_id
egress {
  from_port   = 0
  to_port     = 0
  protocol    = "-1"
  cidr_blocks = ["0.0.0.0/0"]
}
`)
	res(s, "aws_security_group_rule", "jobs_to_store", fmt.Sprintf(`type                     = "ingress"
from_port                = %[1]d
to_port                  = %[1]d
protocol                 = "tcp"
security_group_id        = aws_security_group.store.id
source_security_group_id = aws_security_group.jobs.id
`, port))
	res(s, "aws_db_instance", "store", fmt.Sprintf(`identifier                  = "${var.name}-store"
engine                      = %q
instance_class              = "db.r6g.large"
allocated_storage           = 100
db_subnet_group_name        = aws_db_subnet_group.store.name
parameter_group_name        = aws_db_parameter_group.store.name
vpc_security_group_ids      = [aws_security_group.store.id]
storage_encrypted           = true
kms_key_id                  = aws_kms_key.store.arn
username                    = "app"
manage_master_user_password = true
backup_retention_period     = 14
tags = {
  Domain = var.name
}
`, engine))
	res(s, "aws_secretsmanager_secret", "store", `name       = "${var.name}/${var.env}/store"
kms_key_id = aws_kms_key.store.arn
`)
	res(s, "aws_secretsmanager_secret_version", "store", fmt.Sprintf(`secret_id = aws_secretsmanager_secret.store.id
secret_string = jsonencode({
  host = aws_db_instance.store.address
  port = %d
})
`, port))
	res(s, "aws_route53_record", "store", `zone_id = var.zone_id
name    = "${var.name}-store"
type    = "CNAME"
ttl     = 300
records = [aws_db_instance.store.address]
`)

	q := e.file(dir + "messaging.tf")
	q.WriteString("# Domain events, and the bucket the jobs export to.\n")
	res(q, "aws_sqs_queue", "events_dlq", `name                      = "${var.name}-events-dlq"
message_retention_seconds = 1209600
`)
	res(q, "aws_sqs_queue", "events", `name                       = "${var.name}-events"
visibility_timeout_seconds = 120
redrive_policy = jsonencode({
  deadLetterTargetArn = aws_sqs_queue.events_dlq.arn
  maxReceiveCount     = 5
})
`)
	res(q, "aws_sqs_queue_policy", "events", `queue_url = aws_sqs_queue.events.id
policy = jsonencode({
  Version = "2012-10-17"
  Statement = [{
    Effect    = "Deny"
    Principal = "*"
    Action    = "sqs:*"
    Resource  = aws_sqs_queue.events.arn
    Condition = { Bool = { "aws:SecureTransport" = "false" } }
  }]
})
`)
	res(q, "aws_s3_bucket", "files", `bucket = "${var.name}-files"
`)
	res(q, "aws_s3_bucket_versioning", "files", `bucket = aws_s3_bucket.files.id
versioning_configuration {
  status = "Enabled"
}
`)
	res(q, "aws_s3_bucket_public_access_block", "files", `bucket                  = aws_s3_bucket.files.id
block_public_acls       = true
block_public_policy     = true
ignore_public_acls      = true
restrict_public_buckets = true
`)
	res(q, "aws_s3_bucket_server_side_encryption_configuration", "files", `bucket = aws_s3_bucket.files.id
rule {
  apply_server_side_encryption_by_default {
    sse_algorithm = "aws:kms"
  }
}
`)
	res(q, "aws_s3_bucket_lifecycle_configuration", "files", `bucket = aws_s3_bucket.files.id
rule {
  id     = "expire-exports"
  status = "Enabled"
  filter {
    prefix = "exports/"
  }
  expiration {
    days = 90
  }
}
`)
	if d.has(undocumentedTopic) {
		res(q, "aws_sns_topic", "notices", `name = "${var.name}-notices"
`)
		e.plant("element.undocumented", "", d.tfID("aws_sns_topic.notices"))
	}

	c := e.file(dir + "jobs.tf")
	c.WriteString("# The jobs function: consumes the domain's events, writes exports.\n")
	res(c, "aws_iam_role", "jobs", `name = "${var.name}-jobs-lambda"
assume_role_policy = jsonencode({
  Version = "2012-10-17"
  Statement = [{
    Effect    = "Allow"
    Action    = "sts:AssumeRole"
    Principal = { Service = "lambda.amazonaws.com" }
  }]
})
`)
	grants := `  {
    Effect   = "Allow"
    Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    Resource = [aws_sqs_queue.events.arn, aws_sqs_queue.events_dlq.arn]
  },
  {
    Effect   = "Allow"
    Action   = ["s3:PutObject", "s3:GetObject"]
    Resource = ["${aws_s3_bucket.files.arn}/*"]
  },
`
	if d.prev != nil {
		grants += `  {
    Effect   = "Allow"
    Action   = ["s3:GetObject"]
    Resource = ["${var.upstream_bucket_arn}/*"]
  },
`
	}
	res(c, "aws_iam_role_policy", "jobs", `name = "${var.name}-jobs"
role = aws_iam_role.jobs.id
policy = jsonencode({
  Version = "2012-10-17"
  Statement = [
`+grants+`  ]
})
`)
	res(c, "aws_cloudwatch_log_group", "jobs", `name              = "/aws/lambda/${var.name}-jobs"
retention_in_days = 30
`)
	env := `FILES_BUCKET = aws_s3_bucket.files.id
SECRET_ARN   = aws_secretsmanager_secret.store.arn
`
	if d.prev != nil {
		env += "UPSTREAM_BUCKET = var.upstream_bucket\n"
	}
	if d.has(undocumentedTopic) {
		env += "NOTICES_TOPIC = aws_sns_topic.notices.arn\n"
	}
	res(c, "aws_lambda_function", "jobs", `function_name = "${var.name}-jobs"
role          = aws_iam_role.jobs.arn
runtime       = "python3.12"
handler       = "jobs.handler"
filename      = "build/jobs.zip"
timeout       = 60
memory_size   = 512
vpc_config {
  subnet_ids         = var.subnet_ids
  security_group_ids = [aws_security_group.jobs.id]
}
dead_letter_config {
  target_arn = aws_sqs_queue.events_dlq.arn
}
environment {
  variables = {
`+indent(indent(env))+`  }
}
`)
	res(c, "aws_lambda_event_source_mapping", "jobs", `function_name    = aws_lambda_function.jobs.arn
event_source_arn = aws_sqs_queue.events.arn
batch_size       = 10
`)

	w := e.file(dir + "workloads.tf")
	w.WriteString("# IAM roles for the domain's Kubernetes service accounts, and their image repositories.\n")
	for _, r := range []struct{ role, grant string }{
		{"api", `Action   = ["sqs:SendMessage", "s3:PutObject", "s3:GetObject"]
    Resource = [aws_sqs_queue.events.arn, "${aws_s3_bucket.files.arn}/*"]`},
		{"worker", `Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    Resource = [aws_sqs_queue.events.arn]`},
	} {
		res(w, "aws_iam_role", r.role, fmt.Sprintf(`name = "${var.name}-%s-irsa"
assume_role_policy = jsonencode({
  Version = "2012-10-17"
  Statement = [{
    Effect    = "Allow"
    Action    = "sts:AssumeRoleWithWebIdentity"
    Principal = { Federated = var.oidc_provider_arn }
  }]
})
`, r.role))
		res(w, "aws_iam_role_policy", r.role, fmt.Sprintf(`name = "${var.name}-%[1]s"
role = aws_iam_role.%[1]s.id
policy = jsonencode({
  Version = "2012-10-17"
  Statement = [{
    Effect   = "Allow"
    %[2]s
  }]
})
`, r.role, r.grant))
		res(w, "aws_cloudwatch_log_group", r.role, fmt.Sprintf(`name              = "/k8s/${var.name}/%s"
retention_in_days = 14
`, r.role))
	}
	for _, repo := range []string{"api", "web", "worker"} {
		res(w, "aws_ecr_repository", repo, fmt.Sprintf(`name                 = "${var.name}/%s"
image_tag_mutability = "IMMUTABLE"
image_scanning_configuration {
  scan_on_push = true
}
`, repo))
	}

	p := e.file(dir + "parameters.tf")
	p.WriteString("# Runtime configuration, read by the workloads at start-up.\n")
	for i := range d.params {
		key := paramKeys[i%len(paramKeys)]
		if i >= len(paramKeys) {
			key += fmt.Sprintf("_%d", i/len(paramKeys)+1)
		}
		value := fmt.Sprintf("%q", paramValue(i))
		switch i {
		case 0:
			value = "aws_sqs_queue.events.url"
		case 1:
			value = "aws_s3_bucket.files.id"
		}
		res(p, "aws_ssm_parameter", key, fmt.Sprintf(`name  = "/${var.name}/${var.env}/%s"
type  = "String"
value = %s
`, strings.ReplaceAll(key, "_", "-"), value))
	}

	// Alarms fill the module up to resourcesPerDomain: pairs through the
	// shared module, one resource of its own when the count is odd.
	a := e.file(dir + "alarms.tf")
	a.WriteString("# Alarms, through the shared alarm module.\n")
	left := resourcesPerDomain - n
	if d.has(undocumentedTopic) {
		left++ // the planted topic comes on top
	}
	if left%2 == 1 {
		res(a, "aws_cloudwatch_metric_alarm", "jobs_errors", `alarm_name          = "${var.name}-jobs-errors"
namespace           = "AWS/Lambda"
metric_name         = "Errors"
dimensions          = { FunctionName = aws_lambda_function.jobs.function_name }
statistic           = "Sum"
period              = 300
evaluation_periods  = 1
comparison_operator = "GreaterThanThreshold"
threshold           = 0
alarm_actions       = [var.alarm_topic_arn]
`)
		left--
	}
	for i := range left / alarmResources {
		al := alarmSpecs[i%len(alarmSpecs)]
		name := al.name
		if i >= len(alarmSpecs) {
			name += fmt.Sprintf("_%d", i/len(alarmSpecs)+1)
		}
		fmt.Fprintf(a, `
module "alarm_%s" {
  source     = "../alarm"
  name       = "${var.name}-%s"
  namespace  = %q
  metric     = %q
  dimensions = { %s = %s }
  warning    = %d
  critical   = %d
  topic_arn  = var.alarm_topic_arn
}
`, name, strings.ReplaceAll(name, "_", "-"), al.namespace, al.metric, al.dimension, al.target, al.warning, al.critical)
		n += alarmResources
	}

	o := e.file(dir + "outputs.tf")
	o.WriteString(`output "files_bucket" {
  value = aws_s3_bucket.files.id
}

output "files_bucket_arn" {
  value = aws_s3_bucket.files.arn
}

output "events_queue_url" {
  value = aws_sqs_queue.events.url
}

output "store_endpoint" {
  value = aws_db_instance.store.address
}
`)
	e.counts.TerraformResources += n
	e.counts.TerraformFiles += 9
}

var paramKeys = []string{
	"events_queue_url", "files_bucket", "log_level", "feature_flags", "page_size", "request_timeout",
	"retry_limit", "cache_ttl", "export_prefix", "rate_limit", "currency", "locale", "batch_size",
	"max_connections", "idle_timeout", "trace_sample_rate", "maintenance_window", "support_email",
}

func paramValue(i int) string {
	switch i % 4 {
	case 0:
		return "info"
	case 1:
		return fmt.Sprint(50 * (i + 1))
	case 2:
		return fmt.Sprintf("%ds", 5*(i+1))
	}
	return "enabled"
}

// alarmSpecs are the alarms a domain raises, in the order it adds them.
var alarmSpecs = []struct {
	name, namespace, metric, dimension, target string
	warning, critical                          int
}{
	{"store_cpu", "AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "aws_db_instance.store.identifier", 70, 90},
	{"store_connections", "AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "aws_db_instance.store.identifier", 400, 600},
	{"store_latency", "AWS/RDS", "ReadLatency", "DBInstanceIdentifier", "aws_db_instance.store.identifier", 1, 5},
	{"store_storage", "AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", "aws_db_instance.store.identifier", 20, 10},
	{"events_age", "AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "aws_sqs_queue.events.name", 300, 900},
	{"events_depth", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "aws_sqs_queue.events.name", 1000, 10000},
	{"dlq_depth", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "aws_sqs_queue.events_dlq.name", 1, 100},
	{"jobs_duration", "AWS/Lambda", "Duration", "FunctionName", "aws_lambda_function.jobs.function_name", 30000, 55000},
	{"jobs_throttles", "AWS/Lambda", "Throttles", "FunctionName", "aws_lambda_function.jobs.function_name", 1, 10},
	{"files_size", "AWS/S3", "BucketSizeBytes", "BucketName", "aws_s3_bucket.files.id", 500, 1000},
}

// indent indents every non-empty line of s by two spaces.
func indent(s string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			b.WriteString("  ")
		}
		b.WriteString(l)
	}
	return b.String()
}
