// Where a finding about a child module instance goes. A value the caller passed in is reported where the
// caller wrote it (its argument, or the local, variable or var file behind that), so the user can change
// it there; a literal in the module stays in the module's file. The finding names the instance it is
// about, its related locations walk the calls that lead there, and a count or for_each that the caller
// switches on is pointed at without being the location. A finding inside a module that `terraform init`
// downloaded goes on the call in the configuration, since nobody edits `.terraform/`.
import {
  addressOf,
  expansionOf,
  isRange,
  type Block,
  type Expression,
  type Instance,
  type Node,
  type Range,
  type ReportDescriptor,
} from '../../../../rules/api';
import type { Finding, RelatedInformation, SuggestionResult } from '../finding';
import { instanceKeySuffix } from '../graph/dependency-graph';
import type { RawReport } from '../lint/rule-context';
import type { InstanceScope } from './instance-scope';
import { taggedInstance } from './instance-tag';
import type { ModuleInstance } from './module-instance';
import { isPlannedModuleFile } from '../plan/planned-module';
import { whereWritten, type WrittenAt } from './where-written';

export interface Location {
  readonly file: string;
  readonly range: Range;
}

/**
 * A finding put in its place, with the instance it is about (`module.edge.aws_cloudfront_distribution.this`;
 * none in a root module). Its message names the instances once merging (mergeFindings) has gathered them.
 */
export interface PlacedFinding {
  readonly finding: Finding;
  /** Other places a suppression comment may silence it from: where the rule reported it, and the calls on the way. */
  readonly alsoAt: readonly Location[];
}

export function placeFinding(raw: RawReport, base: Finding, scope: InstanceScope): PlacedFinding {
  const at = raw.descriptor.at;
  const instance = instanceOfReport(raw, scope);
  if (!instance || instance.address === '') return { finding: base, alsoAt: [] };
  // The top-level block of the instance's module the finding is in (none for one the rule placed elsewhere).
  const declared = enclosingBlock(instance, base.file, base.range);
  const name = instanceName(instance, declared, raw);
  const related: RelatedInformation[] = [];
  let location: Location = { file: base.file, range: base.range };
  let moved = false;
  let origin: WrittenAt | undefined;

  const expr = valueExpression(at);
  if (expr) {
    const within = raw.within && (taggedInstance(raw.within) ?? raw.instance) === instance ? raw.within : undefined;
    const bindings = within?.instance;
    const trail = callerTrail(expr, instance, bindings);
    if (trail) {
      origin = trail[trail.length - 1]!;
      location = { file: origin.expr.file, range: origin.expr.range };
      moved = true;
      related.push({ file: base.file, range: base.range, message: `The value reaches ${name} here.` });
      related.push(...passedOn(trail));
    } else {
      related.push(...decidedBy(expr, instance, bindings, name));
    }
  }
  related.push(...broughtIntoBeing(instance, declared ?? (raw.block && instance === raw.instance ? raw.block : undefined), name), ...callsOnTheWay(instance));
  if (isDownloaded(location.file)) {
    const call = outermostConfiguredCall(instance);
    if (call) {
      // A module written from a plan has no file to point at; the message names the resource.
      if (!isPlannedModuleFile(location.file))
        related.unshift({ file: location.file, range: location.range, message: 'Written here, in a module that terraform init downloaded.' });
      location = { file: call.file, range: call.headerRange };
      moved = true;
      origin = undefined;
    }
  }

  const finding: { -readonly [K in keyof Finding]: Finding[K] } = { ...base, file: location.file, range: location.range, instances: [name] };
  const allRelated = [...related, ...(base.related ?? []).filter((r) => !isOverriddenDefault(instance, r))].filter((r) => !isPlannedModuleFile(r.file));
  if (allRelated.length > 0) finding.related = allRelated;
  const suggestions = keptSuggestions(base, moved, origin);
  if (suggestions.length > 0) finding.suggestions = suggestions;
  else delete finding.suggestions;
  if (base.fix && (moved || base.fix.some((edit) => isDownloaded(edit.file)))) delete finding.fix;
  const alsoAt: Location[] = [...(moved ? [{ file: base.file, range: base.range }] : []), ...callLocations(instance)];
  return { finding, alsoAt };
}

/** A related location at a variable's default that this instance's caller overrides: not where the value comes from. */
function isOverriddenDefault(instance: ModuleInstance, related: RelatedInformation): boolean {
  const offset = related.range.start.offset;
  for (const [name, variable] of instance.module.variables) {
    if (variable.file !== related.file || offset < variable.range.start.offset || offset >= variable.range.end.offset) continue;
    return instance.argument(name) !== undefined;
  }
  return false;
}

/**
 * The instance the reported node belongs to: a tagged block's; for an expression, the instance of the block
 * it was evaluated within (a sibling instance of the same module, reached through a reference, included);
 * else found by its file.
 */
function instanceOfReport(raw: RawReport, scope: InstanceScope): ModuleInstance | undefined {
  const at = raw.descriptor.at;
  if (isBlock(at)) return taggedInstance(at) ?? scope.instanceFor(at.file, undefined, raw.entered);
  const file = isRange(at) ? (raw.descriptor.file ?? raw.block?.file) : at.file;
  if (file === undefined) return undefined;
  const within = raw.within && taggedInstance(raw.within);
  if (within?.module.file(file)) return within;
  return scope.instanceFor(file, undefined, raw.entered);
}

/** `module.edge.aws_cloudfront_distribution.this["eu"]`: the instance and the block the finding is about. */
function instanceName(instance: ModuleInstance, block: Block | undefined, raw: RawReport): string {
  const address = block && addressOf(block);
  if (!block || address === undefined || block.type === 'variable' || block.type === 'output') return instance.address;
  return `${instance.address}.${address}${instanceKeySuffix(instanceKeyOf(block, instance, raw))}`;
}

function enclosingBlock(instance: ModuleInstance, file: string, range: Range): Block | undefined {
  const offset = range.start.offset;
  return instance.module.blocks.find((b) => b.file === file && b.range.start.offset <= offset && offset < b.range.end.offset);
}

/** The key of the block's instance the report is about, when that can be told. */
function instanceKeyOf(block: Block, instance: ModuleInstance, raw: RawReport): string | number | undefined {
  const own = (candidate: Block | undefined): Block | undefined =>
    candidate && (taggedInstance(candidate) ?? raw.instance) === instance && candidate.instance && sameDeclaration(topLevel(candidate), block)
      ? candidate
      : undefined;
  const at = raw.descriptor.at;
  const known = (own(isBlock(at) ? at : undefined) ?? own(raw.within) ?? own(raw.block))?.instance;
  if (known) return outermost(known)?.key;
  const expanded = instance.evaluator.instances(block);
  return expanded && expanded.length === 1 ? expanded[0]!.instance?.key : undefined;
}

/** The resource's own instance (its count or for_each), above any dynamic block element's; undefined when it has none. */
function outermost(instance: Instance): Instance | undefined {
  let found: Instance | undefined;
  for (let current: Instance | undefined = instance; current; current = current.parent) if (!current.iterator) found = current;
  return found;
}

/** The top-level block a nested block is in (an expanded dynamic element's source block first). */
function topLevel(block: Block): Block {
  let current = block.dynamicSource ?? block;
  while (current.parent) current = current.parent;
  return current;
}

function sameDeclaration(a: Block, b: Block): boolean {
  return a.file === b.file && a.range.start.offset === b.range.start.offset;
}

/** The expression whose value a report is about: a reported expression or argument (a block is about something missing). */
function valueExpression(at: Node | Range): Expression | undefined {
  if (isRange(at) || isBlock(at)) return undefined;
  return 'node' in at ? at.expr : at;
}

/**
 * The places the value came through, when it was written by a caller: the trail to where it is stated,
 * or, for a value the module computes from its caller's variables, the trail of the first variable the
 * caller sets. Undefined when the value is the module's own.
 */
function callerTrail(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined): WrittenAt[] | undefined {
  const trail = whereWritten(expr, instance, bindings);
  const last = trail[trail.length - 1]!;
  if (last.instance !== instance) return trail;
  const caller = instance.caller;
  // A value the module states itself (a literal, a default) is the module's, whatever chose it.
  if (!caller || isStated(last.expr)) return undefined;
  const inputs = instance.evaluator.valueAt(expr, bindings);
  for (const name of inputs.known ? inputs.inputs : []) {
    const argument = instance.argument(name);
    if (argument)
      return [
        ...trail,
        { expr: argument.expr, instance: caller.instance, kind: 'argument', name: `var.${name}` },
        ...whereWritten(argument.expr, caller.instance, caller.call.instance).slice(1),
      ];
  }
  return undefined;
}

/** The caller's arguments that decide which of the module's own values is used (a flag in a condition). */
function decidedBy(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined, name: string): RelatedInformation[] {
  return callerInputs(expr, instance, bindings, `This value decides what ${name} uses here.`);
}

/** Where the caller writes each variable an expression's value depends on, as related locations. */
function callerInputs(expr: Expression, instance: ModuleInstance, bindings: Instance | undefined, message: string): RelatedInformation[] {
  const caller = instance.caller;
  const value = instance.evaluator.valueAt(expr, bindings);
  if (!caller || !value.known) return [];
  const related: RelatedInformation[] = [];
  for (const input of value.inputs) {
    const argument = instance.argument(input);
    if (!argument) continue;
    const trail = whereWritten(argument.expr, caller.instance, caller.call.instance);
    const origin = trail[trail.length - 1]!.expr;
    related.push({ file: origin.file, range: origin.range, message });
  }
  return related;
}

/** Whether an expression states its value rather than computing it: a literal, or a collection of them. */
function isStated(expr: Expression): boolean {
  switch (expr.kind) {
    case 'literal':
      return true;
    case 'template':
      return expr.parts.every((part) => part.kind === 'text');
    case 'tuple':
      return expr.items.every(isStated);
    case 'object':
      return expr.items.every((item) => isStated(item.value));
    case 'parens':
      return isStated(expr.expr);
    default:
      return false;
  }
}

/** Related locations for the arguments a value was passed through, short of where it is stated. */
function passedOn(trail: readonly WrittenAt[]): RelatedInformation[] {
  const related: RelatedInformation[] = [];
  for (let i = 1; i < trail.length - 1; i++) {
    const hop = trail[i]!;
    if (hop.kind !== 'argument') continue;
    const child = trail[i - 1]!.instance;
    related.push({ file: hop.expr.file, range: hop.expr.range, message: `Passed to ${child.address} as ${hop.name} here.` });
  }
  return related;
}

/**
 * The count or for_each of the block the finding is about that brings the instance into being, when its
 * value comes from the caller.
 */
function broughtIntoBeing(instance: ModuleInstance, block: Block | undefined, name: string): RelatedInformation[] {
  const expansion = block && expansionOf(block);
  return expansion ? callerInputs(expansion.expr, instance, undefined, `This value brings ${name} into being.`) : [];
}

/** The module calls from the root down to the instance, each where its caller writes it. */
function callsOnTheWay(instance: ModuleInstance): RelatedInformation[] {
  const related: RelatedInformation[] = [];
  for (let current = instance; current.caller; current = current.caller.instance) {
    const call = current.caller.call;
    const expansion = expansionOf(call);
    const message = expansion ? `${current.address} is one of the instances this call makes (${expansion.name}).` : `${current.address} is called here.`;
    related.unshift({ file: call.file, range: call.headerRange, message });
  }
  return related;
}

function callLocations(instance: ModuleInstance): Location[] {
  const locations: Location[] = [];
  for (let current = instance; current.caller; current = current.caller.instance)
    locations.push({ file: current.caller.call.file, range: current.caller.call.headerRange });
  return locations;
}

/** The call closest to the root whose file is not inside `.terraform/` (the configuration the user edits). */
export function outermostConfiguredCall(instance: ModuleInstance): Block | undefined {
  let found: Block | undefined;
  for (let current = instance; current.caller; current = current.caller.instance) {
    if (!isDownloaded(current.caller.call.file)) found = current.caller.call;
  }
  return found;
}

export function isDownloaded(file: string): boolean {
  return file.split(/[\\/]/).includes('.terraform');
}

/**
 * Suggestions that still make sense where the finding now is: none that edit a downloaded module; when the
 * finding moved to the caller, only one that replaces the reported value, and only when the caller states
 * that value as a literal: the same replacement is then made there.
 */
function keptSuggestions(base: Finding, moved: boolean, origin: WrittenAt | undefined): SuggestionResult[] {
  const suggestions = base.suggestions ?? [];
  if (!moved) return suggestions.filter((s) => !s.edits.some((edit) => isDownloaded(edit.file)));
  if (!origin || origin.expr.kind !== 'literal') return [];
  const kept: SuggestionResult[] = [];
  for (const suggestion of suggestions) {
    const [edit, ...others] = suggestion.edits;
    if (
      !edit ||
      others.length > 0 ||
      edit.file !== base.file ||
      edit.range.start.offset !== base.range.start.offset ||
      edit.range.end.offset !== base.range.end.offset
    )
      continue;
    kept.push({ ...suggestion, edits: [{ file: origin.expr.file, range: origin.expr.range, newText: edit.newText }] });
  }
  return kept;
}

function isBlock(at: ReportDescriptor['at']): at is Block {
  return !isRange(at) && 'node' in at && at.node === 'block';
}
