// Where a finding about a resource of a plan goes. A resource still in the configuration: its block. One that
// left it has no block of its own: the `removed` block for its address (or for a module it was in) if there is
// one; otherwise the module call that declared it, for a resource of a child module; otherwise the first line
// of the root module's first file. A resource of a module that `terraform init` downloaded, or that only the
// plan knows, goes on the outermost module call in the configuration, since nobody edits `.terraform/`.
import type { Block, Expression, Range } from '../../../../rules/api';
import { isDownloaded, outermostConfiguredCall, type Location } from '../instances/placement';
import type { ModuleInstance } from '../instances/module-instance';
import { isPlannedModuleFile } from './planned-module';
import { parseInstanceKey, splitAddress } from './read-plan';

export interface PlanAnchor extends Location {
  /** The block the finding is on (a resource, a `removed` block, a module call); none for a file's first line. */
  readonly block?: Block;
  /** The block that declares the resource, as the user can edit it (its instance when the key is known). */
  readonly declared?: Block;
  /** The module calls on the way from the root: a suppression above one silences the finding too. */
  readonly alsoAt: readonly Location[];
}

interface ParsedAddress {
  readonly calls: readonly { readonly name: string; readonly key?: string | number }[];
  /** Within the last module: `aws_x.y`, `data.aws_x.y`. */
  readonly local: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly key?: string | number;
}

/** `module.a["x"].aws_b.c[0]` as its module calls and resource; undefined for anything else. */
export function parseResourceAddress(address: string): ParsedAddress | undefined {
  const tokens: string[] = [];
  for (const segment of splitAddress(address)) {
    if (segment.startsWith('[')) tokens.push(segment);
    else tokens.push(...segment.split('.').filter((part) => part !== ''));
  }
  const keyAt = (i: number): string | number | undefined => (tokens[i]?.startsWith('[') ? parseInstanceKey(tokens[i]!) : undefined);
  const calls: { name: string; key?: string | number }[] = [];
  let i = 0;
  while (tokens[i] === 'module' && tokens[i + 1] !== undefined && !tokens[i + 1]!.startsWith('[')) {
    const name = tokens[i + 1]!;
    i += 2;
    const key = keyAt(i);
    if (tokens[i]?.startsWith('[')) i++;
    calls.push({ name, ...(key !== undefined ? { key } : {}) });
  }
  const mode = tokens[i] === 'data' ? 'data' : 'managed';
  if (mode === 'data') i++;
  const [type, name] = [tokens[i], tokens[i + 1]];
  if (type === undefined || name === undefined || type.startsWith('[') || name.startsWith('[')) return undefined;
  const key = keyAt(i + 2);
  if (tokens.length > i + (tokens[i + 2]?.startsWith('[') ? 3 : 2)) return undefined;
  return { calls, local: `${mode === 'data' ? 'data.' : ''}${type}.${name}`, mode, type, name, ...(key !== undefined ? { key } : {}) };
}

export function anchorOf(root: ModuleInstance, address: string): PlanAnchor {
  const parsed = parseResourceAddress(address);
  if (!parsed) return firstLine(root, []);
  let instance = root;
  let removed: Block | undefined;
  const alsoAt: Location[] = [];
  for (let i = 0; i < parsed.calls.length; i++) {
    const step = parsed.calls[i]!;
    const rest = [...parsed.calls.slice(i).map((c) => `module.${c.name}`), parsed.local].join('.');
    removed = removedBlockFor(instance, rest) ?? removed;
    const call = instance.module.moduleCalls.get(step.name);
    if (!call) return leftConfiguration(root, instance, removed, alsoAt);
    alsoAt.push({ file: call.file, range: call.headerRange });
    const callInstance =
      instance.callInstances(call).find((b) => b.instance?.key === step.key) ?? (step.key === undefined && !call.instance ? call : undefined);
    const child = callInstance && instance.child(callInstance);
    // The call is there, but not this instance of it (count went down), or its module cannot be read.
    if (!child) return removed ? on(removed, undefined, alsoAt) : on(callInstance ?? call, undefined, alsoAt);
    if (isOutOfReach(child)) return on(outermostConfiguredCall(child) ?? call, undefined, alsoAt);
    instance = child;
  }
  removed = removedBlockFor(instance, parsed.local) ?? removed;
  const block = parsed.mode === 'data' ? instance.module.dataSource(parsed.type, parsed.name) : instance.module.resource(parsed.type, parsed.name);
  if (!block) return leftConfiguration(root, instance, removed, alsoAt);
  const declared = instance.evaluator.instances(block)?.find((b) => b.instance?.key === parsed.key) ?? block;
  return on(block, declared, alsoAt);
}

/** A module written from a plan, or one that `terraform init` downloaded: the user edits neither. */
function isOutOfReach(instance: ModuleInstance): boolean {
  const file = instance.module.files[0]?.path ?? instance.module.dir;
  return isPlannedModuleFile(file) || isDownloaded(instance.module.dir);
}

function on(block: Block, declared: Block | undefined, alsoAt: readonly Location[]): PlanAnchor {
  return { file: block.file, range: block.headerRange, block, ...(declared ? { declared } : {}), alsoAt };
}

/** A resource whose block is gone: its `removed` block, else its module's call, else the root's first line. */
function leftConfiguration(root: ModuleInstance, instance: ModuleInstance, removed: Block | undefined, alsoAt: readonly Location[]): PlanAnchor {
  if (removed) return on(removed, undefined, alsoAt);
  if (instance.caller)
    return on(isOutOfReach(instance) ? (outermostConfiguredCall(instance) ?? instance.caller.call) : instance.caller.call, undefined, alsoAt);
  return firstLine(root, alsoAt);
}

function firstLine(root: ModuleInstance, alsoAt: readonly Location[]): PlanAnchor {
  const file = root.module.files[0];
  if (!file) return { file: root.module.dir, range: EMPTY_RANGE, alsoAt };
  const end = file.text.search(/\r?\n|$/);
  return { file: file.path, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: end + 1, offset: end } }, alsoAt };
}

const EMPTY_RANGE: Range = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** The `removed` block of this module whose `from` is the address (keys left out) or a module it is in. */
function removedBlockFor(instance: ModuleInstance, address: string): Block | undefined {
  for (const block of instance.module.blocks) {
    if (block.type !== 'removed') continue;
    const from = block.body.attributes.find((a) => a.name === 'from');
    const text = from && traversalText(from.expr);
    if (text !== undefined && (address === text || address.startsWith(`${text}.`))) return block;
  }
  return undefined;
}

/** `aws_s3_bucket.logs`, `module.legacy`: a static address written as a traversal. */
function traversalText(expr: Expression): string | undefined {
  if (expr.kind === 'variable') return expr.name;
  if (expr.kind !== 'traversal' || expr.source.kind !== 'variable') return undefined;
  let text = expr.source.name;
  for (const step of expr.steps) {
    if (step.kind !== 'attr') return undefined;
    text += `.${step.name}`;
  }
  return text;
}
