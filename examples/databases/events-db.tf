# ---------------------------------------------------------------------------
# Events database (RDS for PostgreSQL 16): source of a Debezium CDC stream.
# An idle or lagging replication slot pins WAL until the disk is full.
# ---------------------------------------------------------------------------

resource "aws_db_parameter_group" "events" {
  name        = "clipnote-events-pg16"
  family      = "postgres16"
  description = "clipnote events database with logical replication"

  parameter {
    name         = "rds.logical_replication"
    value        = "1"
    apply_method = "pending-reboot"
  }

  # Static parameter set to apply immediately: RDS rejects the change.
  parameter {
    name         = "max_wal_senders"
    value        = "25"
    apply_method = "immediate"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
}

resource "aws_db_instance" "events" {
  identifier                  = "clipnote-events"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.xlarge"
  allocated_storage           = 200
  max_allocated_storage       = 1000
  storage_type                = "gp3"
  db_name                     = "events"
  username                    = "events_admin"
  manage_master_user_password = true
  db_subnet_group_name        = var.db_subnet_group_name
  parameter_group_name        = aws_db_parameter_group.events.name
  multi_az                    = true
  backup_retention_period     = 7
  deletion_protection         = true
}
