// Lints a root module and every module instance below it: every rule on every instance, each with its
// caller's values. Findings are put where the value they are about is written, named after the instances
// they are about, and merged so that one location and rule is reported once. Instances whose arguments
// evaluate the same share one run of the rules. With the plan the root was planned with, the rules about plan
// actions run once on the whole tree (run-plan-rules). Suppression comments then apply in every file of the
// tree: at a finding's place, where the rule reported it, and on the module calls that lead there.
import { dirname } from 'node:path';
import { isWhollyKnown, needsPlan, type Attribute, type Block, type PlanRule, type RuleMeta, type Severity, type SourceFile } from '../../../../rules/api';
import { BUILTIN_RULES, FILE_PROBLEM_RULES, IGNORE_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../lint/builtin-rules';
import { isRuleEnabled, ruleSeverity } from '../config/config';
import type { Finding } from '../finding';
import type { LintSettings } from '../lint/lint';
import { ignoresWithoutReason } from '../lint/ignore-reason';
import { formatMessage } from '../lint/message';
import type { ModuleIndex } from '../module';
import { isAboutDamagedBlock, toFinding } from '../lint/report-to-finding';
import type { RawReport } from '../lint/rule-context';
import { ruleFailure, runRules, type RuleFailure } from '../lint/run-rules';
import { addLeaves } from '../plan/plan-values';
import { runPlanRules } from '../plan/run-plan-rules';
import { redactDescriptor, redactFinding } from '../lint/sensitive';
import { syntaxErrorFindings } from '../lint/syntax-findings';
import { covers, findSuppressions, type Suppression } from '../lint/suppress';
import { mergeFindings } from './merge-findings';
import { CALL_META_ARGUMENTS, type ModuleInstance } from './module-instance';
import { isDownloaded, placeFinding, type PlacedFinding } from './placement';
import { InstanceScope } from './instance-scope';

export interface TreeLint {
  readonly findings: Finding[];
  readonly failures: RuleFailure[];
  readonly cancelled: boolean;
  /** Every module the tree reached, root first. */
  readonly modules: readonly ModuleIndex[];
  /** How many module instances were linted (those that shared another's run included). */
  readonly instances: number;
  /** How many times the rules ran: instances whose arguments evaluate the same share one run. */
  readonly runs: number;
  /** The tree had more instances than a lint takes (MAX_INSTANCES): those beyond were not linted. */
  readonly truncated: boolean;
  /** Suppressions that silenced something, as `file \0 offset \0 rule`: another tree may have used one this tree did not. */
  readonly usedSuppressions: readonly string[];
}

/** A run of the rules that instances with the same arguments share. */
interface SharedRun {
  readonly instance: ModuleInstance;
  readonly reports: readonly RawReport[];
  readonly scope: InstanceScope;
  readonly findings: Map<RawReport, Finding | undefined>;
  /** Values never to print. */
  readonly sensitive: ReadonlySet<string>;
}

/**
 * How many module instances one tree's lint takes. Each level of calls multiplies them (a module that calls
 * another with count = 4, four levels deep, is 256 instances); beyond this the lint stops and says so.
 */
export const MAX_INSTANCES = 5000;

export function lintTree(root: ModuleInstance, settings: LintSettings): TreeLint {
  const { config } = settings;
  const active = settings.rules.filter((rule) => isRuleEnabled(config, rule.meta) && (!settings.onlyRules || settings.onlyRules.has(rule.meta.id)));
  // Rules about a plan's actions run once, on the whole tree, and only when there is a plan.
  const moduleRules = active.filter((rule) => !needsPlan(rule));
  const planRules = settings.plan ? active.filter((rule): rule is PlanRule => needsPlan(rule)) : [];
  const onChildren = moduleRules.filter((rule) => rule.meta.runsOn !== 'roots');
  const placed: PlacedFinding[] = [];
  const failures: RuleFailure[] = [];
  const modules = new Map<string, ModuleIndex>();
  /** By module: the runs made so far, each with the key of its instance once a second instance asked for it. */
  const runsByModule = new Map<ModuleIndex, { run: SharedRun; key?: string | undefined; shareable: boolean }[]>();
  let ruleRuns = 0;
  let cancelled = false;
  let truncated = false;

  // The instances first, root first and depth first: a value a child's sensitive variable receives is not
  // printed anywhere in the tree, even by a finding of an instance linted before that child.
  const instances: ModuleInstance[] = [];
  const collect = (instance: ModuleInstance): void => {
    if (instances.length >= MAX_INSTANCES) {
      truncated = true;
      return;
    }
    instances.push(instance);
    for (const child of instance.childInstances()) collect(child);
  };
  collect(root);
  const sensitive = sensitiveValues(instances);

  const lintInstance = (instance: ModuleInstance): void => {
    if (cancelled || settings.isCancelled?.()) {
      cancelled = true;
      return;
    }
    if (!modules.has(instance.module.dir)) modules.set(instance.module.dir, instance.module);
    // Keys are made only for a module met again in the tree (most are met once). A plan's values depend on
    // the instance's address, not only on its arguments: nothing is shared then.
    const earlier = runsByModule.get(instance.module) ?? [];
    const key = earlier.length === 0 || instance.host.plannedAttribute ? undefined : shareKey(instance);
    let shared: SharedRun | undefined;
    for (const entry of key === undefined ? [] : earlier) {
      if (entry.shareable && !('key' in entry)) entry.key = shareKey(entry.run.instance);
      if (entry.shareable && entry.key === key) shared = entry.run;
    }
    let run: SharedRun;
    if (shared) {
      run = shared;
    } else {
      const result = runRules(instance, instance.caller ? onChildren : moduleRules, config, settings.isCancelled);
      ruleRuns++;
      failures.push(...result.failures);
      if (result.cancelled) {
        cancelled = true;
        return;
      }
      run = { instance, reports: result.reports, scope: result.scope, findings: new Map(), sensitive };
      // A run that followed references into other instances depends on more than its arguments.
      const entry = { run, shareable: result.scope.everEntered.size === 0, ...(key !== undefined ? { key } : {}) };
      runsByModule.set(instance.module, [...earlier, entry]);
    }
    for (const raw of run.reports) {
      const finding = convert(run, raw, config, failures);
      if (!finding) continue;
      const report = run.instance === instance ? raw : rebase(raw, instance);
      placed.push(placeFinding(report, finding, run.instance === instance ? run.scope : new InstanceScope(instance)));
    }
  };
  for (const instance of instances) lintInstance(instance);
  if (settings.plan && planRules.length > 0 && !cancelled) {
    const fileOf = (path: string): SourceFile | undefined => {
      for (const module of modules.values()) {
        const file = module.file(path);
        if (file) return file;
      }
      return undefined;
    };
    const run = runPlanRules(root, settings.plan, planRules, { config, sensitive, fileOf });
    placed.push(...run.placed);
    failures.push(...run.failures);
  }

  const items: PlacedFinding[] = [...syntaxErrors(modules.values(), settings).map((finding) => ({ finding, alsoAt: [] })), ...placed];
  const suppressionsOn = settings.inlineIgnores && config.inlineIgnores;
  const suppressions = suppressionsOn ? [...modules.values()].flatMap(ownFiles).flatMap(findSuppressions) : [];
  const { kept, used } = suppressionsOn ? applySuppressions(items, suppressions) : { kept: items.map((i) => i.finding), used: new Set<string>() };
  const ran = new Set([...moduleRules, ...planRules].map((r) => r.meta.id));
  const own = suppressionsOn ? suppressions.filter((s) => !isDownloaded(s.file)) : [];
  const unused = suppressionsOn ? unusedSuppressions(own, used, settings, ran) : [];
  const reasonless = !settings.onlyRules || settings.onlyRules.has(IGNORE_WITHOUT_REASON.id) ? ignoresWithoutReason(own, config) : [];
  return {
    findings: mergeFindings([...kept, ...unused, ...reasonless]),
    failures,
    cancelled,
    modules: [...modules.values()],
    instances: instances.length,
    runs: ruleRuns,
    truncated,
    usedSuppressions: [...used],
  };
}

/** The finding a report becomes, made once per shared run (undefined when it is dropped). */
function convert(run: SharedRun, raw: RawReport, config: LintSettings['config'], failures: RuleFailure[]): Finding | undefined {
  if (run.findings.has(raw)) return run.findings.get(raw);
  let finding: Finding | undefined;
  if (!isAboutDamagedBlock(raw)) {
    try {
      const report = { ...raw, descriptor: redactDescriptor(raw.descriptor, run.sensitive) };
      finding = redactFinding(
        toFinding(report, { fileOf: (file) => run.scope.fileOf(file), configuredSeverity: ruleSeverity(config, raw.rule.meta) }),
        run.sensitive,
      );
    } catch (error) {
      failures.push(ruleFailure(raw.rule.meta.id, raw.block?.file ?? run.instance.module.dir, error));
    }
  }
  run.findings.set(raw, finding);
  return finding;
}

/**
 * The values a lint never prints: the host's (a plan's sensitive values), and what each `sensitive = true`
 * variable of an instance holds (the root's from its var files or the plan, a child's from its caller).
 */
function sensitiveValues(instances: readonly ModuleInstance[]): ReadonlySet<string> {
  const values = new Set(instances[0]?.host.sensitive ?? []);
  for (const instance of instances) {
    for (const [name, variable] of instance.module.variables) {
      const marked = variable.body.attributes.find((a) => a.name === 'sensitive');
      const isSensitive = marked && instance.evaluator.valueOf(marked.expr);
      if (isSensitive?.known && isSensitive.value === true) addLeaves(values, instance.evaluator.inputValue(name));
    }
  }
  return values;
}

/**
 * What makes two instances of a module lint alike: the module and every argument of the call, by value
 * when it is known; an argument that is not known is the same for the instances of one call when it does
 * not depend on their `count.index` or `each` (the same expression, in the same caller). A root has no
 * caller and is never shared.
 */
function shareKey(instance: ModuleInstance): string | undefined {
  const caller = instance.caller;
  if (!caller) return undefined;
  const values: [string, string][] = [];
  const given = caller.call.body.attributes.filter((attribute) => !CALL_META_ARGUMENTS.has(attribute.name));
  // Instances that read their own key (each.value, count.index) differ: not worth evaluating to find out.
  if (caller.call.instance && given.some(dependsOnInstance)) return undefined;
  for (const attribute of given) {
    const value = caller.instance.evaluator.valueOf(attribute.expr, caller.call);
    if (value.known && isWhollyKnown(value.value)) values.push([attribute.name, JSON.stringify(value.value)]);
    else if (!dependsOnInstance(attribute))
      values.push([attribute.name, `?${caller.instance.address}\u0000${attribute.file}\u0000${attribute.expr.range.start.offset}`]);
    else return undefined;
  }
  values.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return `${instance.module.dir}\u0000${JSON.stringify(values)}`;
}

/**
 * Whether an argument reads `each` or `count` (directly: a local that does is known or not the same way for
 * every instance), from the references the parser recorded; an argument without them may.
 */
function dependsOnInstance(attribute: Attribute): boolean {
  const roots = attribute.referenceRoots;
  if (!roots) return true;
  return roots.some((root) => {
    const name = root.kind === 'variable' ? root.name : root.source.kind === 'variable' ? root.source.name : undefined;
    return name === 'each' || name === 'count';
  });
}

/** A report of a shared run as the instance that shares it would have made it. */
function rebase(raw: RawReport, instance: ModuleInstance): RawReport {
  return {
    ...raw,
    instance,
    block: raw.block && sameInstanceOf(raw.block, instance),
    within: raw.within && sameInstanceOf(raw.within, instance),
    entered: new Map(),
  };
}

/** The block's instance (same key) as `instance` expands it, so `each.value` is traced there. */
function sameInstanceOf(block: Block, instance: ModuleInstance): Block {
  const declaration = instance.module.blocks.find((b) => b.file === block.file && b.range.start.offset === block.range.start.offset);
  if (!declaration) return block;
  const key = block.instance?.key;
  return instance.evaluator.instances(declaration)?.find((b) => b.instance?.key === key) ?? declaration;
}

/** The files of a module a lint looks at: its configuration, its directory's var files, its attached files. */
function ownFiles(module: ModuleIndex): SourceFile[] {
  return [...module.files, ...module.varFiles.filter((f) => dirname(f.path) === module.dir), ...module.attachedFiles];
}

/** The syntax errors of the files of every module the tree reached, but those `terraform init` downloaded. */
function syntaxErrors(modules: Iterable<ModuleIndex>, settings: LintSettings): Finding[] {
  return syntaxErrorFindings([...modules].filter((module) => !isDownloaded(module.dir)).flatMap(ownFiles), settings.config);
}

export function suppressionKey(file: string, offset: number, ruleId: string): string {
  return `${file}\u0000${offset}\u0000${ruleId}`;
}

/** Drops suppressed findings: covered at their place, where the rule reported them, or on a call on the way. */
function applySuppressions(items: readonly PlacedFinding[], suppressions: readonly Suppression[]): { kept: Finding[]; used: Set<string> } {
  const used = new Set<string>();
  const kept: Finding[] = [];
  for (const { finding, alsoAt } of items) {
    if (FILE_PROBLEM_RULES.has(finding.ruleId)) {
      kept.push(finding);
      continue;
    }
    const places = [{ file: finding.file, range: finding.range }, ...alsoAt];
    let suppressed = false;
    for (const suppression of suppressions) {
      if (places.some((place) => covers(suppression, place.file, finding.ruleId, place.range))) {
        used.add(suppressionKey(suppression.file, suppression.range.start.offset, finding.ruleId));
        suppressed = true;
      }
    }
    if (!suppressed) kept.push(finding);
  }
  return { kept, used };
}

/** Suppressions that silence nothing, name no rule, name an unknown rule, or are attached to nothing. */
function unusedSuppressions(
  suppressions: readonly Suppression[],
  used: ReadonlySet<string>,
  settings: LintSettings,
  activeIds: ReadonlySet<string>,
): Finding[] {
  if (!isRuleEnabled(settings.config, UNUSED_SUPPRESSION)) return [];
  const known = new Set([...settings.rules.map((r) => r.meta.id), ...BUILTIN_RULES.map((m) => m.id)]);
  const severity: Severity = ruleSeverity(settings.config, UNUSED_SUPPRESSION) ?? UNUSED_SUPPRESSION.severity;
  const found: Finding[] = [];
  const report = (suppression: Suppression, messageId: keyof typeof UNUSED_SUPPRESSION.messages, ruleId?: string): void => {
    const meta = UNUSED_SUPPRESSION as RuleMeta;
    found.push({
      ruleId: UNUSED_SUPPRESSION.id,
      severity,
      message: formatMessage(meta.messages[messageId]!, ruleId === undefined ? undefined : { ruleId }),
      messageId,
      ...(ruleId === undefined ? {} : { data: { ruleId } }),
      file: suppression.file,
      range: suppression.range,
    });
  };
  for (const suppression of suppressions) {
    if (suppression.ruleIds.length === 0) report(suppression, 'missingRule');
    else if (suppression.detached) report(suppression, 'detached');
    else {
      for (const ruleId of suppression.ruleIds) {
        if (!known.has(ruleId)) report(suppression, 'unknownRule', ruleId);
        else if (activeIds.has(ruleId) && !used.has(suppressionKey(suppression.file, suppression.range.start.offset, ruleId)))
          report(suppression, 'unused', ruleId);
      }
    }
  }
  return found;
}

/**
 * The findings of several trees as one list: a finding that several of them reach (in a module several
 * roots call) is one, naming every instance, and a suppression one tree used is not unused in another.
 */
export function mergeTreeFindings(findings: readonly Finding[], usedSuppressions: Iterable<string>): Finding[] {
  const used = new Set(usedSuppressions);
  return mergeFindings(findings.filter((finding) => !isUsedElsewhere(finding, used)));
}

/** An unused-suppression finding that another lint (another tree reaching the same module) used after all. */
function isUsedElsewhere(finding: Finding, used: ReadonlySet<string>): boolean {
  const ruleId = finding.data?.['ruleId'];
  return (
    finding.ruleId === UNUSED_SUPPRESSION.id &&
    finding.messageId === 'unused' &&
    typeof ruleId === 'string' &&
    used.has(suppressionKey(finding.file, finding.range.start.offset, ruleId))
  );
}
