// What a module's references link, found once per module: every instance of a module (each call of it,
// each count/for_each key of a call) links the same references, and a module that is both a root and a
// called module is linked by several graphs. Only the instance keys are evaluated per instance.
import type { Attribute, Block, Expression, TraversalStep } from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { instanceKeyOf, pathItem, referenceShape, visitReferenceRoots } from '../references';

/** A variable, local value or output of a module, by its kind and name. */
export interface NamedValue {
  readonly kind: 'variable' | 'local' | 'output';
  readonly name: string;
}

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
  | { readonly kind: 'module'; readonly call: Block; readonly output: string | number | undefined }
  /** A variable or local value of the module: `var.x`, `local.y`. */
  | { readonly kind: 'named'; readonly value: NamedValue };

const LINKS = new WeakMap<ModuleIndex, readonly ModuleLink[]>();

export function moduleLinks(module: ModuleIndex): readonly ModuleLink[] {
  let links = LINKS.get(module);
  if (!links) LINKS.set(module, (links = findLinks(module)));
  return links;
}

function findLinks(module: ModuleIndex): ModuleLink[] {
  const links: ModuleLink[] = [];
  for (const block of module.blocks) {
    if (!DEPENDENT_BLOCKS.has(block.type)) continue; // providers, terraform, moved, import, check and variable validations feed nothing
    visitReferenceRoots(block, (root, steps, holder) => {
      const link = linkOf(module, block, root.name, steps, holder);
      if (link) links.push(link);
    });
  }
  return links;
}

const DEPENDENT_BLOCKS: ReadonlySet<string> = new Set(['resource', 'data', 'module', 'output', 'locals']);

function linkOf(module: ModuleIndex, from: Block, name: string, steps: readonly TraversalStep[], holder: Attribute | undefined): ModuleLink | undefined {
  let named: NamedValue | undefined;
  if (from.type === 'output') {
    if (from.labels[0] === undefined) return undefined;
    named = { kind: 'output', name: from.labels[0] };
  } else if (from.type === 'locals') {
    if (!holder) return undefined;
    named = { kind: 'local', name: holder.name };
  }
  const target = targetOf(module, name, steps);
  if (!target) return undefined;
  return {
    from: named ? undefined : from,
    named,
    ordering: holder?.name === 'depends_on',
    target: target.target,
    instanceKey: target.instanceKey,
    argument: from.type === 'module' ? holder : undefined,
  };
}

/** What a traversal from a bare name links to in the module, read from its steps without building its address. */
function targetOf(module: ModuleIndex, name: string, steps: readonly TraversalStep[]): { target: LinkTarget; instanceKey: Expression | undefined } | undefined {
  const shape = referenceShape(name, steps);
  if (!shape) return undefined;
  const label = (i: number): string => (steps[i] as Extract<TraversalStep, { kind: 'attr' }>).name;
  switch (shape.kind) {
    case 'resource': {
      const block = module.resource(name, label(0));
      return block && { target: { kind: 'instances', block }, instanceKey: instanceKeyOf(steps, shape) };
    }
    case 'data': {
      const block = module.dataSource(label(0), label(1));
      return block && { target: { kind: 'instances', block }, instanceKey: instanceKeyOf(steps, shape) };
    }
    case 'module': {
      const call = module.moduleCalls.get(label(0));
      const next = steps[shape.addressSteps];
      return call && { target: { kind: 'module', call, output: next && pathItem(next) }, instanceKey: instanceKeyOf(steps, shape) };
    }
    case 'variable':
    case 'local':
      return { target: { kind: 'named', value: { kind: shape.kind, name: label(0) } }, instanceKey: undefined };
    default:
      return undefined;
  }
}
