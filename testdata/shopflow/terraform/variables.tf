variable "env" {
  description = "Deployment environment, part of every resource name."
  type        = string
  default     = "prod"
}

variable "vpc_id" {
  description = "The VPC of the Kubernetes cluster."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the database."
  type        = list(string)
}

variable "cluster_cidr" {
  description = "Pod network of the cluster, allowed to reach the database."
  type        = string
  default     = "10.40.0.0/16"
}
