// Reading a module's environments (var files, sibling callers, `.premortem.json`): which of them is
// production, and what an expression of the module is worth in one of them. Only what can be told for sure:
// a literal, or `var.x` (directly, in a one-interpolation template or through a plain local) that the
// environment sets or leaves to a known default. Anything else is unknown.
import {
  asString,
  getAttribute,
  type Block,
  type Environment,
  type EnvironmentGroup,
  type Expression,
  type Module,
  type RuleContext,
  type Value,
} from '../api';

const PRODUCTION_WORDS: ReadonlySet<string> = new Set(['prod', 'production', 'prd']);

/** `prod`, `production`, `prod-eu`, `eu_prd`; not `preprod`, `pre-prod`, `nonprod` or `non-prod`. */
export function isProductionName(name: string): boolean {
  const words = name
    .toLowerCase()
    .split(/[-_.\s/]+/)
    .filter((w) => w.length > 0);
  return words.some((word, i) => PRODUCTION_WORDS.has(word) && words[i - 1] !== 'pre' && words[i - 1] !== 'non');
}

/** Whether the module's own configuration is what each environment of the group deploys (var files, config). */
export function deploysThisModule(group: EnvironmentGroup, module: Module): boolean {
  return (group.kind === 'var-file' || group.kind === 'config') && group.target === module.dir;
}

export type EnvironmentValue = { readonly known: true; readonly value: Value; readonly from?: Expression } | { readonly known: false };

const MAX_HOPS = 8;

/**
 * The value of an expression of this module in one environment. `from` is where the environment sets it,
 * when it does (an entry of its var file).
 */
export function valueIn(expr: Expression, environment: Environment, ctx: RuleContext, group?: EnvironmentGroup): EnvironmentValue {
  // A called or Terragrunt source module's expressions: its locals are not at hand, and ctx does not evaluate them.
  const foreign = group !== undefined && !deploysThisModule(group, ctx.module);
  const locals = foreign ? undefined : ctx.moduleOf(expr).locals;
  let current = expr;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    while (current.kind === 'parens') current = current.expr;
    if (current.kind === 'template' && current.parts.length === 1 && current.parts[0]!.kind === 'interpolation') {
      current = current.parts[0]!.expr;
      continue;
    }
    if (current.kind === 'literal') return { known: true, value: current.value };
    const name = plainReference(current);
    if (!name) return { known: false };
    if (name.root === 'local') {
      const local = locals?.get(name.name);
      if (!local) return { known: false };
      current = local.expr;
      continue;
    }
    const entry = environment.entries.get(name.name);
    if (entry) return entry.value.known ? { known: true, value: entry.value.value, from: entry.attribute.expr } : { known: false };
    // Not set by the environment: the default applies, unless the environment may set more than it lists.
    if (!environment.complete) return { known: false };
    if (foreign) return literalDefault(group.variables?.get(name.name));
    const fallback = ctx.valueOf(current);
    return fallback.known ? { known: true, value: fallback.value } : { known: false };
  }
  return { known: false };
}

/** A variable's default when it is written as a literal; a variable without one has no value to go by. */
function literalDefault(variable: Block | undefined): EnvironmentValue {
  const fallback = variable && getAttribute(variable, 'default');
  return fallback?.expr.kind === 'literal' ? { known: true, value: fallback.expr.value } : { known: false };
}

/** The known string value of an expression in an environment, else undefined. */
export function stringIn(expr: Expression, environment: Environment, ctx: RuleContext, group?: EnvironmentGroup): string | undefined {
  const value = valueIn(expr, environment, ctx, group);
  return value.known ? asString(value.value) : undefined;
}

function plainReference(expr: Expression): { root: 'var' | 'local'; name: string } | undefined {
  if (expr.kind !== 'traversal' || expr.source.kind !== 'variable') return undefined;
  const root = expr.source.name;
  const first = expr.steps[0];
  if ((root !== 'var' && root !== 'local') || first?.kind !== 'attr' || expr.steps.length !== 1) return undefined;
  return { root, name: first.name };
}

/** `a`, `a and b`, `a, b and c`. */
export function inWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
