// What a module's references link, found once per module: every instance of a module (each call of it,
// each count/for_each key of a call) links the same references, and a module that is both a root and a
// called module is linked by several graphs. Only the instance keys are evaluated per instance.
import type { Attribute, Block, Expression, Reference } from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { visitReferences } from '../references';

/** Edges from the dependent of one reference (or of several identical ones) to what it names. */
export interface ModuleLink {
  /** The instances of this resource, data source or module call depend; undefined when `named` does. */
  readonly from: Block | undefined;
  /** The output or local value that depends (`output.x`, `local.y`), when `from` does not. */
  readonly named: string | undefined;
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
  | { readonly kind: 'named'; readonly address: string };

const LINKS = new WeakMap<ModuleIndex, readonly ModuleLink[]>();

export function moduleLinks(module: ModuleIndex): readonly ModuleLink[] {
  let links = LINKS.get(module);
  if (!links) LINKS.set(module, (links = findLinks(module)));
  return links;
}

function findLinks(module: ModuleIndex): ModuleLink[] {
  const links: ModuleLink[] = [];
  for (const block of module.blocks) {
    // References repeat within a block (`var.name` in every tag): one link per distinct edge set is enough.
    const seen = new Set<string>();
    visitReferences(block, (reference, holder) => {
      const link = linkOf(module, reference, holder);
      if (!link) return;
      if (link.instanceKey === undefined) {
        const output = link.target.kind === 'module' ? link.target.output : undefined;
        const key = `${link.named ?? ''}|${link.ordering}|${reference.address}|${output ?? ''}|${link.argument?.name ?? ''}`;
        if (seen.has(key)) return;
        seen.add(key);
      }
      links.push(link);
    });
  }
  return links;
}

function linkOf(module: ModuleIndex, reference: Reference, holder: Attribute | undefined): ModuleLink | undefined {
  const from = reference.from;
  let dependent: Block | undefined;
  let named: string | undefined;
  switch (from.type) {
    case 'resource':
    case 'data':
    case 'module':
      dependent = from;
      break;
    case 'output':
      if (from.labels[0] === undefined) return undefined;
      named = `output.${from.labels[0]}`;
      break;
    case 'locals':
      if (!holder) return undefined;
      named = `local.${holder.name}`;
      break;
    default:
      return undefined; // providers, terraform, moved, import, check and variable validations feed nothing
  }
  const target = targetOf(module, reference);
  if (!target) return undefined;
  return {
    from: dependent,
    named,
    ordering: holder?.name === 'depends_on',
    target,
    instanceKey: target.kind === 'named' ? undefined : reference.instanceKey,
    argument: from.type === 'module' ? holder : undefined,
  };
}

function targetOf(module: ModuleIndex, reference: Reference): LinkTarget | undefined {
  switch (reference.kind) {
    case 'resource':
    case 'data': {
      const block = module.block(reference.address);
      return block && { kind: 'instances', block };
    }
    case 'module': {
      const call = module.block(reference.address);
      return call && { kind: 'module', call, output: reference.path[0] };
    }
    case 'variable':
    case 'local':
      return { kind: 'named', address: reference.address };
    default:
      return undefined;
  }
}
