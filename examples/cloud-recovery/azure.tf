# Ledgerly's payments stack on Azure: a Key Vault for the keys that encrypt customer data, the payments
# database, and the storage account that keeps exported statements.

resource "azurerm_resource_group" "payments" {
  name     = "payments-prod"
  location = "westeurope"
}

resource "azurerm_key_vault" "payments" {
  name                       = "ledgerly-payments-kv"
  location                   = azurerm_resource_group.payments.location
  resource_group_name        = azurerm_resource_group.payments.name
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "premium"
  soft_delete_retention_days = 7
  purge_protection_enabled   = false
}

resource "azurerm_mssql_server" "payments" {
  name                         = "ledgerly-payments-sql"
  resource_group_name          = azurerm_resource_group.payments.name
  location                     = azurerm_resource_group.payments.location
  version                      = "12.0"
  administrator_login          = "ledgerly"
  administrator_login_password = "change-me-Please-1"
}

resource "azurerm_mssql_database" "payments" {
  name                 = "payments"
  server_id            = azurerm_mssql_server.payments.id
  sku_name             = "GP_Gen5_2"
  storage_account_type = "Local"
}

resource "azurerm_storage_account" "statements" {
  name                     = "ledgerlystatements"
  resource_group_name      = azurerm_resource_group.payments.name
  location                 = azurerm_resource_group.payments.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_container" "statements" {
  name               = "statements"
  storage_account_id = azurerm_storage_account.statements.id
}
