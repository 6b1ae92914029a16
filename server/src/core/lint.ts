// Lints one module: syntax errors, then every enabled rule in one dispatch pass over the blocks
// (once per known `count`/`for_each` instance), then suppression comments.
import { dirname } from 'node:path';
import type { Block, RuleMeta, RuleModule, Severity } from '../../../rules/api';
import { BUILTIN_RULES, SYNTAX_ERROR, UNUSED_SUPPRESSION } from './builtin-rules';
import { isRuleEnabled, ruleOptions, ruleSeverity, type ResolvedConfig } from './config';
import { Evaluator } from './evaluate';
import type { Finding } from './finding';
import { formatMessage } from './message';
import type { ModuleIndex } from './module';
import { isAboutDamagedBlock, toFinding } from './report-to-finding';
import { LintContext, type RawReport } from './rule-context';
import { covers, findSuppressions, type Suppression } from './suppress';

export interface LintSettings {
  readonly rules: readonly RuleModule[];
  readonly config: ResolvedConfig;
  /** `false` ignores every premortem-ignore comment (the CLI's --no-inline-ignores). */
  readonly inlineIgnores: boolean;
  /** Only these rules run (the CLI's --rule); syntax errors are always reported. */
  readonly onlyRules?: ReadonlySet<string>;
  /** Checked between rules: a lint that is no longer wanted stops early. */
  readonly isCancelled?: () => boolean;
}

/** A rule that threw: a bug in premortem, reported by the caller, never a crash of the whole lint. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly file: string;
  readonly message: string;
  readonly stack?: string;
}

export interface LintResult {
  readonly findings: Finding[];
  readonly failures: RuleFailure[];
  readonly cancelled: boolean;
}

const dispatchCache = new WeakMap<readonly RuleModule[], Map<string, RuleModule[]>>();

/** Rules by `type` and `type:label`, so each block finds its rules with two map lookups. */
function dispatchTable(rules: readonly RuleModule[]): Map<string, RuleModule[]> {
  let table = dispatchCache.get(rules);
  if (table) return table;
  table = new Map();
  for (const rule of rules) {
    if (!rule.check) continue;
    for (const selector of rule.meta.appliesTo) {
      const keys = selector.labels ? selector.labels.map((label) => `${selector.block}:${label}`) : [selector.block];
      for (const key of keys) table.set(key, [...(table.get(key) ?? []), rule]);
    }
  }
  dispatchCache.set(rules, table);
  return table;
}

export function lintModule(module: ModuleIndex, settings: LintSettings): LintResult {
  const { config } = settings;
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  // Files of this directory and the files attached to the module (its other var files, its environment
  // var files, its terragrunt.hcl); a --var-file elsewhere is reported once by the scan, not once per module.
  const allFiles = [...module.files, ...module.varFiles.filter((f) => dirname(f.path) === module.dir), ...module.attachedFiles];

  if (isRuleEnabled(config, SYNTAX_ERROR)) {
    const severity = ruleSeverity(config, SYNTAX_ERROR) ?? 'error';
    for (const file of allFiles) {
      for (const error of file.errors) {
        findings.push({ ruleId: SYNTAX_ERROR.id, severity, message: error.message, messageId: 'syntaxError', file: file.path, range: error.range });
      }
    }
  }

  const active = settings.rules.filter((rule) => isRuleEnabled(config, rule.meta) && (!settings.onlyRules || settings.onlyRules.has(rule.meta.id)));
  const activeIds = new Set(active.map((rule) => rule.meta.id));
  const evaluator = new Evaluator(module);
  const reports: RawReport[] = [];
  const contexts = new Map<RuleModule, LintContext>();
  const contextFor = (rule: RuleModule): LintContext => {
    let context = contexts.get(rule);
    if (!context) {
      context = new LintContext(module, ruleOptions(config, rule.meta), config.settings, rule, evaluator, reports);
      contexts.set(rule, context);
    }
    return context;
  };
  const fail = (rule: RuleModule, file: string, error: unknown): void => {
    const err = error instanceof Error ? error : new Error(String(error));
    failures.push({ ruleId: rule.meta.id, file, message: err.message, ...(err.stack ? { stack: err.stack } : {}) });
  };

  // Block rules: one pass over the blocks.
  const table = dispatchTable(active);
  let cancelled = false;
  for (const block of module.blocks) {
    if (settings.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const matching = rulesFor(table, block); // the table holds active rules only
    if (matching.length === 0) continue;
    const instances = evaluator.instances(block) ?? [block];
    for (const rule of matching) {
      const context = contextFor(rule);
      for (const instance of instances) {
        context.current = instance;
        try {
          rule.check!(instance, context);
        } catch (error) {
          fail(rule, block.file, error);
          break;
        }
      }
      context.current = undefined;
    }
  }
  // Module rules.
  for (const rule of active) {
    if (!rule.checkModule || cancelled) continue;
    if (settings.isCancelled?.()) {
      cancelled = true;
      break;
    }
    try {
      rule.checkModule(module, contextFor(rule));
    } catch (error) {
      fail(rule, module.dir, error);
    }
  }

  const seen = new Set<string>();
  for (const raw of reports) {
    if (isAboutDamagedBlock(raw)) continue;
    try {
      const finding = toFinding(raw, { fileOf: (path) => module.file(path), configuredSeverity: ruleSeverity(config, raw.rule.meta) });
      const key = `${finding.ruleId}\u0000${finding.file}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}\u0000${finding.message}`;
      if (seen.has(key)) continue; // the same finding from several instances of one block
      seen.add(key);
      findings.push(finding);
    } catch (error) {
      fail(raw.rule, raw.block?.file ?? module.dir, error);
    }
  }

  const kept = settings.inlineIgnores && config.inlineIgnores ? applySuppressions(findings, allFiles.flatMap(findSuppressions), settings, activeIds) : findings;
  kept.sort(compareFindings);
  return { findings: kept, failures, cancelled };
}

function rulesFor(table: Map<string, RuleModule[]>, block: Block): RuleModule[] {
  const general = table.get(block.type) ?? [];
  const label = block.labels[0];
  const specific = label === undefined ? [] : (table.get(`${block.type}:${label}`) ?? []);
  return specific.length === 0 ? general : general.length === 0 ? specific : [...general, ...specific];
}

function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  settings: LintSettings,
  activeIds: ReadonlySet<string>,
): Finding[] {
  const used = new Set<string>();
  const kept = findings.filter((finding) => {
    if (finding.ruleId === SYNTAX_ERROR.id) return true;
    let suppressed = false;
    suppressions.forEach((suppression, index) => {
      if (covers(suppression, finding.file, finding.ruleId, finding.range)) {
        used.add(`${index}:${finding.ruleId}`);
        suppressed = true;
      }
    });
    return !suppressed;
  });
  if (!isRuleEnabled(settings.config, UNUSED_SUPPRESSION)) return kept;
  const known = new Set([...settings.rules.map((r) => r.meta.id), ...BUILTIN_RULES.map((m) => m.id)]);
  const severity: Severity = ruleSeverity(settings.config, UNUSED_SUPPRESSION) ?? UNUSED_SUPPRESSION.severity;
  const report = (suppression: Suppression, messageId: keyof typeof UNUSED_SUPPRESSION.messages, ruleId?: string): void => {
    const meta = UNUSED_SUPPRESSION as RuleMeta;
    kept.push({
      ruleId: UNUSED_SUPPRESSION.id,
      severity,
      message: formatMessage(meta.messages[messageId]!, ruleId === undefined ? undefined : { ruleId }),
      messageId,
      file: suppression.file,
      range: suppression.range,
    });
  };
  suppressions.forEach((suppression, index) => {
    if (suppression.ruleIds.length === 0) return report(suppression, 'missingRule');
    if (suppression.detached) return report(suppression, 'detached');
    for (const ruleId of suppression.ruleIds) {
      if (!known.has(ruleId)) report(suppression, 'unknownRule', ruleId);
      else if (activeIds.has(ruleId) && !used.has(`${index}:${ruleId}`)) report(suppression, 'unused', ruleId);
    }
  });
  return kept;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
