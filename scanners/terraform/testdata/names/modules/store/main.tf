variable "name" { type = string }

resource "aws_dynamodb_table" "this" {
  name     = "store-${var.name}-table"
  hash_key = "id"
}
