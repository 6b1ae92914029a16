// Grammar tests with vscode-tmgrammar-test (test/grammar.test.ts runs them in `npm test`):
//   node scripts/test-grammar.mjs                     token snapshots and scope assertions; exit 1 on a difference
//   node scripts/test-grammar.mjs --update            rewrite the snapshots from the current grammar
//   node scripts/test-grammar.mjs --only=snapshots    (or --only=assertions) one half
//
// Snapshots: every test/grammar/*.tf, *.tfvars and *.tf.json has a committed <file>.snap listing each line's
// tokens and scopes. The tool would silently write a missing .snap and pass, so a missing or orphaned one
// fails here first. Scope assertions: test/grammar/assertions/* hold `^ scope` comments under the lines
// they check (the header line names the grammar).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Forward slashes: the tool expands its arguments as globs, even on Windows.
const dir = 'test/grammar';
const update = process.argv.includes('--update');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const toolDir = dirname(createRequire(import.meta.url).resolve('vscode-tmgrammar-test/package.json'));
const SNAP = join(toolDir, 'dist', 'snapshot.js');
const UNIT = join(toolDir, 'dist', 'unit.js');

/** Snapshot sets: the file suffixes, and a scope when package.json's extension mapping cannot find it. */
const SNAPSHOT_SETS = [
  { suffixes: ['.tf', '.tfvars'] },
  // The tool maps files by their last extension (".json"), so .tf.json needs the scope named.
  { suffixes: ['.tf.json'], scope: 'source.premortem.terraform' },
];

function run(tool, args) {
  const result = spawnSync(process.execPath, [tool, ...args], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  return result.status === 0;
}

function snapshots() {
  const names = readdirSync(join(root, dir)).sort();
  const cases = names.filter((n) => SNAPSHOT_SETS.some((set) => set.suffixes.some((s) => n.endsWith(s))));
  let ok = true;
  if (!update) {
    for (const name of cases) {
      if (!existsSync(join(root, dir, `${name}.snap`))) {
        console.error(`${dir}/${name} has no ${name}.snap; write it with "npm run test:grammar:update" and commit it.`);
        ok = false;
      }
    }
  }
  for (const snap of names.filter((n) => n.endsWith('.snap'))) {
    if (!cases.includes(snap.slice(0, -'.snap'.length))) {
      console.error(`${dir}/${snap} belongs to no test case; delete it.`);
      ok = false;
    }
  }
  if (!ok) return false;
  for (const set of SNAPSHOT_SETS) {
    const files = cases.filter((n) => set.suffixes.some((s) => n.endsWith(s))).map((n) => `${dir}/${n}`);
    if (files.length === 0) continue;
    const args = [...(update ? ['--updateSnapshot'] : []), ...(set.scope ? ['--scope', set.scope] : []), ...files];
    ok = run(SNAP, args) && ok;
  }
  return ok;
}

function assertions() {
  const assertionDir = `${dir}/assertions`;
  const files = readdirSync(join(root, assertionDir))
    .sort()
    .map((n) => `${assertionDir}/${n}`);
  return run(UNIT, files);
}

let ok = true;
if (only !== 'assertions') ok = snapshots() && ok;
if (only !== 'snapshots' && !update) ok = assertions() && ok;
process.exit(ok ? 0 : 1);
