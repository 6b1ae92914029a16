// The elements of a list argument, each with the expression that wrote it when the list is written out
// (`[aws_subnet.a.id, aws_subnet.b.id]`, directly or in a local), so a rule can both count elements whose
// values are unknown and follow each one back to the resource it names.
import { UNKNOWN, type Block, type Expression, type RuleContext, type Value } from '../api';

export interface ListItem {
  readonly value: Value;
  /** The element's own expression, when the list is a tuple written out in place or in a local. */
  readonly expr?: Expression;
  /** The element is written inside the expression asked about (not in a local it refers to). */
  readonly inPlace: boolean;
}

/**
 * The elements of a list, or undefined when not even their number is known (as for `["${var.subnets}"]`,
 * Terraform 0.11's way of passing a whole list, when the variable's value is not known).
 */
export function listItems(expr: Expression, within: Block, ctx: Pick<RuleContext, 'valueOf' | 'module'>): readonly ListItem[] | undefined {
  const written = writtenTuple(expr, ctx);
  if (written) {
    // A local's elements are evaluated in the local's own scope (no count or for_each bindings).
    const scope = written.inPlace ? within : undefined;
    const items: ListItem[] = [];
    for (const item of written.tuple.items) {
      const value = ctx.valueOf(item, scope);
      if (isLoneInterpolation(item)) {
        // Terraform 0.11 expands `["${var.list}"]` into the list's elements: one written element, many values.
        if (value.known && Array.isArray(value.value)) {
          for (const element of value.value as readonly Value[]) items.push({ value: element, inPlace: written.inPlace });
          continue;
        }
        if (!value.known && !isSingleId(item.parts[0]!.expr)) return undefined;
      }
      items.push({ value: value.known ? value.value : UNKNOWN, expr: item, inPlace: written.inPlace });
    }
    return items;
  }
  const value = ctx.valueOf(expr, within);
  if (!value.known || !Array.isArray(value.value)) return undefined;
  return (value.value as readonly Value[]).map((item) => ({ value: item, inPlace: false }));
}

type Tuple = Extract<Expression, { kind: 'tuple' }>;
type Template = Extract<Expression, { kind: 'template' }>;

/** `"${expr}"`: in Terraform 0.11 a list there is spliced into the enclosing list. */
function isLoneInterpolation(expr: Expression): expr is Template & { parts: readonly [{ kind: 'interpolation'; expr: Expression }] } {
  return expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation';
}

/** Roots that are not resources: what they name may be a list. */
const NOT_RESOURCES: ReadonlySet<string> = new Set(['var', 'local', 'module', 'each', 'count', 'self', 'path', 'terraform']);

/** `aws_subnet.a.id` or `data.aws_subnet.a.id`: one resource's ID, always a single string. */
function isSingleId(expr: Expression): boolean {
  if (expr.kind !== 'traversal' || expr.source.kind !== 'variable' || NOT_RESOURCES.has(expr.source.name)) return false;
  const last = expr.steps[expr.steps.length - 1];
  return last?.kind === 'attr' && last.name === 'id' && expr.steps.every((step) => step.kind !== 'splat');
}

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
