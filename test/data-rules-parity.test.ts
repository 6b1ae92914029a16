// Proof that the rule-file format can say what built-in rules say: three built-in rules written as data
// (test/fixtures/data-rules/builtins) report the same resources for the same reasons as the built-ins, on
// examples/ and on the real-world corpus. A finding is compared by its file, the address of the top-level
// block it lies in, its reason (the built-in's messageId, which the rule file's report case is named after)
// and its severity; then by its position, where the anchors agree (they do for these three rules: the
// value's expression, or the block's header when the argument is absent). The built-in's
// noMemoryAlarm finding is the separate rule file aws-elasticache-queue-memory-alarm.yaml.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { addressOf, type RuleModule } from '../rules/api';
import { RULES } from '../rules/index';
import { runExamples } from '../server/src/core/data-rules/examples';
import { loadRuleFile } from '../server/src/core/data-rules/load-rule-file';
import type { Finding } from '../server/src/core/finding';
import { parseFile } from '../server/src/core/parse';
import { scan } from '../server/src/core/scan';
import { corpusDir, corpusFiles, corpusSkipMessage } from './support/corpus';

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'data-rules', 'builtins');

/** The rule file's id → the built-in rule it restates. */
const RESTATES: Readonly<Record<string, string>> = {
  'aws-hardcoded-ami-id': 'aws-hardcoded-ami-id',
  'aws-sqs-visibility-below-lambda-timeout': 'aws-sqs-visibility-below-lambda-timeout',
  'aws-elasticache-queue-evicting-policy': 'aws-elasticache-queue-evicting-policy',
  'aws-elasticache-queue-memory-alarm': 'aws-elasticache-queue-evicting-policy',
};

const BUILTINS: readonly RuleModule[] = RULES.filter((rule) => Object.values(RESTATES).includes(rule.meta.id));

function dataRules(base: string): RuleModule[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => loadRuleFile(path.join(FIXTURES, name), base).rule);
}

const texts = new Map<string, string>();

/** The address of the top-level block a finding lies in (`aws_sqs_queue.jobs`). */
function enclosingAddress(finding: Finding): string {
  let text = texts.get(finding.file);
  if (text === undefined) texts.set(finding.file, (text = fs.readFileSync(finding.file, 'utf8')));
  const offset = finding.range.start.offset;
  const block = parseFile(finding.file, text).body.blocks.find((b) => b.range.start.offset <= offset && offset < b.range.end.offset);
  return block ? (addressOf(block) ?? block.type) : '(file)';
}

function describe(root: string, finding: Finding, withPosition: boolean): string {
  const file = path.relative(root, finding.file).split(path.sep).join('/');
  const rule = RESTATES[finding.ruleId] ?? finding.ruleId;
  const at = withPosition ? `:${finding.range.start.line}:${finding.range.start.column}` : '';
  return `${file}${at} ${enclosingAddress(finding)} ${rule} ${finding.messageId} ${finding.severity}`;
}

async function compare(root: string): Promise<number> {
  const builtin = await scan({ paths: [root], cwd: root, rules: BUILTINS });
  const data = await scan({ paths: [root], cwd: root, rules: dataRules(root) });
  assert.deepEqual(builtin.failures, []);
  assert.deepEqual(data.failures, [], 'no rule file fails on real code');
  for (const withPosition of [false, true]) {
    const expected = builtin.findings.map((f) => describe(root, f, withPosition)).sort();
    const actual = data.findings.map((f) => describe(root, f, withPosition)).sort();
    assert.deepEqual(actual, expected, withPosition ? 'the same anchors' : 'the same resources for the same reasons');
  }
  return builtin.findings.length;
}

test('the rule files restate the built-ins on examples/', async () => {
  const found = await compare(path.join(REPO, 'examples'));
  assert.ok(found >= 6, `examples/ shows each of the three rules (found ${found})`);
});

test('the rule files restate the built-ins on the real-world corpus', async (t) => {
  if (!corpusFiles()) return t.skip(corpusSkipMessage());
  await compare(corpusDir());
});

test("the restated rules' embedded examples pass (premortem rules test)", () => {
  for (const name of fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.yaml'))) {
    const results = runExamples(loadRuleFile(path.join(FIXTURES, name)));
    assert.ok(results.length >= 2, `${name} has examples`);
    assert.deepEqual(
      results.filter((r) => r.failure !== undefined),
      [],
      name,
    );
  }
});
