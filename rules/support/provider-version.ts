// Which provider releases a module allows, for rules whose provider default changed in a major release: the
// `version` of the provider in `terraform { required_providers { ... } }` (or a legacy `provider "x" { version }`).
// Terraform installs a release that meets every constraint, so one that rules out a major release is enough.
import { asString, getAttribute, type Block, type RuleContext, type Value } from '../api';

/**
 * The module's version constraint for a provider (by local name, `google`) when every release it allows is older
 * than `major`.0.0, e.g. `"~> 4.60"` for major 5; undefined when it allows `major` or later, or says nothing.
 */
export function providerVersionBelow(ctx: RuleContext, provider: string, major: number): string | undefined {
  for (const constraint of versionConstraints(ctx, provider)) if (allowsOnlyBelow(constraint, major)) return constraint;
  return undefined;
}

function versionConstraints(ctx: RuleContext, provider: string): string[] {
  const out: string[] = [];
  for (const terraform of ctx.module.terraformBlocks) {
    for (const required of terraform.body.blocks.filter((b) => b.type === 'required_providers')) {
      const entry = getAttribute(required, provider);
      if (!entry) continue;
      const value = ctx.valueOf(entry.expr, required);
      if (!value.known) continue;
      if (typeof value.value === 'string')
        out.push(value.value); // Terraform 0.12's `google = "~> 4.0"`
      else if (value.value !== null && typeof value.value === 'object' && !Array.isArray(value.value)) {
        const version = asString((value.value as { readonly [key: string]: Value })['version'] ?? null);
        if (version !== undefined) out.push(version);
      }
    }
  }
  for (const block of ctx.module.providers) {
    if (block.labels[0] !== provider) continue;
    const version = legacyVersion(block, ctx);
    if (version !== undefined) out.push(version);
  }
  return out;
}

function legacyVersion(block: Block, ctx: RuleContext): string | undefined {
  const attribute = getAttribute(block, 'version');
  if (!attribute) return undefined;
  const value = ctx.valueOf(attribute.expr, block);
  return value.known ? asString(value.value) : undefined;
}

/** Whether a constraint such as `">= 4.0, < 5.0"`, `"~> 4.84"` or `"4.84.0"` allows only releases below `major`.0.0. */
export function allowsOnlyBelow(constraint: string, major: number): boolean {
  return constraint.split(',').some((part) => upperBoundBelow(part.trim(), major));
}

function upperBoundBelow(part: string, major: number): boolean {
  const m = /^(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(part);
  if (!m) return false;
  const operator = m[1] ?? '=';
  const version = [Number(m[2]), m[3] === undefined ? undefined : Number(m[3]), m[4] === undefined ? undefined : Number(m[4])] as const;
  const [first, second, third] = version;
  const atOrAboveMajor = first > major || (first === major && ((second ?? 0) > 0 || (third ?? 0) > 0));
  switch (operator) {
    case '=':
      return first < major;
    case '<':
      return !atOrAboveMajor; // `< 5.0` allows 4.x only; `< 5.1` allows 5.0.x
    case '<=':
      return first < major;
    case '~>':
      // `~> 4.84` allows up to (not including) 5.0; `~> 4.84.1` up to 4.85; a bare `~> 4` sets no upper bound.
      return second !== undefined && first < major;
    default:
      return false;
  }
}
