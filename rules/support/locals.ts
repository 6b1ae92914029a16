// Looking through `local.name`: several rules follow a value to where it is written.
import type { Expression, Module } from '../api';

/** The expression of `local.name`, if the expression is exactly that reference; otherwise undefined. */
export function localExpression(expr: Expression, module: Module): Expression | undefined {
  let target = expr;
  while (target.kind === 'parens') target = target.expr;
  if (target.kind !== 'traversal' || target.source.kind !== 'variable' || target.source.name !== 'local') return undefined;
  const step = target.steps[0];
  if (target.steps.length !== 1 || step?.kind !== 'attr') return undefined;
  return module.locals.get(step.name)?.expr;
}
