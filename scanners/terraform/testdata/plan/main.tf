# A root module with `terraform show -json` output of its plan: the plan's
# values name what HCL only templates, and its prior state adds the ARN of
# what already exists.
variable "stage" {
  type = string
}

resource "aws_s3_bucket" "site" {
  bucket_prefix = "site-${var.stage}-"
}

module "api" {
  source = "./modules/api"
  for_each = toset(["public", "admin"])
  name   = "${each.key}-api-${var.stage}"
}
