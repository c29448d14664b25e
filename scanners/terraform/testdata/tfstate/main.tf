# A root module with its state: real names and ARNs replace the literals,
# and a queue that only the state knows is still observed.
variable "env" {
  type = string
}

resource "aws_sqs_queue" "orders" {
  name = "orders-${var.env}"
}

resource "aws_db_instance" "main" {
  identifier = "main-${var.env}"
  engine     = var.engine
}

variable "engine" {
  type = string
}

module "cache" {
  source = "./cache"
}
