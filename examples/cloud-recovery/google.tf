# Ledgerly's ledger service on Google Cloud: a Cloud SQL database and the GKE cluster that runs the service.

resource "google_sql_database_instance" "ledger" {
  name                = "ledger-prod"
  region              = "europe-west1"
  database_version    = "POSTGRES_16"
  deletion_protection = false

  settings {
    tier = "db-custom-2-7680"

    backup_configuration {
      enabled = false
    }
  }
}

resource "google_container_cluster" "ledger" {
  name                = "ledger-prod"
  location            = "europe-west1"
  deletion_protection = false
  initial_node_count  = 1
}
