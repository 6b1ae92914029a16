// The CLI entry point: `premortem scan` here, `premortem blast-radius` and `premortem drift` in their own files. Exit codes: 0 clean (below --fail-on), 1 findings, 2 usage,
// config or internal error, with one clear line on stderr (and a stack trace only with --debug).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { RULES } from '../../../rules/index';
import { requireIgnoreReasons } from '../core/lint/ignore-reason';
import { baselineEntries, formatBaseline } from '../core/changes/baseline';
import { identitiesOf, parsedFiles } from '../core/changes/finding-identity';
import { severityAtLeast, type Comparison, type Finding, type ScanResult } from '../core/finding';
import { didYouMean } from '../core/closest-name';
import { allRuleMetas, type ScanOutcome, type ScanRequest } from '../core/scan';
import { UserError } from '../core/user-error';
import { parseArguments, usageFor, UsageError, type ScanArguments } from './args';
import { runBlastRadius } from './blast-radius-command';
import { runDrift } from './drift';
import { formatResult } from './formatters';
import { scanNewSince, scanStaged, withoutBaseline } from './new-since';
import { readPlanInput } from './plan-input';
import { runReview } from './review-command';
import { defaultJobs, parallelScan } from './parallel-scan';
import { terminalProgress } from './progress';
import { checkOutputTarget } from './output-target';
import { reportRuleFailures, writeReport } from './report-output';
import { version } from '../../../package.json';
import { cacheFileOf, finishCache, openCache } from './cache-file';
import { runRules } from './rules-command';
import { loadUserRules, reportRuleFileErrors } from './user-rules';

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArguments(argv, (arg) => fs.existsSync(arg));
  } catch (error) {
    if (error instanceof UserError) return fail(error.message);
    throw error;
  }
  if (args.command === 'help') {
    process.stdout.write(usageFor(args.topic));
    return 0;
  }
  if (args.command === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  try {
    if (args.command === 'drift') return await runDrift(args, RULES, version);
    if (args.command === 'review') return await runReview(args);
    if (args.command === 'rules') return runRules(args, process.cwd());
    return args.command === 'blast-radius' ? await runBlastRadius(args) : await runScan(args);
  } catch (error) {
    // A bad option, config, path, plan or output target: its one-line message, exit 2, no stack.
    if (error instanceof UserError) return fail(error.message);
    const err = error instanceof Error ? error : new Error(String(error));
    return fail(`internal error: ${err.message}${args.debug && err.stack ? `\n${err.stack}` : ' (run with --debug for details)'}`);
  }
}

async function runScan(args: ScanArguments): Promise<number> {
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

/** `premortem baseline`: every finding, written as a baseline relative to the output file's folder. */
async function writeBaseline(outcome: ScanOutcome, args: ScanArguments, cwd: string): Promise<number> {
  const target = path.resolve(cwd, args.output!);
  const lookup = parsedFiles();
  const entries = baselineEntries(outcome.findings.flatMap((finding) => identitiesOf(finding, path.dirname(target), lookup)));
  await writeReport(formatBaseline(entries), args.output, cwd);
  process.stderr.write(`premortem: wrote ${outcome.findings.length} findings to the baseline ${args.output}\n`);
  return reportRuleFailures(outcome.failures, cwd, args.debug) ? 2 : 0;
}

function wantsColor(): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  if (process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0') return true;
  return process.stdout.isTTY === true;
}

function fail(message: string): number {
  process.stderr.write(`premortem: ${message}\n`);
  return 2;
}

// The same bundle runs parallel-scan's worker threads, which must not start the CLI again.
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`premortem: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
