// The rules' pass over one module instance: every enabled block rule on each matching block (once per
// known count/for_each instance), then the module rules. What they report is collected raw; turning it
// into findings (ranges, messages, verified edits, placement across instances) comes after.
import type { Block, RuleModule } from '../../../../rules/api';
import { ruleOptions, type ResolvedConfig } from '../config/config';
import { InstanceScope } from '../instances/instance-scope';
import type { ModuleInstance } from '../instances/module-instance';
import type { ModuleIndex } from '../module';
import { LintContext, type RawReport } from './rule-context';

/** A rule that threw: a bug in premortem, reported by the caller, never a crash of the whole lint. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly file: string;
  readonly message: string;
  readonly stack?: string;
}

/** What a rule threw, as the failure to report. */
export function ruleFailure(ruleId: string, file: string, error: unknown): RuleFailure {
  const err = error instanceof Error ? error : new Error(String(error));
  return { ruleId, file, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
}

export interface RuleRun {
  readonly reports: RawReport[];
  readonly failures: RuleFailure[];
  readonly cancelled: boolean;
  /** What the rules reached: the instance, and the others that references led them into. */
  readonly scope: InstanceScope;
}

/**
 * By the ids of the rules that run (lints make their list anew, but there are few such lists). A rule
 * file reloaded in the editor keeps its id but is a new rule object: the table is made anew for it.
 */
const dispatchCache = new Map<string, { readonly rules: readonly RuleModule[]; readonly table: Map<string, RuleModule[]> }>();

/** Rules by `type` and `type:label`, so each block finds its rules with two map lookups. */
function dispatchTable(rules: readonly RuleModule[]): Map<string, RuleModule[]> {
  const key = rules.map((rule) => rule.meta.id).join('\u0000');
  const cached = dispatchCache.get(key);
  if (cached && cached.rules.every((rule, i) => rule === rules[i])) return cached.table;
  const table = new Map<string, RuleModule[]>();
  for (const rule of rules) {
    if (!rule.check) continue;
    for (const selector of rule.meta.appliesTo) {
      const keys = selector.labels ? selector.labels.map((label) => `${selector.block}:${label}`) : [selector.block];
      for (const key of keys) table.set(key, [...(table.get(key) ?? []), rule]);
    }
  }
  dispatchCache.set(key, { rules: [...rules], table });
  return table;
}

/** Runs the active rules (the same array for every instance of a lint, so its dispatch table is made once). */
export function runRules(instance: ModuleInstance, active: readonly RuleModule[], config: ResolvedConfig, isCancelled?: () => boolean): RuleRun {
  const { module } = instance;
  const scope = new InstanceScope(instance);
  const reports: RawReport[] = [];
  const failures: RuleFailure[] = [];
  const contexts = new Map<RuleModule, LintContext>();
  const contextFor = (rule: RuleModule): LintContext => {
    let context = contexts.get(rule);
    if (!context) {
      context = new LintContext(module, ruleOptions(config, rule.meta), config.settings, rule, scope, reports);
      contexts.set(rule, context);
    }
    return context;
  };
  const fail = (rule: RuleModule, file: string, error: unknown): void => {
    failures.push(ruleFailure(rule.meta.id, file, error));
  };

  const byBlock = rulesByBlock(module, dispatchTable(active));
  let cancelled = false;
  for (let index = 0; index < module.blocks.length; index++) {
    const matching = byBlock[index]!;
    if (matching.length === 0) continue;
    if (isCancelled?.()) {
      cancelled = true;
      break;
    }
    const block = module.blocks[index]!;
    const instances = instance.evaluator.instances(block) ?? [block];
    for (const rule of matching) {
      const context = contextFor(rule);
      for (const expanded of instances) {
        context.current = expanded;
        scope.beginCheck();
        try {
          rule.check!(expanded, context);
        } catch (error) {
          fail(rule, block.file, error);
          break;
        }
      }
      context.current = undefined;
    }
  }
  for (const rule of active) {
    if (!rule.checkModule || cancelled) continue;
    if (isCancelled?.()) {
      cancelled = true;
      break;
    }
    scope.beginCheck();
    try {
      rule.checkModule(module, contextFor(rule));
    } catch (error) {
      fail(rule, module.dir, error);
    }
  }
  return { reports, failures, cancelled, scope };
}

const NO_RULES: readonly RuleModule[] = [];

function rulesFor(table: Map<string, RuleModule[]>, block: Block): readonly RuleModule[] {
  const general = table.get(block.type) ?? NO_RULES;
  const label = block.labels[0];
  const specific = label === undefined ? NO_RULES : (table.get(`${block.type}:${label}`) ?? NO_RULES);
  return specific.length === 0 ? general : general.length === 0 ? specific : [...general, ...specific];
}

const dispatchByModule = new WeakMap<ModuleIndex, Map<Map<string, RuleModule[]>, readonly (readonly RuleModule[])[]>>();

/** The rules of each of a module's blocks, in block order, worked out once per module (its instances and later lints share them). */
function rulesByBlock(module: ModuleIndex, table: Map<string, RuleModule[]>): readonly (readonly RuleModule[])[] {
  let byTable = dispatchByModule.get(module);
  if (!byTable) dispatchByModule.set(module, (byTable = new Map()));
  let rules = byTable.get(table);
  if (!rules) byTable.set(table, (rules = module.blocks.map((block) => rulesFor(table, block))));
  return rules;
}
