// Reads `attribute` paths (`timeout`, `tags.Name`, `tags.*`) from a block through the engine's evaluator:
// an absent argument (or one set to null) takes the rule's `default`, a value premortem cannot know stays
// unknown, and nothing is guessed.
import { getAttribute, UNKNOWN, type Block, type Expression, type RuleContext, type Value } from '../../../../rules/api';
import type { Scalar } from './definition';

export type Reading =
  | { readonly kind: 'absent'; readonly anchor: Block }
  | { readonly kind: 'unknown' }
  /** Several values only where the path has a `*`. */
  | { readonly kind: 'values'; readonly values: readonly Value[]; readonly anchor: Block | Expression };

export function readPath(ctx: RuleContext, block: Block, attributePath: string, fallback: Scalar | undefined): Reading {
  const [name, ...rest] = attributePath.split('.');
  const attribute = getAttribute(block, name!);
  const absent = (): Reading => (fallback === undefined ? { kind: 'absent', anchor: block } : { kind: 'values', values: [fallback], anchor: block });
  if (!attribute) return absent();
  const evaluated = ctx.valueOf(attribute.expr, block);
  if (!evaluated.known || evaluated.value === UNKNOWN) return { kind: 'unknown' };
  if (evaluated.value === null) return absent();
  let values: Value[] = [evaluated.value];
  for (const step of rest) {
    const next: Value[] = [];
    for (const value of values) {
      if (value === UNKNOWN) return { kind: 'unknown' };
      if (value === null || typeof value !== 'object') continue;
      const items = value as Readonly<Record<string, Value>> | readonly Value[];
      if (step === '*') next.push(...(Array.isArray(items) ? items : Object.values(items)));
      else if (Array.isArray(items)) {
        if (/^\d+$/.test(step) && Number(step) < items.length) next.push(items[Number(step)]!);
      } else if (Object.prototype.hasOwnProperty.call(items, step)) next.push((items as Readonly<Record<string, Value>>)[step]!);
    }
    values = next;
  }
  if (values.some((v) => v === UNKNOWN)) return { kind: 'unknown' };
  const present = values.filter((v) => v !== null);
  if (rest.length > 0 && present.length === 0) return rest.includes('*') ? { kind: 'values', values: [], anchor: attribute.expr } : absent();
  return { kind: 'values', values: present, anchor: attribute.expr };
}

/** A value as a message shows it. */
export function formatValue(value: Value): string {
  if (value === UNKNOWN) return '(unknown)';
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
