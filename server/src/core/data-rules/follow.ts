// `follow:` steps: from an argument to the block it names, through the engine's reference resolution
// (parentheses, try()/one(), locals, module outputs and variables, known instance keys), optionally through
// blocks on the way (`through`: an alias to its function), or by a known name (`by-name`).
import { getAttribute, unwrapReference, type Block, type Expression, type RuleContext } from '../../../../rules/api';
import { listOf, type FollowStep } from './definition';
import { re2Extract } from './re2';

const MAX_THROUGH = 3;

/** The type of a resource (`aws_sqs_queue`) or data source (`data.aws_sqs_queue`) block. */
export function blockType(block: Block): string | undefined {
  const type = block.labels[0];
  if (type === undefined) return undefined;
  return block.type === 'data' ? `data.${type}` : block.type === 'resource' ? type : undefined;
}

/** The block the step leads to from `from`, or undefined when it leads nowhere this rule may go. */
export function followStep(ctx: RuleContext, step: FollowStep, from: Block): Block | undefined {
  const attribute = getAttribute(from, step.attribute);
  return attribute ? followExpression(ctx, step, attribute.expr, from, 0) : undefined;
}

function followExpression(ctx: RuleContext, step: FollowStep, expr: Expression, within: Block, depth: number): Block | undefined {
  const types = listOf(step.resource);
  const resolved = ctx.resolveReference(unwrapReference(expr, ctx.moduleOf(expr).locals), within);
  if (resolved) {
    const type = blockType(resolved.block);
    const target = resolved.instance ?? resolved.block;
    if (type !== undefined && types.includes(type)) return target;
    const through = step.through?.find((t) => t.resource === type);
    const next = through ? getAttribute(target, through.attribute) : undefined;
    return next && depth < MAX_THROUGH ? followExpression(ctx, step, next.expr, target, depth + 1) : undefined;
  }
  const byName = step['by-name'];
  if (!byName) return undefined;
  const value = ctx.valueOf(expr, within);
  if (!value.known || typeof value.value !== 'string') return undefined;
  const name = byName.extract === undefined ? value.value : re2Extract(byName.extract, value.value);
  if (name === undefined) return undefined;
  // Only one block of the module may carry the name; two would leave which one is meant open.
  const matches: Block[] = [];
  for (const type of types) {
    const blocks = type.startsWith('data.') ? ctx.module.dataSourcesOfType(type.slice('data.'.length)) : ctx.module.resourcesOfType(type);
    for (const block of blocks) {
      for (const instance of ctx.instances(block)) {
        const named = ctx.attributeValue(instance, byName.attribute);
        if (named.known && named.value === name) matches.push(instance);
      }
    }
  }
  return matches.length === 1 ? matches[0] : undefined;
}
