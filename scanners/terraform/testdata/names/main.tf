# Names: interpolations are reduced to their literal parts; module inputs,
# locals and each.key are followed; tags.Name and name_prefix name what has
# no name; what has none at all keeps its label.
variable "env" {
  type    = string
  default = "prod"
}

variable "names" {
  type    = map(string)
  default = { api = "checkout-api" }
}

locals {
  prefix = "acme-${var.env}"
  team   = "payments"
}

resource "aws_sqs_queue" "uid" {
  name = "lpa-uid-${var.env}"
}

resource "aws_sqs_queue" "prefixed" {
  name = "${local.prefix}-invoices"
}

resource "aws_sqs_queue" "team" {
  name = "${local.team}-${var.env}-events"
}

resource "aws_lambda_function" "api" {
  function_name = var.names["api"]
  role          = "arn:aws:iam::123456789012:role/api"
}

resource "aws_sns_topic" "generated" {
  name_prefix = "alerts-"
}

resource "aws_instance" "bastion" {
  ami  = "ami-123"
  tags = { Name = "bastion-${var.env}" }
}

resource "aws_kinesis_stream" "unnamed" {
  shard_count = 1
}

resource "aws_db_instance" "main" {
  identifier = upper("orders")
  engine     = "aurora-postgresql"
}

module "store" {
  source = "./modules/store"
  name   = "${var.env}-catalogue"
}
