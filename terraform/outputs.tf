output "cluster_name" {
  description = "EKS cluster name."
  value       = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = aws_eks_cluster.this.endpoint
}

output "kubeconfig_command" {
  description = "Writes a kubeconfig entry for this cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${aws_eks_cluster.this.name}"
}

output "kafka_bootstrap_servers" {
  description = "SASL/SCRAM over TLS bootstrap servers (port 9096): the only way in."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "kafka_user_secret_arns" {
  description = "Secrets Manager secrets (JSON: username, password) of the control plane's and the runners' Kafka principals: copy them into the Secrets kafka.existingSecret and kafka.runnerSecret of helm/barrage."
  value       = { for k, _ in local.kafka_users : k => aws_secretsmanager_secret.kafka_user[k].arn }
}

output "postgres_jdbc_url" {
  description = "JDBC URL of the control plane's database."
  value       = "jdbc:postgresql://${aws_db_instance.this.endpoint}/${aws_db_instance.this.db_name}?sslmode=require"
}

output "postgres_username" {
  description = "Database user of the control plane."
  value       = aws_db_instance.this.username
}

output "postgres_password_secret_arn" {
  description = "Secrets Manager secret holding the database password (key 'password'), managed and rotated by RDS."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "runner_node_selector" {
  description = "The runner pool's label: barrage.launch.kubernetes.node-selector, Helm value runners.nodeSelector."
  value       = local.runner_label
}

output "runner_toleration" {
  description = "The runner pool's taint as a toleration: barrage.launch.kubernetes.tolerations."
  value       = "${var.runner_pool_label.key}=${var.runner_pool_label.value}:${local.runner_taint_kubectl_effect}"
}

output "helm_values" {
  description = "Values for helm/barrage that connect the chart to this infrastructure (add Keycloak and the image)."
  value = yamlencode({
    postgresql = {
      jdbcUrl  = "jdbc:postgresql://${aws_db_instance.this.endpoint}/${aws_db_instance.this.db_name}?sslmode=require"
      username = aws_db_instance.this.username
    }
    kafka = {
      bootstrapServers  = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
      securityProtocol  = "SASL_SSL"
      saslMechanism     = "SCRAM-SHA-512"
      runnerCredentials = "shared"
      username          = local.kafka_users.control_plane
      runnerUsername    = local.kafka_users.runners
    }
    runners = {
      nodeSelector = local.runner_label
      tolerations  = ["${var.runner_pool_label.key}=${var.runner_pool_label.value}:${local.runner_taint_kubectl_effect}"]
      # MSK's brokers live in the private subnets: the runners' egress policy allows Kafka there, nothing more
      networkPolicy = { kafka = { cidrs = local.private_cidrs } }
    }
  })
}
