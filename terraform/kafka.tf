# Runner reports, runner commands and run events. Inside the VPC the brokers speak plaintext without
# authentication, which is what the control plane and the runners speak today (one bootstrap address, no client
# credentials); only the cluster's nodes can reach them. TLS listeners are on too, for clients that move to TLS.

resource "aws_security_group" "kafka" {
  name        = "${var.name}-kafka"
  description = "Kafka brokers: reachable from the Kubernetes nodes only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${var.name}-kafka" }
}

resource "aws_vpc_security_group_ingress_rule" "kafka_from_nodes" {
  for_each                     = { plaintext = 9092, tls = 9094 }
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
    unauthenticated = true
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
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
