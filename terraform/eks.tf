data "aws_caller_identity" "current" {}

data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  # the runner pool's label and taint, exactly what the control plane's node selector and toleration name
  runner_label = { (var.runner_pool_label.key) = var.runner_pool_label.value }
  runner_taint_kubectl_effect = {
    NO_SCHEDULE        = "NoSchedule"
    NO_EXECUTE         = "NoExecute"
    PREFER_NO_SCHEDULE = "PreferNoSchedule"
  }[var.runner_pool_taint_effect]
  cluster_admins = distinct(concat([data.aws_iam_session_context.current.issuer_arn], var.cluster_admin_arns))
}

# ---- the cluster

resource "aws_iam_role" "cluster" {
  name = "${var.name}-eks-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_eks_cluster" "this" {
  name     = var.name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = length(var.public_api_cidrs) > 0
    public_access_cidrs     = length(var.public_api_cidrs) > 0 ? var.public_api_cidrs : null
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  depends_on = [aws_iam_role_policy_attachment.cluster]
}

resource "aws_eks_access_entry" "admin" {
  for_each      = toset(local.cluster_admins)
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
}

resource "aws_eks_access_policy_association" "admin" {
  for_each      = toset(local.cluster_admins)
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.admin]
}

# ---- nodes

resource "aws_iam_role" "node" {
  name = "${var.name}-eks-node"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}

# The platform itself: control plane, ingress controller, cluster autoscaler. No taint.
resource "aws_eks_node_group" "system" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "system"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = var.system_instance_types
  capacity_type   = "ON_DEMAND"

  launch_template {
    id      = aws_launch_template.system.id
    version = aws_launch_template.system.latest_version
  }

  scaling_config {
    min_size     = var.system_nodes.min
    desired_size = var.system_nodes.desired
    max_size     = var.system_nodes.max
  }

  update_config {
    max_unavailable = 1
  }

  labels = { "barrage.dev/pool" = "system" }

  depends_on = [aws_iam_role_policy_attachment.node]
}

# Runner pods only: labelled for the control plane's node selector, tainted so that nothing else lands here, and
# scaled by the cluster autoscaler as runs come and go. Their own IAM role and IMDSv2 with hop limit 1
# (node-isolation.tf).
resource "aws_eks_node_group" "runners" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "runners"
  node_role_arn   = aws_iam_role.runner_node.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = var.runner_instance_types
  capacity_type   = var.runner_capacity_type

  launch_template {
    id      = aws_launch_template.runners.id
    version = aws_launch_template.runners.latest_version
  }

  scaling_config {
    min_size     = var.runner_nodes.min
    desired_size = var.runner_nodes.min
    max_size     = var.runner_nodes.max
  }

  update_config {
    max_unavailable_percentage = 50
  }

  labels = local.runner_label

  taint {
    key    = var.runner_pool_label.key
    value  = var.runner_pool_label.value
    effect = var.runner_pool_taint_effect
  }

  # the autoscaler owns the size between min and max
  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [aws_iam_role_policy_attachment.runner_node]
}

# Scaling up from zero nodes: the autoscaler learns a new node's label and taint from its Auto Scaling group's tags
# (EKS tags the group for auto-discovery itself, but does not copy node group labels and taints onto it).
resource "aws_autoscaling_group_tag" "runner_template" {
  for_each = {
    "k8s.io/cluster-autoscaler/node-template/label/${var.runner_pool_label.key}" = var.runner_pool_label.value
    "k8s.io/cluster-autoscaler/node-template/taint/${var.runner_pool_label.key}" = "${var.runner_pool_label.value}:${local.runner_taint_kubectl_effect}"
  }
  autoscaling_group_name = aws_eks_node_group.runners.resources[0].autoscaling_groups[0].name

  tag {
    key                 = each.key
    value               = each.value
    propagate_at_launch = false
  }
}

# ---- add-ons

resource "aws_eks_addon" "this" {
  for_each                    = toset(["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"])
  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.value
  resolve_conflicts_on_update = "OVERWRITE"
  # the VPC CNI enforces NetworkPolicy only with its network policy agent on: the runner namespace's default-deny
  # egress and each run's egress policy (helm/) are what keep tenant code to its run's targets
  configuration_values = each.value == "vpc-cni" ? jsonencode({ enableNetworkPolicy = "true" }) : null

  depends_on = [aws_eks_node_group.system]
}
