# ---------------------------------------------------------------------------
# Main application database (Aurora PostgreSQL). Logical replication feeds
# the search indexer and the warehouse CDC pipeline.
# ---------------------------------------------------------------------------

resource "aws_rds_cluster_parameter_group" "app" {
  name        = "clipnote-app-aurora-pg16"
  family      = "aurora-postgresql16"
  description = "clipnote app cluster"

  # Static parameter with the default apply method ("immediate"): the apply fails.
  parameter {
    name  = "rds.logical_replication"
    value = "1"
  }

  parameter {
    name         = "max_replication_slots"
    value        = "20"
    apply_method = "pending-reboot"
  }
}

resource "aws_rds_cluster" "app" {
  cluster_identifier              = "clipnote-app"
  engine                          = "aurora-postgresql"
  engine_version                  = "16.4"
  database_name                   = "clipnote"
  master_username                 = "clipnote_admin"
  manage_master_user_password     = true
  db_subnet_group_name            = var.db_subnet_group_name
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.app.name
  storage_encrypted               = true
  backup_retention_period         = 7
  deletion_protection             = true
}

# Writer plus two readers from one definition: changing the class variable
# restarts all three at once, mid-incident, because of apply_immediately.
resource "aws_rds_cluster_instance" "app" {
  count = 3

  identifier         = "clipnote-app-${count.index}"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = aws_rds_cluster.app.engine
  engine_version     = aws_rds_cluster.app.engine_version
  instance_class     = var.app_instance_class
  promotion_tier     = 1
  apply_immediately  = true
}

# A smaller reader added later for reporting. Same cluster, same reader
# endpoint, same promotion tier: a failover may land the writer here.
resource "aws_rds_cluster_instance" "reporting" {
  identifier         = "clipnote-app-reporting"
  cluster_identifier = aws_rds_cluster.app.id
  engine             = aws_rds_cluster.app.engine
  engine_version     = aws_rds_cluster.app.engine_version
  instance_class     = "db.r6g.large"
  promotion_tier     = 1
}
