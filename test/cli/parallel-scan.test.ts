// A scan on several threads reports exactly what a single-threaded scan reports, in the same order.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index';
import { parallelScan } from '../../server/src/cli/parallel-scan';
import { scan, type ScanProgress } from '../../server/src/core/scan';
import { corpusDir, corpusFiles } from '../support/corpus';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

/** What a report is made of, as data (ranges as lines and columns, the way every format writes them). */
function comparable(outcome: Awaited<ReturnType<typeof scan>>) {
  return JSON.parse(JSON.stringify({ findings: outcome.findings, failures: outcome.failures, summary: { ...outcome.summary, durationMs: 0 } }));
}

test('worker threads find the same as one thread, and report progress for every module', async () => {
  const request = { paths: [EXAMPLES], cwd: EXAMPLES, rules: RULES };
  const single = await scan(request);
  const progress: ScanProgress[] = [];
  // Every module goes through one of two workers, so what crosses threads is what is compared.
  const parallel = await parallelScan({ ...request, onProgress: (p) => progress.push(p) }, { jobs: 2, minModulesPerWorker: 1, mainThreadLints: false });
  assert.deepEqual(comparable(parallel), comparable(single));
  assert.ok(single.findings.length > 0, 'the examples have findings to compare');
  assert.deepEqual(
    progress.map((p) => p.modulesDone),
    single.summary.modules === 0 ? [] : Array.from({ length: single.summary.modules }, (_, i) => i + 1),
  );
});

test('the corpus scans the same on two threads as on one', async (t) => {
  if (!corpusFiles()) return t.skip('corpus not found; build it as described in ../shared/corpus/README.md');
  const request = { paths: [corpusDir()], cwd: corpusDir(), rules: RULES };
  assert.deepEqual(comparable(await parallelScan(request, { jobs: 2 })), comparable(await scan(request)));
});

test('a scan with a plan on several threads finds what one thread does (plan values cannot cross threads)', async () => {
  const root = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans', 'release');
  const planFile = path.join(root, 'plan.json');
  const request = { paths: [root], cwd: root, rules: RULES, plan: { file: planFile, text: fs.readFileSync(planFile, 'utf8') } };
  const single = await scan(request);
  assert.ok(single.findings.length > 0, 'the plan scenario has findings to compare');
  assert.deepEqual(comparable(await parallelScan(request, { jobs: 2, minModulesPerWorker: 1, mainThreadLints: false })), comparable(single));
});
