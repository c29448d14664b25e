# Everything that can go wrong, each a diagnostic; the rest is still read.
resource "aws_sqs_queue" "ok" {
  name = "still-read"
}

resource "aws_lambda_function" "dangling" {
  function_name = "dangling"
  role          = aws_iam_role.missing.arn
  environment {
    variables = {
      A = var.undeclared
      B = local.nothing
      C = module.nowhere.url
      D = data.aws_ssm_parameter.absent.value
      E = module.local_ok.no_such_output
    }
  }
}

resource "digitalocean_droplet" "web" {
  name = "web"
}

resource "digitalocean_database_cluster" "pg" {
  name = "pg"
}

module "local_ok" {
  source = "./ok"
}

module "gone" {
  source = "./does-not-exist"
}

module "git" {
  source = "git::https://example.com/modules.git//queue?ref=v1"
}

module "escape" {
  source = "../../../outside"
}

module "loop" {
  source = "./loop"
}
