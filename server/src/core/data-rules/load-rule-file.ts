// Reads one rule file: parse (YAML, or JSON as YAML) keeping positions, validate against the schema, check
// what the schema cannot, and compile it into a rule. Any problem is one RuleFileError naming file, line and key.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { definitionError } from './check-definition';
import { scopeOf } from './find-rule-files';
import { compileRule, type DataRule } from './compile-rule';
import type { RuleDefinition } from './definition';
import { RuleFileError } from './rule-file-error';
import { schemaError } from './schema-errors';
import { parseRuleText, type Located } from './source-positions';

export interface LoadedRule {
  readonly rule: DataRule;
  readonly definition: RuleDefinition;
  readonly file: string;
  /** The folder that holds `.premortem/`: `files` and `modules` globs are relative to it. */
  readonly base: string;
  /** The folder whose modules the rule applies to; undefined for a file outside `.premortem/rules` (everywhere). */
  readonly scope: string | undefined;
  /** The file's text, for the lint cache's key. */
  readonly text: string;
  /** Where the `id` key is written: a clash with another rule's id is reported there. */
  readonly idAt: Located;
}

/** `<base>/.premortem/rules/x.yaml` → `<base>`; a file elsewhere (a test fixture) → its own folder. */
export function baseOf(file: string): string {
  const rulesDir = path.dirname(file);
  const premortemDir = path.dirname(rulesDir);
  return path.basename(rulesDir) === 'rules' && path.basename(premortemDir) === '.premortem' ? path.dirname(premortemDir) : rulesDir;
}

/** Loads a rule file; throws RuleFileError. */
export function loadRuleFile(file: string, base = baseOf(file)): LoadedRule {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (thrown) {
    const code = (thrown as NodeJS.ErrnoException).code;
    throw new RuleFileError(absolute, 1, 1, '', `cannot read the rule file${code ? ` (${code})` : ''}`);
  }
  return parseRuleFile(absolute, text, base);
}

/** Compiles a rule file's text (the editor passes unsaved text); throws RuleFileError. */
export function parseRuleFile(file: string, text: string, base = baseOf(file)): LoadedRule {
  const parsed = parseRuleText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (parsed.syntaxError) {
    const { line, column, message } = parsed.syntaxError;
    throw new RuleFileError(file, line, column, '', `${file.endsWith('.json') ? 'JSON' : 'YAML'} syntax: ${message}`);
  }
  if (parsed.value === null || parsed.value === undefined) throw new RuleFileError(file, 1, 1, '', 'the rule file is empty');
  const problem = schemaError(file, parsed.value, parsed.positions) ?? definitionError(file, parsed.value as RuleDefinition, parsed.positions);
  if (problem) throw problem;
  const definition = parsed.value as RuleDefinition;
  const scope = scopeOf(file);
  return { rule: compileRule(definition, file, base, scope), definition, file, base, scope, text, idAt: parsed.positions.of([], 'id') };
}
