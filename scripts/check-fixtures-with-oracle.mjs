// Parses every hand-written fixture in test/fixtures/hcl with @cdktf/hcl2json (HashiCorp's HCL parser compiled
// to WebAssembly, the project's oracle) and lists the files it rejects. Exit code 1 when any is rejected.
// Usage: node scripts/check-fixtures-with-oracle.mjs [--json] [dir]
// The text is passed as the module loader reads it: UTF-8 with a leading byte order mark removed
// (see readSource in test/support/corpus.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const { parse } = require('@cdktf/hcl2json');

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const printJson = args.includes('--json');
const dir = args.find((a) => !a.startsWith('--')) ?? join(root, 'test', 'fixtures', 'hcl');
const EXTENSIONS = ['.tf', '.tfvars', '.hcl'];

function collect(at) {
  const files = [];
  for (const name of readdirSync(at).sort()) {
    const path = join(at, name);
    if (statSync(path).isDirectory()) files.push(...collect(path));
    else if (EXTENSIONS.some((ext) => name.endsWith(ext))) files.push(path);
  }
  return files;
}

const files = collect(dir);
if (files.length === 0) {
  console.error(`no .tf, .tfvars or .hcl files under ${dir}`);
  process.exit(1);
}

const rejected = [];
for (const file of files) {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    const json = await parse(basename(file), text);
    if (printJson) console.log(`${relative(root, file)}\n  ${JSON.stringify(json)}`);
  } catch (error) {
    rejected.push({ file, message: String(error?.message ?? error).replace(/\s+/g, ' ') });
  }
}

for (const { file, message } of rejected) console.log(`REJECTED ${relative(root, file)}: ${message}`);
console.log(`${files.length - rejected.length} of ${files.length} fixtures accepted by hcl2json; ${rejected.length} rejected.`);
process.exit(rejected.length > 0 ? 1 : 0);
