// Terragrunt: one `terragrunt.hcl` per environment (`live/prod/app/terragrunt.hcl`,
// `live/staging/app/terragrunt.hcl`), each giving `inputs = { ... }` to the module its `terraform { source }`
// names. The inputs are evaluated with the file's own `locals`; Terragrunt functions, `dependency` outputs
// and includes are unknown, and an environment with an `include` (or a computed `inputs`) may set more than
// it shows.
import * as path from 'node:path';
import type { Environment, EnvironmentEntry, EnvironmentGroup, Expression, SourceFile, TemplatePart } from '../../../../rules/api';
import { Evaluator } from '../evaluate';
import type { ModuleIndex } from '../module';
import { buildModule } from '../module';
import { byName, firstLine, makeEnvironment, objectEntries } from './environment-entries';
import { TERRAGRUNT_FILE } from './environment-files';
import type { EnvironmentHost } from './environment-host';
import { loadDirectoryModule } from './module-call-environments';
import { siblingEnvironments } from './sibling-environments';

type Source = { readonly local: string } | { readonly remote: true } | undefined;

function stringsIn(expr: Expression, out: string[]): void {
  const parts = (list: readonly TemplatePart[]): void => {
    for (const part of list) {
      if (part.kind === 'text') out.push(part.value);
      else if (part.kind === 'interpolation') stringsIn(part.expr, out);
      else if (part.kind === 'if') {
        stringsIn(part.condition, out);
        parts(part.then);
        if (part.else) parts(part.else);
      }
    }
  };
  switch (expr.kind) {
    case 'literal':
      if (typeof expr.value === 'string') out.push(expr.value);
      return;
    case 'template':
      return parts(expr.parts);
    case 'conditional':
      stringsIn(expr.trueResult, out);
      stringsIn(expr.falseResult, out);
      return;
    case 'parens':
      return stringsIn(expr.expr, out);
    default:
      return;
  }
}

function parseSource(value: string, dir: string): Source {
  const withoutQuery = value.replace(/\?.*$/, '');
  if (/^\.\.?[/\\]/.test(withoutQuery)) return { local: path.resolve(dir, withoutQuery.replace(/\/\/+/g, '/')) };
  return withoutQuery.length > 0 ? { remote: true } : undefined;
}

/**
 * The module a Terragrunt file runs: its `terraform { source }` when that is known, else the one local path
 * among the source's alternatives (`cond ? "git::...//app?ref=v1" : "../../modules//app"`), since the
 * remote alternative is the same repository at a released version.
 */
export function terragruntSource(file: SourceFile, evaluator: Evaluator): Source {
  const dir = path.dirname(file.path);
  const terraform = file.body.blocks.find((b) => b.type === 'terraform');
  const source = terraform?.body.attributes.find((a) => a.name === 'source');
  if (!source) return undefined;
  const value = evaluator.valueOf(source.expr);
  if (value.known && typeof value.value === 'string') return parseSource(value.value, dir);
  const strings: string[] = [];
  stringsIn(source.expr, strings);
  const local = [...new Set(strings.filter((s) => /^\.\.?[/\\]/.test(s)))];
  return local.length === 1 ? parseSource(local[0]!, dir) : undefined;
}

interface Parsed {
  readonly name: string;
  readonly file: SourceFile;
  readonly own: boolean;
  readonly evaluator: Evaluator;
  readonly source: Source;
}

function environmentOf(parsed: Parsed): Environment {
  const { file, evaluator } = parsed;
  const inputs = file.body.attributes.find((a) => a.name === 'inputs');
  let entries: EnvironmentEntry[] = [];
  let complete = !file.body.blocks.some((b) => b.type === 'include');
  if (inputs) {
    let expr = inputs.expr;
    while (expr.kind === 'parens') expr = expr.expr;
    if (expr.kind === 'object') {
      entries = objectEntries(expr, (e) => evaluator.valueOf(e));
      if (entries.length < expr.items.length) complete = false;
    } else complete = false;
  }
  const anchor = inputs ?? file.body.blocks.find((b) => b.type === 'terraform') ?? firstLine(file);
  return makeEnvironment(parsed.name, 'terragrunt', [file], entries, anchor, { complete, own: parsed.own });
}

export function terragruntEnvironments(module: ModuleIndex, terragrunt: SourceFile, host: EnvironmentHost): EnvironmentGroup | undefined {
  const siblings = siblingEnvironments(module.dir, host);
  if (!siblings) return undefined;
  const parse = (name: string, file: SourceFile, own: boolean): Parsed => {
    const evaluator = new Evaluator(buildModule(path.dirname(file.path), [file]));
    return { name, file, own, evaluator, source: terragruntSource(file, evaluator) };
  };
  const self = parse(siblings.name, terragrunt, true);
  const all: Parsed[] = [self];
  for (const other of siblings.others) {
    const file = host.load(path.join(other.dir, TERRAGRUNT_FILE));
    if (!file) continue;
    const parsed = parse(other.name, file, false);
    // Two local sources that differ are two different modules, whatever the directory layout says.
    const a = self.source;
    const b = parsed.source;
    if (a && b && 'local' in a && 'local' in b && a.local !== b.local) continue;
    all.push(parsed);
  }
  if (all.length < 2) return undefined;
  const local = all.map((p) => p.source).find((s): s is { local: string } => s !== undefined && 'local' in s);
  const target = local?.local ?? module.dir;
  // An included configuration or a `generate` block may add files (variable declarations among them) to
  // the module, so its variables are known only when no environment includes or generates anything.
  const addsFiles = all.some((p) => p.file.body.blocks.some((b) => b.type === 'include' || b.type === 'generate'));
  const source = local ? loadDirectoryModule(local.local, host) : undefined;
  const loaded = addsFiles ? undefined : source;
  const variables = loaded?.files.every((f) => f.errors.length === 0) ? loaded.variables : undefined;
  // What is generated or included adds files, not changes to the resources written in the source.
  const resources = source ? { resources: source.resources } : {};
  return { kind: 'terragrunt', target, variables, ...resources, environments: all.map(environmentOf).sort(byName) };
}
