// `premortem scan [paths...]`: lints the modules under the paths and reports the findings, all of them or
// only the new ones (--new-since, --baseline, --staged); `premortem baseline` scans alike and writes them all.
import { requireIgnoreReasons } from '../../../core/lint/ignore-reason';
import { severityAtLeast, type Comparison, type Finding, type ScanResult } from '../../../core/finding';
import { didYouMean } from '../../../core/closest-name';
import { allRuleMetas, type ScanOutcome, type ScanRequest } from '../../../core/scan';
import { version } from '../../../../../package.json';
import { cacheFileOf, finishCache, openCache } from '../../cache-file';
import { scanNewSince, scanStaged, withoutBaseline } from '../../new-since';
import { UsageError } from '../../options/usage-error';
import { formatResult } from '../../output/formatters';
import { checkOutputTarget } from '../../output/output-target';
import { reportRuleFailures, writeReport } from '../../output/report-output';
import { defaultJobs, parallelScan } from '../../parallel-scan';
import { readPlanInput } from '../../plan-input';
import { terminalProgress } from '../../progress';
import { loadUserRules, reportRuleFileErrors } from '../../user-rules';
import { writeBaseline } from '../baseline/run';
import type { ScanArguments } from './options';

export async function runScan(args: ScanArguments): Promise<number> {
  const cwd = process.cwd();
  // A broken rule file is reported, and every other rule still runs; the exit code is then 2.
  const user = loadUserRules(args.paths, cwd);
  const rules = user.rules;
  const known = new Set(allRuleMetas(rules).map((m) => m.id));
  for (const id of args.rules) {
    if (known.has(id)) continue;
    throw new UsageError(`unknown rule "${id}" in --rule${didYouMean(id, known) ?? '; premortem rules lists them'}`);
  }
  checkOutputTarget(args.output, cwd, [
    ...args.varFiles,
    ...(args.config !== undefined ? [args.config] : []),
    ...(args.plan !== undefined && args.plan !== '-' ? [args.plan] : []),
    ...(args.baseline !== undefined ? [args.baseline] : []),
  ]);
  const progress = process.stderr.isTTY && !args.quiet ? terminalProgress(process.stderr) : undefined;
  const plan = args.plan === undefined ? undefined : readPlanInput(args.plan, cwd);
  const cacheFile = args.cache ? cacheFileOf(args.cacheLocation, cwd) : undefined;
  const cache = cacheFile !== undefined ? openCache(cacheFile, rules, version, user.set.digest) : undefined;
  const request: ScanRequest = {
    paths: args.paths,
    cwd,
    rules,
    ...(user.files.length > 0 ? { ruleFiles: user.set.loaded.map((l) => l.file) } : {}),
    varFiles: args.varFiles,
    inlineIgnores: args.inlineIgnores,
    // A change review may find no Terraform on one side: that is not a mistyped path.
    rejectEmptyPaths: !args.allowEmpty && args.newSince === undefined && !args.staged,
    ...(args.config !== undefined ? { configFile: args.config } : {}),
    ...(args.rules.length > 0 ? { onlyRules: args.rules } : {}),
    ...(plan ? { plan } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
    ...(cache ? { cache } : {}),
  };
  let comparedWith: Comparison | undefined;
  let outcome: ScanOutcome;
  if (args.newSince !== undefined) ({ outcome, comparedWith } = await scanNewSince(request, args.newSince));
  else if (args.staged) {
    const staged = await scanStaged(request, (scoped) => parallelScan(scoped, { jobs: args.jobs ?? defaultJobs() }));
    outcome = staged.outcome;
    if (staged.changedFiles.length === 0 && !args.quiet)
      process.stderr.write('premortem: no staged changes to Terraform files under the scanned paths; nothing to lint\n');
  } else outcome = await parallelScan(request, { jobs: args.jobs ?? defaultJobs() });
  progress?.clear();
  if (cache && cacheFile !== undefined) finishCache(cache, cacheFile, cwd, args.debug);
  const brokenRules = reportRuleFileErrors(user.set, cwd);
  if (args.command === 'baseline') return Math.max(await writeBaseline(outcome, args, cwd), brokenRules ? 2 : 0);
  let found = args.requireIgnoreReason ? requireIgnoreReasons(outcome.findings) : outcome.findings;
  if (args.baseline !== undefined) {
    const kept = withoutBaseline(found, args.baseline, cwd);
    found = kept.findings;
    comparedWith = { ...comparedWith, baseline: args.baseline, notNew: (comparedWith?.notNew ?? 0) + kept.notNew };
  }

  const findings: Finding[] = args.quiet ? found.filter((f) => f.severity === 'error') : [...found];
  const result: ScanResult = {
    findings,
    ...(comparedWith ? { comparedWith } : {}),
    ...(outcome.opaqueCalls ? { opaqueCalls: outcome.opaqueCalls } : {}),
    ...(outcome.truncatedTrees ? { truncatedTrees: outcome.truncatedTrees } : {}),
    ...(outcome.linksOutside ? { linksOutside: outcome.linksOutside } : {}),
    ...(outcome.shadowedFiles ? { shadowedFiles: outcome.shadowedFiles } : {}),
    summary: {
      ...outcome.summary,
      findings: findings.length,
      bySeverity: {
        error: findings.filter((f) => f.severity === 'error').length,
        warning: findings.filter((f) => f.severity === 'warning').length,
        info: findings.filter((f) => f.severity === 'info').length,
      },
    },
  };
  const color = args.format === 'text' && args.output === undefined && (args.color ?? wantsColor());
  // Wrapped to the terminal only when a person reads it there; a file or a pipe keeps one line per finding.
  const width = args.format === 'text' && args.output === undefined && process.stdout.isTTY ? process.stdout.columns : undefined;
  await writeReport(formatResult(args.format, { result, rules: allRuleMetas(rules), cwd, version, color, ...(width ? { width } : {}) }), args.output, cwd);
  if (reportRuleFailures(outcome.failures, cwd, args.debug) || brokenRules) return 2;
  return findings.some((f) => severityAtLeast(f.severity, args.failOn)) ? 1 : 0;
}

function wantsColor(): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return process.stdout.isTTY === true;
}
