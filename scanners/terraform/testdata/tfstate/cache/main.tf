resource "aws_elasticache_cluster" "this" {
  cluster_id = "cache"
  engine     = "redis"
}
