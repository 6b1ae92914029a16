// Terragrunt: one `terragrunt.hcl` per environment (`live/prod/app/terragrunt.hcl`,
// `live/staging/app/terragrunt.hcl`), each giving `inputs` to the module its `terraform { source }` names.
// The configuration is read as Terragrunt reads it (terragrunt/terragrunt-config.ts): includes merged,
// locals and Terragrunt's path functions evaluated, read_terragrunt_config() followed. `dependency` outputs
// are unknown, and an environment with an include that cannot be read (or inputs that are not known key by
// key) may set more than it shows.
import * as path from 'node:path';
import {
  UNKNOWN,
  type Environment,
  type EnvironmentEntry,
  type EnvironmentGroup,
  type Expression,
  type SourceFile,
  type TemplatePart,
} from '../../../../rules/api';
import type { ModuleIndex } from '../module';
import { resolveTerragrunt, type ResolvedTerragrunt } from '../terragrunt/terragrunt-config';
import { valuesEqual } from '../value-ops';
import { byName, firstLine, makeEnvironment } from './environment-entries';
import { TERRAGRUNT_FILE, TERRAGRUNT_JSON_FILE } from './environment-files';
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
 * The module a Terragrunt configuration runs: its `terraform { source }` when that is known, else the one
 * local path among the source's alternatives (`cond ? "git::...//app?ref=v1" : "../../modules//app"`), since
 * the remote alternative is the same repository at a released version.
 */
export function terragruntSource(resolved: ResolvedTerragrunt): Source {
  const source = resolved.source;
  if (!source) return undefined;
  if (typeof source.value === 'string') return parseSource(source.value, source.dir);
  const strings: string[] = [];
  stringsIn(source.expr, strings);
  const local = [...new Set(strings.filter((s) => /^\.\.?[/\\]/.test(s)))];
  return local.length === 1 ? parseSource(local[0]!, source.dir) : undefined;
}

interface Parsed {
  readonly name: string;
  readonly resolved: ResolvedTerragrunt;
  readonly own: boolean;
  readonly source: Source;
}

/**
 * Whether an input is the same in every environment because they all take it from one included file
 * (root.hcl, _envcommon/app.hcl): evaluated in each environment's own directory, such a value may still
 * differ (`name = "app-${local.env}"`), and then it is an environment's value like any other.
 */
function sharedInputs(all: readonly Parsed[]): Set<string> {
  const files = all.map((p) => new Set(p.resolved.files.map((f) => f.path)));
  const shared = new Set<string>();
  const first = all[0]!.resolved;
  for (const [name, input] of first.inputs) {
    const file = input.attribute.file;
    if (file === first.file.path || !files.every((set) => set.has(file))) continue;
    const same = all.every((p) => {
      const theirs = p.resolved.inputs.get(name);
      return theirs !== undefined && theirs.attribute.file === file && valuesEqual(theirs.value, input.value) === 'equal';
    });
    if (same) shared.add(name);
  }
  return shared;
}

function environmentOf(parsed: Parsed, shared: ReadonlySet<string>): Environment {
  const { file, inputs } = parsed.resolved;
  const entries: EnvironmentEntry[] = [...inputs.values()].map((input) => ({
    name: input.name,
    attribute: input.attribute,
    value: input.value === UNKNOWN ? { known: false } : { known: true, value: input.value, inputs: [] },
    inherited: shared.has(input.name),
    outsideModule: false,
  }));
  const inputsAttribute = file.body.attributes.find((a) => a.name === 'inputs');
  const anchor = inputsAttribute ?? file.body.blocks.find((b) => b.type === 'terraform') ?? firstLine(file);
  const { complete, problems } = parsed.resolved;
  const note = problems.length > 0 ? { note: problems.join(' ') } : {};
  return makeEnvironment(parsed.name, 'terragrunt', parsed.resolved.files, entries, anchor, { complete, own: parsed.own, ...note });
}

/**
 * Resolutions kept for as long as the loader that read their files: a scan (or one editor lint) loads each
 * file once, and the modules of one component (`live/prod/app`, `live/dev/app`) each resolve every
 * environment's configuration.
 */
const resolutions = new WeakMap<EnvironmentHost['load'], { inside: Map<string, boolean>; resolved: Map<string, ResolvedTerragrunt> }>();

function resolvedFor(host: EnvironmentHost, file: SourceFile): ResolvedTerragrunt {
  let memo = resolutions.get(host.load);
  if (!memo) resolutions.set(host.load, (memo = { inside: new Map(), resolved: new Map() }));
  const key = `${host.root}\u0000${file.path}`;
  const known = memo.resolved.get(key);
  if (known?.file === file) return known;
  const resolved = resolveTerragrunt(file, { list: host.list, load: host.load, boundary: host.root, insideCache: memo.inside });
  memo.resolved.set(key, resolved);
  return resolved;
}

export function terragruntEnvironments(module: ModuleIndex, terragrunt: SourceFile, host: EnvironmentHost): EnvironmentGroup | undefined {
  const siblings = siblingEnvironments(module.dir, host);
  if (!siblings) return undefined;
  const parse = (name: string, file: SourceFile, own: boolean): Parsed => {
    const resolved = resolvedFor(host, file);
    return { name, resolved, own, source: terragruntSource(resolved) };
  };
  const self = parse(siblings.name, terragrunt, true);
  const all: Parsed[] = [self];
  for (const other of siblings.others) {
    // As Terragrunt looks: terragrunt.hcl.json first.
    const file = host.load(path.join(other.dir, TERRAGRUNT_JSON_FILE)) ?? host.load(path.join(other.dir, TERRAGRUNT_FILE));
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
  // A `generate` block may add files (variable declarations among them) to the module, and so may an
  // include that could not be read: its variables are known only when no environment generates anything.
  const addsFiles = all.some(
    (p) => !p.resolved.includes.every((i) => i.file) || p.resolved.files.some((f) => f.body.blocks.some((b) => b.type === 'generate')),
  );
  const source = local ? loadDirectoryModule(local.local, host) : undefined;
  const loaded = addsFiles ? undefined : source;
  const variables = loaded?.files.every((f) => f.errors.length === 0) ? loaded.variables : undefined;
  // What is generated or included adds files, not changes to the resources written in the source.
  const resources = source ? { resources: source.resources } : {};
  const shared = sharedInputs(all);
  return { kind: 'terragrunt', target, variables, ...resources, environments: all.map((p) => environmentOf(p, shared)).sort(byName) };
}
