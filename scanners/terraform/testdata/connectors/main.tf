# Connector resources: each is plumbing, not an element, and carries one
# edge between what two of its attributes name.
resource "aws_sns_topic" "orders" {
  name = "orders"
}

resource "aws_sqs_queue" "billing" {
  name = "billing"
}

resource "aws_sns_topic_subscription" "billing" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.billing.arn
}

resource "aws_lambda_function" "biller" {
  function_name = "biller"
  role          = "arn:aws:iam::123456789012:role/biller"
}

resource "aws_lambda_event_source_mapping" "billing" {
  event_source_arn = aws_sqs_queue.billing.arn
  function_name    = aws_lambda_function.biller.arn
}

resource "aws_cloudwatch_event_bus" "domain" {
  name = "domain"
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name           = "nightly-report"
  event_bus_name = aws_cloudwatch_event_bus.domain.name
}

resource "aws_sfn_state_machine" "report" {
  name     = "report"
  role_arn = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({
    StartAt = "Bill"
    States  = { Bill = { Type = "Task", Resource = aws_lambda_function.biller.arn, End = true } }
  })
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_sfn_state_machine.report.arn
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_lambda_function" "web" {
  function_name = "web"
  role          = "arn:aws:iam::123456789012:role/web"
}

resource "aws_apigatewayv2_integration" "web" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.web.invoke_arn
}

resource "aws_lambda_permission" "web" {
  function_name = aws_lambda_function.web.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*"
}

resource "aws_api_gateway_rest_api" "legacy" {
  name = "legacy"
}

resource "aws_api_gateway_integration" "legacy" {
  rest_api_id = aws_api_gateway_rest_api.legacy.id
  type        = "HTTP_PROXY"
  uri         = "http://${aws_lb.internal.dns_name}/v1"
}

resource "aws_lb" "internal" {
  name     = "internal"
  internal = true
}

resource "aws_lb_target_group" "vms" {
  name = "vms"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.internal.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.vms.arn
  }
}

resource "aws_instance" "vm" {
  ami                    = "ami-123"
  vpc_security_group_ids = [aws_security_group.vm.id]
  tags = { Name = "legacy-vm" }
}

resource "aws_lb_target_group_attachment" "vm" {
  target_group_arn = aws_lb_target_group.vms.arn
  target_id        = aws_instance.vm.id
}

resource "aws_rds_cluster" "db" {
  cluster_identifier     = "orders"
  engine                 = "aurora-postgresql"
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_db_proxy" "db" {
  name = "orders-proxy"
}

resource "aws_db_proxy_target" "db" {
  db_proxy_name         = aws_db_proxy.db.name
  target_group_name     = "default"
  db_cluster_identifier = aws_rds_cluster.db.cluster_identifier
}

resource "aws_s3_bucket" "inbox" {
  bucket = "inbox"
}

resource "aws_s3_bucket_notification" "inbox" {
  bucket = aws_s3_bucket.inbox.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.biller.arn
    events              = ["s3:ObjectCreated:*"]
  }
}

resource "aws_security_group" "vm" {
  name = "vm"
}

resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_security_group_rule" "vm_to_db" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  source_security_group_id = aws_security_group.vm.id
  from_port                = 5432
  to_port                  = 5432
  protocol                 = "tcp"
}
