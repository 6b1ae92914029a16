// The house rule for commit messages: a subject of 72 characters or fewer, the detail in the body.
// `node scripts/check-commit-subjects.mjs` checks every commit since the rule came in (lint runs it);
// `node scripts/check-commit-subjects.mjs --message-file F` checks one message (the commit-msg hook).
// Older commits keep their subjects: history is not rewritten.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const MAX = 72;
/** The last commit before the rule: main at the end of stop 22. */
const RULE_SINCE = 'e764a39d04b317c1bdf4bd76ab5dfa56bb33de01';

function tooLong(subject) {
  return [...subject].length > MAX;
}

function git(args) {
  return spawnSync('git', args, { encoding: 'utf8' });
}

const fileFlag = process.argv.indexOf('--message-file');
if (fileFlag !== -1) {
  const file = process.argv[fileFlag + 1];
  if (!file) {
    console.error('check-commit-subjects: --message-file needs a file');
    process.exit(2);
  }
  const subject =
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .find((line) => !line.startsWith('#')) ?? '';
  if (tooLong(subject)) {
    console.error(`commit subject is ${[...subject].length} characters; keep it to ${MAX} and put the detail in the body:\n  ${subject}`);
    process.exit(1);
  }
  process.exit(0);
}

if (git(['cat-file', '-e', `${RULE_SINCE}^{commit}`]).status !== 0) {
  console.log(`check-commit-subjects: skipped (not a git checkout, or a shallow one without ${RULE_SINCE.slice(0, 7)})`);
  process.exit(0);
}
const log = git(['log', '--format=%h%x09%s', `${RULE_SINCE}..HEAD`]);
if (log.status !== 0) {
  console.error(`check-commit-subjects: git log failed: ${log.stderr.trim()}`);
  process.exit(2);
}
const long = log.stdout
  .split('\n')
  .filter(Boolean)
  .map((line) => line.split('\t'))
  .filter(([, subject]) => tooLong(subject));
for (const [hash, subject] of long) console.error(`${hash}: subject of ${[...subject].length} characters (at most ${MAX}): ${subject}`);
process.exit(long.length > 0 ? 1 : 0);
