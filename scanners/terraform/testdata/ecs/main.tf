# An ECS service behind an ALB. The task definition's container definitions
# are a jsonencode() whose environment and secrets name a queue, a cache and
# a secret; its task role is granted a bucket. All of it belongs to the
# service that runs the task definition. The ALB reaches the service through
# listener → target group ← service.
resource "aws_lb" "front" {
  name               = "front"
  load_balancer_type = "application"
}

resource "aws_lb_target_group" "app" {
  name        = "app"
  port        = 8080
  target_type = "ip"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443
  certificate_arn   = aws_acm_certificate.front.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_acm_certificate" "front" {
  domain_name = "shop.example.com"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "app-cache"
  engine               = "valkey"
}

resource "aws_secretsmanager_secret" "db" {
  name = "app/db"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "app-uploads"
}

resource "aws_iam_role" "task" {
  name               = "app-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
  }
}

resource "aws_iam_policy" "uploads" {
  name = "app-uploads"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = ["${aws_s3_bucket.uploads.arn}/*"] }]
  })
}

resource "aws_iam_role_policy_attachment" "uploads" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.uploads.arn
}

resource "aws_ecs_task_definition" "app" {
  family        = "app"
  task_role_arn = aws_iam_role.task.arn
  container_definitions = jsonencode([{
    name  = "app"
    image = "ghcr.io/acme/app:1.4"
    environment = [
      { name = "JOBS_QUEUE_URL", value = aws_sqs_queue.jobs.url },
      { name = "CACHE_HOST", value = aws_elasticache_replication_group.cache.primary_endpoint_address },
    ]
    secrets = [{ name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]
  }])
}

resource "aws_ecs_service" "app" {
  name            = "app"
  task_definition = aws_ecs_task_definition.app.arn
  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = 8080
  }
  depends_on = [aws_lb_listener.https]
}
