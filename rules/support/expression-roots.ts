// Where the references in an expression start: every traversal from a bare name, and every bare name, found
// by walking the expression (templates, calls, collections, conditionals and `for` expressions included).
import type { Expression, TraversalExpr, VariableExpr } from '../api';

/** The bare names an expression starts references from (`var.x`, `local.y`, `aws_db_instance.z.address`), in order. */
export function referenceRoots(expr: Expression): (TraversalExpr | VariableExpr)[] {
  const found: (TraversalExpr | VariableExpr)[] = [];
  const walk = (e: Expression): void => {
    switch (e.kind) {
      case 'traversal':
        if (e.source.kind === 'variable') found.push(e);
        else walk(e.source);
        for (const step of e.steps) if (step.kind === 'index') walk(step.key);
        return;
      case 'variable':
        found.push(e);
        return;
      case 'template':
        for (const part of e.parts) walkPart(part);
        return;
      case 'call':
        e.args.forEach(walk);
        return;
      case 'tuple':
        e.items.forEach(walk);
        return;
      case 'object':
        for (const item of e.items) {
          walk(item.key);
          walk(item.value);
        }
        return;
      case 'conditional':
        walk(e.condition);
        walk(e.trueResult);
        walk(e.falseResult);
        return;
      case 'binary':
        walk(e.left);
        walk(e.right);
        return;
      case 'unary':
        walk(e.operand);
        return;
      case 'for':
        walk(e.collection);
        if (e.keyExpr) walk(e.keyExpr);
        walk(e.valueExpr);
        if (e.condition) walk(e.condition);
        return;
      case 'parens':
        walk(e.expr);
        return;
      default:
        return;
    }
  };
  type Part = Extract<Expression, { kind: 'template' }>['parts'][number];
  const walkPart = (part: Part): void => {
    if (part.kind === 'interpolation') walk(part.expr);
    else if (part.kind === 'if') {
      walk(part.condition);
      part.then.forEach(walkPart);
      part.else?.forEach(walkPart);
    } else if (part.kind === 'for') {
      walk(part.collection);
      part.body.forEach(walkPart);
    }
  };
  walk(expr);
  return found;
}
