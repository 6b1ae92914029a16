// Terragrunt trees as teams lay them out (live/<env>/<region>/<unit>/terragrunt.hcl under a root.hcl):
// the JSON form of the configuration (terragrunt.hcl.json, root.hcl.json), includes nested inside an
// included file (which Terragrunt refuses), cycles, and the files a unit reads, which `scan --new-since`
// follows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { UNKNOWN, type Value } from '../../rules/api';
import { RULES } from '../../rules/index';
import { formatDrift } from '../../server/src/cli/commands/drift/format';
import { buildDriftReport } from '../../server/src/cli/commands/drift/report';
import { listFromDisk } from '../../server/src/core/environments/environment-files';
import { readFromDisk, readSourceFile } from '../../server/src/core/load-module';
import { loadPlannedModule, planScan } from '../../server/src/core/scan';
import { resolveTerragrunt } from '../../server/src/core/terragrunt/terragrunt-config';
import { writeWorkspace } from '../support/workspace';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Readonly<Record<string, string>>): string {
  const dir = writeWorkspace(files, 'premortem-terragrunt-');
  dirs.push(dir);
  return dir;
}

const UNIT = 'live/prod/us-east-1/app';

const ROOT_HCL = `locals {
  account = "111111111111"
}

inputs = {
  region = "us-east-1"
  tags   = { team = "core" }
}
`;

const ROOT_JSON = JSON.stringify({ locals: { account: '111111111111' }, inputs: { region: 'us-east-1', tags: { team: 'core' } } }, null, 2);

const MODULE = { 'modules/app/variables.tf': 'variable "name" {\n  type = string\n}\n\nvariable "region" {\n  type = string\n}\n' };

interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  /** The unit's file, relative to the workspace (default: live/prod/us-east-1/app/terragrunt.hcl). */
  readonly unit?: string;
  /** Inputs with their values, `?` for unknown. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly complete: boolean;
  /** Included files by label, relative, or null where not read. */
  readonly includes?: Readonly<Record<string, string | null>>;
  /** What Terragrunt would stop on, one pattern per problem. */
  readonly problems?: readonly RegExp[];
  /** Files read (relative), and the kinds read from unknown paths. */
  readonly reads?: { readonly files: readonly string[]; readonly unknown?: readonly string[] };
}

function show(value: Value, root: string): unknown {
  if (value === UNKNOWN) return '?';
  if (typeof value === 'string') return value.startsWith(root) ? `<root>${value.slice(root.length).split(path.sep).join('/')}` : value;
  if (Array.isArray(value)) return value.map((v: Value) => show(v, root));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v, root)]));
  return value;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const cases: readonly Case[] = [
  {
    name: 'terragrunt.hcl.json with a labelled, exposed include of root.hcl',
    unit: `${UNIT}/terragrunt.hcl.json`,
    files: {
      'live/root.hcl': ROOT_HCL,
      [`${UNIT}/terragrunt.hcl.json`]: json({
        include: { root: { path: '${find_in_parent_folders("root.hcl")}', expose: true } },
        terraform: { source: '../../../../modules//app' },
        inputs: { name: 'app-prod', account: '${include.root.locals.account}', key: '${path_relative_to_include()}' },
      }),
    },
    inputs: { region: 'us-east-1', tags: { team: 'core' }, name: 'app-prod', account: '111111111111', key: 'prod/us-east-1/app' },
    complete: true,
    includes: { root: 'live/root.hcl' },
    reads: { files: ['live/root.hcl'] },
  },
  {
    name: 'terragrunt.hcl including root.hcl.json and reading env.hcl.json',
    files: {
      'live/root.hcl.json': ROOT_JSON,
      'live/prod/env.hcl.json': json({ locals: { env: 'prod' } }),
      [`${UNIT}/terragrunt.hcl`]: `include "root" {
  path = find_in_parent_folders("root.hcl.json")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl.json"))
}

inputs = {
  name = "app-\${local.env.locals.env}"
}
`,
    },
    inputs: { region: 'us-east-1', tags: { team: 'core' }, name: 'app-prod' },
    complete: true,
    includes: { root: 'live/root.hcl.json' },
    reads: { files: ['live/prod/env.hcl.json', 'live/root.hcl.json'] },
  },
  {
    name: 'a bare include in JSON, as an object or a list of one (Terragrunt reads both)',
    unit: `${UNIT}/terragrunt.hcl.json`,
    files: {
      'live/root.hcl': ROOT_HCL,
      [`${UNIT}/terragrunt.hcl.json`]: json({ include: [{ path: '${find_in_parent_folders("root.hcl")}' }], inputs: { name: 'app' } }),
    },
    inputs: { region: 'us-east-1', tags: { team: 'core' }, name: 'app' },
    complete: true,
    includes: { '': 'live/root.hcl' },
  },
  {
    name: 'find_in_parent_folders() takes a folder’s terragrunt.hcl.json before its terragrunt.hcl',
    files: {
      'live/terragrunt.hcl': 'inputs = {\n  from = "hcl"\n}\n',
      'live/terragrunt.hcl.json': json({ inputs: { from: 'json' } }),
      [`${UNIT}/terragrunt.hcl`]: 'include {\n  path = find_in_parent_folders()\n}\n',
    },
    inputs: { from: 'json' },
    complete: true,
    includes: { '': 'live/terragrunt.hcl.json' },
  },
  {
    name: 'an included file with an include of its own: Terragrunt stops, so the unit is not complete',
    files: {
      'live/root.hcl': ROOT_HCL,
      '_envcommon/app.hcl': `include "root" {
  path = find_in_parent_folders("root.hcl")
}

inputs = {
  name = "app"
}
`,
      [`${UNIT}/terragrunt.hcl`]:
        'include "common" {\n  path = "${get_repo_root()}/_envcommon/app.hcl"\n}\n\ninclude "envcommon" {\n  path = "../../../../_envcommon/app.hcl"\n}\n',
    },
    inputs: { name: 'app' },
    complete: false,
    includes: { common: null, envcommon: '_envcommon/app.hcl' },
    problems: [
      /^live\/prod\/us-east-1\/app\/terragrunt\.hcl includes _envcommon\/app\.hcl, which itself includes live\/root\.hcl: Terragrunt allows only one level of includes/,
    ],
    reads: { files: ['_envcommon/app.hcl'], unknown: ['config'] },
  },
  {
    name: 'an include cycle (root.hcl includes itself) is one problem, never followed',
    files: {
      'live/root.hcl': `include "self" {\n  path = find_in_parent_folders("root.hcl")\n}\n\n${ROOT_HCL}`,
      [`${UNIT}/terragrunt.hcl`]: 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n',
    },
    inputs: { region: 'us-east-1', tags: { team: 'core' } },
    complete: false,
    problems: [/includes live\/root\.hcl, which itself includes live\/root\.hcl/],
  },
  {
    name: 'a unit that includes itself',
    files: { [`${UNIT}/terragrunt.hcl`]: 'include "self" {\n  path = "terragrunt.hcl"\n}\n\ninputs = {\n  name = "app"\n}\n' },
    inputs: { name: 'app' },
    complete: false,
    problems: [/terragrunt\.hcl includes live\/prod\/us-east-1\/app\/terragrunt\.hcl, which itself includes/],
  },
  {
    name: 'read_terragrunt_config() in a cycle (a.hcl reads b.hcl, which reads a.hcl): unknown, not a crash',
    files: {
      'live/a.hcl': 'locals {\n  b = read_terragrunt_config("b.hcl")\n  name = "a"\n}\n',
      'live/b.hcl': 'locals {\n  a = read_terragrunt_config("a.hcl")\n}\n',
      [`${UNIT}/terragrunt.hcl`]:
        'locals {\n  a = read_terragrunt_config(find_in_parent_folders("a.hcl"))\n}\n\ninputs = {\n  name = local.a.locals.name\n  b = local.a.locals.b.locals.a\n}\n',
    },
    inputs: { name: 'a', b: '?' },
    complete: true,
    reads: { files: ['live/a.hcl', 'live/b.hcl'] },
  },
  {
    name: 'read_terragrunt_config() of a file whose include nests another: Terragrunt stops on the read, and the unit',
    files: {
      'live/root.hcl': 'include "more" {\n  path = "more.hcl"\n}\n',
      'live/more.hcl': '',
      'live/prod/env.hcl': 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nlocals {\n  env = "prod"\n}\n',
      [`${UNIT}/terragrunt.hcl`]:
        'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\n\ninputs = {\n  env = local.env.locals.env\n}\n',
    },
    inputs: { env: '?' },
    complete: false,
    problems: [/^live\/prod\/env\.hcl includes live\/root\.hcl, which itself includes live\/more\.hcl/],
  },
  {
    name: 'var files: extra_arguments and read_tfvars_file(), known paths and one from get_env()',
    files: {
      'live/root.hcl': `terraform {
  extra_arguments "common" {
    commands           = ["plan", "apply"]
    required_var_files = ["\${get_parent_terragrunt_dir()}/common.tfvars"]
    optional_var_files = ["\${get_terragrunt_dir()}/../region.tfvars", "\${get_env("TF_VARS", "x")}"]
  }
}
`,
      [`${UNIT}/terragrunt.hcl`]: `include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  secrets = jsondecode(read_tfvars_file("secrets.tfvars"))
  unused  = read_tfvars_file("\${get_env("ENV")}.tfvars")
}
`,
    },
    inputs: {},
    complete: true,
    reads: {
      files: ['live/common.tfvars', 'live/prod/us-east-1/app/secrets.tfvars', 'live/prod/us-east-1/region.tfvars', 'live/root.hcl'],
      unknown: ['vars'],
    },
  },
];

describe('Terragrunt layouts', () => {
  for (const c of cases) {
    test(c.name, () => {
      const root = workspace(c.files);
      const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
      const unit = readSourceFile(path.join(root, c.unit ?? `${UNIT}/terragrunt.hcl`), readFromDisk);
      assert.ok(unit);
      assert.deepEqual(unit.errors, [], 'the unit parses');
      const resolved = resolveTerragrunt(unit, { list: listFromDisk, load: (f) => readSourceFile(f, readFromDisk), boundary: root, allReads: true });
      assert.deepEqual(Object.fromEntries([...resolved.inputs.values()].map((i) => [i.name, show(i.value, root)])), c.inputs);
      assert.equal(resolved.complete, c.complete);
      if (c.includes) assert.deepEqual(Object.fromEntries(resolved.includes.map((i) => [i.label, i.file ? relative(i.file.path) : null])), c.includes);
      assert.equal(resolved.problems.length, c.problems?.length ?? 0, resolved.problems.join('\n'));
      c.problems?.forEach((pattern, index) => assert.match(resolved.problems[index]!, pattern));
      if (c.reads) {
        assert.deepEqual([...resolved.reads.files].map(relative).sort(), [...c.reads.files].sort());
        assert.deepEqual([...resolved.reads.unknown].sort(), [...(c.reads.unknown ?? [])].sort());
      }
    });
  }
});

describe('terragrunt.hcl.json', () => {
  test('strict JSON: comments, trailing commas and duplicate keys are errors; blocks and attributes as Terragrunt reads them', () => {
    const table: readonly [string, RegExp | undefined][] = [
      ['{"inputs": {"a": 1}}', undefined],
      ['{"inputs": {"a": 1},}', /./],
      ['// note\n{"inputs": {}}', /./],
      ['{"inputs": {"a": 1}, "inputs": {"a": 2}}', /already set at line 1/],
      ['[1]', /A Terragrunt JSON file must contain one JSON object/],
    ];
    for (const [text, error] of table) {
      const root = workspace({ 'terragrunt.hcl.json': text });
      const file = readSourceFile(path.join(root, 'terragrunt.hcl.json'), readFromDisk)!;
      if (error) assert.match(file.errors.map((e) => e.message).join('\n'), error, text);
      else assert.deepEqual(file.errors, [], text);
    }
    const root = workspace({
      'terragrunt.hcl.json': json({
        include: { root: { path: 'root.hcl' }, env: { path: 'env.hcl' } },
        dependency: { vpc: { config_path: '../vpc', mock_outputs: { vpc_id: 'vpc-1' } } },
        terraform: { source: '../m', extra_arguments: { common: { commands: ['plan'] } } },
        generate: { provider: { path: 'provider.tf', contents: 'x' } },
        inputs: { a: 1 },
        prevent_destroy: true,
      }),
    });
    const file = readSourceFile(path.join(root, 'terragrunt.hcl.json'), readFromDisk)!;
    assert.deepEqual(
      file.body.blocks.map((b) => [b.type, ...b.labels, ...b.body.blocks.map((n) => `${n.type}.${n.labels.join('.')}`)]),
      [
        ['include', 'root'],
        ['include', 'env'],
        ['dependency', 'vpc'],
        ['terraform', 'extra_arguments.common'],
        ['generate', 'provider'],
      ],
    );
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['inputs', 'prevent_destroy'],
    );
  });

  test('a folder with terragrunt.hcl.json is a unit, and where both are there the JSON is the one Terragrunt runs', () => {
    const unit = (name: string) => json({ terraform: { source: '../../../../modules//app' }, inputs: { name, region: 'us-east-1' } });
    const root = workspace({
      ...MODULE,
      'live/prod/us-east-1/app/terragrunt.hcl.json': unit('app-prod'),
      'live/prod/us-east-1/app/terragrunt.hcl': 'inputs = {\n  name = "ignored"\n}\n',
      'live/stage/us-east-1/app/terragrunt.hcl.json': unit('app-stage'),
    });
    const plan = planScan({ paths: [root], cwd: root }, RULES);
    const units = plan.modules.filter((p) => p.module.terragrunt !== undefined);
    assert.deepEqual(
      units.map((p) => path.relative(root, p.module.terragrunt!).split(path.sep).join('/')),
      ['live/prod/us-east-1/app/terragrunt.hcl.json', 'live/stage/us-east-1/app/terragrunt.hcl.json'],
    );
    const module = loadPlannedModule(plan, units[0]!, (file) => readSourceFile(file, readFromDisk));
    const group = module.environments.find((g) => g.kind === 'terragrunt');
    assert.ok(group, 'prod and stage are environments of modules/app');
    assert.deepEqual(
      group.environments.map((e) => [e.name, e.complete, [...e.entries.values()].map((entry) => (entry.value.known ? entry.value.value : '?'))]),
      [
        ['prod', true, ['app-prod', 'us-east-1']],
        ['stage', true, ['app-stage', 'us-east-1']],
      ],
    );
  });
});

test('premortem drift says why a unit with a nested include is not complete, in text and JSON', () => {
  const unit = (name: string, include: string): string =>
    `include "common" {\n  path = "${include}"\n}\n\nterraform {\n  source = "../../../../modules//app"\n}\n\ninputs = {\n  name = "${name}"\n}\n`;
  // A repository: the note names files from its top.
  const root = workspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    ...MODULE,
    'live/root.hcl': ROOT_HCL,
    '_envcommon/app.hcl': 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n',
    '_envcommon/flat.hcl': 'inputs = {\n  region = "us-east-1"\n}\n',
    [`${UNIT}/terragrunt.hcl`]: unit('app-prod', '../../../../_envcommon/app.hcl'),
    'live/stage/us-east-1/app/terragrunt.hcl': unit('app-stage', '../../../../_envcommon/flat.hcl'),
  });
  const report = buildDriftReport({ paths: ['.'], cwd: root }, RULES);
  const text = formatDrift('text', { report, cwd: root, version: '0.0.0', all: true });
  const note =
    'live/prod/us-east-1/app/terragrunt.hcl includes _envcommon/app.hcl, which itself includes live/root.hcl: Terragrunt allows only one level of includes and stops on this configuration, so premortem did not follow the second.';
  // Below the environment's files, aligned with them.
  const prodLine = '  prod   _envcommon/app.hcl + live/prod/us-east-1/app/terragrunt.hcl (may get more values elsewhere)';
  assert.ok(text.includes(`\n${prodLine}\n         ${note}\n  stage  `), text);
  const json = JSON.parse(formatDrift('json', { report, cwd: root, version: '0.0.0' })) as {
    modules: { environments: { name: string; complete: boolean; note?: string }[] }[];
  };
  assert.deepEqual(
    json.modules.flatMap((m) => m.environments),
    [
      { name: 'prod', kind: 'terragrunt', files: ['_envcommon/app.hcl', 'live/prod/us-east-1/app/terragrunt.hcl'], complete: false, note },
      { name: 'stage', kind: 'terragrunt', files: ['_envcommon/flat.hcl', 'live/stage/us-east-1/app/terragrunt.hcl'], complete: true },
    ],
  );
});
