// The floor under a whole-process scan: a fresh process that only reads and parses the files hcl2json is
// timed on (.tf and .tfvars), with no module model and no rules. Prints JSON: { files, ms } where ms counts
// from the process's start. Run by scripts/bench.mjs after `tsc --outDir out`.
const fs = require('node:fs');
const path = require('node:path');
const { parseFile } = require(path.join(__dirname, '..', 'out', 'server', 'src', 'core', 'parse.js'));

const files = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (/\.(tf|tfvars)$/.test(entry.name)) files.push(file);
  }
})(process.argv[2]);
for (const file of files) parseFile(file, fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
process.stdout.write(JSON.stringify({ files: files.length, ms: performance.now() }) + '\n');
