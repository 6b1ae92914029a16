// `scan --cache`: a run reuses the outcome of every module tree whose inputs did not change, and its report
// is the report of a run without the cache. Each input of a tree's lint (its files, a var file, the config,
// a caller's argument, the plan, the rule set, a downloaded module's manifest) invalidates it. --debug says
// how many trees were reused and linted and how many files were parsed, which is how these tests know a hit
// did no work.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { gitRepo } from '../support/git-repo';
import { runCli, type CliRun } from '../support/run-cli';
import { writeWorkspace } from '../support/workspace';
import { caller, QUEUE_MODULE, UNLOCKED } from '../support/queue-workspace';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = writeWorkspace(files, 'premortem-cache-');
  dirs.push(dir);
  return dir;
}

const AMI = 'variable "image" {\n  type = string\n}\n\nresource "aws_instance" "web" {\n  ami           = var.image\n  instance_type = "t3.micro"\n}\n';

interface Stats {
  readonly reused: number;
  readonly linted: number;
  readonly parsed: number;
}

/** The report with its duration zeroed (the one thing two runs may differ in), and what the cache did. */
function scanCached(dir: string, ...args: string[]): { run: CliRun; report: string; stats: Stats } {
  const run = runCli(dir, 'scan', ...args, '--cache', '--debug');
  const match = /(\d+) trees reused, (\d+) linted, \d+ files read to hash, (\d+) parsed/.exec(run.stderr);
  assert.ok(match, `the cache says what it did: ${run.stderr}`);
  return { run, report: normalized(run.stdout), stats: { reused: Number(match[1]), linted: Number(match[2]), parsed: Number(match[3]) } };
}

function scanFresh(dir: string, ...args: string[]): string {
  const run = runCli(dir, 'scan', ...args);
  assert.notEqual(run.status, 2, run.stderr);
  return normalized(run.stdout);
}

function normalized(report: string): string {
  return report.replace(/"durationMs": \d+/, '"durationMs": 0').replace(/scanned in \d+ ms/, 'scanned in 0 ms');
}

/** Runs with the cache twice: the second reuses every tree and reports what a run without the cache does. */
function assertReused(dir: string, ...args: string[]): string {
  const expected = scanFresh(dir, ...args);
  const first = scanCached(dir, ...args);
  assert.equal(first.report, expected);
  const second = scanCached(dir, ...args);
  assert.equal(second.report, expected, 'the cached report is the report');
  assert.equal(second.run.status, first.run.status);
  assert.equal(second.stats.linted, 0, 'no tree was linted');
  assert.equal(second.stats.parsed, 0, 'no file was parsed');
  assert.ok(second.stats.reused > 0);
  return expected;
}

/** After a change: the cached run lints again (some tree) and reports what a run without the cache does. */
function assertRelinted(dir: string, before: string, ...args: string[]): string {
  const expected = scanFresh(dir, ...args);
  assert.notEqual(expected, before, 'the change changes the findings');
  const after = scanCached(dir, ...args);
  assert.equal(after.report, expected);
  assert.ok(after.stats.linted > 0, 'a tree was linted again');
  return expected;
}

test('a second run with --cache reuses every tree and prints the same report, in every format', () => {
  const dir = workspace({
    'live/backend.tf': UNLOCKED,
    'live/main.tf': caller('allkeys-lru'),
    'modules/queue/main.tf': QUEUE_MODULE,
    'other/main.tf': UNLOCKED,
  });
  for (const format of ['json', 'text', 'sarif']) assertReused(dir, '--format', format);
  const json = JSON.parse(scanCached(dir, '--format', 'json').run.stdout) as { findings: unknown[]; summary: { modules: number; files: number } };
  assert.ok(json.findings.length >= 3);
  assert.deepEqual([json.summary.modules, json.summary.files], [3, 4]);
  assert.ok(fs.existsSync(path.join(dir, '.premortemcache')), 'the cache file is .premortemcache in the working directory');
});

test("without --debug a cached run prints nothing on stderr, and its exit code is the findings'", () => {
  const dir = workspace({ 'main.tf': UNLOCKED });
  const first = runCli(dir, 'scan', '--cache');
  const second = runCli(dir, 'scan', '--cache');
  assert.deepEqual([first.status, first.stderr], [1, '']);
  assert.deepEqual([second.status, second.stderr], [1, '']);
  assert.equal(normalized(second.stdout), normalized(first.stdout));
});

test('editing a file of a module, or adding one, lints its tree again', () => {
  const dir = workspace({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE, 'other/main.tf': UNLOCKED });
  let report = assertReused(dir, '--format', 'json');
  fs.writeFileSync(path.join(dir, 'live/backend.tf'), UNLOCKED);
  report = assertRelinted(dir, report, '--format', 'json');
  fs.writeFileSync(path.join(dir, 'live/backend.tf'), UNLOCKED.replace('"s3" {', '"s3" {\n    dynamodb_table = "locks"'));
  const after = scanCached(dir, '--format', 'json');
  assert.equal(after.report, scanFresh(dir, '--format', 'json'));
  assert.notEqual(after.report, report);
  assert.equal(after.stats.linted, 1, 'only the tree of the edited module');
});

test("a caller's argument invalidates the tree that reaches the module it calls", () => {
  const dir = workspace({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE });
  const before = assertReused(dir, '--format', 'json');
  fs.writeFileSync(path.join(dir, 'live/main.tf'), caller('allkeys-lru'));
  const after = assertRelinted(dir, before, '--format', 'json');
  assert.match(after, /modules\/queue\/main\.tf|live\/main\.tf/);
});

test('a var file, and a var file given with --var-file, invalidate', () => {
  const root = `module "queue" {\n  source = "../modules/queue"\n  policy = var.policy\n}\n\nvariable "policy" {\n  type = string\n}\n`;
  const dir = workspace({
    'live/main.tf': root,
    'live/terraform.tfvars': 'policy = "noeviction"\n',
    'modules/queue/main.tf': QUEUE_MODULE,
    'extra.tfvars': 'policy = "noeviction"\n',
  });
  const report = assertReused(dir, '--format', 'json');
  fs.writeFileSync(path.join(dir, 'live/terraform.tfvars'), 'policy = "allkeys-lru"\n');
  assertRelinted(dir, report, '--format', 'json');
  assertReused(dir, '--format', 'json', '--var-file', 'extra.tfvars');
  const withExtra = scanFresh(dir, '--format', 'json', '--var-file', 'extra.tfvars');
  fs.writeFileSync(path.join(dir, 'extra.tfvars'), 'policy = "allkeys-lru"\n');
  assertRelinted(dir, withExtra, '--format', 'json', '--var-file', 'extra.tfvars');
});

test('the config and the rule set invalidate: .premortem.json, --config, --rule, --no-inline-ignores', () => {
  const dir = workspace({
    'main.tf': `${UNLOCKED}\n# premortem-ignore: aws-hardcoded-ami-id -- a test image\n${AMI.replace('var.image', '"ami-0f3c9b7e21d4a6805"')}`,
    'strict.json': '{ "rules": { "terraform-s3-backend-without-locking": "info" } }',
  });
  let report = assertReused(dir, '--format', 'json');
  fs.writeFileSync(path.join(dir, '.premortem.json'), '{ "rules": { "terraform-s3-backend-without-locking": "off" } }');
  report = assertRelinted(dir, report, '--format', 'json');
  fs.writeFileSync(path.join(dir, '.premortem.json'), '{ "rules": { "terraform-s3-backend-without-locking": "error" } }');
  report = assertRelinted(dir, report, '--format', 'json');
  report = assertRelinted(dir, report, '--format', 'json', '--config', 'strict.json');
  report = assertRelinted(dir, report, '--format', 'json', '--rule', 'aws-hardcoded-ami-id');
  assertRelinted(dir, report, '--format', 'json', '--rule', 'aws-hardcoded-ami-id', '--no-inline-ignores');
});

test('a plan invalidates the tree of the root it was made from when it is given, changed or dropped', () => {
  const scenario = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans', 'release');
  const dir = workspace({});
  fs.cpSync(path.join(scenario, 'root'), path.join(dir, 'app'), { recursive: true });
  const planText = fs.readFileSync(path.join(scenario, 'plan.json'), 'utf8');
  fs.writeFileSync(path.join(dir, 'plan.json'), planText);
  const without = assertReused(dir, 'app', '--format', 'json');
  let report = assertRelinted(dir, without, 'app', '--format', 'json', '--plan', 'plan.json');
  assertReused(dir, 'app', '--format', 'json', '--plan', 'plan.json');
  assert.match(report, /ami-0f9e8d7c6b5a49382/, "the plan's value of a variable");
  fs.writeFileSync(path.join(dir, 'plan.json'), planText.replaceAll('ami-0f9e8d7c6b5a49382', 'ami-0aaaaaaaaaaaaaaaa'));
  report = assertRelinted(dir, report, 'app', '--format', 'json', '--plan', 'plan.json');
  assert.match(report, /ami-0aaaaaaaaaaaaaaaa/);
  assertRelinted(dir, report, 'app', '--format', 'json');
});

test("a downloaded module's manifest invalidates the root that calls it", () => {
  const call = 'module "queue" {\n  source  = "acme/queue/aws"\n  version = "1.0.0"\n  policy  = "allkeys-lru"\n}\n';
  const dir = workspace({ 'app/main.tf': call, 'app/.terraform/modules/queue/main.tf': QUEUE_MODULE });
  const opaque = assertReused(dir, 'app', '--format', 'json');
  assert.match(opaque, /opaque-modules/, 'without a manifest the call is opaque');
  fs.writeFileSync(
    path.join(dir, 'app/.terraform/modules/modules.json'),
    JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'queue', Source: 'registry.terraform.io/acme/queue/aws', Version: '1.0.0', Dir: '.terraform/modules/queue' },
      ],
    }),
  );
  const report = assertRelinted(dir, opaque, 'app', '--format', 'json');
  assertReused(dir, 'app', '--format', 'json');
  fs.writeFileSync(path.join(dir, 'app/.terraform/modules/queue/main.tf'), QUEUE_MODULE.replace('var.policy', '"noeviction"'));
  assertRelinted(dir, report, 'app', '--format', 'json');
});

test('a corrupt, cut short or foreign cache file is ignored without a word, and rebuilt', () => {
  const dir = workspace({ 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE });
  const expected = assertReused(dir, '--format', 'json');
  const file = path.join(dir, '.premortemcache');
  const good = fs.readFileSync(file, 'utf8');
  for (const damaged of [
    'not a cache',
    '',
    good.slice(0, good.length / 2),
    good.replace(/"run":\d+/, '"run":"x"'),
    `${good.slice(0, 40)}X${good.slice(41)}`,
    '\u0000\u0001\u0002',
  ]) {
    fs.writeFileSync(file, damaged);
    const run = runCli(dir, 'scan', '--format', 'json', '--cache');
    assert.deepEqual([run.status, run.stderr], [1, ''], JSON.stringify(damaged.slice(0, 50)));
    assert.equal(normalized(run.stdout), expected);
    assert.equal(scanCached(dir, '--format', 'json').stats.linted, 0, 'rebuilt by the run that ignored it');
  }
});

test('--cache-location takes a file, or a directory that gets .premortemcache inside it', () => {
  const dir = workspace({ 'main.tf': UNLOCKED, 'ci/keep': '' });
  const expected = scanFresh(dir, '--format', 'json');
  for (const [location, file] of [
    ['ci', 'ci/.premortemcache'],
    ['new-dir/', 'new-dir/.premortemcache'],
    ['tmp/lint.cache', 'tmp/lint.cache'],
  ] as const) {
    const first = scanCached(dir, '--format', 'json', '--cache-location', location);
    assert.ok(fs.existsSync(path.join(dir, file)), `${location} → ${file}`);
    // A directory made for the cache inside the scanned one is a change to what the lint lists, once.
    scanCached(dir, '--format', 'json', '--cache-location', location);
    const third = scanCached(dir, '--format', 'json', '--cache-location', location);
    assert.deepEqual([first.report, third.report, third.stats.linted], [expected, expected, 0]);
  }
  assert.ok(!fs.existsSync(path.join(dir, '.premortemcache')), 'nothing at the default location');
});

test('a cache that cannot be written costs one warning line: the report and the exit code are unchanged', () => {
  const dir = workspace({ 'main.tf': UNLOCKED, 'a-file': 'not a directory' });
  const expected = runCli(dir, 'scan', '--format', 'json');
  const run = runCli(dir, 'scan', '--format', 'json', '--cache', '--cache-location', 'a-file/cache');
  assert.equal(run.status, expected.status);
  assert.equal(normalized(run.stdout), normalized(expected.stdout));
  assert.match(run.stderr, /^premortem: warning: cannot write the cache a-file\/cache: .+\n$/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['a-file', 'main.tf'], 'no temporary file left behind');
});

test('--cache-location without --cache, or naming a configuration file, is a usage error', () => {
  const dir = workspace({ 'main.tf': UNLOCKED });
  const alone = runCli(dir, 'scan', '--cache-location', 'x');
  assert.deepEqual([alone.status, alone.stderr], [2, 'premortem: --cache-location needs --cache\n']);
  const tf = runCli(dir, 'scan', '--cache', '--cache-location', 'main.tf');
  assert.equal(tf.status, 2);
  assert.match(tf.stderr, /refusing to write the cache over a configuration file/);
  assert.equal(fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), UNLOCKED);
});

test('a module that is gone leaves the cache; trees of paths this run did not scan stay', () => {
  const dir = workspace({ 'a/main.tf': UNLOCKED, 'b/main.tf': UNLOCKED });
  const cacheText = (): string => fs.readFileSync(path.join(dir, '.premortemcache'), 'utf8');
  const b = /[\\/]b[\\/]main\.tf/;
  scanCached(dir, 'a');
  scanCached(dir, 'b');
  assert.deepEqual(scanCached(dir, 'a').stats, { reused: 1, linted: 0, parsed: 0 }, 'scanning b kept the tree of a');
  assert.match(cacheText(), b, 'and scanning a kept the tree of b');
  // Scanned as part of the whole, a module's key differs (its scanned path bounds what is read around it).
  assert.deepEqual(pick(scanCached(dir).stats), { reused: 0, linted: 2 });
  fs.rmSync(path.join(dir, 'b'), { recursive: true });
  assert.deepEqual(pick(scanCached(dir).stats), { reused: 1, linted: 0 });
  assert.doesNotMatch(cacheText(), b, 'b was scanned for, and is gone');
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'b/main.tf'), UNLOCKED);
  assert.deepEqual(pick(scanCached(dir).stats), { reused: 1, linted: 1 });
});

const pick = ({ reused, linted }: Stats): { reused: number; linted: number } => ({ reused, linted });

test('an unchanged file is known by its metadata: the third run reads nothing to hash', () => {
  const dir = workspace({ 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE });
  // Files written a minute ago: their metadata vouches for them (a file written within the last 2 s is hashed again).
  const past = new Date(Date.now() - 60_000);
  for (const file of ['live/main.tf', 'modules/queue/main.tf', 'live', 'modules/queue', 'modules', '.']) fs.utimesSync(path.join(dir, file), past, past);
  scanCached(dir);
  scanCached(dir);
  const third = runCli(dir, 'scan', '--cache', '--debug');
  assert.match(third.stderr, /1 trees reused, 0 linted, 0 files read to hash, 0 parsed/);
  // Same size, same second, other content: the content decides once the metadata differs.
  fs.writeFileSync(path.join(dir, 'live/main.tf'), caller('noeviction'.padEnd(11)));
  assert.notEqual(scanCached(dir, '--format', 'json').stats.linted, 0);
});

test('--new-since and --baseline with --cache report what they report without it', () => {
  const repo = gitRepo({ 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE, 'other/main.tf': UNLOCKED });
  dirs.push(repo.dir);
  repo.commit('base');
  assert.equal(runCli(repo.dir, 'baseline', '--output', 'baseline.json').status, 0);
  repo.write('live/main.tf', caller('allkeys-lru'));
  repo.write('other/backend.tf', UNLOCKED.replace('acme-tfstate', 'acme-other'));
  for (const args of [
    ['--new-since', 'main'],
    ['--baseline', 'baseline.json'],
    ['--new-since', 'main', '--baseline', 'baseline.json'],
  ]) {
    const expected = scanFresh(repo.dir, '--format', 'json', ...args);
    assert.match(expected, /"notNew"/);
    const first = scanCached(repo.dir, '--format', 'json', ...args);
    const second = scanCached(repo.dir, '--format', 'json', ...args);
    assert.deepEqual([first.report, second.report], [expected, expected], args.join(' '));
    assert.equal(second.stats.linted, 0, `${args.join(' ')}: the trees of the change (as they are now) come from the cache`);
  }
});

test('review --cache reports what review reports without it', () => {
  const dir = workspace({ 'live/main.tf': caller('allkeys-lru'), 'modules/queue/main.tf': QUEUE_MODULE, 'other/main.tf': UNLOCKED });
  const expected = runCli(dir, 'review', '--format', 'json');
  const first = runCli(dir, 'review', '--format', 'json', '--cache', '--debug');
  const second = runCli(dir, 'review', '--format', 'json', '--cache', '--debug');
  assert.deepEqual([first.stdout, second.stdout, second.status], [expected.stdout, expected.stdout, expected.status]);
  assert.match(second.stderr, / 2 trees reused, 0 linted/);
  assert.equal(runCli(dir, 'review', '--cache-location', 'x').stderr, 'premortem: --cache-location needs --cache\n');
});

test('discovery is cached while the directories it listed are unchanged: a new module, a new file or an exclude is seen', () => {
  const dir = workspace({ 'a/main.tf': UNLOCKED });
  let report = assertReused(dir, '--format', 'json');
  fs.mkdirSync(path.join(dir, 'deep/er'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'deep/er/main.tf'), UNLOCKED);
  report = assertRelinted(dir, report, '--format', 'json');
  fs.writeFileSync(path.join(dir, 'deep/er/terraform.tfvars'), 'x = 1\n');
  report = assertRelinted(dir, report, '--format', 'json');
  fs.writeFileSync(path.join(dir, '.premortem.json'), '{ "exclude": ["deep"] }');
  report = assertRelinted(dir, report, '--format', 'json');
  assert.doesNotMatch(report, /deep\/er/);
});
