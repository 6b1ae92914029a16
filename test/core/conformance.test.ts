// Our parser against HashiCorp's (hcl2json, the oracle): on valid input both must see the same blocks,
// labels, attributes, literal values and expression source text. Runs over the hand-written fixtures and
// the real-world corpus (../shared/corpus/README.md).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as oracleParse } from '@cdktf/hcl2json';
import { parseFile } from '../../server/src/core/parse';
import { corpusDir, corpusFiles, corpusSkipMessage, hclFixtureFiles, hclFixturesDir, readSource } from '../support/corpus';
import { compareShapes, oracleShape, type OracleJson, type ShapeDifference } from '../support/oracle-shape';

interface Verdict {
  readonly file: string;
  /** Why the file does not conform; empty when it does. */
  readonly problems: readonly string[];
}

function showDifference(d: ShapeDifference): string {
  return `${d.path || '(root)'}: ours ${d.ours}, oracle ${d.oracle}`;
}

/** Parses with both parsers: ours must report no errors and produce the oracle's shape. */
async function conform(file: string): Promise<Verdict> {
  const text = readSource(file);
  const ours = parseFile(file, text);
  const problems: string[] = ours.errors.slice(0, 3).map((e) => `our error at ${e.range.start.line}:${e.range.start.column}: ${e.message}`);
  let oracle: OracleJson;
  try {
    oracle = (await oracleParse(path.basename(file), text)) as OracleJson;
  } catch (error) {
    problems.push(`the oracle rejects it: ${String(error).slice(0, 300)}`);
    return { file, problems };
  }
  problems.push(...compareShapes(oracleShape(ours), oracle, 3).map(showDifference));
  return { file, problems };
}

function report(verdicts: readonly Verdict[], root: string): string {
  const failed = verdicts.filter((v) => v.problems.length > 0);
  return (
    `${failed.length} of ${verdicts.length} files differ from the oracle:\n` +
    failed.map((v) => `  ${path.relative(root, v.file)}\n${v.problems.map((p) => `      ${p}`).join('\n')}`).join('\n')
  );
}

test('hand-written fixtures parse without errors and match the oracle', async (t) => {
  const files = hclFixtureFiles();
  if (files.length === 0) {
    t.skip(`no fixtures in ${hclFixturesDir()} yet`);
    return;
  }
  for (const file of files) {
    await t.test(path.basename(file), async () => {
      const verdict = await conform(file);
      assert.deepEqual(verdict.problems, [], `${file}:\n  ${verdict.problems.join('\n  ')}`);
    });
  }
});

test('every corpus file parses without errors and matches the oracle', { timeout: 120_000 }, async (t) => {
  const files = corpusFiles();
  if (!files) {
    t.skip(corpusSkipMessage());
    return;
  }
  const verdicts: Verdict[] = [];
  for (const file of files) verdicts.push(await conform(file));
  const failed = verdicts.filter((v) => v.problems.length > 0);
  assert.equal(failed.length, 0, report(verdicts, corpusDir()));
  t.diagnostic(`${verdicts.length}/${verdicts.length} corpus files equal to the oracle`);
});
