// Which arguments of a block refer to an address: what labels an edge of the blast-radius picture
// ("default_cache_behavior.cache_policy_id"). Read for the few edges a picture draws, not for the graph.
import type { Block, Body } from '../../../../rules/api';
import { endOffset, startOffset } from '../hcl/line-map';
import { collectReferences } from '../references';

/**
 * The dotted paths of the arguments of `block` whose values refer to `address` (`aws_lb.main`,
 * `data.aws_ami.x`, `module.app`, `var.x`, `local.y`), nested blocks by their type (a `dynamic` block by its
 * label), in source order, each once.
 */
export function referringAttributes(block: Block, address: string): string[] {
  const paths: string[] = [];
  for (const reference of collectReferences(block)) {
    if (reference.address !== address) continue;
    const where = attributePath(block.body, startOffset(reference.range), [], false);
    if (where !== undefined && !paths.includes(where)) paths.push(where);
  }
  return paths;
}

function attributePath(body: Body, offset: number, prefix: readonly string[], inDynamic: boolean): string | undefined {
  for (const attribute of body.attributes) {
    if (offset >= startOffset(attribute.range) && offset < endOffset(attribute.range)) return [...prefix, attribute.name].join('.');
  }
  for (const nested of body.blocks) {
    if (offset < startOffset(nested.range) || offset >= endOffset(nested.range)) continue;
    // `dynamic "origin" { content { ... } }` reads as `origin.…`, as the blocks it makes do.
    if (nested.type === 'dynamic') return attributePath(nested.body, offset, [...prefix, nested.labels[0] ?? 'dynamic'], true);
    return attributePath(nested.body, offset, inDynamic && nested.type === 'content' ? prefix : [...prefix, nested.type], false);
  }
  return undefined;
}
