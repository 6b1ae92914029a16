// `premortem drift`: the environments of every module under the given paths, as a matrix of variables by
// environments, with the env-variable-drift findings attached to the variables they are about. Modules are
// found and linted as `premortem scan` does (same config, excludes and suppressions); environment groups
// seen from several modules (the callers of one module, Terragrunt directories) are shown once.
import * as path from 'node:path';
import {
  UNKNOWN,
  isWhollyKnown,
  type Block,
  type Environment,
  type EnvironmentGroup,
  type EnvironmentKind,
  type RuleModule,
  type Value,
} from '../../../../../rules/api';
import type { Finding } from '../../../core/finding';
import { REDACTED, redactFinding } from '../../../core/lint/sensitive';
import { compareFindings, lintModule, type RuleFailure } from '../../../core/lint/lint';
import { readFromDisk, readSourceFile } from '../../../core/load-module';
import { loadPlannedModule, planScan, type ScanOptions } from '../../../core/scan';

export const DRIFT_RULE = 'env-variable-drift';

export type DriftCell =
  | { readonly state: 'set'; readonly value: Value; readonly inherited: boolean; readonly file: string; readonly line: number }
  | { readonly state: 'unknown'; readonly inherited: boolean; readonly file: string; readonly line: number }
  | { readonly state: 'missing' };

export interface DriftVariable {
  readonly name: string;
  /** Whether the target module declares it; undefined when its variables cannot be read. */
  readonly declared: boolean | undefined;
  /** Declared without a default. */
  readonly required: boolean;
  /** Declared `sensitive = true`: every value shows as "(sensitive)", in every format. */
  readonly sensitive?: true;
  /** By environment name. */
  readonly values: Readonly<Record<string, DriftCell>>;
  readonly disagreements: readonly Finding[];
}

export interface DriftEnvironment {
  readonly name: string;
  readonly kind: EnvironmentKind;
  /** Absolute paths. */
  readonly files: readonly string[];
  readonly complete: boolean;
  /** Why it is not complete, where premortem can say (a Terragrunt include that Terragrunt refuses). */
  readonly note?: string;
}

export interface DriftModule {
  /** The module the environments give values to (absolute). */
  readonly dir: string;
  readonly layout: EnvironmentKind;
  readonly environments: readonly DriftEnvironment[];
  readonly variables: readonly DriftVariable[];
}

export interface DriftReport {
  readonly modules: readonly DriftModule[];
  /** Drift findings not about one variable of a listed module (none today; kept so nothing is lost). */
  readonly otherFindings: readonly Finding[];
  readonly failures: readonly RuleFailure[];
}

function groupKey(group: EnvironmentGroup): string {
  const files = group.environments.flatMap((e) => e.files.map((f) => f.path)).sort();
  return `${group.kind}\u0000${group.kind === 'terragrunt' ? '' : group.target}\u0000${files.join('\u0000')}`;
}

function cellOf(environment: Environment, name: string, sensitive: boolean): DriftCell {
  const entry = environment.entries.get(name);
  if (!entry) return { state: 'missing' };
  const where = { inherited: entry.inherited, file: entry.attribute.file, line: entry.attribute.range.start.line };
  if (sensitive) return { state: 'set', value: REDACTED, ...where };
  if (!entry.value.known || entry.value.value === UNKNOWN || !isWhollyKnown(entry.value.value)) return { state: 'unknown', ...where };
  return { state: 'set', value: entry.value.value, ...where };
}

/**
 * `sensitive = true` on a variable's declaration. A drift report may be posted where anyone can read it (a
 * comment on a fork's pull request), so such values never appear in it; anything but a literal `true` counts.
 */
function isSensitive(declaration: Block | undefined): boolean {
  const expr = declaration?.body.attributes.find((a) => a.name === 'sensitive')?.expr;
  return expr !== undefined && !(expr.kind === 'literal' && expr.value === false);
}

/** The values of sensitive variables in every environment, as text, to blank out of finding messages. */
function sensitiveValues(group: EnvironmentGroup, names: Iterable<string>): Set<string> {
  const values = new Set<string>();
  for (const name of names) {
    for (const environment of group.environments) {
      const value = environment.entries.get(name)?.value;
      if (value?.known && value.value !== UNKNOWN) collectText(value.value, values);
    }
  }
  return values;
}

function collectText(value: Value, into: Set<string>): void {
  if (value === null || value === UNKNOWN) return;
  if (typeof value !== 'object') into.add(String(value));
  else for (const item of Object.values(value as object) as Value[]) collectText(item, into);
}

/** Plans, loads and lints (with the drift rule alone) every module under the paths. */
export function buildDriftReport(options: ScanOptions, rules: readonly RuleModule[]): DriftReport {
  const rule = rules.find((r) => r.meta.id === DRIFT_RULE);
  const plan = planScan({ ...options, onlyRules: [DRIFT_RULE] }, rules);
  const groups = new Map<string, EnvironmentGroup>();
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const seen = new Set<string>();
  const load = (file: string) => readSourceFile(file, readFromDisk);
  for (const planned of plan.modules) {
    const module = loadPlannedModule(plan, planned, load);
    for (const group of module.environments) {
      const key = groupKey(group);
      if (!groups.has(key)) groups.set(key, group);
    }
    if (!rule) continue;
    const result = lintModule(module, {
      rules: [rule],
      config: planned.config,
      inlineIgnores: options.inlineIgnores !== false,
      onlyRules: new Set([DRIFT_RULE]),
    });
    for (const finding of result.findings) {
      // A var file named in the config for several modules gets the same finding from each.
      const key = `${finding.file}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}\u0000${finding.message}`;
      if (finding.ruleId !== DRIFT_RULE || seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
    failures.push(...result.failures);
  }

  const used = new Set<Finding>();
  const modules: DriftModule[] = [];
  for (const group of groups.values()) {
    const files = new Set(group.environments.flatMap((e) => e.files.map((f) => f.path)));
    const names = new Set<string>();
    for (const environment of group.environments) {
      for (const entry of environment.entries.values()) names.add(entry.name);
    }
    const mine = findings.filter((f) => files.has(f.file));
    for (const finding of mine) if (typeof finding.data?.['variable'] === 'string') names.add(finding.data['variable']);
    const sensitiveNames = new Set([...names].filter((name) => isSensitive(group.variables?.get(name))));
    const secret = sensitiveValues(group, sensitiveNames);
    const variables: DriftVariable[] = [];
    for (const name of [...names].sort()) {
      const declaration = group.variables?.get(name);
      const sensitive = sensitiveNames.has(name);
      const values: Record<string, DriftCell> = {};
      for (const environment of group.environments) values[environment.name] = cellOf(environment, name, sensitive);
      const cells = Object.values(values);
      const disagreements = mine.filter((f) => f.data?.['variable'] === name);
      // Values every environment inherits from one shared file say nothing about the environments.
      if (disagreements.length === 0 && cells.every((c) => c.state !== 'missing' && c.inherited)) continue;
      disagreements.forEach((f) => used.add(f));
      variables.push({
        name,
        declared: group.variables ? declaration !== undefined : undefined,
        required: declaration !== undefined && !declaration.body.attributes.some((a) => a.name === 'default'),
        ...(sensitive ? { sensitive: true as const } : {}),
        values,
        disagreements: disagreements.map((f) => redactFinding(f, secret)).sort(compareFindings),
      });
    }
    modules.push({
      dir: displayDir(group),
      layout: group.kind,
      environments: group.environments.map((e) => ({
        name: e.name,
        kind: e.kind,
        files: e.files.map((f) => f.path),
        complete: e.complete,
        ...(e.note !== undefined ? { note: e.note } : {}),
      })),
      variables,
    });
  }
  modules.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : a.layout < b.layout ? -1 : a.layout > b.layout ? 1 : 0));
  return { modules, otherFindings: findings.filter((f) => !used.has(f)).sort(compareFindings), failures };
}

/**
 * Where a group's module is: its target, except for Terragrunt directories whose module premortem could not
 * locate (the target is then one of them): their common path with the environment as `*`
 * (`live/*\/app`).
 */
function displayDir(group: EnvironmentGroup): string {
  // A Terragrunt environment's own terragrunt.hcl is its last file, after those it includes.
  const dirs = group.environments.map((e) => path.dirname((group.kind === 'terragrunt' ? e.files[e.files.length - 1] : e.files[0])!.path));
  if (group.kind !== 'terragrunt' || !dirs.includes(group.target)) return group.target;
  const split = dirs.map((d) => d.split(path.sep));
  if (split.some((parts) => parts.length !== split[0]!.length)) return group.target;
  return split[0]!.map((part, i) => (split.every((parts) => parts[i] === part) ? part : '*')).join(path.sep);
}

/** The modules with a disagreement, each with only the variables that have one: what a reader must act on. */
export function disagreeingOnly(modules: readonly DriftModule[]): DriftModule[] {
  return modules
    .map((module) => ({ ...module, variables: module.variables.filter((v) => v.disagreements.length > 0) }))
    .filter((module) => module.variables.length > 0);
}

/** Every drift finding of the report, once. */
export function driftFindings(report: DriftReport): Finding[] {
  const all = new Set<Finding>(report.otherFindings);
  for (const module of report.modules) for (const variable of module.variables) for (const f of variable.disagreements) all.add(f);
  return [...all];
}

export function relativePath(file: string, cwd: string): string {
  return (path.relative(cwd, file) || '.').split(path.sep).join('/');
}
