// The lint cache in process: worker threads record what their lints read, so a scan on several threads
// fills the cache as one thread does, and the next scan reuses it; a tree a file of which changed is
// linted again, the others are not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { RuleModule } from '../../rules/api';
import { RULES } from '../../rules/index';
import { parallelScan } from '../../server/src/cli/parallel-scan';
import { LintCache } from '../../server/src/core/cache/lint-cache';
import { scan } from '../../server/src/core/scan';
import { writeWorkspace } from '../support/workspace';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const IDENTITY = { version: 'test', program: 'test' };
const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function comparable(outcome: Awaited<ReturnType<typeof scan>>) {
  return JSON.parse(JSON.stringify({ findings: outcome.findings, failures: outcome.failures, summary: { ...outcome.summary, durationMs: 0 } }));
}

test('worker threads fill the cache as one thread does, and the next scan on threads reuses it', async () => {
  const dir = writeWorkspace({}, 'premortem-lint-cache-');
  dirs.push(dir);
  fs.cpSync(EXAMPLES, dir, { recursive: true });
  const request = { paths: [dir], cwd: dir, rules: RULES };
  const expected = comparable(await scan(request));
  const threads = { jobs: 2, minModulesPerWorker: 1, mainThreadLints: false };

  const first = new LintCache(undefined, IDENTITY, RULES);
  assert.deepEqual(comparable(await parallelScan({ ...request, cache: first }, threads)), expected);
  assert.equal(first.stats.reused, 0);
  const trees = first.stats.linted;
  assert.ok(trees > 1);

  const second = new LintCache(first.serialize(), IDENTITY, RULES);
  assert.deepEqual(comparable(await parallelScan({ ...request, cache: second }, threads)), expected);
  assert.deepEqual([second.stats.reused, second.stats.linted], [trees, 0]);

  // One file changes: its tree goes to a thread again, the rest stay cached.
  const edited = path.join(dir, 'databases', 'main.tf');
  fs.appendFileSync(edited, '\n# edited\n');
  const third = new LintCache(second.serialize(), IDENTITY, RULES);
  assert.deepEqual(comparable(await parallelScan({ ...request, cache: third }, threads)), comparable(await scan(request)));
  assert.deepEqual([third.stats.reused, third.stats.linted], [trees - 1, 1]);
});

test('a cache of another identity or rule set is not used', async () => {
  const request = { paths: [EXAMPLES], cwd: EXAMPLES, rules: RULES };
  const cache = new LintCache(undefined, IDENTITY, RULES);
  await scan({ ...request, cache });
  const text = cache.serialize();
  const flipped: RuleModule[] = RULES.map((rule, index) =>
    index === 0 ? ({ ...rule, meta: { ...rule.meta, severity: rule.meta.severity === 'error' ? 'warning' : 'error' } } as RuleModule) : rule,
  );
  const others: [typeof IDENTITY, readonly RuleModule[]][] = [
    [{ ...IDENTITY, version: 'other' }, RULES],
    [{ ...IDENTITY, program: 'other build' }, RULES],
    [IDENTITY, RULES.slice(1)],
    [IDENTITY, flipped],
  ];
  for (const [identity, rules] of others) {
    const other = new LintCache(text, identity, rules);
    await scan({ ...request, rules, cache: other });
    assert.equal(other.stats.reused, 0);
  }
  const same = new LintCache(text, IDENTITY, RULES);
  await scan({ ...request, cache: same });
  assert.equal(same.stats.linted, 0);
});
