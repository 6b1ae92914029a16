// `scan --new-since REV` and `scan --staged` through Terragrunt's include graph: a change to root.hcl, to an
// env.hcl a unit reads, or to a var file it passes, changes every unit that includes or reads it, so those
// units (and the environments they are compared with) are linted, and their new findings reported.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { gitRepo, type GitRepo } from '../support/git-repo';
import { runCli } from '../support/run-cli';

const repos: GitRepo[] = [];
after(() => repos.forEach((repo) => fs.rmSync(repo.dir, { recursive: true, force: true })));

const AMI = { prod: 'ami-0a1b2c3d4e5f67890', stage: 'ami-0f0e0d0c0b0a09080' };

/** Units that include root.hcl, read their env.hcl, and pass common.tfvars: live/<env>/us-east-1/app. */
const unit = `include "root" {
  path = find_in_parent_folders("root.hcl")
}

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))
}

terraform {
  source = "../../../../modules//app"
}

inputs = {
  ami_id = local.env.locals.ami
}
`;

const LAYOUT: Readonly<Record<string, string>> = {
  'modules/app/variables.tf': 'variable "ami_id" {\n  type = string\n}\n\nvariable "bastion_ami_id" {\n  type = string\n}\n',
  'modules/app/main.tf': `resource "aws_launch_template" "app" {
  name_prefix = "app-"
  image_id    = var.ami_id
}

resource "aws_launch_template" "bastion" {
  name_prefix = "bastion-"
  image_id    = var.bastion_ami_id
}
`,
  'live/root.hcl': `terraform {
  extra_arguments "common" {
    commands           = ["plan", "apply"]
    required_var_files = ["\${get_parent_terragrunt_dir()}/common.tfvars"]
  }
}

locals {
  # live/<env>/<region>/<unit>: the environment's folder name.
  env   = basename(dirname(dirname(get_terragrunt_dir())))
  amis  = { prod = "${AMI.prod}", stage = "${AMI.stage}" }
}

inputs = {
  bastion_ami_id = local.amis[local.env]
}
`,
  'live/common.tfvars': 'owner = "platform"\n',
  'live/unused.hcl': 'locals {\n  nothing = true\n}\n',
  'live/prod/env.hcl': `locals {\n  ami = "${AMI.prod}"\n}\n`,
  'live/stage/env.hcl': `locals {\n  ami = "${AMI.stage}"\n}\n`,
  'live/prod/us-east-1/app/terragrunt.hcl': unit,
  'live/stage/us-east-1/app/terragrunt.hcl': unit,
  // Another component, in one environment only: no sibling to be compared with.
  'live/prod/us-east-1/db/main.tf': '# the database\n',
};

function repo(): GitRepo {
  const created = gitRepo(LAYOUT);
  repos.push(created);
  created.commit('base');
  return created;
}

interface JsonReport {
  findings: { ruleId: string; file: string; message: string }[];
  summary: { modules: number };
  comparedWith?: { revision?: { changedFiles: number }; notNew: number };
}

function scan(dir: string, ...args: string[]): JsonReport {
  const result = runCli(dir, 'scan', ...args, '--format', 'json');
  assert.equal(result.stderr, '', result.stderr);
  return JSON.parse(result.stdout) as JsonReport;
}

interface Case {
  readonly name: string;
  /** Files changed after the base commit (null: deleted). */
  readonly change: Readonly<Record<string, string | null>>;
  /** How many modules are linted: the units reached, and their sibling environments. */
  readonly modules: number;
  /** The new findings, as [rule, file]. */
  readonly findings: readonly (readonly [string, string])[];
  readonly message?: RegExp;
}

const cases: readonly Case[] = [
  {
    name: 'an env.hcl that a unit reads: its new AMI name is a new finding in that unit',
    change: { 'live/prod/env.hcl': 'locals {\n  ami = "uploader-2018-12"\n}\n' },
    // prod/app reads it; stage/app is compared with it.
    modules: 2,
    findings: [['env-variable-drift', 'live/prod/us-east-1/app/terragrunt.hcl']],
    message: /"uploader-2018-12" in prod/,
  },
  {
    name: 'root.hcl, which every unit includes: an AMI name for prod is a new finding where root.hcl sets it',
    change: { 'live/root.hcl': LAYOUT['live/root.hcl']!.replace(`prod = "${AMI.prod}"`, 'prod = "bastion-2018-12"') },
    modules: 2,
    findings: [['env-variable-drift', 'live/root.hcl']],
    message: /bastion_ami_id is "bastion-2018-12" in prod/,
  },
  {
    name: 'root.hcl changed without changing a finding: both units linted, nothing new',
    change: { 'live/root.hcl': `# the shared configuration\n${LAYOUT['live/root.hcl']!}` },
    modules: 2,
    findings: [],
  },
  {
    name: 'a var file that root.hcl passes to every unit (extra_arguments): the units are linted',
    change: { 'live/common.tfvars': 'owner = "data"\n' },
    modules: 2,
    findings: [],
  },
  {
    name: 'an .hcl file nothing includes or reads: no unit is linted',
    change: { 'live/unused.hcl': 'locals {\n  nothing = false\n}\n' },
    modules: 0,
    findings: [],
  },
];

describe('scan --new-since through the Terragrunt include graph', () => {
  for (const c of cases) {
    test(c.name, () => {
      const r = repo();
      for (const [file, text] of Object.entries(c.change)) {
        if (text === null) r.remove(file);
        else r.write(file, text);
      }
      const report = scan(r.dir, '--new-since', 'main');
      assert.equal(report.comparedWith?.revision?.changedFiles, Object.keys(c.change).length, 'the changed file counts');
      assert.equal(report.summary.modules, c.modules);
      assert.deepEqual(
        report.findings.map((f) => [f.ruleId, f.file]),
        c.findings,
      );
      if (c.message) assert.match(report.findings[0]!.message, c.message);
    });
  }
});

test('scan --staged: a staged root.hcl lints every unit that includes it, and reports their findings', () => {
  const r = repo();
  r.write('live/root.hcl', LAYOUT['live/root.hcl']!.replace(`prod = "${AMI.prod}"`, 'prod = "bastion-2018-12"'));
  r.git('add', 'live/root.hcl');
  const result = runCli(r.dir, 'scan', '--staged', '--format', 'json');
  assert.equal(result.stderr, '');
  assert.equal(result.status, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.summary.modules, 2);
  assert.deepEqual(
    report.findings.map((f) => [f.ruleId, f.file]),
    [['env-variable-drift', 'live/root.hcl']],
  );
});

test('an env.hcl added nearer the units: the revision is read with the files it had, so an old finding stays old', () => {
  const named = 'locals {\n  ami = "uploader-2018-12"\n}\n';
  const r = gitRepo({ ...LAYOUT, 'live/prod/env.hcl': named });
  repos.push(r);
  r.commit('base');
  assert.deepEqual(
    scan(r.dir).findings.map((f) => f.file),
    ['live/prod/us-east-1/app/terragrunt.hcl'],
    'prod runs an AMI name',
  );
  // find_in_parent_folders("env.hcl") now finds the region's file first; at the revision it was not there.
  r.write('live/prod/us-east-1/env.hcl', named);
  const report = scan(r.dir, '--new-since', 'main');
  assert.equal(report.comparedWith?.revision?.changedFiles, 1);
  assert.equal(report.summary.modules, 2);
  assert.deepEqual(report.findings, []);
  assert.equal(report.comparedWith?.notNew, 1);
});

test('an env.hcl deleted nearer the units: they read the farther one now, and what that brings is new', () => {
  const named = 'locals {\n  ami = "uploader-2018-12"\n}\n';
  const r = gitRepo({ ...LAYOUT, 'live/prod/env.hcl': named, 'live/prod/us-east-1/env.hcl': LAYOUT['live/prod/env.hcl']! });
  repos.push(r);
  r.commit('base');
  assert.deepEqual(scan(r.dir).findings, [], 'the nearer env.hcl gives prod an AMI ID');
  r.remove('live/prod/us-east-1/env.hcl');
  const report = scan(r.dir, '--new-since', 'main');
  assert.equal(report.summary.modules, 2);
  assert.deepEqual(
    report.findings.map((f) => [f.ruleId, f.file]),
    [['env-variable-drift', 'live/prod/us-east-1/app/terragrunt.hcl']],
  );
});

test('a terragrunt.hcl.json added beside terragrunt.hcl: the revision ran terragrunt.hcl, so an old finding stays old', () => {
  const r = gitRepo({ ...LAYOUT, 'live/root.hcl': LAYOUT['live/root.hcl']!.replace(`prod = "${AMI.prod}"`, 'prod = "bastion-2018-12"') });
  repos.push(r);
  r.commit('base');
  assert.deepEqual(
    scan(r.dir).findings.map((f) => f.file),
    ['live/root.hcl'],
  );
  // The same unit in JSON, which Terragrunt now runs instead.
  const json = {
    include: { root: { path: '${find_in_parent_folders("root.hcl")}' } },
    locals: { env: '${read_terragrunt_config(find_in_parent_folders("env.hcl"))}' },
    terraform: { source: '../../../../modules//app' },
    inputs: { ami_id: '${local.env.locals.ami}' },
  };
  r.write('live/prod/us-east-1/app/terragrunt.hcl.json', `${JSON.stringify(json, null, 2)}\n`);
  const report = scan(r.dir, '--new-since', 'main');
  assert.equal(report.comparedWith?.revision?.changedFiles, 1);
  assert.deepEqual(report.findings, []);
  assert.equal(report.comparedWith?.notNew, 1);
});
