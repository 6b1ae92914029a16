// Files generated from rule metadata: the rules index (rules/README.md) and the config file's JSON
// Schema. `npm run gen-docs` writes them; test/meta.test.ts fails when a committed copy drifts.
import type { RuleMeta } from '../../rules/api';
import { buildConfigSchema } from '../../server/src/core/config/config-schema';

export const RULES_README = 'rules/README.md';
export const CONFIG_SCHEMA = 'schemas/premortem-config.schema.json';

export function renderRulesReadme(rules: readonly RuleMeta[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((m) => `| [${m.id}](${m.id}.md) | ${m.severity} | ${m.category} | ${m.incident} | ${m.fixable} | ${m.recommended ? 'yes' : 'no'} |`);
  return [
    '# Rules',
    '',
    "Every rule comes from a real post-mortem. This table is generated from the rules' metadata by",
    '`npm run gen-docs`; do not edit it by hand.',
    '',
    '| rule | severity | category | incident | fixable | recommended |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...planRulesNote(rules),
    'Built into the engine: [`syntax-error`](syntax-error.md) (error) reports files Terraform cannot parse;',
    '[`json-schema-error`](json-schema-error.md) (error) reports `.tf.json` files of valid JSON that is not shaped',
    'as Terraform configuration; [`unreadable-file`](unreadable-file.md) (error) reports files and directories',
    'premortem may not read; [`non-text-file`](non-text-file.md) (error) reports configuration files that are not',
    'UTF-8 text (binary, encrypted with git-crypt, UTF-16), once per file;',
    '[`unused-suppression`](unused-suppression.md) (info) reports `premortem-ignore` comments that silence nothing;',
    'and [`ignore-without-reason`](ignore-without-reason.md) (info; an error with `--require-ignore-reason`) reports',
    '`premortem-ignore` comments that give no reason, or still the `<reason>` placeholder.',
    '',
  ].join('\n');
}

/** The rules that judge a plan, which run only with `premortem scan --plan`. */
function planRulesNote(rules: readonly RuleMeta[]): string[] {
  const ids = rules
    .filter((m) => m.runsOn === 'plan')
    .map((m) => `\`${m.id}\``)
    .sort();
  if (ids.length === 0) return [];
  return [
    `Rules about what a Terraform plan does run only when one is given (\`premortem scan --plan plan.json\`), never in the editor: ${ids.join(', ')}.`,
    '',
  ];
}

export function renderConfigSchema(rules: readonly RuleMeta[]): string {
  return JSON.stringify(buildConfigSchema(rules), null, 2) + '\n';
}
