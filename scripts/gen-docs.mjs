// Regenerates rules/README.md and the config JSON Schema from the compiled rule metadata, and the README's
// option tables from the compiled CLI option declarations.
// Run through `npm run gen-docs` (which compiles first).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const { RULES } = require(join(root, 'out/rules/index.js'));
const { allRuleMetas } = require(join(root, 'out/server/src/core/scan.js'));
const docs = require(join(root, 'out/test/support/generated-docs.js'));
const { COMMANDS } = require(join(root, 'out/server/src/cli/commands/index.js'));

const metas = RULES.map((r) => r.meta);
writeFileSync(join(root, docs.RULES_README), docs.renderRulesReadme(metas));
writeFileSync(join(root, docs.CONFIG_SCHEMA), docs.renderConfigSchema(allRuleMetas(RULES)));
console.log(`wrote ${docs.RULES_README} and ${docs.CONFIG_SCHEMA} for ${metas.length} rules`);
const readme = join(root, docs.README);
writeFileSync(readme, docs.renderReadmeOptions(readFileSync(readme, 'utf8'), COMMANDS));
console.log(`wrote the option tables of ${docs.commandsWithReadmeTables(readFileSync(readme, 'utf8')).join(', ')} in ${docs.README}`);
