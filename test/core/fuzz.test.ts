// Mutation fuzzing: real files broken in the ways editing breaks them (cut short, a span deleted, a stray
// delimiter, binary garbage, a pasted duplicate, several at once). The parser must never throw, must keep
// its ranges consistent with the text, and must bound its error count. Deterministic: the seed is in the
// test name, and a failure names the file and the mutant's index.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { SourceFile } from '../../rules/api';
import { parseFile } from '../../server/src/core/parse';
import { MAX_ERRORS_PER_FILE } from '../../server/src/core/parse-errors';
import { corpusDir, corpusFiles, corpusSkipMessage, hclFixtureFiles, hclFixturesDir, readSource } from '../support/corpus';
import { createRandom, MUTATIONS, mutants, type Random, sample } from '../support/mutations';
import { REALISTIC, REALISTIC_JSON } from '../support/samples';
import { treeProblems } from '../support/tree-check';

const SEED = 20240611;
const FILES = 200;
const MUTANTS_PER_FILE = 4 * MUTATIONS.length;

interface Source {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

interface Failure {
  readonly source: string;
  readonly mutation: string;
  readonly index: number;
  readonly problem: string;
}

/** Why a parse result is unacceptable, or undefined. */
function problemWith(filePath: string, text: string): string | undefined {
  let parsed: SourceFile;
  try {
    parsed = parseFile(filePath, text);
  } catch (error) {
    return `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.slice(0, 600);
  }
  if (parsed.errors.length > MAX_ERRORS_PER_FILE + 1) return `${parsed.errors.length} errors`;
  const problems = treeProblems(parsed, { limit: 3 });
  return problems.length > 0 ? problems.join('; ') : undefined;
}

function fuzz(sources: readonly Source[], random: Random, perSource: number): { failures: Failure[]; runs: number } {
  const failures: Failure[] = [];
  let runs = 0;
  for (const source of sources) {
    mutants(source.text, random, perSource).forEach((mutant, index) => {
      runs++;
      const problem = problemWith(source.path, mutant.text);
      if (problem) failures.push({ source: source.name, mutation: mutant.mutation, index, problem });
    });
  }
  return { failures, runs };
}

function describeFailures(failures: readonly Failure[]): string {
  return (
    `${failures.length} mutants broke the parser (the index counts that file's mutants):\n` +
    failures
      .slice(0, 30)
      .map((f) => `  ${f.source} #${f.index} (${f.mutation}): ${f.problem}`)
      .join('\n')
  );
}

function fromFiles(files: readonly string[], root: string): Source[] {
  return files.map((file) => ({ name: path.relative(root, file), path: file, text: readSource(file) }));
}

test(`mutated corpus files parse without throwing, with well-formed trees (seed ${SEED})`, { timeout: 60_000 }, (t) => {
  const random = createRandom(SEED);
  const corpus = corpusFiles();
  let sources: Source[];
  if (corpus) {
    sources = fromFiles(sample(corpus, FILES, random), corpusDir());
  } else {
    // Something always runs: the hand-written fixtures and a built-in sample.
    sources = [...fromFiles(hclFixtureFiles(), hclFixturesDir()), { name: 'built-in sample', path: '/sample/main.tf', text: REALISTIC }];
    t.diagnostic(`${corpusSkipMessage()}; fuzzing ${sources.length} files (the fixtures and a built-in sample) instead`);
  }
  const perSource = corpus ? MUTANTS_PER_FILE : 20 * MUTANTS_PER_FILE;
  const { failures, runs } = fuzz(sources, random, perSource);
  assert.equal(failures.length, 0, describeFailures(failures));
  t.diagnostic(`${runs} mutants of ${sources.length} files`);
});

test(`mutated .tf.json parses without throwing, with well-formed trees (seed ${SEED})`, { timeout: 60_000 }, (t) => {
  const source: Source = { name: 'built-in .tf.json sample', path: '/sample/main.tf.json', text: REALISTIC_JSON };
  assert.equal(problemWith(source.path, source.text), undefined);
  assert.deepEqual(parseFile(source.path, source.text).errors, []);
  const { failures, runs } = fuzz([source], createRandom(SEED), 3_000);
  assert.equal(failures.length, 0, describeFailures(failures));
  t.diagnostic(`${runs} mutants`);
});
