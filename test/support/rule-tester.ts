// A table-driven tester for rules, after ESLint's RuleTester. Each case becomes a named node:test test.
// Invalid cases must state every finding (message id and exact 1-based range) and every suggestion's
// output; each output must re-parse and must not bring the same finding back.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RuleMeta, RuleModule, Severity, SharedSettings, SourceFile } from '../../rules/api';
import { applyEdits } from '../../server/src/core/lint/apply-edits';
import { defaultConfig, type ResolvedConfig, type RuleSetting } from '../../server/src/core/config/config';
import type { Finding } from '../../server/src/core/finding';
import { validateJson } from '../../server/src/core/config/json-schema';
import { lintModule } from '../../server/src/core/lint/lint';
import { environmentFilesOf, type DirectoryEntry, type DirectoryLister } from '../../server/src/core/environments/environment-files';
import { findEnvironments } from '../../server/src/core/environments/find-environments';
import { autoLoadedVarFiles } from '../../server/src/core/load-module';
import { buildModule } from '../../server/src/core/module';
import { parseFile } from '../../server/src/core/parse';
import { findTerraform, missingProviders, terraformValidateBatch } from './terraform';

/** Where test modules pretend to live. Nothing is read from or written to it. */
export const TEST_ROOT = path.resolve('/premortem-test');
export const MODULE_DIR = path.join(TEST_ROOT, 'module');

export interface ValidCase {
  readonly name: string;
  /** HCL for `main.tf`. */
  readonly code?: string;
  /**
   * More files, by path relative to the module: `.tf`, `.tf.json`, `terraform.tfvars`, `*.auto.tfvars`,
   * `*.tfbackend`, and for environment layouts `envs/prod.tfvars`, `../staging/main.tf`, `terragrunt.hcl`.
   */
  readonly files?: Readonly<Record<string, string>>;
  /** The module's directory below the test root (default `module`), for layouts that depend on names: `live/prod`. */
  readonly dir?: string;
  /** Names from `files` loaded as --var-file, in order. */
  readonly varFiles?: readonly string[];
  readonly options?: object;
  readonly settings?: Partial<SharedSettings>;
}

export interface ExpectedSuggestion {
  readonly messageId: string;
  /** The whole edited file (main.tf unless `file` says otherwise). */
  readonly output: string;
  readonly file?: string;
  /**
   * Whether the edited module must pass `terraform validate` (where Terraform and the provider mirror are on
   * the machine). Default true; set false only for a deliberately partial snippet.
   */
  readonly validate?: boolean;
}

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity?: Severity;
  /** The file of the finding, by name (default main.tf). */
  readonly file?: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly suggestions?: readonly ExpectedSuggestion[];
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
  /** main.tf after the safe fixes, for rules with `fixable: 'safe'`. */
  readonly output?: string;
}

export interface CaseTable {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

function moduleFiles(c: ValidCase): Map<string, string> {
  const files = new Map<string, string>();
  if (c.code !== undefined) files.set('main.tf', c.code);
  for (const [name, text] of Object.entries(c.files ?? {})) files.set(name, text);
  return files;
}

/** Directory listings of the files of a case, as if they were on disk. */
function virtualLister(paths: Iterable<string>): DirectoryLister {
  const children = new Map<string, Map<string, boolean>>();
  for (const file of paths) {
    let child = file;
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const entries = children.get(dir) ?? new Map<string, boolean>();
      children.set(dir, entries);
      entries.set(path.basename(child), child !== file);
      if (path.dirname(dir) === dir) break;
      child = dir;
    }
  }
  return (dir) => {
    const entries = children.get(dir);
    if (!entries) return undefined;
    return [...entries].map(([name, directory]): DirectoryEntry => ({ name, directory })).sort((a, b) => (a.name < b.name ? -1 : 1));
  };
}

/** The directory of a case's module. */
export function caseDir(c: ValidCase): string {
  return path.join(TEST_ROOT, c.dir ?? 'module');
}

/** A file's name in a case: its path relative to the module, with forward slashes (`main.tf`, `envs/prod.tfvars`). */
function caseName(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}

/** Lints an in-memory module with one rule and returns that rule's findings (and the parsed files). */
export function lintWith(rule: RuleModule, c: ValidCase, overrideFiles?: Map<string, string>) {
  const dir = caseDir(c);
  const texts = overrideFiles ?? moduleFiles(c);
  const parsed = new Map<string, SourceFile>();
  for (const [name, text] of texts) parsed.set(name, parseFile(path.resolve(dir, name), text));
  for (const [name, file] of parsed) {
    assert.deepEqual(
      file.errors.map((e) => `${e.range.start.line}:${e.range.start.column} ${e.message}`),
      [],
      `${name} of this case must parse without errors`,
    );
  }
  const byPath = new Map([...parsed.values()].map((f) => [f.path, f]));
  const own = [...parsed].filter(([, file]) => path.dirname(file.path) === dir).map(([name]) => name);
  const pick = (test: (name: string) => boolean): SourceFile[] => own.filter(test).map((name) => parsed.get(name)!);
  const explicit = new Set(c.varFiles ?? []);
  const varNames = autoLoadedVarFiles(own.filter((n) => /\.tfvars(\.json)?$/.test(n)));
  const varFiles = [...varNames.map((n) => parsed.get(n)!), ...(c.varFiles ?? []).map((n) => parsed.get(n)!)];
  const list = virtualLister(byPath.keys());
  const attachedFiles = [
    ...pick((n) => /\.tfvars(\.json)?$/.test(n) && !varNames.includes(n) && !explicit.has(n)),
    ...environmentFilesOf(dir, list).map((f) => byPath.get(f)!),
    ...pick((n) => n === 'terragrunt.hcl'),
  ];
  const terragrunt = byPath.get(path.join(dir, 'terragrunt.hcl'));
  const module = buildModule(
    dir,
    pick((n) => /\.tf(\.json)?$/.test(n)),
    varFiles,
    pick((n) => !explicit.has(n) && (/\.tfbackend$/.test(n) || /^backend.*\.hcl$/.test(n))),
    {
      attachedFiles,
      ...(terragrunt ? { terragrunt } : {}),
      environments: (m) => findEnvironments(m, { list, load: (file) => byPath.get(file), root: TEST_ROOT }),
    },
  );
  const meta = rule.meta as RuleMeta;
  const setting: RuleSetting = { enabled: true, ...(c.options ? { options: c.options as Record<string, unknown> } : {}) };
  const base = defaultConfig(dir);
  const config: ResolvedConfig = {
    ...base,
    rules: new Map([[meta.id, setting]]),
    settings: { ...base.settings, ...c.settings },
  };
  const result = lintModule(module, { rules: [rule], config, inlineIgnores: true });
  assert.deepEqual(result.failures, [], 'the rule must not throw');
  return { findings: result.findings.filter((f) => f.ruleId === meta.id), parsed, texts };
}

function describe(finding: Finding, dir = MODULE_DIR): string {
  const r = finding.range;
  return `${finding.messageId} at ${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column} (${caseName(dir, finding.file)})`;
}

/** Variables declared without a default in a module's files: a generated module call must pass them. */
function variablesWithoutDefault(files: Readonly<Record<string, string>>): string[] {
  const names: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    if (!/\.tf$/.test(name)) continue;
    for (const block of parseFile(name, text).body.blocks) {
      if (block.type === 'variable' && block.labels[0] && !block.body.attributes.some((a) => a.name === 'default')) names.push(block.labels[0]);
    }
  }
  return names;
}

export function ruleTester(rule: RuleModule, table: CaseTable): void {
  const meta = rule.meta as RuleMeta;
  const toValidate = new Map<string, Record<string, string>>();
  const names = new Set<string>();
  for (const c of [...table.valid, ...table.invalid]) {
    assert.ok(!names.has(c.name), `case names must be unique: "${c.name}"`);
    names.add(c.name);
  }

  for (const c of table.valid) {
    test(`${meta.id} valid: ${c.name}`, () => {
      checkOptions(meta, c);
      const { findings } = lintWith(rule, c);
      assert.deepEqual(
        findings.map((f) => describe(f, caseDir(c))),
        [],
        'a valid case must produce no finding',
      );
    });
  }

  for (const c of table.invalid) {
    test(`${meta.id} invalid: ${c.name}`, () => {
      checkOptions(meta, c);
      assert.ok(c.errors.length > 0, 'an invalid case must expect at least one finding');
      const { findings, texts } = lintWith(rule, c);
      assert.equal(
        findings.length,
        c.errors.length,
        `expected ${c.errors.length} finding(s), got: ${findings.map((f) => describe(f, caseDir(c))).join('; ') || 'none'}`,
      );
      findings.forEach((finding, i) => checkFinding(rule, c, finding, c.errors[i]!, texts, (label, files) => toValidate.set(`${c.name} / ${label}`, files)));
      const fixes = findings.filter((f) => f.fix);
      if (fixes.length > 0) {
        assert.ok(c.output !== undefined, 'the rule produced a fix, so the case must state its output');
        const edits = fixes.flatMap((f) => f.fix!).filter((e) => caseName(caseDir(c), e.file) === 'main.tf');
        const output = applyEdits(texts.get('main.tf')!, edits);
        assert.notEqual(output, texts.get('main.tf'), 'a fix must change the file');
        assert.equal(output, c.output);
      } else {
        assert.equal(c.output, undefined, 'the case states an output but the rule produced no fix');
      }
    });
  }

  // Registered last, so it runs after the invalid cases have collected the outputs.
  test(`${meta.id}: suggestion outputs pass terraform validate`, (t) => {
    const tool = findTerraform();
    if ('skip' in tool) return t.skip(`terraform validate not run: ${tool.skip}`);
    if (toValidate.size === 0) return t.skip('no suggestion output to validate');
    // Azure and Google Cloud rules need providers the offline mirror usually lacks: those outputs are skipped, by name.
    const unvalidated = new Map<string, string>();
    for (const [name, files] of toValidate) {
      const why = missingProviders(tool, files);
      if (why !== undefined) unvalidated.set(name, why);
    }
    for (const name of unvalidated.keys()) toValidate.delete(name);
    if (toValidate.size === 0) return t.skip(`terraform validate not run: ${[...new Set(unvalidated.values())].join('; ')}`);
    for (const [name, why] of unvalidated) t.diagnostic(`not validated (${why}): ${name}`);
    const problems = [...terraformValidateBatch(tool, toValidate, variablesWithoutDefault)].filter(([, errors]) => errors.length > 0);
    assert.deepEqual(
      problems.map(([name, errors]) => `${name}: ${errors.join('; ')}`),
      [],
    );
  });
}

function checkOptions(meta: RuleMeta, c: ValidCase): void {
  if (!c.options) return;
  assert.ok(meta.options, `${meta.id} takes no options`);
  assert.deepEqual(validateJson(c.options, meta.options.schema), [], 'the options must match the rule schema');
}

function checkFinding(
  rule: RuleModule,
  c: InvalidCase,
  finding: Finding,
  expected: ExpectedFinding,
  texts: Map<string, string>,
  validateLater: (label: string, files: Record<string, string>) => void,
): void {
  const meta = rule.meta as RuleMeta;
  const dir = caseDir(c);
  const where = describe(finding, dir);
  assert.ok(Object.prototype.hasOwnProperty.call(meta.messages, expected.messageId), `unknown message id "${expected.messageId}"`);
  assert.equal(finding.messageId, expected.messageId, where);
  assert.deepEqual(
    {
      file: caseName(dir, finding.file),
      line: finding.range.start.line,
      column: finding.range.start.column,
      endLine: finding.range.end.line,
      endColumn: finding.range.end.column,
    },
    { file: expected.file ?? 'main.tf', line: expected.line, column: expected.column, endLine: expected.endLine, endColumn: expected.endColumn },
    `range of ${where}`,
  );
  assert.doesNotMatch(finding.message, /\{\w+\}/, `every placeholder of "${finding.message}" must be filled`);
  if (expected.severity) assert.equal(finding.severity, expected.severity, `severity of ${where}`);
  // Exactly the data the rule reported: every key, every value, nothing more (a substring match let wrong values pass).
  if (expected.data) assert.deepEqual(finding.data ?? {}, expected.data, `data of ${where}`);

  const actual = finding.suggestions ?? [];
  const wanted = expected.suggestions ?? [];
  assert.equal(actual.length, wanted.length, `${where} offers ${actual.length} suggestion(s): ${actual.map((s) => s.messageId).join(', ') || 'none'}`);
  if (actual.length > 0) assert.notEqual(meta.fixable, 'none');
  actual.forEach((suggestion, i) => {
    const want = wanted[i]!;
    assert.equal(suggestion.messageId, want.messageId);
    const fileName = want.file ?? 'main.tf';
    const edited = new Map(texts);
    const byFile = new Map<string, typeof suggestion.edits>();
    for (const edit of suggestion.edits) byFile.set(caseName(dir, edit.file), [...(byFile.get(caseName(dir, edit.file)) ?? []), edit]);
    for (const [name, edits] of byFile) edited.set(name, applyEdits(texts.get(name)!, edits));
    const output = edited.get(fileName)!;
    assert.notEqual(output, texts.get(fileName), 'a suggestion must change the file');
    assert.equal(output, want.output, `output of suggestion ${want.messageId}`);
    if (want.validate !== false) validateLater(`${finding.messageId} suggestion ${i + 1}`, Object.fromEntries(edited));
    // The edited module must parse, and the same finding must not come back.
    const after = lintWith(rule, c, edited).findings.filter((f) => f.messageId === finding.messageId);
    const before = lintWith(rule, c).findings.filter((f) => f.messageId === finding.messageId);
    assert.ok(after.length < before.length, `after suggestion ${want.messageId} the rule still reports ${finding.messageId}`);
  });
}
