// Errors in what the user asked for share one base, UserError, and main.ts makes one check for it: each kind
// still exits 2 with the same one-line message and no stack, through the bundled CLI as users run it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { UsageError } from '../../server/src/cli/option-reader';
import { OutputError } from '../../server/src/cli/report-output';
import { ConfigError } from '../../server/src/core/config/config';
import { UsageError as DiscoveryError } from '../../server/src/core/discover';
import { PlanError } from '../../server/src/core/plan/read-plan';
import { UserError } from '../../server/src/core/user-error';
import { writeWorkspace } from '../support/workspace';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const dir = writeWorkspace(
  {
    'ok/main.tf': 'terraform {}\n',
    'empty/.keep': '',
    'bad-config/main.tf': 'terraform {}\n',
    'bad-config/.premortem.json': '{ "rules": { "aws-nope": "error" } }\n',
    'plan.json': '{"format_version": 3}\n',
  },
  'premortem-user-errors-',
);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('usage, discovery, config, plan and output errors are all UserErrors', () => {
  const errors = [new UsageError('u'), new DiscoveryError('d'), new ConfigError('f', 'k', 'p'), new PlanError('p'), new OutputError('o')];
  for (const error of errors) assert.ok(error instanceof UserError, `${error.constructor.name} extends UserError`);
});

// The messages as they were before UserError, word for word.
const CASES: ReadonlyArray<readonly [string, readonly string[], string]> = [
  ['an unknown option (usage, while reading arguments)', ['scan', '--bogus'], 'unknown option "--bogus"; see premortem --help'],
  ['an unknown rule (usage, while scanning)', ['scan', 'ok', '--rule', 'nope'], 'unknown rule "nope" in --rule; premortem rules lists them'],
  ['a drift format it does not know (usage)', ['drift', 'ok', '--format', 'nope'], 'unknown format "nope" for drift; use one of text, json, markdown'],
  ['a path without Terraform (discovery)', ['scan', 'empty'], 'no Terraform files under "empty"; pass --allow-empty to accept that'],
  [
    'a config that names an unknown rule (config)',
    ['scan', 'bad-config'],
    `${path.join(dir, 'bad-config', '.premortem.json')}: rules.aws-nope: unknown rule id`,
  ],
  [
    'a file that is not a plan (plan)',
    ['scan', 'ok', '--plan', 'plan.json'],
    'plan.json: not a Terraform plan in JSON form; make it with "terraform show -json <planfile> > plan.json"',
  ],
];

for (const [name, args, message] of CASES) {
  test(`${name}: exit 2 and its one-line message`, () => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr, `premortem: ${message}\n`);
    assert.equal(result.stdout, '');
  });
}

test('a report that cannot be written (output): exit 2 and its one-line message', (t) => {
  if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full to fail a write on this system');
  const result = spawnSync(process.execPath, [CLI, 'scan', 'ok', '--output', '/dev/full'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr, 'premortem: cannot write the report to /dev/full: ENOSPC: no space left on device, write\n');
});
