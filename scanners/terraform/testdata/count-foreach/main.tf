# count and for_each: known keys make one element each, count = 0 makes
# none, an unknown for_each counts once, and [each.key] picks one instance.
variable "queues" {
  type    = set(string)
  default = ["billing", "shipping"]
}

variable "enable_audit" {
  type    = bool
  default = false
}

variable "replicas" {
  type    = number
  default = 3
}

variable "tenants" {
  type = map(string)
}

resource "aws_sqs_queue" "work" {
  for_each = var.queues
  name     = "${each.key}-work"
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = aws_sqs_queue.work
  name     = "${each.key}-dlq"
}

resource "aws_lambda_function" "consumer" {
  for_each      = var.queues
  function_name = "${each.key}-consumer"
  role          = "arn:aws:iam::123456789012:role/consumer"
  environment {
    variables = {
      QUEUE_URL = aws_sqs_queue.work[each.key].url
      DLQ_URL   = aws_sqs_queue.dead_letter[each.key].url
    }
  }
}

resource "aws_sqs_queue" "audit" {
  count = var.enable_audit ? 1 : 0
  name  = "audit"
}

resource "aws_instance" "web" {
  count         = var.replicas
  ami           = "ami-123"
  instance_type = "t3.micro"
  tags          = { Name = "web" }
}

resource "aws_sns_topic" "tenant" {
  for_each = var.tenants
  name     = "tenant-${each.key}"
}

module "buckets" {
  source   = "./modules/bucket"
  for_each = { assets = "public", reports = "private" }
  name     = each.key
  acl      = each.value
}
