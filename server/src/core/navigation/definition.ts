// Go to definition from the references premortem already indexes: `var.x` to its variable block,
// `local.x` to its entry in a locals block, `module.x` to the module call (and `module.x.out` to the
// output in a local module's code), a resource or data source reference to its block.
import * as path from 'node:path';
import type { Block, Expression, Range, Reference } from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { isLocalSource } from '../graph/module-sources';

export interface DefinitionTarget {
  readonly file: string;
  /** The whole declaration (a block, or a local value's `name = value`). */
  readonly range: Range;
  /** What to select in it: the block's header, or the local value's name. */
  readonly selection: Range;
}

/** Loads the module of a directory, for `module.x.out`; undefined when it cannot. */
export type ChildModuleLoader = (dir: string) => ModuleIndex | undefined;

/** The declaration the reference at `offset` in `file` names, or undefined when there is no reference there or it names nothing declared. */
export function findDefinition(module: ModuleIndex, file: string, offset: number, loadChild?: ChildModuleLoader): DefinitionTarget | undefined {
  const reference = referenceAt(module, file, offset);
  return reference && declarationOf(module, reference, loadChild);
}

/** The reference whose text holds the offset (its end included, where the cursor sits after typing it). */
export function referenceAt(module: ModuleIndex, file: string, offset: number): Reference | undefined {
  for (const reference of module.references) {
    if (reference.file === file && reference.range.start.offset <= offset && offset <= reference.range.end.offset) return reference;
  }
  return undefined;
}

function declarationOf(module: ModuleIndex, reference: Reference, loadChild: ChildModuleLoader | undefined): DefinitionTarget | undefined {
  const name = reference.address.slice(reference.address.indexOf('.') + 1);
  switch (reference.kind) {
    case 'variable':
      return blockTarget(module.variables.get(name));
    case 'local': {
      const local = module.locals.get(name);
      return local && { file: local.file, range: local.range, selection: local.nameRange };
    }
    case 'module': {
      const call = module.moduleCalls.get(name);
      const output = typeof reference.path[0] === 'string' ? reference.path[0] : undefined;
      const inChild = output !== undefined && call && loadChild ? childOutput(module, call, output, loadChild) : undefined;
      return inChild ?? blockTarget(call);
    }
    case 'resource':
    case 'data':
      return blockTarget(module.block(reference.address));
    default:
      return undefined; // each, count, self, path, terraform: nothing declares them
  }
}

/** `module.x.out`: the output block `out` of the called module, when its source is a local directory. */
function childOutput(module: ModuleIndex, call: Block, output: string, loadChild: ChildModuleLoader): DefinitionTarget | undefined {
  const source = literalText(call.body.attributes.find((a) => a.name === 'source')?.expr);
  if (source === undefined || !isLocalSource(source)) return undefined;
  return blockTarget(loadChild(path.resolve(module.dir, source))?.outputs.get(output));
}

/** The text of a string written without interpolation (`"./app"`), else undefined. */
function literalText(expr: Expression | undefined): string | undefined {
  if (expr?.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr?.kind !== 'template' || expr.parts.some((part) => part.kind !== 'text')) return undefined;
  return expr.parts.map((part) => (part.kind === 'text' ? part.value : '')).join('');
}

function blockTarget(block: { readonly file: string; readonly range: Range; readonly headerRange: Range } | undefined): DefinitionTarget | undefined {
  return block && { file: block.file, range: block.range, selection: block.headerRange };
}
