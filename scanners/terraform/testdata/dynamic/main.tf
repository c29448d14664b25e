# Dynamic blocks: the ingress rules of the API's security group come from a
# map of peer groups, and the service's load balancer blocks from a map of
# target groups; both name their references through the iterator.
locals {
  peers = {
    web = aws_security_group.web.id
  }
  target_groups = {
    http = aws_lb_target_group.api.arn
  }
}

resource "aws_security_group" "web" {
  name = "web"
}

resource "aws_security_group" "api" {
  name = "api"
  dynamic "ingress" {
    for_each = local.peers
    iterator = peer
    content {
      from_port       = 8080
      to_port         = 8080
      protocol        = "tcp"
      security_groups = [peer.value]
    }
  }
}

resource "aws_lb" "public" {
  name            = "public"
  security_groups = [aws_security_group.web.id]
}

resource "aws_lb_target_group" "api" {
  name = "api"
  port = 8080
}

resource "aws_ecs_service" "api" {
  name = "api"
  dynamic "load_balancer" {
    for_each = local.target_groups
    content {
      target_group_arn = load_balancer.value
      container_name   = "api"
      container_port   = 8080
    }
  }
  network_configuration {
    security_groups = [aws_security_group.api.id]
  }
}

resource "aws_dynamodb_table" "sessions" {
  name     = "sessions"
  hash_key = "id"
  dynamic "replica" {
    for_each = toset(["eu-west-1"])
    content {
      region_name = replica.value
    }
  }
}
