// Writes the TextMate grammars from their source, syntaxes/terraform.grammar.mjs.
//   node scripts/gen-grammar.mjs           rewrite syntaxes/*.tmLanguage.json
//   node scripts/gen-grammar.mjs --check   exit 1, naming the files, when the committed JSON has drifted
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAMMARS } from '../syntaxes/terraform.grammar.mjs';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const drifted = [];

for (const [file, grammar] of Object.entries(GRAMMARS)) {
  const path = join(root, file);
  const text = `${JSON.stringify(grammar, null, 2)}\n`;
  let current;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) continue;
  if (check) drifted.push(file);
  else {
    writeFileSync(path, text);
    console.log(`wrote ${file}`);
  }
}

if (drifted.length > 0) {
  console.error(`${drifted.join(', ')} differ from syntaxes/terraform.grammar.mjs; run "npm run gen-grammar".`);
  process.exit(1);
}
