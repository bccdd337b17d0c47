variable "name" {
  description = "Name of this Barrage environment; prefixes every resource (cluster, Kafka, database)."
  type        = string
  default     = "barrage"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name: 2 to 21 lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "availability_zones" {
  description = "Number of availability zones to spread the cluster, Kafka brokers and database over (2 or 3)."
  type        = number
  default     = 3

  validation {
    condition     = var.availability_zones >= 2 && var.availability_zones <= 3
    error_message = "availability_zones must be 2 or 3 (MSK needs one broker per zone, RDS Multi-AZ needs two)."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into one public and one private subnet per zone."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper) instead of one per zone (survives a zone outage)."
  type        = bool
  default     = true
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version. Runner Jobs need indexed completion mode, GA since 1.24."
  type        = string
  default     = "1.31"
}

variable "cluster_admin_arns" {
  description = "IAM principals (users or roles) made cluster administrators, besides whoever runs terraform."
  type        = list(string)
  default     = []
}

variable "public_api_cidrs" {
  description = "CIDR blocks allowed to reach the Kubernetes API endpoint publicly; empty makes it private only."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "system_instance_types" {
  description = "Instance types of the system node pool (control plane, ingress, cluster autoscaler)."
  type        = list(string)
  default     = ["m7i.large"]
}

variable "system_nodes" {
  description = "Size of the system node pool."
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 2, desired = 2, max = 4 }
}

variable "runner_instance_types" {
  description = "Instance types of the runner node pool. Compute-optimised: load generation is CPU and network bound."
  type        = list(string)
  default     = ["c7i.2xlarge", "c6i.2xlarge"]
}

variable "runner_capacity_type" {
  description = "ON_DEMAND, or SPOT for cheaper runners that may be reclaimed (a reclaimed runner fails its run)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.runner_capacity_type)
    error_message = "runner_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "runner_nodes" {
  description = <<-EOT
    Size of the runner node pool, scaled by the cluster autoscaler between min and max. The control plane waits
    120 s for a run's runners to be ready; a new node takes longer than that to join, so keep min at 1 or more
    unless runs may wait for a cold pool.
  EOT
  type = object({
    min = number
    max = number
  })
  default = { min = 1, max = 20 }

  validation {
    condition     = var.runner_nodes.min >= 0 && var.runner_nodes.max >= var.runner_nodes.min && var.runner_nodes.max >= 1
    error_message = "runner_nodes: 0 <= min <= max, and max >= 1."
  }
}

variable "runner_pool_label" {
  description = "Label (key and value) of runner nodes; the control plane's barrage.launch.kubernetes.node-selector."
  type = object({
    key   = string
    value = string
  })
  default = { key = "barrage.dev/pool", value = "runners" }
}

variable "runner_pool_taint_effect" {
  description = "Effect of the taint that keeps everything but runners off runner nodes (key and value as the label)."
  type        = string
  default     = "NO_SCHEDULE"

  validation {
    condition     = contains(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], var.runner_pool_taint_effect)
    error_message = "runner_pool_taint_effect must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE."
  }
}

variable "cluster_autoscaler_chart_version" {
  description = "Version of the cluster-autoscaler Helm chart (kubernetes.github.io/autoscaler)."
  type        = string
  default     = "9.43.2"
}

variable "kafka_version" {
  description = "Apache Kafka version of the MSK cluster."
  type        = string
  default     = "3.8.x"
}

variable "kafka_instance_type" {
  description = "MSK broker instance type; one broker per availability zone."
  type        = string
  default     = "kafka.m7g.large"
}

variable "kafka_volume_gb" {
  description = "EBS storage per broker, in GB. Runner reports are small and short-lived (see retention)."
  type        = number
  default     = 100
}

variable "kafka_retention_hours" {
  description = "How long runner reports and commands stay in Kafka: long enough for a control plane restart."
  type        = number
  default     = 24
}

variable "postgres_version" {
  description = "PostgreSQL major version (the control plane's schema is tested on 15)."
  type        = string
  default     = "15"
}

variable "postgres_instance_class" {
  description = "RDS instance class of the database."
  type        = string
  default     = "db.t4g.medium"
}

variable "postgres_storage_gb" {
  description = "Allocated storage of the database in GB (it grows by itself up to 5 times this)."
  type        = number
  default     = 50
}

variable "postgres_multi_az" {
  description = "A standby in another zone with automatic failover."
  type        = bool
  default     = true
}

variable "postgres_backup_days" {
  description = "Days of automated backups (point-in-time recovery)."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Protect the database from deletion; set false before destroying a test environment."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "kafka_acls_enforced" {
  description = "Deny what no Kafka ACL allows. Leave false for the first apply; once the control plane has started and made its ACLs, set it to true and apply again (see kafka.tf)."
  type        = bool
  default     = false
}
