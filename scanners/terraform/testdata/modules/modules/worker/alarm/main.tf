variable "function_name" { type = string }

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name  = "${var.function_name}-errors"
  metric_name = "Errors"
  dimensions  = { FunctionName = var.function_name }
}
