// Environment detection, layout by layout, over real directory trees: what `Module.environments` holds
// for a module, and how a scan treats the files environments bring with them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UNKNOWN, type EnvironmentGroup, type Value } from '../../rules/api';
import { RULES } from '../../rules/index';
import { isEnvironmentName, isEnvironmentVarFileName, isSharedVarFileName } from '../../server/src/core/environments/environment-names';
import { readFromDisk, readSourceFile } from '../../server/src/core/load-module';
import { loadPlannedModule, planScan, scan, scanIo } from '../../server/src/core/scan';

let root: string;
before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-environments-')));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

let treeCount = 0;
function makeTree(tree: Readonly<Record<string, string>>): string {
  const dir = path.join(root, `tree-${++treeCount}`);
  for (const [relative, content] of Object.entries(tree)) {
    const target = path.join(dir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}

function show(value: Value): unknown {
  if (value === UNKNOWN) return '?';
  if (Array.isArray(value)) return value.map(show);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]));
  return value;
}

/** The groups of one module of a tree, with paths relative to the tree, for readable expectations. */
function groupsOf(tree: Readonly<Record<string, string>>, moduleDir = '.'): unknown[] {
  const dir = makeTree(tree);
  const rel = (file: string): string => path.relative(dir, file).split(path.sep).join('/') || '.';
  const plan = planScan({ paths: [dir], cwd: dir }, RULES);
  const planned = plan.modules.find((p) => p.module.dir === path.join(dir, moduleDir));
  assert.ok(planned, `no module at ${moduleDir}`);
  const module = loadPlannedModule(plan, planned, (file) => readSourceFile(file, readFromDisk));
  return module.environments.map((group: EnvironmentGroup) => ({
    kind: group.kind,
    target: rel(group.target),
    variables: group.variables ? [...group.variables.keys()] : undefined,
    environments: group.environments.map((e) => ({
      name: e.name,
      files: e.files.map((f) => rel(f.path)),
      ...(e.own ? {} : { own: false }),
      ...(e.complete ? {} : { complete: false }),
      entries: Object.fromEntries(
        [...e.entries.values()].map((entry) => [
          entry.name,
          `${entry.inherited ? 'inherited ' : ''}${entry.outsideModule ? 'outside ' : ''}${JSON.stringify(entry.value.known ? show(entry.value.value) : '?')}`,
        ]),
      ),
    })),
  }));
}

const VARIABLES = 'variable "ami_id" {}\nvariable "size" {\n  default = 1\n}\n';

describe('environment names', () => {
  test('a directory or file stem names an environment alone or as one of its parts', () => {
    for (const name of [
      'prod',
      'production',
      'staging',
      'stg',
      'dev',
      'qa',
      'uat',
      'preprod',
      'pre-prod',
      'non-prod',
      'prod-eu',
      'eu-prod',
      'dev_config',
      'sandbox',
      'perf',
      'demo',
      'int',
      'integration',
    ]) {
      assert.ok(isEnvironmentName(name), name);
    }
    for (const name of ['app', 'network', 'live', 'modules', 'product', 'productivity', 'backend-prod', 'prod-secrets', 'common']) {
      assert.ok(!isEnvironmentName(name), name);
    }
  });

  test('var files: environment files, files every environment loads, and neither', () => {
    assert.ok(isEnvironmentVarFileName('terraform.prod.tfvars'));
    assert.ok(isEnvironmentVarFileName('prod.tfvars.json'));
    assert.ok(!isEnvironmentVarFileName('terraform.tfvars'));
    assert.ok(!isEnvironmentVarFileName('prod.auto.tfvars'));
    assert.ok(!isEnvironmentVarFileName('app.tfvars'));
    assert.ok(isSharedVarFileName('common.tfvars'));
    assert.ok(isSharedVarFileName('shared-vars.tfvars'));
    assert.ok(!isSharedVarFileName('prod.tfvars'));
  });
});

describe('var-file layouts', () => {
  test('var files in an envs folder, with terraform.tfvars and common.tfvars loaded in every environment', () => {
    assert.deepEqual(
      groupsOf({
        'main.tf': VARIABLES,
        'terraform.tfvars': 'size = 2\n',
        'envs/common.tfvars': 'ami_id = "ami-00000000"\n',
        'envs/prod.tfvars': 'ami_id = "ami-11111111"\nsize = 6\n',
        'envs/staging.tfvars': 'size = 3\n',
      }),
      [
        {
          kind: 'var-file',
          target: '.',
          variables: ['ami_id', 'size'],
          environments: [
            { name: 'prod', files: ['envs/prod.tfvars'], entries: { size: '6', ami_id: '"ami-11111111"' } },
            { name: 'staging', files: ['envs/staging.tfvars'], entries: { size: '3', ami_id: 'inherited "ami-00000000"' } },
          ],
        },
      ],
    );
  });

  test('var files named after environments in the module directory', () => {
    const groups = groupsOf({
      'main.tf': VARIABLES,
      'prod-eu.tfvars': 'size = 1\n',
      'terraform.staging.tfvars': 'size = 2\n',
      'dev_config.tfvars': 'size = 3\n',
      'app.tfvars': 'size = 4\n',
      'backend-prod.tfvars': 'bucket = "x"\n',
      'x.auto.tfvars': 'size = 5\n',
    }) as { environments: { name: string; entries: object }[] }[];
    assert.deepEqual(
      groups[0]!.environments.map((e) => [e.name, e.entries]),
      [
        ['dev_config', { size: '3' }],
        ['prod-eu', { size: '1' }],
        ['staging', { size: '2' }],
      ],
    );
  });

  test('environment directories: every var file of the directory, shared-named files first', () => {
    assert.deepEqual(
      groupsOf({
        'main.tf': VARIABLES,
        'environments/prod/app.tfvars': 'size = 6\n',
        'environments/prod/common.tfvars': 'size = 5\nami_id = "ami-11111111"\n',
        'environments/prod/workspace.tfvars': '# Variables for the prod workspace\n',
        'environments/dr/app.tfvars': 'size = 1\n',
        'stg/stg.tfvars': 'size = 2\n',
      }),
      [
        {
          kind: 'var-file',
          target: '.',
          variables: ['ami_id', 'size'],
          environments: [
            { name: 'dr', files: ['environments/dr/app.tfvars'], entries: { size: '1' } },
            { name: 'prod', files: ['environments/prod/common.tfvars', 'environments/prod/app.tfvars'], entries: { size: '6', ami_id: '"ami-11111111"' } },
            { name: 'stg', files: ['stg/stg.tfvars'], entries: { size: '2' } },
          ],
        },
      ],
    );
  });

  test('a var file whose keys the module mostly does not declare belongs to another module', () => {
    const groups = groupsOf({
      'main.tf': VARIABLES,
      'envs/prod.tfvars': 'size = 6\n',
      'envs/dev.tfvars': 'size = 1\nunknown = 1\n',
      'envs/dns-prod.tfvars': 'zone = "x"\nttl = 60\nsize = 1\n',
    }) as { environments: { name: string }[] }[];
    assert.deepEqual(
      groups[0]!.environments.map((e) => e.name),
      ['dev', 'prod'],
    );
  });

  test('the project config names environments, replacing what is found beside the module', () => {
    const config = {
      environments: [
        {
          modules: ['components/*'],
          varFiles: {
            prod: ['vars/prod/common.tfvars', 'vars/prod/{module}.tfvars'],
            staging: ['vars/staging/{module}.tfvars'],
            missing: ['vars/none/{module}.tfvars'],
          },
        },
      ],
    };
    assert.deepEqual(
      groupsOf(
        {
          '.premortem.json': JSON.stringify(config),
          'components/api/main.tf': VARIABLES,
          'components/api/envs/dev.tfvars': 'size = 1\n',
          'components/api/envs/test.tfvars': 'size = 1\n',
          'vars/prod/common.tfvars': 'ami_id = "ami-11111111"\n',
          'vars/prod/api.tfvars': 'size = 6\n',
          'vars/staging/api.tfvars': 'size = 2\n',
        },
        'components/api',
      ),
      [
        {
          kind: 'config',
          target: 'components/api',
          variables: ['ami_id', 'size'],
          environments: [
            { name: 'prod', files: ['vars/prod/common.tfvars', 'vars/prod/api.tfvars'], entries: { ami_id: 'outside "ami-11111111"', size: 'outside 6' } },
            { name: 'staging', files: ['vars/staging/api.tfvars'], entries: { size: 'outside 2' } },
          ],
        },
      ],
    );
  });
});

describe('module-call layouts', () => {
  const APP = { 'modules/app/main.tf': VARIABLES };
  const call = (args: string): string => `module "app" {\n  source = "../../modules/app"\n${args}}\n`;

  test('sibling environment directories calling the same module, each evaluated in its own directory', () => {
    assert.deepEqual(
      groupsOf(
        {
          ...APP,
          'live/prod/main.tf': `locals {\n  ami = "ami-11111111"\n}\n\n${call('  ami_id = local.ami\n  size   = 6\n')}`,
          'live/staging/main.tf': `variable "ami" {}\n\n${call('  ami_id = var.ami\n  size   = data.x.y.size\n')}`,
          'live/staging/terraform.tfvars': 'ami = "ami-22222222"\n',
          'live/dev/main.tf': call('  ami_id = "ami-33333333"\n'),
          'live/modules/main.tf': 'resource "null_resource" "x" {}\n',
        },
        'live/prod',
      ),
      [
        {
          kind: 'module-call',
          target: 'modules/app',
          variables: ['ami_id', 'size'],
          environments: [
            { name: 'dev', files: ['live/dev/main.tf'], own: false, entries: { ami_id: '"ami-33333333"' } },
            { name: 'prod', files: ['live/prod/main.tf'], entries: { ami_id: '"ami-11111111"', size: '6' } },
            { name: 'staging', files: ['live/staging/main.tf'], own: false, entries: { ami_id: '"ami-22222222"', size: '"?"' } },
          ],
        },
      ],
    );
  });

  test('the environment may sit higher up: live/prod/eu-west-1/app and live/staging/eu-west-1/app', () => {
    const groups = groupsOf(
      {
        'modules/app/main.tf': VARIABLES,
        'live/prod/eu-west-1/app/main.tf': 'module "app" {\n  source = "../../../../modules/app"\n  ami_id = "a"\n}\n',
        'live/staging/eu-west-1/app/main.tf': 'module "app" {\n  source = "../../../../modules/app"\n  ami_id = "b"\n}\n',
        'live/prod/eu-west-1/db/main.tf': 'module "app" {\n  source = "../../../../modules/app"\n  ami_id = "c"\n}\n',
      },
      'live/prod/eu-west-1/app',
    ) as { environments: { name: string; files: string[] }[] }[];
    assert.deepEqual(
      groups.map((g) => g.environments.map((e) => `${e.name}: ${e.files.join()}`)),
      [['prod: live/prod/eu-west-1/app/main.tf', 'staging: live/staging/eu-west-1/app/main.tf']],
    );
  });

  test('a called module with a file that does not parse has no known variables', () => {
    const groups = groupsOf(
      {
        'modules/app/main.tf': `${VARIABLES}resource "x" "y" {\n`,
        'live/prod/main.tf': call('  ami_id = "a"\n'),
        'live/dev/main.tf': call('  ami_id = "b"\n'),
      },
      'live/prod',
    ) as { variables: unknown }[];
    assert.deepEqual(
      groups.map((g) => g.variables),
      [undefined],
    );
  });

  test('calls labelled after environments in one configuration', () => {
    const groups = groupsOf({
      'app/main.tf': VARIABLES,
      'main.tf': 'module "prod" {\n  source = "./app"\n  size   = 6\n}\n\nmodule "dev" {\n  source = "./app"\n}\n\nmodule "tools" {\n  source = "./app"\n}\n',
    }) as { kind: string; target: string; environments: { name: string }[] }[];
    assert.deepEqual(
      groups.map((g) => [g.kind, g.target, g.environments.map((e) => e.name)]),
      [['module-call', 'app', ['dev', 'prod']]],
    );
  });
});

describe('Terragrunt layouts', () => {
  const tg = (source: string, body: string): string => `terraform {\n  source = ${source}\n}\n\n${body}`;

  test('per-environment terragrunt.hcl files running one module, inputs evaluated with their locals', () => {
    assert.deepEqual(
      groupsOf(
        {
          'modules/app/main.tf': VARIABLES,
          'live/prod/app/terragrunt.hcl': tg(
            '"../../../modules//app"',
            'locals {\n  size = 3 * 2\n}\n\ninputs = {\n  size   = local.size\n  ami_id = dependency.ami.outputs.id\n}\n',
          ),
          'live/staging/app/terragrunt.hcl': tg('"../../../modules//app?ref=v1"', 'inputs = {\n  size = 2\n}\n'),
          'live/dev/app/terragrunt.hcl': tg('"git::https://example.com/modules.git//app?ref=v1"', 'inputs = merge(local.common, { size = 1 })\n'),
          'live/qa/app/terragrunt.hcl': tg('"../../../other//app"', 'inputs = {}\n'),
        },
        'live/prod/app',
      ),
      [
        {
          kind: 'terragrunt',
          target: 'modules/app',
          variables: ['ami_id', 'size'],
          environments: [
            { name: 'dev', files: ['live/dev/app/terragrunt.hcl'], own: false, complete: false, entries: {} },
            { name: 'prod', files: ['live/prod/app/terragrunt.hcl'], entries: { size: '6', ami_id: '"?"' } },
            { name: 'staging', files: ['live/staging/app/terragrunt.hcl'], own: false, entries: { size: '2' } },
          ],
        },
      ],
    );
  });

  test('a source chosen at run time: the one local alternative is the module; includes hide its variables', () => {
    const source = '"${get_env("LOCAL") == "1" ? "../../../modules//app" : "git::https://example.com/m.git//app?ref=v1"}"';
    const groups = groupsOf(
      {
        'modules/app/main.tf': VARIABLES,
        'live/prod/app/terragrunt.hcl': tg(source, 'include {\n  path = find_in_parent_folders()\n}\n\ninputs = {\n  size = 6\n}\n'),
        'live/staging/app/terragrunt.hcl': tg(source, 'inputs = {\n  size = 2\n}\n'),
      },
      'live/prod/app',
    ) as { target: string; variables: unknown; environments: { name: string; complete?: boolean }[] }[];
    assert.deepEqual(
      groups.map((g) => [g.target, g.variables, g.environments.map((e) => `${e.name}${e.complete === false ? ' (incomplete)' : ''}`)]),
      [['modules/app', undefined, ['prod (incomplete)', 'staging']]],
    );
  });
});

describe('scanning environment files', () => {
  test('syntax errors of environment var files and terragrunt.hcl are reported once, by their module', async () => {
    const dir = makeTree({
      'main.tf': VARIABLES,
      'envs/prod.tfvars': 'size = \n',
      'envs/dev.tfvars': 'size = 1\n',
      'live/prod/terragrunt.hcl': 'inputs = {\n',
    });
    const outcome = await scan({ paths: [dir], cwd: dir, rules: RULES });
    assert.deepEqual(
      outcome.findings.map((f) => `${path.relative(dir, f.file).split(path.sep).join('/')}:${f.range.start.line} ${f.ruleId}`),
      ['envs/prod.tfvars:1 syntax-error', 'live/prod/terragrunt.hcl:1 syntax-error'],
    );
  });

  const WITH_RESOURCE = `${VARIABLES}\nresource "aws_instance" "app" {\n  ami = var.ami_id\n}\n`;

  test('suppression comments in environment var files apply to findings there', async () => {
    const dir = makeTree({
      'main.tf': WITH_RESOURCE,
      'envs/dev.tfvars': 'ami_id = "ami-0123456789abcdef0"\n',
      'envs/staging.tfvars': 'ami_id = "ami-0123456789abcdef1"\n',
      'envs/prod.tfvars': '# premortem-ignore: env-variable-drift -- resolved by name through data.aws_ami\nami_id = "golden"\nsizee  = 2\n',
    });
    const outcome = await scan({ paths: [dir], cwd: dir, rules: RULES });
    assert.deepEqual(
      outcome.findings.map((f) => `${path.relative(dir, f.file).split(path.sep).join('/')}:${f.range.start.line} ${f.ruleId} ${f.messageId}`),
      ['envs/prod.tfvars:3 env-variable-drift undeclaredVariable'],
    );
  });

  test('a var file given as an argument lints its module for that file alone', async () => {
    const dir = makeTree({
      'main.tf': WITH_RESOURCE,
      'envs/dev.tfvars': 'ami_id = "ami-0123456789abcdef0"\nsizee = 1\n',
      'envs/prod.tfvars': 'ami_id = "golden"\n',
    });
    const outcome = await scan({ paths: [path.join(dir, 'envs', 'prod.tfvars')], cwd: dir, rules: RULES });
    assert.deepEqual(
      outcome.findings.map((f) => `${path.relative(dir, f.file).split(path.sep).join('/')} ${f.messageId}`),
      ['envs/prod.tfvars nameInsteadOfId'],
    );
  });
});

test('a scan parses each var file and terragrunt.hcl once, however many environments read it', () => {
  const dir = makeTree({
    'main.tf': 'variable "ami" {}\n',
    'envs/dev.tfvars': 'ami = "ami-0123456789abcdef0"\n',
    'envs/prod.tfvars': 'ami = "ami-0fedcba9876543210"\n',
    'live/dev/terragrunt.hcl': 'inputs = { ami = "ami-0123456789abcdef0" }\n',
  });
  const parsed: string[] = [];
  const counting = (file: string): string => {
    parsed.push(path.relative(dir, file).split(path.sep).join('/'));
    return readFromDisk(file) as string;
  };
  const io = scanIo(counting);
  for (let round = 0; round < 3; round++) {
    assert.ok(io.load(path.join(dir, 'envs', 'prod.tfvars')));
    assert.ok(io.load(path.join(dir, 'live', 'dev', 'terragrunt.hcl')));
    assert.ok(io.load(path.join(dir, 'main.tf')));
  }
  // Configuration files are parsed each time they are asked for: a scan asks once, and keeping them would
  // hold the whole workspace in memory.
  assert.deepEqual(parsed.sort(), ['envs/prod.tfvars', 'live/dev/terragrunt.hcl', 'main.tf', 'main.tf', 'main.tf']);
});
