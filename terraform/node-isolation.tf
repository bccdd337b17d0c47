# ---- what a node, and a pod on it, can reach of AWS

# Runner nodes run tenant code: their own IAM role, with only what a node needs to join the cluster, run pod
# networking and pull images. Nothing here is shared with the system nodes' role.
resource "aws_iam_role" "runner_node" {
  name = "${var.name}-eks-runner-node"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "runner_node" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
  ])
  role       = aws_iam_role.runner_node.name
  policy_arn = each.value
}

# The instance metadata service answers only IMDSv2 (a session token from a PUT) with a hop limit of 1: a pod's
# packets cross one more hop than the node's own, so no pod (runner or otherwise) reaches the node role's
# credentials. Pods that need AWS get it from EKS Pod Identity (the cluster autoscaler does).
resource "aws_launch_template" "system" {
  name_prefix = "${var.name}-system-"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${var.name}-system" }
  }
}

resource "aws_launch_template" "runners" {
  name_prefix = "${var.name}-runners-"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${var.name}-runners" }
  }
}
