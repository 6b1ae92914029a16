// The rules about what a plan does (`runsOn: 'plan'`): each runs once, on the tree of the root module the plan
// was made from, and reports on resource addresses. A report becomes a finding on the resource's block, or
// where plan-anchor puts a resource that left the configuration, and carries the address as `resource`.
import type { Block, PlanReportDescriptor, PlanRule, PlanRuleContext, ReportDescriptor, ResourceChange, RuleMeta, SourceFile } from '../../../../rules/api';
import { ruleOptions, ruleSeverity, type ResolvedConfig } from '../config/config';
import type { Finding } from '../finding';
import { isDownloaded, type PlacedFinding } from '../instances/placement';
import type { ModuleInstance } from '../instances/module-instance';
import { toFinding } from '../lint/report-to-finding';
import { ruleFailure, type RuleFailure } from '../lint/run-rules';
import { redactDescriptor, redactFinding } from '../lint/sensitive';
import { anchorOf, type PlanAnchor } from './plan-anchor';
import { planView } from './plan-view';
import type { PlanValues } from './plan-values';

export interface PlanRuleRun {
  readonly placed: PlacedFinding[];
  readonly failures: RuleFailure[];
}

export interface PlanRuleSettings {
  readonly config: ResolvedConfig;
  /** Values never to print. */
  readonly sensitive: ReadonlySet<string>;
  /** A source file of any module of the tree. */
  readonly fileOf: (path: string) => SourceFile | undefined;
}

export function runPlanRules(root: ModuleInstance, values: PlanValues, rules: readonly PlanRule[], settings: PlanRuleSettings): PlanRuleRun {
  const plan = planView(values);
  const anchors = new Map<string, PlanAnchor>();
  const anchor = (address: string): PlanAnchor => {
    let found = anchors.get(address);
    if (!found) anchors.set(address, (found = anchorOf(root, address)));
    return found;
  };
  const placed: PlacedFinding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    const meta = rule.meta as RuleMeta;
    const reports: PlanReportDescriptor[] = [];
    const context: PlanRuleContext = {
      options: ruleOptions(settings.config, meta),
      settings: settings.config.settings,
      plan,
      blockOf: (change: ResourceChange): Block | undefined => anchor(change.address).declared,
      report: (descriptor) => reports.push(descriptor),
    };
    try {
      rule.checkPlan(plan, context);
      for (const report of reports) placed.push(place(rule, report, anchor(report.resource), settings));
    } catch (error) {
      failures.push(ruleFailure(meta.id, root.module.dir, error));
    }
  }
  return { placed, failures };
}

function place(rule: PlanRule, report: PlanReportDescriptor, anchor: PlanAnchor, settings: PlanRuleSettings): PlacedFinding {
  const { resource, ...rest } = report;
  const descriptor: ReportDescriptor = { ...rest, at: anchor.block ?? anchor.range, file: anchor.file };
  const meta = rule.meta as RuleMeta;
  const base = toFinding(
    { rule, descriptor: redactDescriptor(descriptor, settings.sensitive), block: undefined },
    { fileOf: settings.fileOf, configuredSeverity: ruleSeverity(settings.config, meta) },
  );
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = { ...redactFinding(base, settings.sensitive), resource };
  // Nobody edits a module that terraform init downloaded.
  const suggestions = (finding.suggestions ?? []).filter((s) => !s.edits.some((edit) => isDownloaded(edit.file)));
  if (suggestions.length > 0) finding.suggestions = suggestions;
  else delete finding.suggestions;
  return { finding, alsoAt: anchor.alsoAt };
}
