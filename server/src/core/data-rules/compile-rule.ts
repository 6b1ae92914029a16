// A rule file becomes a rule like the built-in ones (a BlockRule run by the same engine), so findings,
// suppressions, config severities, SARIF and quick fixes treat both alike. Its check follows the
// references the file names, tests `when`, then the report cases in order, and reports only what is true.
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import {
  addressOf,
  getAttribute,
  type Block,
  type BlockRule,
  type BlockSelector,
  type Fixer,
  type RuleContext,
  type RuleMeta,
  type Suggestion,
} from '../../../../rules/api';
import { evaluate, resolveOperand, type Outcome, type Scope } from './conditions';
import { isValueRef, listOf, type Condition, type FixDefinition, type ReportCase, type RuleDefinition, type Scalar } from './definition';
import { followStep } from './follow';
import { formatValue } from './read-value';
import { isInside } from '../path-inside';

/** The metadata of a rule written as data: where it comes from, besides what every rule has. */
export interface DataRuleMeta extends RuleMeta {
  readonly runsOn?: 'every-instance';
  /** The rule file, absolute. */
  readonly source: string;
  /** The folder whose modules the rule applies to (absolute); absent: every scanned module. */
  readonly scope?: string;
  readonly incidentUrl?: string;
}

export interface DataRule extends BlockRule {
  readonly meta: DataRuleMeta;
}

/** The messageId of a rule whose `report` is one condition. */
export const REPORT_ID = 'report';
const FIX_ID = 'fix';

export function isDataRuleMeta(meta: RuleMeta): meta is DataRuleMeta {
  return typeof (meta as Partial<DataRuleMeta>).source === 'string';
}

/** `folder`: the folder at or below which a block's module must lie for the rule to look at it. */
export function compileRule(definition: RuleDefinition, file: string, base: string, folder?: string): DataRule {
  const cases = reportCases(definition);
  const messages: Record<string, string> = {};
  for (const c of cases) messages[c.id] = c.message ?? definition.message!;
  if (definition.fix) messages[FIX_ID] = definition.fix.message;
  const meta: DataRuleMeta = {
    id: definition.id,
    title: definition.title,
    description: definition.description ?? definition.title,
    category: definition.category ?? 'correctness',
    severity: definition.severity,
    recommended: true,
    appliesTo: selectors(listOf(definition.resource)),
    fixable: definition.fix ? 'suggestion' : 'none',
    messages,
    incident: definition.incident.name,
    since: 'rule file',
    source: file,
    ...(folder !== undefined ? { scope: folder } : {}),
    ...(definition.incident.url !== undefined ? { incidentUrl: definition.incident.url } : {}),
  };
  const when = listOf(definition.when as Condition | readonly Condition[] | undefined);
  return {
    meta,
    check(block, ctx) {
      // As ESLint's cascading config: a rule file in `teams/payments/.premortem/rules` is about the modules
      // written under `teams/payments`, whoever calls them.
      if (folder !== undefined && !isInside(ctx.moduleOf(block).dir, folder)) return;
      if (!selected(definition, block, ctx, base)) return;
      const followed = new Map<string, Block>();
      for (const [name, step] of Object.entries(definition.follow ?? {})) {
        const from = step.from !== undefined ? followed.get(step.from) : block;
        const target = from ? followStep(ctx, step, from) : undefined;
        // A reference that leads nowhere the rule names: the rule does not apply to this block, unless the
        // step is optional (then what reads the name is unknown).
        if (target) followed.set(name, target);
        else if (!step.optional) return;
      }
      const scope: Scope = { ctx, subject: block, followed, base };
      for (const condition of when) if (evaluate(condition, scope).truth !== 'true') return;
      for (const c of cases) {
        const outcome = c.if ? evaluate(c.if, scope) : ({ truth: 'true', anchor: block } as Outcome);
        if (outcome.truth === 'unknown') return;
        if (outcome.truth === 'false') continue;
        ctx.report({
          at: outcome.anchor ?? block,
          messageId: c.id,
          ...(c.severity !== undefined ? { severity: c.severity } : {}),
          data: messageData(block, followed, outcome),
          ...(definition.fix ? { suggest: suggestion(definition.fix, scope) } : {}),
        });
        return;
      }
    },
  };
}

interface Case {
  readonly id: string;
  readonly if?: Condition;
  readonly severity?: ReportCase['severity'];
  readonly message?: string;
}

function reportCases(definition: RuleDefinition): readonly Case[] {
  const report = definition.report;
  if (Array.isArray(report)) return report as readonly ReportCase[];
  // Without `report`, every block `when` selects is reported.
  return [{ id: REPORT_ID, ...(report !== undefined ? { if: report as Condition } : {}) }];
}

/** `aws_sqs_queue` → resource blocks labelled so; `data.aws_ami` → data blocks. */
function selectors(types: readonly string[]): BlockSelector[] {
  const resources = types.filter((t) => !t.startsWith('data.'));
  const data = types.filter((t) => t.startsWith('data.')).map((t) => t.slice('data.'.length));
  return [...(resources.length > 0 ? [{ block: 'resource', labels: resources }] : []), ...(data.length > 0 ? [{ block: 'data', labels: data }] : [])];
}

/** The `files` and `modules` selectors, relative to the folder that holds `.premortem/`. */
function selected(definition: RuleDefinition, block: Block, ctx: RuleContext, base: string): boolean {
  const relative = (file: string): string => path.relative(base, file).split(path.sep).join('/') || '.';
  if (definition.files !== undefined && !listOf(definition.files).some((glob) => minimatch(relative(block.file), glob, { dot: true }))) return false;
  if (definition.modules !== undefined && !listOf(definition.modules).some((glob) => minimatch(relative(ctx.moduleOf(block).dir), glob, { dot: true })))
    return false;
  return true;
}

function messageData(block: Block, followed: ReadonlyMap<string, Block>, outcome: Outcome): Record<string, string | number> {
  const data: Record<string, string | number> = { address: describe(block) };
  for (const [name, target] of followed) data[name] = describe(target);
  if (outcome.value !== undefined) data['value'] = typeof outcome.value === 'number' ? outcome.value : formatValue(outcome.value);
  if (outcome.other !== undefined) data['other'] = typeof outcome.other === 'number' ? outcome.other : formatValue(outcome.other);
  return data;
}

function describe(block: Block): string {
  const address = addressOf(block) ?? block.type;
  return block.instance ? `${address}[${JSON.stringify(block.instance.key)}]` : address;
}

/**
 * The fix, as a suggestion (it changes what Terraform plans). Setting an argument is offered only where it
 * is absent or written as a literal: one set through a variable or an expression is the user's to change.
 */
function suggestion(fix: FixDefinition, scope: Scope): Suggestion[] {
  const target = fix.of !== undefined ? scope.followed.get(fix.of) : scope.subject;
  if (!target) return [];
  if (fix.remove !== undefined) {
    const attribute = getAttribute(target, fix.remove);
    return attribute ? [{ messageId: FIX_ID, edits: (fixer: Fixer) => fixer.removeAttribute(attribute) }] : [];
  }
  const { attribute: name, value } = fix.set!;
  const existing = getAttribute(target, name);
  if (existing && existing.expr.kind !== 'literal') return [];
  const resolved = resolveOperand(value, scope);
  if (resolved === 'unknown' || (resolved === undefined && isValueRef(value))) return [];
  const text = hclLiteral(resolved as Scalar);
  return [{ messageId: FIX_ID, data: { value: text }, edits: (fixer: Fixer) => fixer.setAttribute(target, name, text) }];
}

/** A scalar as HCL source: strings quoted, with `${` and `%{` escaped so they stay text. */
export function hclLiteral(value: Scalar): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  return String(value);
}
