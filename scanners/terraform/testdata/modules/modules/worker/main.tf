variable "name" { type = string }
variable "queue_arn" { type = string }
variable "table_arn" { type = string }
variable "topic_arn" { type = string }

resource "aws_iam_role" "this" {
  name               = "${var.name}-role"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "table" {
  role = aws_iam_role.this.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["dynamodb:PutItem"], Resource = var.table_arn }]
  })
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  role          = aws_iam_role.this.arn
  handler       = "main"
  runtime       = "provided.al2023"
  environment {
    variables = {
      TOPIC_ARN = var.topic_arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "queue" {
  function_name    = aws_lambda_function.this.arn
  event_source_arn = var.queue_arn
}

module "alarm" {
  source        = "./alarm"
  function_name = aws_lambda_function.this.function_name
}

output "function_arn" {
  value = aws_lambda_function.this.arn
}
