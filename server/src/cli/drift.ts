// `premortem drift`: runs the drift report and writes it. Exit codes as for `scan`: 0 no disagreement at or
// above --fail-on, 1 some, 2 usage, config or internal error (the caller maps thrown errors to 2).
import type { RuleModule } from '../../../rules/api';
import { rulesOf } from '../core/data-rules/rule-set';
import { severityAtLeast } from '../core/finding';
import type { DriftArguments } from './drift-args';
import { formatDrift } from './drift-format';
import { buildDriftReport, driftFindings } from './drift-report';
import { checkOutputTarget } from './output-target';
import { reportRuleFailures, writeReport } from './report-output';
import { loadUserRules, reportRuleFileErrors } from './user-rules';

export async function runDrift(args: DriftArguments, rules: readonly RuleModule[], version: string, cwd = process.cwd()): Promise<number> {
  checkOutputTarget(args.output, cwd, args.config !== undefined ? [args.config] : []);
  // Only env-variable-drift runs, but `.premortem.json` may set a rule file's rule, and is checked against
  // every rule's id: the rule files are loaded as for `scan` (a broken one is named, and the exit code is 2).
  const user = loadUserRules(args.paths, cwd);
  const report = buildDriftReport(
    { paths: args.paths, cwd, inlineIgnores: args.inlineIgnores, ...(args.config !== undefined ? { configFile: args.config } : {}) },
    [...rules, ...rulesOf(user.set)],
  );
  const text = formatDrift(args.format, { report, cwd, version, all: args.all });
  await writeReport(text, args.output, cwd);
  const brokenRules = reportRuleFileErrors(user.set, cwd);
  if (reportRuleFailures(report.failures, cwd, args.debug) || brokenRules) return 2;
  return driftFindings(report).some((f) => severityAtLeast(f.severity, args.failOn)) ? 1 : 0;
}
