import rule from '../../rules/azure-database-backups-single-region';
import { ruleTester } from '../support/rule-tester';

/** An Azure SQL database; `lines` go after the SKU. */
const sql = (lines: string, label = 'orders'): string => `resource "azurerm_mssql_database" "${label}" {
  name      = "${label}"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Sql/servers/sql-prod"
  sku_name  = "GP_Gen5_2"
${lines}
}
`;

/** A PostgreSQL flexible server; `lines` go after the version. */
const flexible = (lines: string): string => `resource "azurerm_postgresql_flexible_server" "ledger" {
  name                = "ledger-prod"
  resource_group_name = "data"
  location            = "westeurope"
  version             = "16"
  sku_name            = "GP_Standard_D2s_v3"
${lines}
}
`;

const LOCAL = '  storage_account_type = "Local"';

ruleTester(rule, {
  valid: [
    { name: 'geo-redundant backup storage by default', code: sql('') },
    { name: 'geo-zone-redundant backup storage', code: sql('  storage_account_type = "GeoZone"') },
    { name: 'geo-redundant backup storage, azurerm 2.x spelling', code: sql('  storage_account_type = "GRS"') },
    {
      name: 'a geo-secondary holds a copy of its primary',
      code: sql(
        `${LOCAL}\n  create_mode                 = "Secondary"\n  creation_source_database_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Sql/servers/sql-primary/databases/orders"`,
      ),
    },
    {
      name: 'a failover group keeps a copy in its partner region',
      code:
        sql(LOCAL) +
        `
resource "azurerm_mssql_failover_group" "orders" {
  name      = "orders-fog"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Sql/servers/sql-prod"
  databases = [azurerm_mssql_database.orders.id]

  partner_server {
    id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.Sql/servers/sql-dr"
  }

  read_write_endpoint_failover_policy {
    mode          = "Automatic"
    grace_minutes = 60
  }
}
`,
    },
    {
      name: 'backup storage from a variable without a value',
      code: sql('  storage_account_type = var.backup_storage'),
      files: { 'variables.tf': 'variable "backup_storage" {\n  type = string\n}\n' },
    },
    { name: 'a flexible server left at the default', code: flexible('') },
    { name: 'a flexible server with geo-redundant backup', code: flexible('  geo_redundant_backup_enabled = true') },
    {
      name: 'a flexible server replica',
      code: flexible(
        '  create_mode                  = "Replica"\n  source_server_id             = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data/providers/Microsoft.DBforPostgreSQL/flexibleServers/ledger"\n  geo_redundant_backup_enabled = false',
      ),
    },
  ],
  invalid: [
    {
      name: 'locally redundant backup storage',
      code: sql(LOCAL),
      errors: [
        {
          messageId: 'sqlLocal',
          severity: 'warning',
          data: { database: 'the Azure SQL database "orders"', value: '"Local"', loss: 'can take the backups together with the database', zoneNote: '' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 33,
          suggestions: [{ messageId: 'useGeoBackupStorage', output: sql('  storage_account_type = "Geo"') }],
        },
      ],
    },
    {
      name: 'locally redundant backups of a zone-redundant database: info',
      code: sql(`${LOCAL}\n  zone_redundant       = true`),
      errors: [
        {
          messageId: 'sqlLocal',
          severity: 'info',
          data: {
            zoneNote: ', while the database itself is zone-redundant',
            database: 'the Azure SQL database "orders"',
            value: '"Local"',
            loss: 'can take every backup, and with them every earlier point you could restore to',
          },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 33,
          suggestions: [{ messageId: 'useGeoBackupStorage', output: sql('  storage_account_type = "Geo"\n  zone_redundant       = true') }],
        },
      ],
    },
    {
      name: 'locally redundant, azurerm 2.x spelling, through a variable default',
      code: sql('  storage_account_type = var.backup_storage'),
      files: { 'variables.tf': 'variable "backup_storage" {\n  type    = string\n  default = "LRS"\n}\n' },
      errors: [
        {
          messageId: 'sqlLocal',
          severity: 'warning',
          data: { value: '"LRS"', database: 'the Azure SQL database "orders"', zoneNote: '', loss: 'can take the backups together with the database' },
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 44,
        },
      ],
    },
    {
      name: 'zone-redundant backup storage: info',
      code: sql('  storage_account_type = "Zone"'),
      errors: [
        {
          messageId: 'sqlZone',
          severity: 'info',
          line: 5,
          column: 26,
          endLine: 5,
          endColumn: 32,
          suggestions: [{ messageId: 'useGeoBackupStorage', output: sql('  storage_account_type = "Geo"') }],
        },
      ],
    },
    {
      name: 'a flexible server that turns geo-redundant backup off: info, no edit (it would replace the server)',
      code: flexible('  geo_redundant_backup_enabled = false'),
      errors: [
        {
          messageId: 'postgresNoGeoBackup',
          severity: 'info',
          data: { database: 'the PostgreSQL server "ledger-prod"' },
          line: 7,
          column: 34,
          endLine: 7,
          endColumn: 39,
        },
      ],
    },
    {
      name: 'a single server (azurerm 4.x and older) that turns geo-redundant backup off',
      code: `resource "azurerm_postgresql_server" "legacy" {
  name                         = "legacy-prod"
  location                     = "westeurope"
  resource_group_name          = "data"
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  ssl_enforcement_enabled      = true
  geo_redundant_backup_enabled = false
}
`,
      errors: [{ messageId: 'postgresNoGeoBackup', severity: 'info', line: 8, column: 34, endLine: 8, endColumn: 39 }],
    },
  ],
});
