# Explicit mapping: a c4.element or archdrift.io/element tag names the
# documented element, in tags, in merge()d tags, through a module input or
# in the provider's default_tags.
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      "c4.element" = "shop.platform"
    }
  }
}

locals {
  common = { team = "orders" }
}

resource "aws_sqs_queue" "orders" {
  name = "orders"
  tags = merge(local.common, { "archdrift.io/element" = "shop.orderQueue" })
}

resource "aws_dynamodb_table" "carts" {
  name     = "carts"
  hash_key = "id"
  tags = {
    "c4.element" = "shop.carts"
  }
}

resource "aws_s3_bucket" "untagged" {
  bucket = "logs"
}

module "search" {
  source = "./search"
  tags   = { "c4.element" = "shop.search" }
}
