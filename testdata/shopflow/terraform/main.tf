# ShopFlow's managed services: the cluster's PostgreSQL, the product image
# bucket and the order-event queue (which the C4 model does not show yet).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { project = "shopflow", env = var.env }
  }
}

resource "aws_db_subnet_group" "shopflow" {
  name       = "shopflow-${var.env}"
  subnet_ids = var.private_subnet_ids
}

resource "aws_security_group" "db" {
  name   = "shopflow-db-${var.env}"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [var.cluster_cidr]
  }
}

resource "aws_db_instance" "shopflow" {
  identifier                  = "shopflow-${var.env}"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  db_name                     = "shopflow"
  username                    = "shopflow"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.shopflow.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  tags                        = { "c4.element" = "shopflow.db" }
}

resource "aws_s3_bucket" "images" {
  bucket = "shopflow-product-images"
}

resource "aws_s3_bucket_public_access_block" "images" {
  bucket                  = aws_s3_bucket.images.id
  block_public_acls       = true
  restrict_public_buckets = true
}

resource "aws_sqs_queue" "order_events" {
  name                      = "shopflow-order-events-${var.env}"
  message_retention_seconds = 345600
}

# The order service's role (IRSA): it may publish order events and read
# product images.
module "order_service_role" {
  source      = "./modules/workload-role"
  name        = "shopflow-order-service-${var.env}"
  queue_arns  = [aws_sqs_queue.order_events.arn]
  bucket_arns = [aws_s3_bucket.images.arn]
}
