// `premortem blast-radius --plan PLAN.json [path]`: reads the plan, builds the root module's dependency
// graph (child modules included, instance keys taken from the plan where the configuration cannot know
// them), lints the modules involved with the plan's values, and reports each change's blast radius. Exit
// codes as for `scan`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { severityAtLeast } from '../core/finding';
import { planBlastRadius, planFitsConfiguration } from '../core/plan/plan-blast-radius';
import { planGraph } from '../core/plan/plan-graph';
import { readPlan } from '../core/plan/read-plan';
import { scan } from '../core/scan';
import type { BlastRadiusArguments } from './blast-radius-args';
import { formatBlastRadius } from './format-blast-radius';
import { formatBlastRadiusPicture } from './format-blast-radius-picture';
import { UsageError } from './option-reader';
import { checkOutputTarget } from './output-target';
import { reportRuleFailures, writeReport } from './report-output';
import { loadUserRules, reportRuleFileErrors } from './user-rules';
import { version } from '../../../package.json';

export async function runBlastRadius(args: BlastRadiusArguments): Promise<number> {
  const cwd = process.cwd();
  checkOutputTarget(args.output, cwd, [args.plan, ...args.varFiles, ...(args.config !== undefined ? [args.config] : [])]);
  let planText: string;
  try {
    planText = fs.readFileSync(path.resolve(cwd, args.plan), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the plan ${args.plan}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const plan = readPlan(planText, args.plan);
  const dir = path.resolve(cwd, args.dir);
  const graph = planGraph(
    plan,
    dir,
    args.varFiles.map((f) => path.resolve(cwd, f)),
  );
  if (!graph) throw new UsageError(`${args.dir}: no .tf files here; pass the root module the plan was made from`);
  if (!planFitsConfiguration(plan, graph)) {
    throw new UsageError(`${args.plan}: none of the plan's resources is declared in ${args.dir}; pass the root module the plan was made from`);
  }

  // Lint the root and every module it calls, wherever their code lives.
  const moduleDirs = new Set([dir]);
  for (const node of graph.nodes.values()) if (node.location) moduleDirs.add(path.dirname(node.location.file));
  const outsideRoot = [...moduleDirs].filter((d) => d === dir || path.relative(dir, d).startsWith('..'));
  // Each change lists the findings on what it touches: those of the rule files too, found and scoped as for
  // `scan` (a broken one is named, the others still run, and the exit code is then 2).
  const user = loadUserRules(outsideRoot, cwd);
  // The plan fills in what the configuration cannot say, as for `scan --plan`.
  const outcome = await scan({
    paths: outsideRoot,
    cwd,
    rules: user.rules,
    varFiles: args.varFiles,
    inlineIgnores: args.inlineIgnores,
    plan: { file: args.plan, text: planText },
    ...(args.config !== undefined ? { configFile: args.config } : {}),
  });
  const changes = planBlastRadius(plan, graph, outcome.findings);
  const report =
    args.format === 'svg' || args.format === 'html'
      ? formatBlastRadiusPicture({ format: args.format, changes, graph, cwd, version })
      : formatBlastRadius(args.format, { changes, cwd, version });
  await writeReport(report, args.output, cwd);
  const brokenRules = reportRuleFileErrors(user.set, cwd);
  if (reportRuleFailures(outcome.failures, cwd, args.debug) || brokenRules) return 2;
  return changes.some((c) => c.findings.some((f) => severityAtLeast(f.severity, args.failOn))) ? 1 : 0;
}
