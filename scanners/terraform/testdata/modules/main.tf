# A local module called twice, with inputs that carry references: each
# worker consumes its own queue, writes the shared table (through its IAM
# role) and publishes to the shared topic (through an environment variable).
resource "aws_sqs_queue" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "refunds" {
  name = "refunds"
}

resource "aws_dynamodb_table" "ledger" {
  name     = "ledger"
  hash_key = "id"
}

resource "aws_sns_topic" "events" {
  name = "events"
}

module "order_worker" {
  source     = "./modules/worker"
  name       = "order-worker"
  queue_arn  = aws_sqs_queue.orders.arn
  table_arn  = aws_dynamodb_table.ledger.arn
  topic_arn  = aws_sns_topic.events.arn
  depends_on = [aws_sqs_queue.refunds]
}

module "refund_worker" {
  source    = "./modules/worker"
  name      = "refund-worker"
  queue_arn = aws_sqs_queue.refunds.arn
  table_arn = aws_dynamodb_table.ledger.arn
  topic_arn = aws_sns_topic.events.arn
}

# A registry module: not followed, reported.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

output "order_worker" {
  value = module.order_worker.function_arn
}
