// Where a value written elsewhere was set. When a risky value reaches a resource through `var.x` or
// `local.x`, the finding underlines the use, and this points the reader at the line to change: the
// var file that sets the variable, its default, or the local value.
import type { Attribute, Expression, Module, Node } from '../api';

export interface ValueOrigin {
  /** The expression that holds the value: a var file entry, a variable's default, or a local's value. */
  readonly at: Node;
  /** `var.name` or `local.name`. */
  readonly name: string;
  /** Whether the value is a variable's default (a caller or a var file may override it). */
  readonly isDefault: boolean;
}

/** How many `local.a -> local.b` hops to follow before giving up (a cycle is a Terraform error anyway). */
const MAX_HOPS = 8;

/**
 * The place a plain reference (`var.x`, `local.x`, optionally indexed: `local.amis["eu-west-1"]`) takes its
 * value from, following locals that are themselves plain references. Undefined for any other expression,
 * or for a variable set nowhere in the configuration.
 */
export function valueOrigin(expr: Expression, module: Module): ValueOrigin | undefined {
  let current: Expression = expr;
  let origin: ValueOrigin | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    while (current.kind === 'parens') current = current.expr;
    const named = rootReference(current);
    if (!named) return origin;
    if (named.root === 'var') return variableOrigin(named.name, module) ?? origin;
    const local: Attribute | undefined = module.locals.get(named.name);
    if (!local) return origin;
    origin = { at: local.expr, name: `local.${named.name}`, isDefault: false };
    current = local.expr;
  }
  return origin;
}

function rootReference(expr: Expression): { root: 'var' | 'local'; name: string } | undefined {
  if (expr.kind !== 'traversal' || expr.source.kind !== 'variable') return undefined;
  const root = expr.source.name;
  const first = expr.steps[0];
  if ((root !== 'var' && root !== 'local') || first?.kind !== 'attr') return undefined;
  return { root, name: first.name };
}

/** The last var file that sets the variable, else its default. */
function variableOrigin(name: string, module: Module): ValueOrigin | undefined {
  for (let i = module.varFiles.length - 1; i >= 0; i--) {
    const entry = module.varFiles[i]!.body.attributes.find((a) => a.name === name);
    if (entry) return { at: entry.expr, name: `var.${name}`, isDefault: false };
  }
  const fallback = module.variables.get(name)?.body.attributes.find((a) => a.name === 'default');
  return fallback ? { at: fallback.expr, name: `var.${name}`, isDefault: true } : undefined;
}
