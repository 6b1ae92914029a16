// Environment drift in the editor: findings located in var files of environment folders, in sibling
// environment directories and in Terragrunt files are published to those files, kept current as any
// environment changes, and a var file opened on its own is linted with the module it belongs to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withServer } from './harness';

const RULE = 'env-variable-drift';
const VARIABLES = 'variable "ami_id" {\n  type = string\n}\n\nresource "aws_instance" "app" {\n  ami = var.ami_id\n}\n';
const ID = 'ami_id = "ami-0123456789abcdef0"\n';
const NAME = 'ami_id = "app-server"\n';

const drift = (p: { diagnostics: { code?: string | number }[] }): number => p.diagnostics.filter((d) => d.code === RULE).length;

test('a module open in the editor publishes its findings to the var files of its environment folder', async () => {
  await withServer({ files: { 'main.tf': VARIABLES, 'envs/dev.tfvars': ID, 'envs/staging.tfvars': ID, 'envs/prod.tfvars': NAME } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('envs/prod.tfvars', (p) => drift(p) === 1);
    assert.match(published.diagnostics[0]!.message, /ami_id is "app-server" in prod, but an AMI ID in dev and staging/);
    assert.deepEqual(published.diagnostics[0]!.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 21 } });
    assert.equal(published.version, undefined, 'the var file is not open');
    assert.equal(drift(h.lastPublish('envs/dev.tfvars')!), 0);
  });
});

test('a var file of an environment folder, opened alone, is linted with its module and follows its edits', async () => {
  await withServer(
    { files: { 'main.tf': VARIABLES, 'envs/dev.tfvars': ID, 'envs/staging.tfvars': ID, 'envs/prod.tfvars': NAME }, settings: { lintDelayMs: 0 } },
    async (h) => {
      h.open('envs/prod.tfvars');
      const first = await h.publish('envs/prod.tfvars', (p) => p.version === 1);
      assert.equal(drift(first), 1);
      const mark = h.mark;
      const version = h.change('envs/prod.tfvars', 'ami_id = "ami-0fedcba9876543210"\n');
      const fixed = await h.publish('envs/prod.tfvars', (p) => p.version === version, mark);
      assert.equal(drift(fixed), 0);
      // A syntax error in it is reported once, by the module's lint.
      const broken = h.change('envs/prod.tfvars', 'ami_id = \n');
      const published = await h.publish('envs/prod.tfvars', (p) => p.version === broken, mark);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ['syntax-error'],
      );
    },
  );
});

test('an edit to a sibling environment relints the open caller that compares with it', async () => {
  const call = (ami: string): string => `module "app" {\n  source = "../../modules/app"\n  ami_id = "${ami}"\n}\n`;
  const files = {
    'modules/app/main.tf': VARIABLES,
    'live/prod/main.tf': call('app-server'),
    'live/staging/main.tf': call('ami-0123456789abcdef0'),
  };
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('live/prod/main.tf');
    const first = await h.publish('live/prod/main.tf', (p) => drift(p) === 1);
    assert.match(first.diagnostics.find((d) => d.code === RULE)!.message, /in prod, but an AMI ID in staging/);
    h.open('live/staging/main.tf');
    await h.publish('live/staging/main.tf');
    const mark = h.mark;
    h.change('live/staging/main.tf', call('app-server-staging'));
    const after = await h.publish('live/prod/main.tf', () => true, mark);
    assert.equal(drift(after), 0, 'staging now names its AMI too: nothing to compare against');
    assert.equal(drift(h.lastPublish('live/staging/main.tf')!), 0, 'each caller reports only its own differences');
  });
});

test('a terragrunt.hcl is linted as a module: its drift findings and syntax errors', async () => {
  const tg = (inputs: string): string => `terraform {\n  source = "../../../modules//app"\n}\n\ninputs = {\n${inputs}}\n`;
  const files = {
    'modules/app/main.tf': VARIABLES,
    'live/prod/app/terragrunt.hcl': tg('  ami_id = "app-server"\n'),
    'live/staging/app/terragrunt.hcl': tg('  ami_id = "ami-0123456789abcdef0"\n'),
  };
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('live/prod/app/terragrunt.hcl');
    const first = await h.publish('live/prod/app/terragrunt.hcl', (p) => p.version === 1);
    assert.deepEqual(
      first.diagnostics.map((d) => [d.code, d.range.start.line]),
      [[RULE, 5]],
    );
    const version = h.change('live/prod/app/terragrunt.hcl', 'inputs = {\n');
    const broken = await h.publish('live/prod/app/terragrunt.hcl', (p) => p.version === version);
    assert.deepEqual([...new Set(broken.diagnostics.map((d) => d.code))], ['syntax-error']);
  });
});

test('a Terragrunt environment takes its values from the files it includes, and a change to one on disk relints it', async () => {
  const include = 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "../../../modules//app"\n}\n';
  const files = {
    'modules/app/main.tf': VARIABLES,
    'root.hcl': 'inputs = {\n  ami_id = "ami-0123456789abcdef0"\n}\n',
    'live/prod/app/terragrunt.hcl': `${include}\ninputs = {\n  ami_id = "app-server"\n}\n`,
    'live/staging/app/terragrunt.hcl': include,
  };
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('live/prod/app/terragrunt.hcl');
    const first = await h.publish('live/prod/app/terragrunt.hcl', (p) => p.version === 1);
    assert.equal(drift(first), 1, 'staging gets an AMI ID from root.hcl, prod a name');
    const mark = h.mark;
    h.write('root.hcl', 'inputs = {\n  ami_id = "app-server-base"\n}\n');
    h.filesChanged({ relative: 'root.hcl', type: 2 });
    const after = await h.publish('live/prod/app/terragrunt.hcl', () => true, mark);
    assert.equal(drift(after), 0, 'both name their AMI now');
  });
});

test('a terragrunt.hcl.json is linted as a module, and a change to the root.hcl.json it includes relints it', async () => {
  const unit = (ami?: string): string =>
    `${JSON.stringify(
      {
        include: { root: { path: '${find_in_parent_folders("root.hcl.json")}' } },
        terraform: { source: '../../../modules//app' },
        ...(ami ? { inputs: { ami_id: ami } } : {}),
      },
      null,
      2,
    )}\n`;
  const files = {
    'modules/app/main.tf': VARIABLES,
    'root.hcl.json': JSON.stringify({ inputs: { ami_id: 'ami-0123456789abcdef0' } }),
    'live/prod/app/terragrunt.hcl.json': unit('app-server'),
    'live/staging/app/terragrunt.hcl.json': unit(),
  };
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('live/prod/app/terragrunt.hcl.json');
    const first = await h.publish('live/prod/app/terragrunt.hcl.json', (p) => p.version === 1);
    assert.equal(drift(first), 1, 'staging gets an AMI ID from root.hcl.json, prod a name');
    const mark = h.mark;
    h.write('root.hcl.json', JSON.stringify({ inputs: { ami_id: 'app-server-base' } }));
    h.filesChanged({ relative: 'root.hcl.json', type: 2 });
    const after = await h.publish('live/prod/app/terragrunt.hcl.json', () => true, mark);
    assert.equal(drift(after), 0, 'both name their AMI now');
    const version = h.change('live/prod/app/terragrunt.hcl.json', '{"inputs": {},}');
    const broken = await h.publish('live/prod/app/terragrunt.hcl.json', (p) => p.version === version);
    assert.deepEqual([...new Set(broken.diagnostics.map((d) => d.code))], ['syntax-error']);
  });
});
