variable "name" { type = string }
variable "queue_arns" { type = list(string) }
variable "bucket_arns" { type = list(string) }

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = "oidc" } }]
  })
}

data "aws_iam_policy_document" "access" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
    resources = var.queue_arns
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = [for arn in var.bucket_arns : "${arn}/*"]
  }
}

resource "aws_iam_role_policy" "access" {
  name   = "access"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.access.json
}

output "role_arn" { value = aws_iam_role.this.arn }
