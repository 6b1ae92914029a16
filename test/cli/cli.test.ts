// The CLI as CI runs it: the bundled dist/cli.js in a real directory, checked by exit code and output.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { COMMANDS } from '../../server/src/cli/commands/index';
import { optionLabel } from '../../server/src/cli/options/option-table';
import { writeWorkspace } from '../support/workspace';

const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const workspaces: string[] = [];
after(() => workspaces.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = writeWorkspace(files, 'premortem-cli-');
  workspaces.push(dir);
  return dir;
}

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const UNLOCKED = 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n';
const LOCKED = 'terraform {\n  backend "s3" {\n    bucket       = "acme-tfstate"\n    key          = "prod.tfstate"\n    use_lockfile = true\n  }\n}\n';

test('--help and --version exit 0', () => {
  const dir = workspace({});
  const help = run(dir, '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: premortem scan/);
  const version = run(dir, '--version');
  assert.equal(version.status, 0);
  assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')).version);
});

test('each command has its own help, made from its options: premortem help COMMAND and premortem COMMAND --help', () => {
  const dir = workspace({});
  const overview = run(dir, 'help');
  assert.equal(overview.status, 0);
  assert.equal(run(dir, '--help').stdout, overview.stdout);
  // The overview lists the commands; each command's options are in its own help.
  for (const command of COMMANDS) assert.match(overview.stdout, new RegExp(`premortem ${command.name} `), command.name);
  assert.doesNotMatch(overview.stdout, /--cache-location/);
  for (const command of COMMANDS) {
    for (const args of [
      ['help', command.name],
      [command.name, '--help'],
      [command.name, '-h'],
    ]) {
      const result = run(dir, ...args);
      assert.equal(result.status, 0, args.join(' '));
      assert.match(result.stdout, new RegExp(`^Usage: premortem ${command.name} `), args.join(' '));
      assert.match(result.stdout, /\nExit codes: /);
      if (command.optionsAsFor === undefined) {
        for (const [name, spec] of Object.entries(command.options))
          assert.ok(result.stdout.includes(`  ${optionLabel(name, spec)}`), `${args.join(' ')}: --${name}`);
      }
    }
  }
});

test('--rule takes a comma-separated list as well as repeats', () => {
  const dir = workspace({ 'main.tf': UNLOCKED });
  const listed = JSON.parse(run(dir, 'scan', '--format', 'json', '--rule', 'unused-suppression,terraform-s3-backend-without-locking').stdout);
  const repeated = JSON.parse(run(dir, 'scan', '--format', 'json', '--rule', 'unused-suppression', '--rule', 'terraform-s3-backend-without-locking').stdout);
  assert.deepEqual(
    listed.findings.map((f: { ruleId: string }) => f.ruleId),
    ['terraform-s3-backend-without-locking'],
  );
  assert.deepEqual(listed.findings, repeated.findings);
  assert.equal(JSON.parse(run(dir, 'scan', '--format', 'json', '--rule', 'unused-suppression').stdout).findings.length, 0);
});

test('usage errors exit 2 with one line on stderr and no stack trace', () => {
  const dir = workspace({ 'main.tf': LOCKED });
  for (const [args, pattern] of [
    [['scan', '--bogus'], /unknown option "--bogus"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['scan', 'missing-dir'], /path not found: missing-dir/],
    [['scan', '--format', 'xml'], /unknown format "xml"/],
    [['scan', '--fail-on', 'fatal'], /--fail-on takes error, warning or info/],
    [['scan', '--rule', 'no-such-rule'], /unknown rule "no-such-rule"/],
    [
      ['scan', '--rule', 'terraform-s3-backend-without-lock'],
      /unknown rule "terraform-s3-backend-without-lock" in --rule \(did you mean "terraform-s3-backend-without-locking"\?\)/,
    ],
    [['scan', '--rule', 'unused-suppression,,x'], /--rule takes rule ids separated by commas/],
    [['help', 'scam'], /no help for "scam" \(did you mean "scan"\?\)/],
    [['scan', '--var-file'], /--var-file needs a value/],
  ] as const) {
    const result = run(dir, ...args);
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('an invalid config file exits 2 naming the file, the key and the problem', () => {
  const dir = workspace({ 'main.tf': LOCKED, '.premortem.json': '{ "rules": { "terraform-s3-backend-without-locking": "loud" } }' });
  const result = run(dir, 'scan');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /\.premortem\.json: rules\.terraform-s3-backend-without-locking/);
  assert.match(result.stderr, /must be one of/);
});

test('a finding at or above --fail-on exits 1; below it exits 0', () => {
  const dir = workspace({ 'infra/backend.tf': UNLOCKED });
  const text = run(dir, 'scan');
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stdout, /infra\/backend\.tf/);
  assert.match(text.stdout, /2:3\s+warning\s+terraform-s3-backend-without-locking/);
  assert.match(text.stdout, /1 problem \(0 errors, 1 warning, 0 info\)/);
  assert.equal(run(dir, 'scan', '--fail-on', 'error').status, 0);
  assert.equal(run(dir, 'scan', '--quiet').status, 0, '--quiet leaves warnings out');
});

test('a clean workspace exits 0 and says so', () => {
  const dir = workspace({ 'main.tf': LOCKED });
  const result = run(dir, 'scan', '.');
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /No problems/);
});

test('--format json gives relative paths and 1-based ranges, and --output writes a file', () => {
  const dir = workspace({ 'envs/prod/backend.tf': UNLOCKED, 'out/.gitkeep': '' });
  const result = run(dir, 'scan', '--format', 'json', '--output', 'out/report.json');
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'report.json'), 'utf8'));
  assert.equal(report.findings.length, 1);
  const [finding] = report.findings;
  assert.equal(finding.ruleId, 'terraform-s3-backend-without-locking');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.file, 'envs/prod/backend.tf');
  assert.deepEqual(finding.range, { start: { line: 2, column: 3 }, end: { line: 2, column: 15 } });
  assert.equal(finding.suggestions[0].message, 'Add use_lockfile = true.');
  assert.deepEqual(report.summary.bySeverity, { error: 0, warning: 1, info: 0 });
  assert.equal(report.summary.modules, 1);
});

test('--format sarif is SARIF 2.1.0 with rules and locations', () => {
  const dir = workspace({ 'backend.tf': UNLOCKED });
  const sarif = JSON.parse(run(dir, 'scan', '--format', 'sarif').stdout);
  assert.equal(sarif.version, '2.1.0');
  const [runResult] = sarif.runs;
  assert.ok(runResult.tool.driver.rules.some((r: { id: string }) => r.id === 'terraform-s3-backend-without-locking'));
  const [result] = runResult.results;
  assert.equal(result.level, 'warning');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'backend.tf');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
});

test('a file that does not parse is an error finding, not a crash', () => {
  const dir = workspace({ 'broken.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = \n}\n', 'ok.tf': LOCKED });
  const result = run(dir, 'scan', '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.findings[0].ruleId, 'syntax-error');
  assert.equal(report.findings[0].severity, 'error');
  assert.equal(report.findings[0].file, 'broken.tf');
});

test('a .tf.json file of valid JSON in the wrong shape is a json-schema-error, not a syntax error', () => {
  const dir = workspace({ 'main.tf.json': '{"resource": {"aws_s3_bucket": []}}\n', 'ok.tf': LOCKED });
  const result = run(dir, 'scan', '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const findings = JSON.parse(result.stdout).findings.map((f: { ruleId: string; severity: string; file: string }) => [f.ruleId, f.severity, f.file]);
  assert.deepEqual(findings, [['json-schema-error', 'error', 'main.tf.json']]);
});

test('--var-file values take part in evaluation', () => {
  const dir = workspace({
    'main.tf':
      'variable "lock" {\n  default = true\n}\nterraform {\n  backend "s3" {\n    bucket       = "b"\n    key          = "k"\n    use_lockfile = var.lock\n  }\n}\n',
    'envs/ci.tfvars': 'lock = false\n',
  });
  assert.equal(run(dir, 'scan', '.').status, 0);
  const withVars = run(dir, 'scan', '.', '--var-file', 'envs/ci.tfvars', '--format', 'json');
  assert.equal(withVars.status, 1);
  assert.equal(JSON.parse(withVars.stdout).findings[0].ruleId, 'terraform-s3-backend-without-locking');
});

test('suppression comments silence a finding; --no-inline-ignores brings it back', () => {
  const suppressed = UNLOCKED.replace(
    '  backend "s3" {',
    '  # premortem-ignore: terraform-s3-backend-without-locking -- one serialized deploy job\n  backend "s3" {',
  );
  const dir = workspace({ 'backend.tf': suppressed });
  assert.equal(run(dir, 'scan').status, 0);
  const strict = run(dir, 'scan', '--no-inline-ignores', '--format', 'json');
  assert.equal(strict.status, 1);
  assert.equal(JSON.parse(strict.stdout).findings[0].ruleId, 'terraform-s3-backend-without-locking');
});

test('an unused suppression is reported as info', () => {
  const dir = workspace({
    'backend.tf': LOCKED.replace('  backend "s3" {', '  # premortem-ignore: terraform-s3-backend-without-locking -- one deploy job\n  backend "s3" {'),
  });
  const result = run(dir, 'scan', '--format', 'json');
  assert.equal(result.status, 0, 'info is below the default --fail-on');
  const [finding] = JSON.parse(result.stdout).findings;
  assert.equal(finding.ruleId, 'unused-suppression');
  assert.equal(finding.severity, 'info');
  assert.equal(run(dir, 'scan', '--fail-on', 'info').status, 1);
});

test('excludes from .premortem.json and --rule select what is scanned', () => {
  const dir = workspace({
    '.premortem.json': JSON.stringify({ exclude: ['legacy/**'] }),
    'legacy/backend.tf': UNLOCKED,
    'live/backend.tf': UNLOCKED,
  });
  const report = JSON.parse(run(dir, 'scan', '--format', 'json').stdout);
  assert.deepEqual(
    report.findings.map((f: { file: string }) => f.file),
    ['live/backend.tf'],
  );
  assert.equal(run(dir, 'scan', '--rule', 'unused-suppression').status, 0);
});

test('a config that turns the rule off, or lowers it to info, changes the exit code', () => {
  const off = workspace({ '.premortem.json': '{ "rules": { "terraform-s3-backend-without-locking": "off" } }', 'backend.tf': UNLOCKED });
  assert.equal(run(off, 'scan').status, 0);
  const info = workspace({ '.premortem.json': '{ "rules": { "terraform-s3-backend-without-locking": "info" } }', 'backend.tf': UNLOCKED });
  const result = run(info, 'scan', '--format', 'json');
  assert.equal(result.status, 0);
  assert.equal(JSON.parse(result.stdout).findings[0].severity, 'info');
});

test('a file argument reports only that file', () => {
  const dir = workspace({ 'a.tf': UNLOCKED, 'b.tf': 'resource "x" "y" {\n  z = \n}\n' });
  const report = JSON.parse(run(dir, 'scan', 'a.tf', '--format', 'json').stdout);
  assert.deepEqual(
    report.findings.map((f: { file: string }) => f.file),
    ['a.tf'],
  );
});
