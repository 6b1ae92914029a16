// Every provider attribute a rule reads exists in the AWS provider schema (hashicorp/aws 5.100.0,
// `terraform providers schema -json`, kept in ../shared/schema). A rule reading a misspelt or removed
// attribute would otherwise stay silent forever. The azurerm and google schemas are not on hand: for their
// rules the test checks that the rule's page names every attribute read and cites the provider's docs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as zlib from 'node:zlib';
import type { RuleMeta } from '../rules/api';
import { RULES } from '../rules/index';

interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly block_types?: Readonly<Record<string, { readonly block: SchemaBlock }>>;
}

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', 'shared', 'schema', 'aws-provider-5.100.0.json.gz');

function loadSchema(): { resources: Record<string, { block: SchemaBlock }>; dataSources: Record<string, { block: SchemaBlock }> } | undefined {
  if (!fs.existsSync(SCHEMA_FILE)) return undefined;
  const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(SCHEMA_FILE)).toString('utf8'));
  const provider = json.provider_schemas['registry.terraform.io/hashicorp/aws'];
  return { resources: provider.resource_schemas, dataSources: provider.data_source_schemas };
}

/** Why a path does not resolve, or undefined when it does. */
export function checkPath(schema: NonNullable<ReturnType<typeof loadSchema>>, readPath: string): string | undefined {
  const parts = readPath.split('.');
  const dataSource = parts[0] === 'data';
  if (dataSource) parts.shift();
  const [type, ...rest] = parts;
  const root = (dataSource ? schema.dataSources : schema.resources)[type!];
  if (!root) return `no ${dataSource ? 'data source' : 'resource'} type "${type}"`;
  let block: SchemaBlock = root.block;
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i]!;
    const last = i === rest.length - 1;
    if (block.block_types?.[name]) {
      block = block.block_types[name]!.block;
      continue;
    }
    if (last && block.attributes?.[name] !== undefined) return undefined;
    return `"${name}" is neither an attribute nor a nested block of ${[type, ...rest.slice(0, i)].join('.')}`;
  }
  return undefined;
}

/** The provider of a read path or resource type, by its first word: `azurerm_key_vault.name` → `azurerm`. */
export function providerOf(readPath: string): string {
  return readPath.replace(/^data\./, '').split('_')[0]!;
}

/** The providers whose schema this machine holds; rules of other providers cite their documentation instead. */
const SCHEMA_PROVIDERS: ReadonlySet<string> = new Set(['aws']);

const schema = loadSchema();
for (const rule of RULES) {
  const meta = rule.meta as RuleMeta;
  const resourceTypes = meta.appliesTo
    .filter((s) => (s.block === 'resource' || s.block === 'data') && s.labels)
    .flatMap((s) => s.labels!.map((l) => (s.block === 'data' ? `data.${l}` : l)));
  const paths = [...(meta.reads ?? []), ...resourceTypes];
  const unchecked = [...new Set(paths.map(providerOf).filter((p) => !SCHEMA_PROVIDERS.has(p)))].sort();
  test(`${meta.id}: every attribute it reads exists in the AWS provider schema`, (t) => {
    const checked = paths.filter((p) => SCHEMA_PROVIDERS.has(providerOf(p)));
    if (checked.length === 0 && unchecked.length > 0) {
      return t.skip(
        `no provider schema for ${unchecked.map((p) => `hashicorp/${p}`).join(', ')} on this machine; the rule page cites the provider documentation it reads`,
      );
    }
    if (!schema) return t.skip(`provider schema not found at ${SCHEMA_FILE}`);
    const problems = (meta.reads ?? [])
      .filter((p) => SCHEMA_PROVIDERS.has(providerOf(p)))
      .map((p) => [p, checkPath(schema, p)] as const)
      .filter(([, problem]) => problem);
    assert.deepEqual(
      problems.map(([p, problem]) => `${p}: ${problem}`),
      [],
    );
    for (const type of resourceTypes.filter((p) => SCHEMA_PROVIDERS.has(providerOf(p)))) {
      assert.ok(checkPath(schema, type) === undefined, `appliesTo names ${type}, which the provider does not have`);
    }
  });
  // Without a schema, the rule's page must at least name every attribute it reads, next to the documentation it cites.
  if (unchecked.length > 0) {
    test(`${meta.id}: its page names every ${unchecked.join(', ')} attribute it reads`, () => {
      const page = fs.readFileSync(path.resolve(__dirname, '..', '..', 'rules', `${meta.id}.md`), 'utf8');
      // Each attribute's own name appears as a word on the page (in prose, an example or a cited default).
      const named = (p: string): boolean => new RegExp(`(^|[^a-z0-9_])${p.split('.').pop()!}($|[^a-z0-9_])`).test(page);
      const missing = (meta.reads ?? []).filter((p) => !SCHEMA_PROVIDERS.has(providerOf(p))).filter((p) => !named(p));
      assert.deepEqual(missing, [], 'attributes read but never named on the rule page');
      for (const provider of unchecked)
        assert.match(page, new RegExp(`registry\\.terraform\\.io/providers/hashicorp/${provider}/`), `the page cites the hashicorp/${provider} documentation`);
    });
  }
}

test('the provider of a read path is its first word', () => {
  assert.equal(providerOf('aws_db_instance.identifier'), 'aws');
  assert.equal(providerOf('data.azurerm_key_vault.name'), 'azurerm');
  assert.equal(providerOf('google_sql_database_instance.settings.backup_configuration.enabled'), 'google');
});

test('the schema check catches a misspelt path', (t) => {
  if (!schema) return t.skip(`provider schema not found at ${SCHEMA_FILE}`);
  assert.equal(checkPath(schema, 'aws_cloudfront_distribution.ordered_cache_behavior.path_pattern'), undefined);
  assert.equal(checkPath(schema, 'data.aws_cloudfront_cache_policy.name'), undefined);
  assert.match(checkPath(schema, 'aws_cloudfront_distribution.ordered_cache_behavior.path_patern') ?? '', /path_patern/);
  assert.match(checkPath(schema, 'aws_cloudfront_distributions.origin') ?? '', /no resource type/);
});
