// Arguments as the provider will see them, for the recovery rules: the written value, or the provider's
// default when the argument is absent or null, or "unknown" when it is written but cannot be known. Also
// Terraform's own guard against destroying a resource (`lifecycle { prevent_destroy = true }`).
import { asBool, asNumber, getAttribute, type Attribute, type Block, type RuleContext } from '../api';

export type Setting<T> =
  /** Absent or null: the provider's default applies. */
  | { readonly state: 'default'; readonly value: T; readonly attribute?: Attribute }
  | { readonly state: 'known'; readonly value: T; readonly attribute: Attribute }
  /** Written, but its value cannot be known here (a variable without a value, a module output). */
  | { readonly state: 'unknown'; readonly attribute: Attribute };

export function boolSetting(ctx: RuleContext, block: Block, name: string, fallback: boolean): Setting<boolean> {
  return setting(ctx, block, name, fallback, asBool);
}

export function numberSetting(ctx: RuleContext, block: Block, name: string, fallback: number): Setting<number> {
  return setting(ctx, block, name, fallback, asNumber);
}

function setting<T>(ctx: RuleContext, block: Block, name: string, fallback: T, convert: (value: never) => T | undefined): Setting<T> {
  const attribute = getAttribute(block, name);
  if (!attribute) return { state: 'default', value: fallback };
  const value = ctx.valueOf(attribute.expr, block);
  if (!value.known) return { state: 'unknown', attribute };
  if (value.value === null) return { state: 'default', value: fallback, attribute };
  const converted = convert(value.value as never);
  return converted === undefined ? { state: 'unknown', attribute } : { state: 'known', value: converted, attribute };
}

/** The argument is written as a literal in the block (an edit there changes this resource only). */
export function isLiteral(setting: Setting<unknown>): boolean {
  return setting.attribute === undefined || setting.attribute.expr.kind === 'literal';
}

/** `lifecycle { prevent_destroy = true }`: Terraform refuses any plan that would destroy the resource. */
export function preventsDestroy(block: Block, ctx: RuleContext): boolean {
  return block.body.blocks.some((lifecycle) => {
    if (lifecycle.type !== 'lifecycle') return false;
    const attribute = getAttribute(lifecycle, 'prevent_destroy');
    if (!attribute) return false;
    const value = ctx.valueOf(attribute.expr, block);
    return value.known && asBool(value.value) === true;
  });
}

/**
 * Whether an argument that marks a copy of data kept elsewhere (a read replica's `replicate_source_db`) may
 * be set: present, and not known to be null or empty.
 */
export function maySet(ctx: RuleContext, block: Block, name: string): boolean {
  const attribute = getAttribute(block, name);
  if (!attribute) return false;
  const value = ctx.valueOf(attribute.expr, block);
  return !value.known || (value.value !== null && value.value !== '');
}
