// Lints a module: syntax errors, every enabled rule over its blocks (once per known count/for_each
// instance) and over the module instances it calls, each with its caller's values, then suppression
// comments. A module is linted as a root here; `instances/lint-tree.ts` does the work.
import type { RuleModule } from '../../../../rules/api';
import type { ResolvedConfig } from '../config/config';
import type { Finding } from '../finding';
import { lintTree } from '../instances/lint-tree';
import { diskHost, ModuleInstance, type InstanceHost } from '../instances/module-instance';
import type { ModuleIndex } from '../module';
import type { PlanValues } from '../plan/plan-values';
import type { RuleFailure } from './run-rules';

export type { RuleFailure } from './run-rules';

export interface LintSettings {
  readonly rules: readonly RuleModule[];
  readonly config: ResolvedConfig;
  /** `false` ignores every premortem-ignore comment (the CLI's --no-inline-ignores). */
  readonly inlineIgnores: boolean;
  /** Only these rules run (the CLI's --rule); syntax errors are always reported. */
  readonly onlyRules?: ReadonlySet<string>;
  /** Checked between rules: a lint that is no longer wanted stops early. */
  readonly isCancelled?: () => boolean;
  /** The plan the root was planned with: rules about plan actions run on it (without one they do not run). */
  readonly plan?: PlanValues;
}

export interface LintResult {
  readonly findings: Finding[];
  readonly failures: RuleFailure[];
  readonly cancelled: boolean;
}

/** Lints a module as a root, with the modules it calls (read through `host`, by default from disk). */
export function lintModule(module: ModuleIndex, settings: LintSettings, host: InstanceHost = diskHost(module.dir)): LintResult {
  const result = lintTree(ModuleInstance.root(module, host), settings);
  result.findings.sort(compareFindings);
  return { findings: result.findings, failures: result.failures, cancelled: result.cancelled };
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
