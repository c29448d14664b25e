variable "tags" { type = map(string) }

resource "aws_opensearch_domain" "this" {
  domain_name = "search"
  tags        = var.tags
}
