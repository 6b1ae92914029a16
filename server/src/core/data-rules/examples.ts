// `premortem rules test`: each rule file's embedded examples, as ESLint's RuleTester runs a rule's cases.
// A `valid` example must produce no finding of the rule, an `invalid` one at least one; each is linted
// alone, in memory, as one module in the folder that holds `.premortem/` (or where its `file` says).
import * as path from 'node:path';
import { defaultConfig, type ResolvedConfig } from '../config/config';
import type { InstanceHost } from '../instances/module-instance';
import { lintModule } from '../lint/lint';
import { buildModule } from '../module';
import { parseFile } from '../parse';
import type { Example } from './definition';
import type { LoadedRule } from './load-rule-file';

const STANDALONE: InstanceHost = { loadModule: () => undefined, manifest: () => new Map() };

export interface ExampleResult {
  readonly kind: 'valid' | 'invalid';
  readonly index: number;
  readonly name: string;
  /** Why the example fails; undefined when it passes. */
  readonly failure?: string;
}

export function runExamples(loaded: LoadedRule): ExampleResult[] {
  const results: ExampleResult[] = [];
  const { valid = [], invalid = [] } = loaded.definition;
  valid.forEach((example, index) => results.push(runExample(loaded, example, 'valid', index)));
  invalid.forEach((example, index) => results.push(runExample(loaded, example, 'invalid', index)));
  return results;
}

function runExample(loaded: LoadedRule, example: Example, kind: 'valid' | 'invalid', index: number): ExampleResult {
  const code = typeof example === 'string' ? example : example.code;
  const name = typeof example === 'string' || example.name === undefined ? `${kind}[${index}]` : example.name;
  const file = path.join(loaded.base, typeof example === 'string' || example.file === undefined ? 'main.tf' : example.file);
  const parsed = parseFile(file, code);
  const error = parsed.errors[0];
  if (error) return { kind, index, name, failure: `does not parse: ${error.range.start.line}:${error.range.start.column} ${error.message}` };
  const module = buildModule(path.dirname(file), [parsed]);
  const id = loaded.rule.meta.id;
  const config: ResolvedConfig = { ...defaultConfig(loaded.base), rules: new Map([[id, { enabled: true }]]) };
  // Module calls in an example are not followed to the disk: it stands alone.
  const result = lintModule(module, { rules: [loaded.rule], config, inlineIgnores: true }, STANDALONE);
  const failure = result.failures[0];
  if (failure) return { kind, index, name, failure: `the rule failed: ${failure.message}` };
  const findings = result.findings.filter((f) => f.ruleId === id);
  if (kind === 'valid' && findings.length > 0) {
    const f = findings[0]!;
    return { kind, index, name, failure: `reported at ${f.range.start.line}:${f.range.start.column}: ${f.message}` };
  }
  if (kind === 'invalid' && findings.length === 0) return { kind, index, name, failure: 'reported nothing' };
  return { kind, index, name };
}
