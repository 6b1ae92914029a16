// What every rule finds on the real-world corpus, recorded in test/corpus-findings.json. A change to a rule
// that adds or removes findings there fails this test with the list of findings that came and went, so each
// one is read (a finding that is not a real risk is a bug in the rule). UPDATE_CORPUS_FINDINGS=1 rewrites it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index';
import type { Finding } from '../server/src/core/finding';
import { scan } from '../server/src/core/scan';
import { corpusDir, corpusFiles, corpusSkipMessage } from './support/corpus';

const RECORD = path.resolve(__dirname, '..', '..', 'test', 'corpus-findings.json');
const update = process.env['UPDATE_CORPUS_FINDINGS'] === '1';

interface Recorded {
  /** Findings per rule, every rule of the registry listed (0 included). */
  readonly counts: Record<string, number>;
  /** One line per finding: `file:line:column severity rule-id messageId`, file relative to the corpus. */
  readonly findings: readonly string[];
}

function describeFinding(root: string, finding: Finding): string {
  const file = path.relative(root, finding.file).split(path.sep).join('/');
  return `${file}:${finding.range.start.line}:${finding.range.start.column} ${finding.severity} ${finding.ruleId} ${finding.messageId}`;
}

function record(root: string, findings: readonly Finding[]): Recorded {
  const counts: Record<string, number> = {};
  for (const rule of RULES) counts[rule.meta.id] = 0;
  for (const finding of findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return { counts, findings: findings.map((f) => describeFinding(root, f)).sort() };
}

test('corpus findings per rule match test/corpus-findings.json', async (t) => {
  if (!corpusFiles()) return t.skip(corpusSkipMessage());
  const root = corpusDir();
  // Inline ignores stay on: a repository's own suppressions are part of what users see.
  const outcome = await scan({ paths: [root], cwd: root, rules: RULES });
  assert.deepEqual(outcome.failures, [], 'no rule throws on real code');
  const actual = record(root, outcome.findings);
  if (update) fs.writeFileSync(RECORD, JSON.stringify(actual, null, 2) + '\n');
  const expected: Recorded = fs.existsSync(RECORD) ? JSON.parse(fs.readFileSync(RECORD, 'utf8')) : { counts: {}, findings: [] };
  const before = new Set(expected.findings);
  const after = new Set(actual.findings);
  const gone = expected.findings.filter((f) => !after.has(f));
  const came = actual.findings.filter((f) => !before.has(f));
  const diff = [...came.map((f) => `+ ${f}`), ...gone.map((f) => `- ${f}`)];
  assert.deepEqual(diff, [], `corpus findings changed (UPDATE_CORPUS_FINDINGS=1 records them once read):\n${diff.join('\n')}`);
  assert.deepEqual(actual.counts, expected.counts);
});
