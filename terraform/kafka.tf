# Runner reports, runner commands and run events. Every client signs in with SASL/SCRAM over TLS (port 9096): the
# control plane as its own principal, the runners as theirs, each from a Secrets Manager secret associated with the
# cluster (MSK takes SCRAM users from there only, so runners share one principal here; runs stay apart by their
# records' MACs). Kafka ACLs decide what each may do: the control plane makes them at start, runners may write reports
# and read commands only. Only the cluster's nodes can reach the brokers.
#
# MSK has no super user: the control plane makes its own ACLs on its first start, while kafka_acls_enforced is false
# (the cluster still allows what no ACL covers); then set it to true and apply again.

resource "aws_security_group" "kafka" {
  name        = "${var.name}-kafka"
  description = "Kafka brokers: reachable from the Kubernetes nodes only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-kafka" }
}

resource "aws_vpc_security_group_ingress_rule" "kafka_from_nodes" {
  for_each                     = { sasl_scram = 9096 }
  security_group_id            = aws_security_group.kafka.id
  referenced_security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  description                  = "Kafka ${each.key} from the Kubernetes nodes"
}

resource "aws_msk_configuration" "this" {
  name           = "${var.name}-kafka"
  kafka_versions = [var.kafka_version]

  # Topics are created on first use with these settings: reports keyed by run id spread over the partitions.
  server_properties = <<-EOT
    auto.create.topics.enable=true
    num.partitions=12
    default.replication.factor=${min(3, var.availability_zones)}
    min.insync.replicas=${min(2, var.availability_zones - 1)}
    log.retention.hours=${var.kafka_retention_hours}
    allow.everyone.if.no.acl.found=${var.kafka_acls_enforced ? "false" : "true"}
  EOT
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = length(local.zones)

  broker_node_group_info {
    instance_type   = var.kafka_instance_type
    client_subnets  = aws_subnet.private[*].id
    security_groups = [aws_security_group.kafka.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.kafka_volume_gb
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  client_authentication {
    unauthenticated = false
    sasl {
      scram = true
    }
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.kafka.name
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "kafka" {
  name              = "/barrage/${var.name}/kafka"
  retention_in_days = 14
}

# SCRAM users: one secret per principal, named AmazonMSK_..., sealed with a key of our own (MSK refuses the default key).
resource "aws_kms_key" "kafka_users" {
  description         = "${var.name}: Kafka SCRAM users in Secrets Manager"
  enable_key_rotation = true
}

data "aws_secretsmanager_random_password" "kafka_user" {
  for_each            = local.kafka_users
  password_length     = 40
  exclude_punctuation = true
}

locals {
  kafka_users = { control_plane = "barrage-control-plane", runners = "barrage-runners" }
}

resource "aws_secretsmanager_secret" "kafka_user" {
  for_each   = local.kafka_users
  name       = "AmazonMSK_${var.name}_${each.key}"
  kms_key_id = aws_kms_key.kafka_users.key_id
}

resource "aws_secretsmanager_secret_version" "kafka_user" {
  for_each  = local.kafka_users
  secret_id = aws_secretsmanager_secret.kafka_user[each.key].id
  secret_string = jsonencode({
    username = each.value
    password = data.aws_secretsmanager_random_password.kafka_user[each.key].random_password
  })

  # made once: a new random password at every plan must not replace the one in use
  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_msk_scram_secret_association" "this" {
  cluster_arn     = aws_msk_cluster.this.arn
  secret_arn_list = [for k, _ in local.kafka_users : aws_secretsmanager_secret.kafka_user[k].arn]

  depends_on = [aws_secretsmanager_secret_version.kafka_user]
}
