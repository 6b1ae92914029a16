// Recovery family, Azure. OVHcloud, March 2021: a fire destroyed the SBG2 datacenter in Strasbourg, and customers
// whose backups were kept on the same site lost data for good. UniSuper on Google Cloud, May 2024: "duplication in
// two geographies" did not help when one delete took both, and backups kept elsewhere brought it back. Azure SQL
// Database keeps its backups geo-redundant by default; `storage_account_type = "Local"` keeps them in one datacenter
// and "Zone" in one region. Azure Database for PostgreSQL can copy its backups to the paired region, and a
// configuration that writes `geo_redundant_backup_enabled = false` chose not to.
import { addressOf, asString, defineRule, getAttribute, type Block, type RuleContext, type Severity, type Suggestion } from './api';
import { boolSetting } from './support/settings';

type MessageId = 'sqlLocal' | 'sqlZone' | 'postgresNoGeoBackup' | 'useGeoBackupStorage';

/** Backup storage redundancy of an Azure SQL database: azurerm 3.0 and later spell it Geo/GeoZone/Local/Zone, 2.x GRS/LRS/ZRS. */
const LOCAL = new Set(['Local', 'LRS']);
const ZONE = new Set(['Zone', 'ZRS']);

/** Create modes that make a copy of another database, whose data lives on in its source. */
const SQL_COPIES = new Set(['Secondary', 'OnlineSecondary']);

export default defineRule<MessageId>({
  meta: {
    id: 'azure-database-backups-single-region',
    title: 'Keep database backups outside the datacenter and region of the database',
    description:
      'An Azure SQL database with storage_account_type = "Local" keeps its backups in one datacenter, where one fire or flood can take them with the database; "Zone", or a PostgreSQL server with geo_redundant_backup_enabled = false, keeps them in one region, with nothing to restore elsewhere.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['azurerm_mssql_database', 'azurerm_postgresql_flexible_server', 'azurerm_postgresql_server'] }],
    fixable: 'suggestion',
    messages: {
      sqlLocal:
        'The backups of {database} are kept in one datacenter (storage_account_type = {value}, locally redundant storage){zoneNote}: a fire, flood or other disaster there {loss}, and they cannot be restored in another region. Set storage_account_type = "Geo" (the default) or "GeoZone".',
      sqlZone:
        'The backups of {database} are kept in one region (storage_account_type = {value}, zone-redundant storage): they survive the loss of a datacenter, but if the region is lost there is no backup to restore elsewhere (geo-restore needs geo-redundant backups). Set storage_account_type = "GeoZone" or "Geo".',
      postgresNoGeoBackup:
        'The backups of {database} are kept in its own region only (geo_redundant_backup_enabled = false): if the region is lost there is no backup to restore elsewhere. Geo-redundant backup can only be chosen when the server is created (changing it replaces the server), so choose it for new servers, or copy backups to another region yourself.',
      useGeoBackupStorage: 'Set storage_account_type = "Geo" (geo-redundant backup storage; applies to backups taken from then on).',
    },
    incident: 'OVHcloud Strasbourg, March 2021: a datacenter fire destroyed data and the backups kept beside it',
    reads: [
      'azurerm_mssql_database.name',
      'azurerm_mssql_database.storage_account_type',
      'azurerm_mssql_database.zone_redundant',
      'azurerm_mssql_database.create_mode',
      'azurerm_mssql_failover_group.databases',
      'azurerm_postgresql_flexible_server.name',
      'azurerm_postgresql_flexible_server.geo_redundant_backup_enabled',
      'azurerm_postgresql_flexible_server.create_mode',
      'azurerm_postgresql_server.name',
      'azurerm_postgresql_server.geo_redundant_backup_enabled',
      'azurerm_postgresql_server.create_mode',
    ],
    since: '0.1.0',
  },

  check(database: Block, ctx) {
    if (database.labels[0] === 'azurerm_mssql_database') checkSqlDatabase(database, ctx);
    else checkPostgresServer(database, ctx);
  },
});

function checkSqlDatabase(database: Block, ctx: RuleContext<MessageId>): void {
  if (createMode(database, ctx, SQL_COPIES) !== 'no' || inFailoverGroup(database, ctx)) return;
  const attribute = getAttribute(database, 'storage_account_type');
  if (!attribute) return; // "Geo" by default
  const value = ctx.valueOf(attribute.expr, database);
  const type = value.known ? asString(value.value) : undefined;
  if (type === undefined) return;
  const name = describe(database, ctx, 'the Azure SQL database');
  const suggest: Suggestion<MessageId>[] =
    attribute.expr.kind === 'literal'
      ? [{ messageId: 'useGeoBackupStorage', edits: (fixer) => fixer.setAttribute(database, 'storage_account_type', '"Geo"') }]
      : [];
  if (LOCAL.has(type)) {
    // A zone-redundant database outlives one datacenter; only its backups would be lost.
    const zoneRedundant = boolSetting(ctx, database, 'zone_redundant', false);
    const survives = zoneRedundant.state !== 'unknown' && zoneRedundant.value;
    const severity: Severity = zoneRedundant.state === 'unknown' || survives ? 'info' : 'warning';
    ctx.report({
      at: attribute.expr,
      messageId: 'sqlLocal',
      severity,
      data: {
        database: name,
        value: `"${type}"`,
        zoneNote: survives ? ', while the database itself is zone-redundant' : '',
        loss: survives ? 'can take every backup, and with them every earlier point you could restore to' : 'can take the backups together with the database',
      },
      suggest,
    });
    return;
  }
  if (ZONE.has(type)) ctx.report({ at: attribute.expr, messageId: 'sqlZone', severity: 'info', data: { database: name, value: `"${type}"` }, suggest });
}

function checkPostgresServer(server: Block, ctx: RuleContext<MessageId>): void {
  if (createMode(server, ctx, new Set(['Replica'])) !== 'no') return;
  // Geo-redundant backup is off by default; only a configuration that writes false has chosen it.
  const geo = boolSetting(ctx, server, 'geo_redundant_backup_enabled', false);
  if (geo.state !== 'known' || geo.value) return;
  ctx.report({
    at: geo.attribute.expr,
    messageId: 'postgresNoGeoBackup',
    severity: 'info',
    data: { database: describe(server, ctx, 'the PostgreSQL server') },
  });
}

/** Whether `create_mode` makes a copy of another database: yes, no, or not known here. */
function createMode(block: Block, ctx: RuleContext<MessageId>, copies: ReadonlySet<string>): 'yes' | 'no' | 'maybe' {
  const attribute = getAttribute(block, 'create_mode');
  if (!attribute) return 'no';
  const value = ctx.valueOf(attribute.expr, block);
  if (!value.known) return 'maybe';
  const mode = asString(value.value);
  return mode !== undefined && copies.has(mode) ? 'yes' : 'no';
}

/** A failover group of this module lists the database: a geo-secondary in another region holds its data too. */
function inFailoverGroup(database: Block, ctx: RuleContext<MessageId>): boolean {
  const address = addressOf(database);
  return ctx.module.resourcesOfType('azurerm_mssql_failover_group').some((group) => {
    const databases = getAttribute(group, 'databases');
    return databases !== undefined && ctx.referencesIn(databases.expr).some((reference) => reference.address === address);
  });
}

/** `the Azure SQL database "orders"`, or `this Azure SQL database` when its name is not known. */
function describe(block: Block, ctx: RuleContext<MessageId>, kind: string): string {
  const name = ctx.attributeValue(block, 'name');
  const known = name.known ? asString(name.value) : undefined;
  return known !== undefined ? `${kind} "${known}"` : kind.replace(/^the /, 'this ');
}
