// A table-driven tester for rules about plan actions (`runsOn: 'plan'`), over real plans: each scenario of
// test/fixtures/plans (made by scripts/generate-plans.mjs) is scanned as `premortem scan v2 --plan
// plan-update.json` runs it, and each case names one resource address of that plan. A valid case: the rule
// says nothing about it. An invalid case: exactly one finding, with its message id, severity, file and exact
// range, and its suggestions' outputs (which must parse, and pass terraform validate where Terraform is on the
// machine). Every finding of a scenario must be an invalid case, so nothing is reported unseen, and the same
// scan without the plan must report nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RuleMeta, RuleModule, Severity } from '../../rules/api';
import { applyEdits } from '../../server/src/core/lint/apply-edits';
import type { Finding } from '../../server/src/core/finding';
import { parseFile } from '../../server/src/core/parse';
import { scan, type ScanOutcome } from '../../server/src/core/scan';
import { findTerraform, terraformValidate } from './terraform';

export const PLANS = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'plans');

export interface PlanValidCase {
  readonly name: string;
  /** A scenario of test/fixtures/plans: its v2/ configuration, planned in plan-update.json. */
  readonly scenario: string;
  /** The address the rule must say nothing about. */
  readonly resource: string;
}

export interface PlanSuggestion {
  readonly messageId: string;
  /** The edited file, relative to v2/. */
  readonly file: string;
  /** The whole edited file. */
  readonly output: string;
}

export interface PlanInvalidCase extends PlanValidCase {
  readonly messageId: string;
  readonly severity: Severity;
  /** The finding's file, relative to v2/. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Each value must appear in the message. */
  readonly mentions?: readonly string[];
  /** Where its related locations start (file relative to v2/), when the case states them. */
  readonly related?: readonly { readonly file: string; readonly line: number; readonly column: number }[];
  readonly suggestions?: readonly PlanSuggestion[];
}

export interface PlanCaseTable {
  readonly valid: readonly PlanValidCase[];
  readonly invalid: readonly PlanInvalidCase[];
}

const outcomes = new Map<string, Promise<ScanOutcome>>();

/** The scan of a scenario's v2/ with (or without) its update plan, one rule only; made once per test file. */
export function scanScenario(scenario: string, rule: RuleModule, withPlan = true): Promise<ScanOutcome> {
  const key = `${scenario}\u0000${rule.meta.id}\u0000${withPlan}`;
  let outcome = outcomes.get(key);
  if (!outcome) {
    const dir = path.join(PLANS, scenario);
    const file = path.join(dir, 'plan-update.json');
    outcome = scan({
      paths: ['v2'],
      cwd: dir,
      rules: [rule],
      onlyRules: [rule.meta.id],
      ...(withPlan ? { plan: { file: 'plan-update.json', text: fs.readFileSync(file, 'utf8') } } : {}),
    });
    outcomes.set(key, outcome);
  }
  return outcome;
}

function relative(scenario: string, file: string): string {
  return path
    .relative(path.join(PLANS, scenario, 'v2'), file)
    .split(path.sep)
    .join('/');
}

function describe(scenario: string, finding: Finding): string {
  const r = finding.range;
  return `${finding.resource ?? '?'}: ${finding.messageId} at ${relative(scenario, finding.file)}:${r.start.line}:${r.start.column}`;
}

export function planRuleTester(rule: RuleModule, table: PlanCaseTable): void {
  const meta = rule.meta as RuleMeta;
  const names = new Set<string>();
  const resources = new Set<string>();
  for (const c of [...table.valid, ...table.invalid]) {
    assert.ok(!names.has(c.name), `case names must be unique: "${c.name}"`);
    names.add(c.name);
    const key = `${c.scenario}\u0000${c.resource}`;
    assert.ok(!resources.has(key), `one case per resource: ${c.scenario} ${c.resource}`);
    resources.add(key);
  }
  const scenarios = [...new Set([...table.valid, ...table.invalid].map((c) => c.scenario))];
  const ofRule = async (scenario: string, withPlan = true): Promise<Finding[]> =>
    (await scanScenario(scenario, rule, withPlan)).findings.filter((f) => f.ruleId === meta.id);
  const toValidate: { name: string; files: Record<string, string> }[] = [];

  for (const c of table.valid) {
    test(`${meta.id} valid: ${c.name}`, async () => {
      const findings = (await ofRule(c.scenario)).filter((f) => f.resource === c.resource);
      assert.deepEqual(
        findings.map((f) => describe(c.scenario, f)),
        [],
        'a valid case must produce no finding',
      );
    });
  }

  for (const c of table.invalid) {
    test(`${meta.id} invalid: ${c.name}`, async () => {
      assert.ok(Object.prototype.hasOwnProperty.call(meta.messages, c.messageId), `unknown message id "${c.messageId}"`);
      const findings = (await ofRule(c.scenario)).filter((f) => f.resource === c.resource);
      assert.equal(findings.length, 1, `expected one finding about ${c.resource}, got: ${findings.map((f) => describe(c.scenario, f)).join('; ') || 'none'}`);
      const finding = findings[0]!;
      assert.deepEqual(
        {
          messageId: finding.messageId,
          severity: finding.severity,
          file: relative(c.scenario, finding.file),
          line: finding.range.start.line,
          column: finding.range.start.column,
          endLine: finding.range.end.line,
          endColumn: finding.range.end.column,
        },
        { messageId: c.messageId, severity: c.severity, file: c.file, line: c.line, column: c.column, endLine: c.endLine, endColumn: c.endColumn },
        describe(c.scenario, finding),
      );
      assert.doesNotMatch(finding.message, /\{\w+\}/, `every placeholder of "${finding.message}" must be filled`);
      assert.ok(
        finding.message.includes(c.resource) || finding.message.includes(c.resource.replace(/\[.*$/, '')),
        `the message names the resource: ${finding.message}`,
      );
      for (const text of c.mentions ?? []) assert.ok(finding.message.includes(text), `the message should mention "${text}": ${finding.message}`);
      if (c.related)
        assert.deepEqual(
          (finding.related ?? []).map((r) => ({ file: relative(c.scenario, r.file), line: r.range.start.line, column: r.range.start.column })),
          c.related,
          'related locations',
        );
      const actual = finding.suggestions ?? [];
      const wanted = c.suggestions ?? [];
      assert.deepEqual(
        actual.map((s) => s.messageId),
        wanted.map((s) => s.messageId),
        'suggestions',
      );
      actual.forEach((suggestion, i) => {
        const want = wanted[i]!;
        const v2 = path.join(PLANS, c.scenario, 'v2');
        const files = configurationFiles(v2);
        for (const edit of suggestion.edits)
          assert.ok(relative(c.scenario, edit.file) in files, `a suggestion edits only files of the configuration: ${edit.file}`);
        const byFile = new Map<string, (typeof suggestion.edits)[number][]>();
        for (const edit of suggestion.edits) byFile.set(relative(c.scenario, edit.file), [...(byFile.get(relative(c.scenario, edit.file)) ?? []), edit]);
        for (const [name, edits] of byFile) files[name] = applyEdits(files[name]!, edits);
        assert.equal(files[want.file], want.output, `output of suggestion ${want.messageId}`);
        for (const name of byFile.keys()) assert.deepEqual(parseFile(path.join(v2, name), files[name]!).errors, [], `${name} must parse after the suggestion`);
        toValidate.push({ name: `${c.name} / ${want.messageId}`, files });
      });
    });
  }

  for (const scenario of scenarios) {
    test(`${meta.id}: every finding in ${scenario} is an invalid case`, async () => {
      const covered = new Set(table.invalid.filter((c) => c.scenario === scenario).map((c) => c.resource));
      const outcome = await scanScenario(scenario, rule);
      assert.deepEqual(outcome.failures, [], 'the rule must not throw');
      const unseen = outcome.findings.filter((f) => f.ruleId !== meta.id || f.resource === undefined || !covered.has(f.resource));
      assert.deepEqual(
        unseen.map((f) => `${describe(scenario, f)} ${f.message}`),
        [],
      );
    });
    test(`${meta.id}: without the plan, ${scenario} has no finding`, async () => {
      const outcome = await scanScenario(scenario, rule, false);
      assert.deepEqual(
        outcome.findings.map((f) => `${f.ruleId} ${f.message}`),
        [],
      );
      assert.deepEqual(outcome.failures, []);
    });
  }

  // Registered last, so it runs after the invalid cases have collected the outputs.
  test(`${meta.id}: suggestion outputs pass terraform validate`, (t) => {
    const tool = findTerraform();
    if ('skip' in tool) return t.skip(`terraform validate not run: ${tool.skip}`);
    if (toValidate.length === 0) return t.skip('no suggestion output to validate');
    const problems = toValidate.flatMap(({ name, files }) => {
      const result = terraformValidate(tool, files);
      return result.valid ? [] : [`${name}: ${result.diagnostics.join('; ')}`];
    });
    assert.deepEqual(problems, []);
  });
}

/** The .tf files of a configuration directory and its local modules, by path relative to it. */
function configurationFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (name.endsWith('.tf')) files[name.split(path.sep).join('/')] = fs.readFileSync(path.join(dir, name), 'utf8');
  }
  return files;
}
