// `premortem review`: one report for a pull request. The scan (new findings only, with --new-since or
// --baseline), the findings about what the plan does, the blast radius of each change the plan makes, and
// the environments that disagree (in the modules the change touches, with --new-since). Exit codes as for
// `scan`, decided by the findings the report lists.
import * as path from 'node:path';
import { severityAtLeast, type Comparison, type Finding } from '../../../core/finding';
import { planBlastRadius, type ChangeReport } from '../../../core/plan/plan-blast-radius';
import { planGraph } from '../../../core/plan/plan-graph';
import { readPlan } from '../../../core/plan/read-plan';
import { planScan, scan, type ScanRequest } from '../../../core/scan';
import { buildDriftReport, disagreeingOnly, type DriftModule } from '../drift/report';
import { formatReview } from './format';
import { repositoryTop } from '../../git-changes';
import { scanNewSince, withoutBaseline, type Compared } from '../../new-since';
import { checkOutputTarget } from '../../output/output-target';
import { readPlanInput, type PlanInput } from '../../plan-input';
import { reportRuleFailures, writeReport } from '../../output/report-output';
import type { ReviewArguments } from './options';
import { version } from '../../../../../package.json';
import { cacheFileOf, finishCache, openCache } from '../../cache-file';
import { isInside } from '../../../core/path-inside';
import { loadUserRules, reportRuleFileErrors } from '../../user-rules';

export async function runReview(args: ReviewArguments, cwd = process.cwd()): Promise<number> {
  checkOutputTarget(args.output, cwd, [
    ...args.varFiles,
    ...(args.config !== undefined ? [args.config] : []),
    ...(args.plan !== undefined && args.plan !== '-' ? [args.plan] : []),
    ...(args.baseline !== undefined ? [args.baseline] : []),
  ]);
  const plan = args.plan === undefined ? undefined : readPlanInput(args.plan, cwd);
  const cacheFile = args.cache ? cacheFileOf(args.cacheLocation, cwd) : undefined;
  // The rule files (.premortem/rules) run with the built-in rules, on both sides of a --new-since comparison.
  const user = loadUserRules(args.paths, cwd);
  const cache = cacheFile !== undefined ? openCache(cacheFile, user.rules, version, user.set.digest) : undefined;
  const request: ScanRequest = {
    paths: args.paths,
    cwd,
    rules: user.rules,
    varFiles: args.varFiles,
    inlineIgnores: args.inlineIgnores,
    ...(args.config !== undefined ? { configFile: args.config } : {}),
    ...(plan ? { plan } : {}),
    ...(cache ? { cache } : {}),
  };
  const compared: Compared = args.newSince !== undefined ? await scanNewSince(request, args.newSince) : await wholeScan(request);
  if (cache && cacheFile !== undefined) finishCache(cache, cacheFile, cwd, args.debug);
  let findings: readonly Finding[] = compared.outcome.findings;
  let comparedWith: Comparison | undefined = args.newSince !== undefined ? compared.comparedWith : undefined;
  if (args.baseline !== undefined) {
    const kept = withoutBaseline(findings, args.baseline, cwd);
    findings = kept.findings;
    comparedWith = { ...comparedWith, baseline: args.baseline, notNew: (comparedWith?.notNew ?? 0) + kept.notNew };
  }
  const changes = plan && blastRadius(plan, request, compared);
  const drift = disagreements(request, compared.changedFiles);
  const top = compared.top ?? repositoryTop(cwd) ?? cwd;
  await writeReport(
    formatReview(args.format, {
      findings,
      ...(comparedWith ? { comparedWith } : {}),
      ...(changes ? { changes } : {}),
      drift,
      cwd,
      top,
      ...(args.linkBase !== undefined ? { linkBase: args.linkBase } : {}),
      version,
    }),
    args.output,
    cwd,
  );
  const brokenRules = reportRuleFileErrors(user.set, cwd);
  if (reportRuleFailures(compared.outcome.failures, cwd, args.debug) || brokenRules) return 2;
  return findings.some((f) => severityAtLeast(f.severity, args.failOn)) ? 1 : 0;
}

async function wholeScan(request: ScanRequest): Promise<Compared> {
  const outcome = await scan(request);
  return { outcome, all: outcome.findings, comparedWith: { notNew: 0 } };
}

/** Each change of the plan with what depends on it and the findings (new or not) that touch them. */
function blastRadius(input: PlanInput, request: ScanRequest, compared: Compared): ChangeReport[] {
  const plan = readPlan(input.text, input.file);
  const root = compared.outcome.planRoot ?? planRootOf(request);
  const graph =
    root !== undefined
      ? planGraph(
          plan,
          root,
          (request.varFiles ?? []).map((f) => path.resolve(request.cwd, f)),
        )
      : undefined;
  return graph ? planBlastRadius(plan, graph, compared.all) : [];
}

/** The root module the plan was made from, when no scan ran with it (nothing changed since --new-since). */
function planRootOf(request: ScanRequest): string | undefined {
  const planned = planScan(request, request.rules);
  return planned.applied && planned.modules[planned.applied.root]!.module.dir;
}

/** Modules whose environments disagree, with only the variables they disagree on; with --new-since, only those the change touches. */
function disagreements(request: ScanRequest, changedFiles: readonly string[] | undefined): DriftModule[] {
  if (changedFiles && changedFiles.length === 0) return [];
  const report = buildDriftReport(
    {
      paths: request.paths,
      cwd: request.cwd,
      ...(request.inlineIgnores !== undefined ? { inlineIgnores: request.inlineIgnores } : {}),
      ...(request.configFile !== undefined ? { configFile: request.configFile } : {}),
    },
    request.rules,
  );
  const touches = (module: DriftModule): boolean =>
    !changedFiles ||
    changedFiles.some(
      (file) =>
        isInside(file, module.dir) || module.environments.some((e) => e.files.includes(file) || e.files.some((f) => path.dirname(f) === path.dirname(file))),
    );
  return disagreeingOnly(report.modules.filter(touches));
}
