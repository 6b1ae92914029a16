// Which module instance a block belongs to, when a rule holds a block of another instance than the one it
// checks (a queue inside a module, reached through `module.q.queue_arn`). Blocks are parsed once per
// module and shared by all its instances, so such a block is handed out as a copy that carries its
// instance. The copies the evaluator makes of it (count/for_each instances) keep the mark, since object
// spread copies symbol-keyed properties too.
import type { Block } from '../../../../rules/api';
import type { ModuleInstance } from './module-instance';

const INSTANCE = Symbol('premortem.moduleInstance');

type Tagged = Block & { readonly [INSTANCE]?: ModuleInstance };

const copies = new WeakMap<ModuleInstance, WeakMap<Block, Block>>();

/** The instance a block copy was handed out for; undefined for a block as parsed (the checked instance's own). */
export function taggedInstance(block: Block): ModuleInstance | undefined {
  return (block as Tagged)[INSTANCE];
}

/** The block as a copy that belongs to `instance` (the same copy each time). */
export function tagBlock(block: Block, instance: ModuleInstance): Block {
  if (taggedInstance(block) === instance) return block;
  let byBlock = copies.get(instance);
  if (!byBlock) copies.set(instance, (byBlock = new WeakMap()));
  let copy = byBlock.get(block);
  if (!copy) byBlock.set(block, (copy = { ...block, [INSTANCE]: instance } as Tagged));
  return copy;
}
