// Rules about plan actions in the CLI, as users run it (dist/cli.js) on a copy of the real plan fixture
// test/fixtures/plans/data-stores: `scan --plan` reports them with the resource's address in JSON and SARIF;
// without a plan they run not at all and say nothing, not even about their own suppressions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SCENARIO = path.join(ROOT, 'test', 'fixtures', 'plans', 'data-stores');
const RULE = 'aws-plan-destroys-stateful-data';

/** v2/ and the update plan in a temporary directory, with `edit` applied to v2/storage.tf. */
function workspace(edit: (storage: string) => string = (storage) => storage): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-plan-actions-'));
  fs.cpSync(path.join(SCENARIO, 'v2'), path.join(dir, 'v2'), { recursive: true });
  fs.copyFileSync(path.join(SCENARIO, 'plan-update.json'), path.join(dir, 'plan.json'));
  const storage = path.join(dir, 'v2', 'storage.tf');
  fs.writeFileSync(storage, edit(fs.readFileSync(storage, 'utf8')));
  return dir;
}

function run(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly range: { readonly start: { readonly line: number; readonly column: number } };
  readonly resource?: string;
}

test('scan --plan --format json: a plan-action finding carries the resource address', () => {
  const dir = workspace();
  const result = run(dir, 'v2', '--plan', 'plan.json', '--rule', RULE, '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const findings: JsonFinding[] = JSON.parse(result.stdout).findings;
  assert.ok(findings.length > 0 && findings.every((f) => f.ruleId === RULE && f.resource !== undefined));
  const zone = findings.find((f) => f.resource === 'aws_route53_zone.internal');
  assert.deepEqual(zone && { severity: zone.severity, file: zone.file, line: zone.range.start.line, column: zone.range.start.column }, {
    severity: 'error',
    file: 'v2/storage.tf',
    line: 12,
    column: 1,
  });
  assert.match(zone!.message, /^This plan deletes aws_route53_zone\.internal, and nothing brings its data back/);
  const child = findings.find((f) => f.resource === 'module.store.aws_dynamodb_table.ledger');
  assert.deepEqual(child && [child.file, child.range.start.line], ['v2/tables.tf', 26]);
});

test('scan --plan --format sarif: the resource address is in the result properties', () => {
  const dir = workspace();
  const result = run(dir, 'v2', '--plan', 'plan.json', '--rule', RULE, '--format', 'sarif');
  assert.equal(result.status, 1, result.stderr);
  const results: { ruleId: string; properties?: { resource: string } }[] = JSON.parse(result.stdout).runs[0].results;
  assert.ok(results.length > 0);
  assert.ok(results.every((r) => r.ruleId === RULE && typeof r.properties?.resource === 'string'));
  assert.ok(results.some((r) => r.properties!.resource === 'aws_db_instance.orders'));
});

test('scan without --plan: rules about plan actions run not at all, and their suppressions are not unused', () => {
  const dir = workspace((storage) =>
    storage.replace('# Deleted on purpose.\n', `# Deleted on purpose.\n# premortem-ignore: ${RULE} -- the zone moved to another account\n`),
  );
  const result = run(dir, 'v2', '--format', 'json');
  assert.ok(result.status === 0 || result.status === 1, result.stdout + result.stderr);
  // The configuration's own rules still run (an RDS instance without a way back is a finding either way).
  const findings: JsonFinding[] = JSON.parse(result.stdout).findings;
  assert.deepEqual(
    findings.filter((f) => f.ruleId.startsWith('aws-plan-') || f.ruleId === 'unused-suppression' || f.resource !== undefined),
    [],
  );
});

test('scan --plan: a suppression above the removed block silences the finding about the resource it removes', () => {
  const dir = workspace((storage) =>
    storage.replace('# Deleted on purpose.\n', `# Deleted on purpose.\n# premortem-ignore: ${RULE} -- the zone moved to another account\n`),
  );
  const result = run(dir, 'v2', '--plan', 'plan.json', '--format', 'json');
  const findings: JsonFinding[] = JSON.parse(result.stdout).findings;
  assert.equal(
    findings.find((f) => f.resource === 'aws_route53_zone.internal'),
    undefined,
  );
  assert.equal(
    findings.find((f) => f.ruleId === 'unused-suppression'),
    undefined,
  );
  assert.ok(findings.some((f) => f.resource === 'aws_db_instance.orders'));
});

test('scan --plan: a suppression of a plan rule that silences nothing is unused', () => {
  const dir = workspace(
    (storage) => `${storage}\n# premortem-ignore: ${RULE} -- nothing to silence here\nresource "aws_sqs_queue" "spare" {\n  name = "spare"\n}\n`,
  );
  const result = run(dir, 'v2', '--plan', 'plan.json', '--format', 'json');
  const findings: JsonFinding[] = JSON.parse(result.stdout).findings;
  assert.ok(
    findings.some((f) => f.ruleId === 'unused-suppression' && f.file === 'v2/storage.tf'),
    JSON.stringify(findings.map((f) => f.ruleId)),
  );
});
