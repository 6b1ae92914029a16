// `premortem blast-radius` over real plans (test/fixtures/plans/<scenario>, made by scripts/generate-plans.mjs):
// each format's output must equal its golden file; UPDATE_GOLDEN=1 rewrites them. The CLI runs as users run
// it, from dist/cli.js, so exit codes and file handling are covered too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PLANS = path.join(ROOT, 'test', 'fixtures', 'plans');
const update = process.env['UPDATE_GOLDEN'] === '1';
const EXTENSIONS = { text: 'txt', json: 'json', markdown: 'md' } as const;

function run(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

for (const scenario of fs.readdirSync(PLANS).filter((name) => fs.existsSync(path.join(PLANS, name, 'plan-update.json')))) {
  const dir = path.join(PLANS, scenario);
  for (const [planName, configDir] of [
    ['plan-create', 'v1'],
    ['plan-update', 'v2'],
  ] as const) {
    for (const [format, extension] of Object.entries(EXTENSIONS)) {
      test(`blast-radius ${scenario}/${planName} --format ${format}`, () => {
        const result = run(dir, 'blast-radius', '--plan', `${planName}.json`, configDir, '--format', format);
        assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
        let actual = result.stdout;
        if (format === 'json') {
          const report = JSON.parse(actual);
          delete report.version;
          actual = JSON.stringify(report, null, 2) + '\n';
        }
        const expected = path.join(dir, 'expected', `${planName}.${extension}`);
        if (update) {
          fs.mkdirSync(path.dirname(expected), { recursive: true });
          fs.writeFileSync(expected, actual);
        }
        assert.equal(actual, fs.readFileSync(expected, 'utf8'));
      });
    }
  }
}

test('blast-radius without --plan is a usage error', () => {
  const result = run(ROOT, 'blast-radius', 'examples');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /needs --plan/);
});

test('a file that is not a plan is a usage error that says how to make one', () => {
  const result = run(ROOT, 'blast-radius', '--plan', 'package.json', 'examples');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /not a Terraform plan in JSON form; make it with "terraform show -json/);
});

test('a missing plan file is a usage error, not a stack trace', () => {
  const result = run(ROOT, 'blast-radius', '--plan', 'no-such-plan.json');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot read the plan no-such-plan\.json: ENOENT/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});

test('each finding is printed in full once, under the first change it touches; later changes point back to it', () => {
  for (const format of ['text', 'markdown']) {
    const result = run(path.join(PLANS, 'shop'), 'blast-radius', '--plan', 'plan-update.json', 'v2', '--format', format);
    const json = JSON.parse(run(path.join(PLANS, 'shop'), 'blast-radius', '--plan', 'plan-update.json', 'v2', '--format', 'json').stdout);
    const messages = new Set<string>(json.changes.flatMap((c: { findings: { message: string }[] }) => c.findings.map((f) => f.message)));
    assert.ok(messages.size > 0);
    for (const message of messages) {
      const shown = message.replace(/\|/g, '\\|');
      assert.equal(result.stdout.split(shown).length - 1, 1, `${format}: printed once: ${message.slice(0, 60)}`);
    }
    assert.match(result.stdout, /listed above, under `?aws_lambda_event_source_mapping\.worker/);
  }
});

test("another configuration's plan is refused with exit 2, rather than a plausible clean blast radius", () => {
  const result = run(path.join(PLANS, 'shop'), 'blast-radius', '--plan', '../release/plan.json', 'v2');
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(
    result.stderr,
    /^premortem: \.\.\/release\/plan\.json: none of the plan's resources is declared in v2; pass the root module the plan was made from\n$/,
  );
});

test('--format svg draws every change and every dependent, each with the argument that refers', () => {
  const dir = path.join(PLANS, 'shop');
  const json = JSON.parse(run(dir, 'blast-radius', '--plan', 'plan-update.json', 'v2', '--format', 'json').stdout);
  const result = run(dir, 'blast-radius', '--plan', 'plan-update.json', 'v2', '--format', 'svg');
  assert.equal(result.status, 1, result.stderr); // the plan has findings at warning or above
  const svg = result.stdout;
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>\n<title id="pm-title">premortem: blast radius of this plan<\/title>\n<style>/);
  const drawn = new Set([...svg.matchAll(/<g class="pm-node pm-(\w+) [^"]*" data-id="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]!.replace(/&quot;/g, '"')}`));
  for (const change of json.changes as { address: string; dependents: { address: string }[] }[]) {
    assert.ok(drawn.has(`origin ${change.address}`), `the change ${change.address} is drawn`);
    for (const d of change.dependents)
      assert.ok(drawn.has(`dependent ${d.address}`) || drawn.has(`origin ${d.address}`), `its dependent ${d.address} is drawn`);
  }
  assert.match(svg, /aws_cloudfront_cache_policy · update<\/text>/);
  assert.match(svg, /aws_sqs_queue · replace<\/text>/);
  assert.match(svg, /aws_sns_topic_subscription · delete<\/text>/, 'a change that another change reaches is drawn as a change');
  assert.match(svg, />ordered_cache_behavior\.cache_policy_id<\/text>/);
  assert.match(svg, />event_source_arn<\/text>/);
  assert.match(svg, />module\.edge<\/text>/, 'the module is a cluster');
});

test('--format html writes one self-contained page, to --output as well', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-blast-html-'));
  fs.cpSync(path.join(PLANS, 'shop'), dir, { recursive: true });
  const result = run(dir, 'blast-radius', '--plan', 'plan-update.json', 'v2', '--format', 'html', '--output', 'out/blast-radius.html');
  assert.equal(result.stdout, '');
  const html = fs.readFileSync(path.join(dir, 'out', 'blast-radius.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<p>5 changes reach 9 dependents\.<\/p>/);
  assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.doesNotMatch(html, /<script|<link|<img|@import/i);
  assert.deepEqual(
    [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]),
    ['http://www.w3.org/2000/svg'],
  );
});

test('an unknown format names the formats there are', () => {
  const result = run(ROOT, 'blast-radius', '--plan', 'plan.json', '--format', 'png');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown format "png" for blast-radius; use one of text, json, markdown, svg, html/);
});
