// What a module's references link, found once per module: every instance of a module (each call of it,
// each count/for_each key of a call) links the same references, and a module that is both a root and a
// called module is linked by several graphs. Only the instance keys are evaluated per instance.
import type { Attribute, Block, Expression, TraversalStep } from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { instanceKeyOf, referenceShape, visitReferenceRoots, type ReferenceRootVisitor, type ReferenceShape } from '../references';

/** A variable, local value or output of a module, by its kind and name. */
export interface NamedValue {
  readonly kind: 'variable' | 'local' | 'output';
  readonly name: string;
}

/**
 * A part of a module that stands for one set of nodes in each instance: a resource, data or module block, a
 * variable or output block, or a local value's attribute.
 */
export type ModuleUnit = Block | Attribute;

/** Edges from the dependent of one reference to what it names. */
export interface ModuleLink {
  /** The instances of this resource, data source or module call depend; undefined when `named` does. */
  readonly from: Block | undefined;
  /** The output or local value that depends, when `from` does not. */
  readonly named: NamedValue | undefined;
  /** A `depends_on` entry: the dependent waits, no value flows. */
  readonly ordering: boolean;
  readonly target: LinkTarget;
  /** The index right after the target's address, evaluated per instance: which target instance is meant. */
  readonly instanceKey: Expression | undefined;
  /** The module call argument that holds the reference: it feeds the child's variable of that name. */
  readonly argument: Attribute | undefined;
}

export type LinkTarget =
  /** Instances of a resource or data source. */
  | { readonly kind: 'instances'; readonly block: Block }
  /** `module.x.out` (the child's output) or `module.x` alone (everything in it). */
  | { readonly kind: 'module'; readonly call: Block; readonly output: string | undefined }
  /** A variable or local value of the module: `var.x`, `local.y`. */
  | { readonly kind: 'named'; readonly value: NamedValue };

const LINKS = new WeakMap<ModuleIndex, readonly ModuleLink[]>();

export function moduleLinks(module: ModuleIndex): readonly ModuleLink[] {
  let links = LINKS.get(module);
  if (!links) LINKS.set(module, (links = findLinks(module)));
  return links;
}

/** The units of a module's links, for building instances in part; made for the modules a walk enters only. */
export interface ModuleUnits {
  /** Of each link (by index in `moduleLinks`): the unit it names, if the module declares it. */
  readonly targets: readonly (ModuleUnit | undefined)[];
  /** The units that depend on each unit directly. */
  readonly dependents: ReadonlyMap<ModuleUnit, readonly ModuleUnit[]>;
}

const UNITS = new WeakMap<ModuleIndex, ModuleUnits>();

export function moduleUnits(module: ModuleIndex): ModuleUnits {
  let units = UNITS.get(module);
  if (!units) UNITS.set(module, (units = findUnits(module)));
  return units;
}

/**
 * The units that depend on `entry` in the module, directly or through others, `entry` included: in any
 * instance, whatever depends on a node of `entry` belongs to one of them (instance keys aside).
 */
export function dependentUnits(module: ModuleIndex, entry: ModuleUnit): Set<ModuleUnit> {
  const { dependents } = moduleUnits(module);
  const found = new Set<ModuleUnit>([entry]);
  for (const unit of found) for (const dependent of dependents.get(unit) ?? NO_UNITS) found.add(dependent); // a Set iterates what is added while it does
  return found;
}

const NO_UNITS: readonly ModuleUnit[] = [];

function findUnits(module: ModuleIndex): ModuleUnits {
  const targets: (ModuleUnit | undefined)[] = [];
  const dependents = new Map<ModuleUnit, ModuleUnit[]>();
  for (const link of moduleLinks(module)) {
    const target = targetUnit(module, link.target);
    targets.push(target);
    if (!target) continue;
    const unit = link.from ?? declarationOf(module, link.named!.kind, link.named!.name)!;
    const list = dependents.get(target);
    if (!list) dependents.set(target, [unit]);
    else if (list[list.length - 1] !== unit) list.push(unit);
  }
  return { targets, dependents };
}

/** The block (variable, output) or attribute (local value) that declares a name first: the one its graph node stands for. */
export function declarationOf(module: ModuleIndex, kind: NamedValue['kind'], name: string): Block | Attribute | undefined {
  return kind === 'output' ? module.outputs.get(name) : kind === 'local' ? module.locals.get(name) : module.variables.get(name);
}

function targetUnit(module: ModuleIndex, target: LinkTarget): ModuleUnit | undefined {
  switch (target.kind) {
    case 'instances':
      return target.block;
    case 'module':
      return target.call;
    case 'named':
      return declarationOf(module, target.value.kind, target.value.name);
  }
}

function findLinks(module: ModuleIndex): ModuleLink[] {
  const finder = new LinkFinder(module);
  for (const block of module.blocks) finder.block(block);
  return finder.links;
}

const DEPENDENT_BLOCKS: ReadonlySet<string> = new Set(['resource', 'data', 'module', 'output', 'locals']);

/** Links of one module. Targets and dependents are made once each and shared by the links that name them. */
class LinkFinder {
  readonly links: ModuleLink[] = [];
  private from: Block | undefined;
  /** The output or local value whose references are being read (one per output block, one per local value). */
  private named: NamedValue | undefined;
  private readonly instanceTargets = new Map<Block, LinkTarget>();
  private readonly namedTargets: Record<'variable' | 'local', Map<string, LinkTarget>> = { variable: new Map(), local: new Map() };
  private readonly visit: ReferenceRootVisitor = (root, steps, holder) => this.reference(root.name, steps, holder);

  constructor(private readonly module: ModuleIndex) {}

  block(block: Block): void {
    if (!DEPENDENT_BLOCKS.has(block.type)) return; // providers, terraform, moved, import, check and variable validations feed nothing
    if (block.type === 'output' && block.labels[0] === undefined) return;
    this.from = block;
    this.named = block.type === 'output' ? { kind: 'output', name: block.labels[0]! } : undefined;
    visitReferenceRoots(block, this.visit);
  }

  private reference(name: string, steps: readonly TraversalStep[], holder: Attribute | undefined): void {
    const from = this.from!;
    let named = this.named;
    if (from.type === 'locals') {
      if (!holder) return;
      if (named?.name !== holder.name) named = this.named = { kind: 'local', name: holder.name };
    }
    const shape = referenceShape(name, steps);
    const target = shape && this.targetOf(shape, name, steps);
    if (!target) return;
    this.links.push({
      from: named ? undefined : from,
      named,
      ordering: holder?.name === 'depends_on',
      target,
      instanceKey: target.kind === 'named' ? undefined : instanceKeyOf(steps, shape),
      argument: from.type === 'module' ? holder : undefined,
    });
  }

  /** What a traversal from a bare name links to in the module, read from its steps without building its address. */
  private targetOf(shape: ReferenceShape, name: string, steps: readonly TraversalStep[]): LinkTarget | undefined {
    switch (shape.kind) {
      case 'resource':
        return this.instances(this.module.resource(name, label(steps, 0)));
      case 'data':
        return this.instances(this.module.dataSource(label(steps, 0), label(steps, 1)));
      case 'module': {
        const call = this.module.moduleCalls.get(label(steps, 0));
        return call && { kind: 'module', call, output: outputName(steps, shape) };
      }
      case 'variable':
      case 'local': {
        const targets = this.namedTargets[shape.kind];
        const valueName = label(steps, 0);
        let target = targets.get(valueName);
        if (!target) targets.set(valueName, (target = { kind: 'named', value: { kind: shape.kind, name: valueName } }));
        return target;
      }
      default:
        return undefined;
    }
  }

  private instances(block: Block | undefined): LinkTarget | undefined {
    if (!block) return undefined;
    let target = this.instanceTargets.get(block);
    if (!target) this.instanceTargets.set(block, (target = { kind: 'instances', block }));
    return target;
  }
}

/**
 * The output a module reference reads: `out` in `module.x.out`, and in `module.x["eu"].out` or
 * `module.x[*].out` after the instance key or splat. Undefined when it reads the whole module (`module.x`).
 */
function outputName(steps: readonly TraversalStep[], shape: ReferenceShape): string | undefined {
  let next = steps[shape.addressSteps];
  if (next?.kind === 'index' || next?.kind === 'splat') next = steps[shape.addressSteps + 1];
  return next?.kind === 'attr' ? next.name : undefined;
}

/** The name of an address step (`referenceShape` checked that it is one). */
function label(steps: readonly TraversalStep[], i: number): string {
  return (steps[i] as Extract<TraversalStep, { kind: 'attr' }>).name;
}
