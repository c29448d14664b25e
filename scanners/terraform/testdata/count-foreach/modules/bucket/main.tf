variable "name" { type = string }
variable "acl" { type = string }

resource "aws_s3_bucket" "this" {
  bucket = "acme-${var.name}-${var.acl}"
}
