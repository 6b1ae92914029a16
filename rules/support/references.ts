// Following references between resources the way real configurations write them: through parentheses,
// `try(...)`/`one(...)` wrappers and locals, and matching a resource instance against a reference to it.
import { addressOf, unwrapReference, type Block, type Expression, type ResolvedReference, type RuleContext } from '../api';

/** The expression that really names the value: parentheses, pass-through calls and `local.x` taken off. */
export function unwrapExpression(expr: Expression, ctx: RuleContext): Expression {
  return unwrapReference(expr, ctx.moduleOf(expr).locals);
}

/**
 * The resource, data source or module call an expression refers to, seen through parentheses, `try()`,
 * `one()` and locals. `within` is the (instance of the) block the expression belongs to.
 */
export function followReference(expr: Expression | undefined, ctx: RuleContext, within?: Block): ResolvedReference | undefined {
  if (!expr) return undefined;
  return ctx.resolveReference(unwrapExpression(expr, ctx), within);
}

/** The block a resolved reference names: its known instance, else the block itself. */
export function referencedBlock(resolved: ResolvedReference): Block {
  return resolved.instance ?? resolved.block;
}

/** The resource type of a resolved reference (`aws_sqs_queue`), with `data.` for data sources. */
export function referencedType(resolved: ResolvedReference): string | undefined {
  const type = resolved.block.labels[0];
  if (type === undefined) return undefined;
  return resolved.block.type === 'data' ? `data.${type}` : resolved.block.type === 'resource' ? type : undefined;
}

/**
 * Whether `candidate` (a block, or an instance of one) may be the same resource instance as `block`. A
 * reference that names no instance matches every instance of its block.
 */
export function sameResource(candidate: Block, block: Block): boolean {
  if (candidate.type !== block.type || addressOf(candidate) !== addressOf(block)) return false;
  if (!candidate.instance || !block.instance) return true;
  return String(candidate.instance.key) === String(block.instance.key);
}

/** The known string a value converts to, else undefined (numbers and bools are not names). */
export function knownString(ctx: RuleContext, expr: Expression | undefined, within?: Block): string | undefined {
  if (!expr) return undefined;
  const value = ctx.valueOf(expr, within);
  return value.known && typeof value.value === 'string' ? value.value : undefined;
}

/** Whether an attribute is set to something that is (or may be) not null. */
export function isPresent(ctx: RuleContext, block: Block, name: string): boolean {
  const attribute = block.body.attributes.find((a) => a.name === name);
  if (!attribute) return false;
  const value = ctx.valueOf(attribute.expr, block);
  return !value.known || value.value !== null;
}

/** The known value of one tag (`tags = { "lint/role" = "queue" }`), else undefined. */
export function tagValue(ctx: RuleContext, block: Block, key: string): string | undefined {
  const tags = ctx.attributeValue(block, 'tags');
  if (!tags.known || tags.value === null || typeof tags.value !== 'object' || Array.isArray(tags.value)) return undefined;
  const value = (tags.value as { readonly [key: string]: unknown })[key];
  return typeof value === 'string' ? value : undefined;
}

/** Whether `lifecycle { ignore_changes = [...] }` lists the argument (or is `all`): it is managed elsewhere. */
export function ignoresChanges(block: Block, name: string): boolean {
  for (const lifecycle of block.body.blocks) {
    if (lifecycle.type !== 'lifecycle') continue;
    const ignore = lifecycle.body.attributes.find((a) => a.name === 'ignore_changes');
    if (!ignore) continue;
    const expr = ignore.expr;
    if (expr.kind === 'variable' && expr.name === 'all') return true;
    if (expr.kind !== 'tuple') return true; // something we cannot read: assume it may list the argument
    for (const item of expr.items) {
      const root = item.kind === 'traversal' ? item.source : item;
      if (root.kind === 'variable' && root.name === name) return true;
      if (item.kind === 'literal' && item.value === name) return true;
    }
  }
  return false;
}
