// The elements of a list argument, each with the expression that wrote it when the list is written out
// (`[aws_subnet.a.id, aws_subnet.b.id]`, directly or in a local), so a rule can both count elements whose
// values are unknown and follow each one back to the resource it names.
import { UNKNOWN, type Block, type Expression, type RuleContext, type Value } from './api';

export interface ListItem {
  readonly value: Value;
  /** The element's own expression, when the list is a tuple written out in place or in a local. */
  readonly expr?: Expression;
  /** The element is written inside the expression asked about (not in a local it refers to). */
  readonly inPlace: boolean;
}

/** The elements of a list, or undefined when not even their number is known. */
export function listItems(expr: Expression, within: Block, ctx: Pick<RuleContext, 'valueOf' | 'module'>): readonly ListItem[] | undefined {
  const written = writtenTuple(expr, ctx);
  if (written) {
    // A local's elements are evaluated in the local's own scope (no count or for_each bindings).
    const scope = written.inPlace ? within : undefined;
    return written.tuple.items.map((item) => {
      const value = ctx.valueOf(item, scope);
      return { value: value.known ? value.value : UNKNOWN, expr: item, inPlace: written.inPlace };
    });
  }
  const value = ctx.valueOf(expr, within);
  if (!value.known || !Array.isArray(value.value)) return undefined;
  return (value.value as readonly Value[]).map((item) => ({ value: item, inPlace: false }));
}

type Tuple = Extract<Expression, { kind: 'tuple' }>;

/** The tuple the expression is, or the tuple a plain `local.name` holds. */
function writtenTuple(expr: Expression, ctx: Pick<RuleContext, 'module'>): { tuple: Tuple; inPlace: boolean } | undefined {
  let current = expr;
  while (current.kind === 'parens') current = current.expr;
  if (current.kind === 'tuple') return { tuple: current, inPlace: true };
  if (current.kind !== 'traversal' || current.source.kind !== 'variable' || current.source.name !== 'local') return undefined;
  const [step, ...rest] = current.steps;
  if (step?.kind !== 'attr' || rest.length > 0) return undefined;
  let local = ctx.module.locals.get(step.name)?.expr;
  while (local?.kind === 'parens') local = local.expr;
  return local?.kind === 'tuple' ? { tuple: local, inPlace: false } : undefined;
}
