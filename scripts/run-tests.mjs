// Runs every compiled test file (out/test/**/*.test.js) with node's built-in test runner.
// `npm test` compiles first (see "pretest"); pass paths or name fragments to run a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', 'out', 'test');
const filters = process.argv.slice(2);

function collect(dir) {
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...collect(path));
    else if (name.endsWith('.test.js')) files.push(path);
  }
  return files;
}

const files = collect(root).filter((file) => filters.length === 0 || filters.some((f) => relative(root, file).includes(f)));
if (files.length === 0) {
  console.error(`No test files found under ${root}${filters.length ? ` matching ${filters.join(', ')}` : ''}. Run "npm run compile-tests" first.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
