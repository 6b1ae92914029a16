// What a rule reaches while it checks one module instance: the instance itself, and the instances a
// reference leads it into, across module boundaries in both directions (`module.q.queue_arn` down into
// the child's resource; `var.queue_arn` up into the caller's argument). Every block of another instance is
// handed out tagged with it, so evaluating its expressions uses that instance's values.
import {
  isExpanded,
  unwrapReference,
  type Block,
  type Evaluated,
  type Expression,
  type Node,
  type Reference,
  type ResolvedReference,
  type SourceFile,
  type TraversalStep,
  type Value,
  UNKNOWN,
} from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { pathItem } from '../references';
import type { ModuleInstance } from './module-instance';
import { tagBlock, taggedInstance } from './instance-tag';

/** How many module boundaries one reference may be followed across (a chain of outputs and arguments). */
const MAX_HOPS = 8;

type Traversal = Extract<Expression, { kind: 'traversal' }>;

/** Instances entered since a check began, by module: which instance an untagged node of another module is of. */
export type EnteredInstances = ReadonlyMap<ModuleIndex, ReadonlySet<ModuleInstance>>;

export class InstanceScope {
  private entered = new Map<ModuleIndex, Set<ModuleInstance>>();
  /** The blocks each expression was evaluated within during the current check (dynamic elements, say), with the values. */
  private withins = new Map<Expression, { within: Block | undefined; value: Evaluated }[]>();
  /** Every instance entered during this lint (the instances whose files findings may point into). */
  readonly everEntered = new Set<ModuleInstance>();

  constructor(readonly home: ModuleInstance) {}

  /** A check starts: what it enters is recorded afresh (and reports keep what their check entered). */
  beginCheck(): void {
    if (this.entered.size > 0) this.entered = new Map();
    if (this.withins.size > 0) this.withins = new Map();
  }

  /**
   * The block an expression was evaluated within in this check: where its `each` and iterators are bound.
   * A rule may evaluate one expression for several instances (each member of a cluster) and report one of
   * them: then it is the one whose value the report states (`stated`, in the order of its data); undefined
   * when that does not tell one.
   */
  withinOf(expr: Expression, stated: readonly string[]): Block | undefined {
    const candidates = this.withins.get(expr) ?? [];
    if (candidates.length <= 1) return candidates[0]?.within;
    // The first value the report states that only one of them has (a message names its subject first).
    for (const text of stated) {
      const matching = candidates.filter((c) => c.value.known && describeValue(c.value.value) === text);
      if (matching.length === 1) return matching[0]!.within;
    }
    return undefined;
  }

  /** The instances the current check has entered so far. */
  get enteredNow(): EnteredInstances {
    return this.entered;
  }

  /**
   * The instance a node of `file` belongs to: the tag of `within` when it is of that module, the checked
   * instance for its own files, else the one instance of that module this check entered. Undefined when
   * that is ambiguous: then nothing about the node is known.
   */
  instanceFor(file: string, within?: Block, entered: EnteredInstances = this.entered): ModuleInstance | undefined {
    const tag = within && taggedInstance(within);
    if (tag?.module.file(file)) return tag;
    if (this.home.module.file(file)) return this.home;
    let found: ModuleInstance | undefined;
    for (const instances of entered.values()) {
      for (const instance of instances) {
        if (!instance.module.file(file)) continue;
        if (found && found !== instance) return undefined;
        found = instance;
      }
    }
    return found;
  }

  valueOf(expr: Expression, within: Block | undefined): Evaluated {
    const instance = this.instanceFor(expr.file, within);
    const value: Evaluated = instance ? instance.evaluator.valueOf(expr, within) : { known: false };
    let seen = this.withins.get(expr);
    if (!seen) this.withins.set(expr, (seen = []));
    if (!seen.some((s) => s.within === within)) seen.push({ within, value });
    return value;
  }

  /** The instances of a block (tagged like it), or the block itself when they are not known. */
  instances(block: Block): readonly Block[] {
    const instance = this.instanceFor(block.file, block);
    return instance?.evaluator.instances(block) ?? [block];
  }

  nestedBlocks(block: Block, type: string): { blocks: readonly Block[]; unknown: boolean } {
    const instance = this.instanceFor(block.file, block);
    if (!instance) return { blocks: block.body.blocks.filter((b) => b.type === type), unknown: block.body.blocks.some((b) => b.type === 'dynamic') };
    const nested = instance.evaluator.nestedBlocks(block, type);
    if (!taggedInstance(block)) return nested;
    return { blocks: nested.blocks.map((b) => tagBlock(b, instance)), unknown: nested.unknown };
  }

  /** The module a call (or an instance of one) runs, when it can be read. */
  calledModule(call: Block): ModuleIndex | undefined {
    if (call.type !== 'module') return undefined;
    return this.instanceFor(call.file, call)?.child(call)?.module;
  }

  /** The module that declares a node: the checked one, or one a reference led into. */
  moduleOf(node: Node): ModuleIndex {
    const within = 'node' in node && node.node === 'block' ? node : undefined;
    return this.instanceFor(node.file, within)?.module ?? this.home.module;
  }

  /** A source file of any module this lint has seen. */
  fileOf(path: string): SourceFile | undefined {
    const own = this.home.module.file(path);
    if (own) return own;
    for (let caller = this.home.caller; caller; caller = caller.instance.caller) {
      const file = caller.instance.module.file(path);
      if (file) return file;
    }
    for (const instance of this.everEntered) {
      const file = instance.module.file(path);
      if (file) return file;
    }
    return undefined;
  }

  referencesIn(node: Expression | Block): readonly Reference[] {
    return this.moduleOf(node).referencesWithin(node.file, node.range.start.offset, node.range.end.offset);
  }

  resolveReference(expr: Expression, within: Block | undefined): ResolvedReference | undefined {
    let target = expr;
    while (target.kind === 'parens') target = target.expr;
    if (target.kind !== 'traversal' || target.source.kind !== 'variable') return undefined;
    const instance = this.instanceFor(target.file, within);
    return instance && this.resolveIn(instance, target, within, 0);
  }

  private resolveIn(instance: ModuleInstance, target: Traversal, within: Block | undefined, hops: number): ResolvedReference | undefined {
    const module = instance.module;
    const start = target.range.start.offset;
    const reference = module.referencesWithin(target.file, start, target.range.end.offset).find((r) => r.range.start.offset === start);
    if (!reference) return undefined;
    switch (reference.kind) {
      case 'resource':
      case 'data':
        return this.resolveResource(instance, reference, target, within);
      case 'module':
        return this.resolveOutput(instance, reference, target, within, hops);
      case 'variable':
        return this.resolveArgument(instance, reference, target, hops);
      default:
        return undefined;
    }
  }

  private resolveResource(instance: ModuleInstance, reference: Reference, target: Traversal, within: Block | undefined): ResolvedReference | undefined {
    const found = instance.module.block(reference.address);
    if (!found) return undefined;
    const block = this.own(found, instance);
    // Steps that name the address: `type.name`, `data.type.name`.
    const addressSteps = reference.kind === 'data' ? 2 : 1;
    const next = target.steps[addressSteps];
    if (!isExpanded(found) || next?.kind !== 'index') return { reference, block, path: staticPath(target.steps, addressSteps) };
    const selected = this.instanceAt(instance, block, next, within);
    const path = staticPath(target.steps, addressSteps + 1);
    return selected ? { reference, block, instance: selected, path } : { reference, block, path };
  }

  /** `module.x.out` (or `module.x["k"].out`): what the child's output names, inside the child instance. */
  private resolveOutput(
    instance: ModuleInstance,
    reference: Reference,
    target: Traversal,
    within: Block | undefined,
    hops: number,
  ): ResolvedReference | undefined {
    const found = instance.module.block(reference.address);
    if (!found) return undefined;
    const call = this.own(found, instance);
    const fallback: ResolvedReference = { reference, block: call, path: staticPath(target.steps, 1) };
    let callInstance: Block | undefined = found;
    let next = 1;
    if (isExpanded(found)) {
      const step = target.steps[1];
      callInstance = step?.kind === 'index' ? this.instanceAt(instance, found, step, within) : undefined;
      next = 2;
    }
    const output = target.steps[next];
    if (!callInstance || output?.kind !== 'attr' || hops >= MAX_HOPS) return fallback;
    const child = instance.child(callInstance);
    const value = child?.module.outputs.get(output.name)?.body.attributes.find((a) => a.name === 'value');
    if (!child || !value) return fallback;
    const inner = this.follow(child, unwrapReference(value.expr, child.module.locals), undefined, hops);
    return inner ? { ...inner, reference, path: [...inner.path, ...staticPath(target.steps, next + 1)] } : fallback;
  }

  /** `var.x` in a child instance: what the caller's argument for `x` names, in the caller. */
  private resolveArgument(instance: ModuleInstance, reference: Reference, target: Traversal, hops: number): ResolvedReference | undefined {
    const caller = instance.caller;
    const argument = instance.argument(reference.address.slice('var.'.length));
    if (!caller || !argument || hops >= MAX_HOPS) return undefined;
    const inner = this.follow(caller.instance, unwrapReference(argument.expr, caller.instance.module.locals), caller.call, hops);
    return inner ? { ...inner, reference, path: [...inner.path, ...staticPath(target.steps, 1)] } : undefined;
  }

  private follow(instance: ModuleInstance, expr: Expression, within: Block | undefined, hops: number): ResolvedReference | undefined {
    if (expr.kind !== 'traversal' || expr.source.kind !== 'variable') return undefined;
    return this.resolveIn(instance, expr, within, hops + 1);
  }

  /** The instance of an expanded block that an index step selects, when its key is known. */
  private instanceAt(instance: ModuleInstance, block: Block, step: Extract<TraversalStep, { kind: 'index' }>, within: Block | undefined): Block | undefined {
    const key = instance.evaluator.valueOf(step.key, within);
    if (!key.known || key.value === UNKNOWN) return undefined;
    const expanded = instance.evaluator.instances(block);
    return expanded?.find((i) => i.instance !== undefined && String(i.instance.key) === String(key.value));
  }

  /** A block of `instance` as rules should hold it: as parsed for the checked instance, else tagged (and entered). */
  private own(block: Block, instance: ModuleInstance): Block {
    if (instance === this.home) return block;
    let set = this.entered.get(instance.module);
    if (!set) this.entered.set(instance.module, (set = new Set()));
    set.add(instance);
    this.everEntered.add(instance);
    return tagBlock(block, instance);
  }
}

/** A value as a message would state it, to match it against a report's data. */
function describeValue(value: Value): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** Attribute names and literal keys from step `from` on, up to the first step that is not static. */
function staticPath(steps: readonly TraversalStep[], from: number): (string | number)[] {
  const path: (string | number)[] = [];
  for (let i = from; i < steps.length; i++) {
    const item = pathItem(steps[i]!);
    if (item === undefined) break;
    path.push(item);
  }
  return path;
}
