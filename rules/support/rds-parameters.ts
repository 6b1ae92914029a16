// Reading RDS parameter groups: the parameters a group sets (literal and `dynamic` blocks alike) and the
// engine its family names. Shared by the parameter-group rules of the databases family.
import { asString, getAttribute, type Attribute, type Block, type Evaluated, type RuleContext } from '../api';

export interface Parameter {
  /** The `parameter` block, or one element of a `dynamic "parameter"` block. */
  readonly block: Block;
  /** The parameter name in lower case, when it is known. */
  readonly name: string | undefined;
  readonly nameAttribute: Attribute | undefined;
  readonly value: Evaluated;
  readonly valueAttribute: Attribute | undefined;
  readonly applyMethod: Evaluated;
  readonly applyMethodAttribute: Attribute | undefined;
}

export interface ParameterList {
  readonly parameters: readonly Parameter[];
  /** Some parameters cannot be seen: a `dynamic` block over an unknown collection, or a name we cannot evaluate. */
  readonly incomplete: boolean;
}

export function parametersOf(group: Block, ctx: RuleContext<string, object>): ParameterList {
  const parameters = ctx.nestedBlocks(group, 'parameter').map((block): Parameter => {
    const nameAttribute = getAttribute(block, 'name');
    const valueAttribute = getAttribute(block, 'value');
    const applyMethodAttribute = getAttribute(block, 'apply_method');
    const name = ctx.valueOf(nameAttribute?.expr, block);
    return {
      block,
      name: name.known ? asString(name.value)?.toLowerCase() : undefined,
      nameAttribute,
      value: ctx.valueOf(valueAttribute?.expr, block),
      valueAttribute,
      applyMethod: ctx.valueOf(applyMethodAttribute?.expr, block),
      applyMethodAttribute,
    };
  });
  const incomplete = ctx.mayHaveUnknownBlocks(group, 'parameter') || parameters.some((p) => p.name === undefined);
  return { parameters, incomplete };
}

export type Engine =
  | { readonly kind: 'aurora-postgresql'; readonly major: number | undefined }
  | { readonly kind: 'postgres'; readonly major: number | undefined }
  | { readonly kind: 'other' }
  | { readonly kind: 'unknown' };

/** The engine a parameter group's `family` names: `postgres16`, `aurora-postgresql15`, `mysql8.0`, ... */
export function engineOf(group: Block, ctx: RuleContext<string, object>): Engine {
  const family = ctx.attributeValue(group, 'family');
  const text = family.known ? asString(family.value) : undefined;
  if (text === undefined) return { kind: 'unknown' };
  const match = /^(aurora-postgresql|postgres)(\d+)?/.exec(text.toLowerCase());
  if (!match) return { kind: 'other' };
  const major = match[2] === undefined ? undefined : Number(match[2]);
  return { kind: match[1] === 'postgres' ? 'postgres' : 'aurora-postgresql', major };
}
