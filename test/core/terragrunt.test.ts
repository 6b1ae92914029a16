// Terragrunt configurations read as Terragrunt reads them (server/src/core/terragrunt): includes and their
// merge strategies, exposed includes, read_terragrunt_config(), the path functions, and dependency outputs
// that stay unknown. One case per terragrunt.hcl under test/fixtures/terragrunt/live/prod.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { UNKNOWN, type Value } from '../../rules/api';
import { RULES } from '../../rules/index';
import { listFromDisk } from '../../server/src/core/environments/environment-files';
import { readFromDisk, readSourceFile } from '../../server/src/core/load-module';
import { loadPlannedModule, planScan } from '../../server/src/core/scan';
import { terragruntDependents } from '../../server/src/core/changes/terragrunt-dependents';
import { deepMerge, resolveTerragrunt } from '../../server/src/core/terragrunt/terragrunt-config';
import { corpusDir, corpusSkipMessage } from '../support/corpus';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'terragrunt');

/** Values with the fixture directory written `<root>`, and `?` for unknown. */
function show(value: Value): unknown {
  if (value === UNKNOWN) return '?';
  if (typeof value === 'string') return value.startsWith(FIXTURES) ? `<root>${value.slice(FIXTURES.length).split(path.sep).join('/')}` : value;
  if (Array.isArray(value)) return value.map(show);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]));
  return value;
}

function resolve(caseName: string, boundary = FIXTURES) {
  const file = readSourceFile(path.join(FIXTURES, 'live', 'prod', caseName, 'terragrunt.hcl'), readFromDisk);
  assert.ok(file, caseName);
  assert.deepEqual(file.errors, [], `${caseName} parses`);
  return resolveTerragrunt(file, { list: listFromDisk, load: (f) => readSourceFile(f, readFromDisk), boundary });
}

interface Case {
  readonly name: string;
  readonly boundary?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly complete: boolean;
  /** Included files by label, relative to the fixtures, or null where the include is not resolved. */
  readonly includes?: Readonly<Record<string, string | null>>;
  /** Where each input is set, for those asked about. */
  readonly setIn?: Readonly<Record<string, string>>;
  readonly source?: unknown;
}

const ROOT_INPUTS = (child: string): Record<string, unknown> => ({
  region: 'eu-west-1',
  tags: { team: 'core' },
  zones: ['a'],
  state_key: `live/prod/${child}/tf.tfstate`,
  account_id: '111111111111',
});

const cases: readonly Case[] = [
  {
    name: 'shallow',
    // Two includes, merged in order and the child over them; the exposed include gives the module source.
    inputs: { ...ROOT_INPUTS('shallow'), name: 'app-prod', size: 3, tags: { env: 'prod' } },
    complete: true,
    includes: { root: 'root.hcl', common: '_common/app.hcl' },
    setIn: { region: 'root.hcl', name: '_common/app.hcl', size: 'live/prod/shallow/terragrunt.hcl' },
    source: '../../../modules//app',
  },
  {
    name: 'deep',
    // Maps merged recursively, lists concatenated, the child's simple values over the parent's.
    inputs: { ...ROOT_INPUTS('deep'), tags: { team: 'core', env: 'prod' }, zones: ['a', 'b'] },
    complete: true,
    includes: { root: 'root.hcl' },
  },
  {
    name: 'no-merge',
    // Nothing of root.hcl is merged, but its values are there through `include.root`.
    inputs: { region: 'eu-west-1', account: '111111111111' },
    complete: true,
    includes: { root: 'root.hcl' },
  },
  {
    name: 'not-exposed',
    // Without `expose = true` there is no `include.root`: the child's own region is unknown, and overrides.
    inputs: { ...ROOT_INPUTS('not-exposed'), region: '?' },
    complete: true,
  },
  {
    name: 'dependency',
    // Another module's outputs are not known before apply; mock outputs are placeholders, not values.
    inputs: { vpc_id: '?', mocked: '?' },
    complete: true,
    includes: {},
  },
  {
    name: 'missing',
    // An include that cannot be found may set anything.
    inputs: { size: 1 },
    complete: false,
    includes: { root: null },
  },
  {
    name: 'named',
    // Path functions name their include; without a name, two includes leave it unknown.
    inputs: { ...ROOT_INPUTS('named'), key: 'live/prod/named', from: '../../..', parent: '<root>/live/prod', here: '<root>/live/prod/named', unnamed: '?' },
    complete: true,
    includes: { root: 'root.hcl', env: 'live/prod/env.hcl' },
  },
  {
    name: 'bare',
    // find_in_parent_folders() looks for terragrunt.hcl above the configuration's own folder.
    inputs: { legacy: true },
    complete: true,
    includes: { '': 'live/terragrunt.hcl' },
  },
  {
    name: 'read',
    // read_terragrunt_config() reads locals; its default stands in for a missing file; get_env() is unknown.
    inputs: { env: 'prod', fallback: 'fallback', home: '?' },
    complete: true,
  },
  {
    name: 'shallow',
    boundary: path.join(FIXTURES, 'live', 'prod'),
    // Nothing outside the workspace is read: root.hcl and _common/app.hcl are not, so the source is unknown.
    inputs: { size: 3, tags: { env: 'prod' } },
    complete: false,
    includes: { root: null, common: null },
    source: '?',
  },
];

describe('resolveTerragrunt', () => {
  for (const c of cases) {
    test(`${c.name}${c.boundary ? ' (workspace boundary)' : ''}`, () => {
      const resolved = resolve(c.name, c.boundary);
      const relative = (file: string): string => path.relative(FIXTURES, file).split(path.sep).join('/');
      assert.deepEqual(Object.fromEntries([...resolved.inputs.values()].map((i) => [i.name, show(i.value)])), c.inputs);
      assert.equal(resolved.complete, c.complete);
      if (c.includes) {
        assert.deepEqual(Object.fromEntries(resolved.includes.map((i) => [i.label, i.file ? relative(i.file.path) : null])), c.includes);
      }
      for (const [name, file] of Object.entries(c.setIn ?? {})) assert.equal(relative(resolved.inputs.get(name)!.attribute.file), file, name);
      if ('source' in c) assert.deepEqual(resolved.source ? show(resolved.source.value) : undefined, c.source);
      // The files read: those merged in, the child last.
      assert.equal(resolved.files[resolved.files.length - 1], resolved.file);
    });
  }
});

test('deep merge: maps recursively, lists concatenated, anything else replaced; unknown stays unknown', () => {
  const table: readonly [Value, Value, unknown][] = [
    [
      { a: 1, m: { x: 1 } },
      { b: 2, m: { y: 2 } },
      { a: 1, b: 2, m: { x: 1, y: 2 } },
    ],
    [['a'], ['b'], ['a', 'b']],
    ['a', 'b', 'b'],
    [{ a: 1 }, ['x'], ['x']],
    [UNKNOWN, { a: 1 }, { a: 1 }],
    [{ a: 1 }, UNKNOWN, '?'],
  ];
  for (const [under, over, expected] of table) assert.deepEqual(show(deepMerge(under, over)), expected, JSON.stringify([show(under), show(over)]));
});

describe('the corpus Terragrunt repositories', () => {
  /** The Terragrunt environment group of one module of a corpus repository, values shown. */
  function terragruntGroup(
    repository: string,
    moduleDir: string,
  ): { name: string; complete: boolean; files: string[]; entries: Record<string, unknown> }[] | undefined {
    const dir = path.join(corpusDir(), repository);
    if (!fs.existsSync(dir)) return undefined;
    const plan = planScan({ paths: [dir], cwd: dir }, RULES);
    const planned = plan.modules.find((p) => p.module.dir === path.join(dir, moduleDir));
    assert.ok(planned, moduleDir);
    const module = loadPlannedModule(plan, planned, (file) => readSourceFile(file, readFromDisk));
    const group = module.environments.find((g) => g.kind === 'terragrunt');
    assert.ok(group, `a Terragrunt group for ${moduleDir}`);
    return group.environments.map((e) => ({
      name: e.name,
      complete: e.complete,
      files: e.files.map((f) => path.relative(dir, f.path).split(path.sep).join('/')),
      entries: Object.fromEntries([...e.entries.values()].map((entry) => [entry.name, entry.value.known ? show(entry.value.value) : '?'])),
    }));
  }

  test('gruntwork example: root.hcl, _envcommon and the account, region and env files fill in the inputs', (t) => {
    const environments = terragruntGroup('gruntwork-io__terragrunt-infrastructure-live-example', 'non-prod/us-east-1/qa/mysql');
    if (!environments) return t.skip(corpusSkipMessage());
    assert.deepEqual(
      environments.map((e) => [e.name, e.complete, e.files, e.entries['name'], e.entries['environment'], e.entries['instance_class'], e.entries['aws_region']]),
      [
        ['qa', true, ['root.hcl', '_envcommon/mysql.hcl', 'non-prod/us-east-1/qa/mysql/terragrunt.hcl'], 'mysql_qa', 'qa', 'db.t2.micro', 'us-east-1'],
        [
          'stage',
          true,
          ['root.hcl', '_envcommon/mysql.hcl', 'non-prod/us-east-1/stage/mysql/terragrunt.hcl'],
          'mysql_stage',
          'stage',
          'db.t2.micro',
          'us-east-1',
        ],
      ],
    );
  });

  /** The units of a corpus repository that a change to each file reaches (terragrunt-dependents.ts), relative. */
  function dependents(repository: string, changed: readonly string[]): Record<string, string[]> | undefined {
    const dir = path.join(corpusDir(), repository);
    if (!fs.existsSync(dir)) return undefined;
    const plan = planScan({ paths: [dir], cwd: dir }, RULES);
    const units = plan.modules.flatMap((p) => (p.module.terragrunt ? [{ dir: p.module.dir, terragrunt: p.module.terragrunt, root: p.root }] : []));
    const load = (file: string) => readSourceFile(file, readFromDisk);
    const reached: Record<string, string[]> = {};
    for (const file of changed) {
      const hit = terragruntDependents(units, [path.join(dir, file)], new Set(), load, listFromDisk);
      reached[file] = [...hit].map((index) => path.relative(dir, units[index]!.dir).split(path.sep).join('/')).sort();
    }
    return reached;
  }

  test('gruntwork example: a change to root.hcl, _envcommon, account, region or env files reaches the units that read them', (t) => {
    const reached = dependents('gruntwork-io__terragrunt-infrastructure-live-example', [
      'root.hcl',
      '_envcommon/mysql.hcl',
      'prod/account.hcl',
      'non-prod/us-east-1/region.hcl',
      'non-prod/us-east-1/qa/env.hcl',
      'non-prod/us-east-1/qa/mysql/terragrunt.hcl',
    ]);
    if (!reached) return t.skip(corpusSkipMessage());
    const nonProd = ['qa/mysql', 'qa/webserver-cluster', 'stage/mysql', 'stage/webserver-cluster'].map((u) => `non-prod/us-east-1/${u}`);
    const prod = ['prod/us-east-1/prod/mysql', 'prod/us-east-1/prod/webserver-cluster'];
    assert.deepEqual(reached, {
      'root.hcl': [...nonProd, ...prod],
      '_envcommon/mysql.hcl': ['non-prod/us-east-1/qa/mysql', 'non-prod/us-east-1/stage/mysql', 'prod/us-east-1/prod/mysql'],
      'prod/account.hcl': prod,
      'non-prod/us-east-1/region.hcl': nonProd,
      // qa's units read it through root.hcl; stage's are the environments they are compared with.
      'non-prod/us-east-1/qa/env.hcl': nonProd,
      // A unit's own file is its own change (scan.ts): no other unit includes or reads it.
      'non-prod/us-east-1/qa/mysql/terragrunt.hcl': [],
    });
  });

  test('cds-snc: env/terragrunt.hcl reaches every unit, and so does any var file, read from a get_env() path', (t) => {
    const reached = dependents('cds-snc__notification-terraform', ['env/terragrunt.hcl', 'env/dev_config.tfvars']);
    if (!reached) return t.skip(corpusSkipMessage());
    const units = reached['env/terragrunt.hcl']!;
    assert.ok(units.length >= 100, `${units.length} units include env/terragrunt.hcl`);
    assert.ok(units.includes('env/dev/rds') && units.includes('env/production/rds'));
    // read_tfvars_file("../../${get_env("ENVIRONMENT")}_config.tfvars"): which file is not known, so any.
    assert.ok(reached['env/dev_config.tfvars']!.length >= units.length);
  });

  test('cds-snc: the root terragrunt.hcl is included, but its get_env() inputs and the dependency outputs stay unknown', (t) => {
    const environments = terragruntGroup('cds-snc__notification-terraform', 'env/dev/rds');
    if (!environments) return t.skip(corpusSkipMessage());
    for (const environment of environments) {
      assert.equal(environment.complete, false, environment.name);
      assert.equal(environment.files[0], 'env/terragrunt.hcl', environment.name);
      // mock_outputs give vpc_private_subnets a list; the real value is another module's output.
      assert.equal(environment.entries['vpc_private_subnets'], '?', environment.name);
    }
  });
});
