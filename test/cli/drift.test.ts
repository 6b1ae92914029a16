// `premortem drift`: golden outputs in every format over test/golden/env-drift/workspace (every layout:
// var files, config-named var files, sibling module calls, Terragrunt), the arguments, and the exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { RULES } from '../../rules/index';
import { parseArguments } from '../../server/src/cli/commands/index';
import { UsageError } from '../../server/src/cli/options/usage-error';
import { DRIFT_FORMATS } from '../../server/src/cli/commands/drift/options';
import { formatDrift } from '../../server/src/cli/commands/drift/format';
import { buildDriftReport } from '../../server/src/cli/commands/drift/report';

const SCENARIO = path.resolve(__dirname, '..', '..', '..', 'test', 'golden', 'env-drift');
const WORKSPACE = path.join(SCENARIO, 'workspace');
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const EXTENSIONS = { text: 'txt', json: 'json', markdown: 'md' } as const;
const update = process.env['UPDATE_GOLDEN'] === '1';

const temporary: string[] = [];
after(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

for (const format of DRIFT_FORMATS) {
  test(`drift golden output: ${format}`, () => {
    const report = buildDriftReport({ paths: ['.'], cwd: WORKSPACE }, RULES);
    assert.deepEqual(report.failures, []);
    const actual = formatDrift(format, { report, cwd: WORKSPACE, version: '0.0.0', all: true });
    const expectedFile = path.join(SCENARIO, `expected-drift.${EXTENSIONS[format]}`);
    if (update) fs.writeFileSync(expectedFile, actual);
    assert.equal(actual, fs.readFileSync(expectedFile, 'utf8'));
  });
}

test('the JSON report names every module, environment and variable', () => {
  const json = JSON.parse(formatDrift('json', { report: buildDriftReport({ paths: ['.'], cwd: WORKSPACE }, RULES), cwd: WORKSPACE, version: '0.0.0' }));
  assert.deepEqual(
    json.modules.map(
      (m: { dir: string; layout: string; environments: { name: string }[] }) => `${m.dir} ${m.layout} ${m.environments.map((e) => e.name).join(',')}`,
    ),
    ['app var-file dev,prod,staging', 'components/api config prod,staging', 'modules/db terragrunt dev,prod', 'modules/network module-call dev,prod,staging'],
  );
  const network = json.modules.find((m: { dir: string }) => m.dir === 'modules/network');
  const vpc = network.variables.find((v: { name: string }) => v.name === 'vpc_id');
  assert.deepEqual(vpc.values, {
    dev: { state: 'set', value: 'vpc-0123456789abcdef0', inherited: false, file: 'live/dev/main.tf', line: 4 },
    prod: { state: 'missing' },
    staging: { state: 'set', value: 'vpc-0fedcba9876543210', inherited: false, file: 'live/staging/main.tf', line: 8 },
  });
  assert.deepEqual(
    vpc.disagreements.map((d: { environment: string; messageId: string; severity: string }) => `${d.environment} ${d.messageId} ${d.severity}`),
    ['prod missingArgument error'],
  );
  assert.deepEqual(json.summary, { modules: 4, disagreements: 7, bySeverity: { error: 2, warning: 5, info: 0 } });
});

test('drift arguments', () => {
  assert.deepEqual(parseArguments(['drift']), {
    command: 'drift',
    paths: ['.'],
    format: 'text',
    all: false,
    failOn: 'warning',
    inlineIgnores: true,
    debug: false,
  });
  assert.deepEqual(
    parseArguments(['drift', 'live', '--format=markdown', '-o', 'drift.md', '--fail-on', 'error', '--config', 'c.json', '--no-inline-ignores', '--all']),
    {
      command: 'drift',
      paths: ['live'],
      format: 'markdown',
      all: true,
      failOn: 'error',
      inlineIgnores: false,
      debug: false,
      output: 'drift.md',
      config: 'c.json',
    },
  );
  assert.throws(() => parseArguments(['drift', '--format', 'sarif']), new UsageError('unknown format "sarif" for drift; use one of text, json, markdown'));
  assert.throws(() => parseArguments(['drift', '--rule', 'x']), new UsageError('unknown option "--rule" for drift; see premortem drift --help'));
});

function run(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('exit codes: 1 with disagreements at or above --fail-on, 0 below, 2 for usage errors', () => {
  assert.equal(run(WORKSPACE, 'drift').status, 1);
  assert.equal(run(WORKSPACE, 'drift', 'app', '--fail-on', 'error').status, 0);
  assert.equal(run(WORKSPACE, 'drift', 'modules', 'live', '--fail-on', 'error').status, 1);
  const usage = run(WORKSPACE, 'drift', '--format', 'xml');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown format "xml" for drift/);
  assert.equal(run(WORKSPACE, 'drift', 'no-such-dir').status, 2);
});

test('--output writes the report; a workspace without environments is clean', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-drift-'));
  temporary.push(dir);
  fs.writeFileSync(path.join(dir, 'main.tf'), 'variable "x" {}\n');
  fs.mkdirSync(path.join(dir, 'out'));
  const result = run(dir, 'drift', '--format', 'markdown', '--output', 'out/drift.md');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(fs.readFileSync(path.join(dir, 'out', 'drift.md'), 'utf8'), /No module with environments was found/);
});

test('values of a variable declared sensitive never appear in any format; the rows still show it is set', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-drift-'));
  temporary.push(dir);
  fs.mkdirSync(path.join(dir, 'envs'));
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    'variable "db_password" {\n  type      = string\n  sensitive = true\n}\nvariable "api_keys" {\n  type      = map(string)\n  sensitive = true\n}\nvariable "size" {}\n',
  );
  fs.writeFileSync(path.join(dir, 'envs', 'staging.tfvars'), 'db_password = "s3cret-staging"\napi_keys = { a = "key-staging-1234" }\nsize = "small"\n');
  fs.writeFileSync(path.join(dir, 'envs', 'prod.tfvars'), 'db_password = "s3cret-production"\nsize = "large"\n');
  for (const format of DRIFT_FORMATS) {
    const result = run(dir, 'drift', '--format', format, '--all');
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    assert.doesNotMatch(result.stdout + run(dir, 'drift', '--format', format).stdout, /s3cret|key-staging/, `${format} prints no sensitive value`);
    assert.match(result.stdout, /\(sensitive\)/, `${format} shows that the value is set`);
    assert.match(result.stdout, /large/, `${format} still prints ordinary values`);
  }
  const json = JSON.parse(run(dir, 'drift', '--format', 'json').stdout);
  const password = json.modules[0].variables.find((v: { name: string }) => v.name === 'db_password');
  assert.equal(password.sensitive, true);
  assert.deepEqual(
    Object.values(password.values).map((cell) => (cell as { value: string }).value),
    ['(sensitive)', '(sensitive)'],
  );
});

test('text and markdown show only the rows that disagree unless --all; JSON is always complete', () => {
  const report = buildDriftReport({ paths: ['.'], cwd: WORKSPACE }, RULES);
  const rows = report.modules.reduce((n, m) => n + m.variables.length, 0);
  const disagreeing = report.modules.reduce((n, m) => n + m.variables.filter((v) => v.disagreements.length > 0).length, 0);
  assert.ok(disagreeing > 0 && disagreeing < rows, 'the workspace has rows of both kinds');
  for (const format of ['text', 'markdown'] as const) {
    const brief = formatDrift(format, { report, cwd: WORKSPACE, version: '0.0.0' });
    const full = formatDrift(format, { report, cwd: WORKSPACE, version: '0.0.0', all: true });
    assert.ok(brief.length < full.length, format);
    assert.match(
      brief,
      new RegExp(`${rows - disagreeing} variables on which the environments agree are not shown \\(premortem drift --all shows every row\\)`),
    );
    assert.doesNotMatch(full, /not shown/);
    for (const module of report.modules) {
      for (const variable of module.variables) {
        if (variable.disagreements.length > 0) assert.ok(brief.includes(variable.name), `${format} keeps ${variable.name}`);
      }
    }
    // The summary still counts every module and disagreement.
    assert.equal(brief.trim().split('\n').at(-1), full.trim().split('\n').at(-1));
  }
  assert.equal(formatDrift('json', { report, cwd: WORKSPACE, version: '0.0.0' }), formatDrift('json', { report, cwd: WORKSPACE, version: '0.0.0', all: true }));
});
