resource "aws_sns_topic" "fine" {
  name = "fine"
}

resource "aws_sqs_queue" "broken" {
  name = "broken"
  visibility_timeout_seconds = = 30
}

resource "aws_s3_bucket" {
  bucket = "one-label"
}
