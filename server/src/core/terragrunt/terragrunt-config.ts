// A terragrunt.hcl as Terragrunt reads it: its `include` blocks resolved and merged, its locals and inputs
// evaluated with Terragrunt's functions (terragrunt-functions.ts), and `read_terragrunt_config()` followed.
// Only files are read, never inside `.terragrunt-cache` and never outside the workspace; nothing is run.
//
// Semantics (https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#include):
// - An included configuration is evaluated as the child's: its functions see the child's directory.
// - `merge_strategy`: `shallow` (the default) merges top-level attributes, the child's replacing the
//   included ones; `inputs` merge key by key. `deep` merges maps recursively and concatenates lists.
//   `no_merge` merges nothing. Included configurations are merged in the order of their blocks, the
//   child last. Locals are never merged.
// - An included configuration may not include another: Terragrunt stops with "Only one level of includes is
//   allowed" (TooManyLevelsOfInheritanceError in its pkg/config/include.go). Such a configuration gets a
//   problem saying so and is not complete; the nested include is never followed, so no cycle can form.
//   read_terragrunt_config() reads a file as a configuration of its own, includes and all.
// - `expose = true` makes `include.<label>` the included configuration's values (`.locals`, `.inputs`).
// - `dependency.<name>.outputs` are another module's state: unknown. `mock_outputs` are placeholders for
//   `validate` and `plan` before that module exists, never known values.
import * as path from 'node:path';
import { UNKNOWN, type Attribute, type Block, type Expression, type SourceFile, type Value } from '../../../../rules/api';
import { Evaluator } from '../evaluate';
import type { DirectoryLister } from '../environments/environment-files';
import { buildModule, type ModuleIndex } from '../module';
import { isObject, makeObject } from '../value-ops';
import { staysInside } from '../workspace-boundary';
import { terragruntFunctions, type FunctionContext, type ReadKind } from './terragrunt-functions';

export interface TerragruntHost {
  readonly list: DirectoryLister;
  readonly load: (file: string) => SourceFile | undefined;
  /** Nothing outside it is read. */
  readonly boundary: string;
  /** Remembers which files are inside the boundary, for hosts that resolve several configurations. */
  readonly insideCache?: Map<string, boolean>;
  /**
   * Evaluate everything Terragrunt reads, not only what the inputs need, so that `reads` is whole (every
   * local, and the var files of `extra_arguments`): `scan --new-since` asks for it; environments need not.
   */
  readonly allReads?: boolean;
}

/** A file's module index, built once: every environment evaluates the root.hcl they include. */
const indexes = new WeakMap<SourceFile, ModuleIndex>();

function indexOf(file: SourceFile): ModuleIndex {
  let index = indexes.get(file);
  if (!index) indexes.set(file, (index = buildModule(path.dirname(file.path), [file])));
  return index;
}

export type MergeStrategy = 'shallow' | 'deep' | 'no_merge';

/** One input: its value, and where it is set (an `inputs` item, or the whole `inputs` when that is computed). */
export interface TerragruntInput {
  readonly name: string;
  readonly attribute: Attribute;
  readonly value: Value;
}

export interface ResolvedInclude {
  readonly label: string;
  /** Undefined when the path is not known or the file cannot be read (missing, or outside the workspace). */
  readonly file?: SourceFile;
  readonly mergeStrategy: MergeStrategy;
}

export interface ResolvedTerragrunt {
  readonly file: SourceFile;
  readonly includes: readonly ResolvedInclude[];
  /** The merged inputs, by name, in precedence order (an included file's first, the child's over them). */
  readonly inputs: ReadonlyMap<string, TerragruntInput>;
  /** The inputs are all there are: every include resolved, and every `inputs` known key by key. */
  readonly complete: boolean;
  /** The evaluated `terraform { source }`: the child's, else the last merged include's; UNKNOWN when computed from the unknown. */
  readonly source?: { readonly value: Value; readonly expr: Expression; readonly dir: string };
  /** The files read for it: included configurations first, then the file itself (read_terragrunt_config's not counted). */
  readonly files: readonly SourceFile[];
  /**
   * Every other file it depends on, for `scan --new-since`: includes, read configurations and var files; only
   * those the inputs need unless the host asks for `allReads`.
   */
  readonly reads: TerragruntReads;
  /**
   * Why Terragrunt would stop on it (a nested include), one sentence each, naming files from the workspace's
   * top (the repository); a configuration with one is not complete.
   */
  readonly problems: readonly string[];
}

export interface TerragruntReads {
  /** Absolute paths of the files included, read (read_terragrunt_config, read_tfvars_file) or passed as var files, found or not. */
  readonly files: ReadonlySet<string>;
  /** Some configuration (an include or read_terragrunt_config) or var file is read from a path that is not known. */
  readonly unknown: ReadonlySet<ReadKind>;
}

/** How deep includes and read_terragrunt_config() may nest (Terragrunt allows one level of include). */
const MAX_DEPTH = 5;

interface Evaluation {
  readonly file: SourceFile;
  readonly evaluator: Evaluator;
}

class Resolver {
  private readonly reading: string[] = [];
  readonly reads = { files: new Set<string>(), unknown: new Set<ReadKind>() };
  readonly problems: string[] = [];
  private readonly read = new Map<string, Value | undefined>();

  constructor(
    private readonly host: TerragruntHost,
    private readonly originalDir: string,
  ) {}

  /** Evaluates `file` with the functions of `context` (less `readConfig`) and the `include` values given. */
  evaluation(file: SourceFile, context: Omit<FunctionContext, 'readConfig' | 'list' | 'inside' | 'originalDir'>, include: Value): Evaluation {
    const functions = terragruntFunctions({
      ...context,
      originalDir: this.originalDir,
      list: this.host.list,
      inside: (file) => this.inside(file),
      readConfig: (target) => this.readConfig(target),
      onRead: (target, kind) => this.noteRead(target, kind),
    });
    // `dependency.x.outputs` is left to the evaluator, which knows no `dependency` and so gives unknown.
    const roots = new Map<string, Value>([['include', include]]);
    return { file, evaluator: new Evaluator(indexOf(file), undefined, undefined, { functions, roots }) };
  }

  private problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }

  noteRead(file: string | undefined, kind: ReadKind): void {
    if (file === undefined) this.reads.unknown.add(kind);
    else this.reads.files.add(file);
  }

  load(file: string): SourceFile | undefined {
    if (!this.inside(file) || file.split(path.sep).includes('.terragrunt-cache')) return undefined;
    return this.host.load(file);
  }

  /** Whether a file is inside the workspace, links resolved; each environment of a module asks about the same files. */
  inside(file: string): boolean {
    let known = this.host.insideCache?.get(file);
    if (known === undefined) {
      known = staysInside(file, this.host.boundary);
      this.host.insideCache?.set(file, known);
    }
    return known;
  }

  /** `read_terragrunt_config(file)`: the file resolved on its own (its directory is its terragrunt dir), exposed. */
  readConfig(target: string): Value | undefined {
    // A file read is resolved in its own folder, whoever reads it: once per resolution.
    if (this.read.has(target)) return this.read.get(target);
    if (this.reading.includes(target) || this.reading.length >= MAX_DEPTH) return undefined;
    const file = this.load(target);
    if (!file) return undefined;
    this.reading.push(target);
    const problems = this.problems.length;
    try {
      const resolved = this.resolve(file);
      // Terragrunt stops on a file it cannot read as a configuration, and so on the one reading it.
      const value = this.problems.length > problems ? undefined : exposed(resolved.own, inputsValue(resolved.inputs, resolved.complete));
      this.read.set(target, value);
      return value;
    } finally {
      this.reading.pop();
    }
  }

  /** A configuration Terragrunt runs (or reads): its includes merged in, evaluated in its own directory. */
  resolve(file: SourceFile): Omit<ResolvedTerragrunt, 'reads' | 'problems'> & { readonly own: Evaluation } {
    const terragruntDir = path.dirname(file.path);
    // Include paths are evaluated before anything else, so they see functions only.
    const bare = this.evaluation(file, { terragruntDir, includes: new Map() }, UNKNOWN);
    const includes: ResolvedInclude[] = [];
    for (const block of file.body.blocks.filter((b) => b.type === 'include')) {
      const label = block.labels[0] ?? '';
      const mergeStrategy = strategyOf(block, bare.evaluator);
      const target = bare.evaluator.valueOf(attributeOf(block, 'path')?.expr);
      const targetPath = target.known && typeof target.value === 'string' ? path.resolve(terragruntDir, target.value) : undefined;
      this.noteRead(targetPath, 'config');
      const included = targetPath !== undefined && !this.reading.includes(targetPath) ? this.load(targetPath) : undefined;
      includes.push({ label, mergeStrategy, ...(included ? { file: included } : {}) });
    }
    let complete = includes.every((i) => i.file !== undefined);
    for (const include of includes) {
      if (include.file && this.nestedInclude(file, include.file, bare.evaluator)) complete = false;
    }
    const includeFiles = new Map(includes.flatMap((i) => (i.file ? [[i.label, i.file.path] as const] : [])));

    // Each included configuration, evaluated as the child's, with its own locals.
    const exposedValues: Record<string, Value> = {};
    const parents: { include: ResolvedInclude; evaluation: Evaluation }[] = [];
    for (const include of includes) {
      if (!include.file) {
        exposedValues[include.label] = UNKNOWN;
        continue;
      }
      // Terragrunt reads one level of includes: an include inside an included file is not followed (see nestedInclude).
      const evaluation = this.evaluation(include.file, { terragruntDir, includes: includeFiles, currentInclude: include.file.path }, UNKNOWN);
      parents.push({ include, evaluation });
      const own = configInputs(evaluation);
      exposedValues[include.label] = exposeIf(block(file, include.label), exposed(evaluation, inputsValue(own.inputs, own.complete)));
    }
    const own = this.evaluation(file, { terragruntDir, includes: includeFiles }, makeObject(Object.entries(exposedValues)));

    let inputs = new Map<string, TerragruntInput>();
    let source: ResolvedTerragrunt['source'] | undefined;
    for (const { include, evaluation } of parents) {
      if (include.mergeStrategy === 'no_merge') continue;
      const theirs = configInputs(evaluation);
      complete &&= theirs.complete;
      inputs = mergeInputs(inputs, theirs.inputs, include.mergeStrategy);
      source = sourceOf(evaluation, terragruntDir) ?? source;
    }
    const mine = configInputs(own);
    complete &&= mine.complete;
    // The child's values over everything included; a deep merge of one include reaches the child's values too.
    const deep = parents.some((p) => p.include.mergeStrategy === 'deep');
    inputs = mergeInputs(inputs, mine.inputs, deep ? 'deep' : 'shallow');
    source = sourceOf(own, terragruntDir) ?? source;
    if (this.host.allReads) {
      // Whatever Terragrunt reads: every local (used or not), and the var files of `extra_arguments`.
      exposed(own, UNKNOWN);
      for (const evaluation of [...parents.map((p) => p.evaluation), own]) this.noteVarFiles(evaluation);
    }
    const files = [...parents.map((p) => p.evaluation.file), file];
    return { file, includes, inputs, complete, ...(source ? { source } : {}), files, own };
  }

  /**
   * Whether the included file has include blocks of its own, which Terragrunt refuses ("Only one level of
   * includes is allowed"): then the problem is noted, naming the nested includes where their paths are known.
   */
  private nestedInclude(file: SourceFile, included: SourceFile, evaluator: Evaluator): boolean {
    const nested = included.body.blocks.filter((b) => b.type === 'include');
    if (nested.length === 0) return false;
    const shown = (target: string): string => {
      const relative = path.relative(this.host.boundary, target);
      return relative.startsWith('..') || path.isAbsolute(relative) ? target : relative.split(path.sep).join('/');
    };
    const targets = nested.map((block) => {
      const value = evaluator.valueOf(attributeOf(block, 'path')?.expr);
      // A relative path is the included file's folder's, where Terragrunt would read it from.
      return value.known && typeof value.value === 'string' ? shown(path.resolve(path.dirname(included.path), value.value)) : 'another file';
    });
    this.problem(
      `${shown(file.path)} includes ${shown(included.path)}, which itself includes ${[...new Set(targets)].join(', ')}: ` +
        'Terragrunt allows only one level of includes and stops on this configuration, so premortem did not follow the second.',
    );
    return true;
  }

  /** `terraform { extra_arguments "x" { required_var_files = [...], optional_var_files = [...] } }`. */
  private noteVarFiles(evaluation: Evaluation): void {
    for (const terraform of evaluation.file.body.blocks.filter((b) => b.type === 'terraform')) {
      for (const extra of terraform.body.blocks.filter((b) => b.type === 'extra_arguments')) {
        for (const name of ['required_var_files', 'optional_var_files']) {
          const attribute = attributeOf(extra, name);
          if (!attribute) continue;
          const value = evaluation.evaluator.valueOf(attribute.expr);
          const list = value.known && Array.isArray(value.value) ? (value.value as readonly Value[]) : undefined;
          if (!list) {
            this.noteRead(undefined, 'vars');
            continue;
          }
          for (const item of list) this.noteRead(typeof item === 'string' ? path.resolve(this.originalDir, item) : undefined, 'vars');
        }
      }
    }
  }
}

function attributeOf(block: Block, name: string): Attribute | undefined {
  return block.body.attributes.find((a) => a.name === name);
}

function block(file: SourceFile, label: string): Block | undefined {
  return file.body.blocks.find((b) => b.type === 'include' && (b.labels[0] ?? '') === label);
}

function strategyOf(include: Block, evaluator: Evaluator): MergeStrategy {
  const value = evaluator.valueOf(attributeOf(include, 'merge_strategy')?.expr);
  return value.known && (value.value === 'deep' || value.value === 'no_merge') ? value.value : 'shallow';
}

/** `include.<label>` exists only with `expose = true`. */
function exposeIf(declared: Block | undefined, value: Value): Value {
  const expose = declared ? attributeOf(declared, 'expose') : undefined;
  return expose && expose.expr.kind === 'literal' && expose.expr.value === true ? value : UNKNOWN;
}

/** A configuration's values as `include.<label>` and read_terragrunt_config() give them: locals, inputs and its other attributes. */
function exposed(evaluation: Evaluation, inputs: Value): Value {
  const { file, evaluator } = evaluation;
  const entries: [string, Value][] = [];
  for (const attribute of file.body.attributes) {
    if (attribute.name === 'inputs') continue;
    const value = evaluator.valueOf(attribute.expr);
    entries.push([attribute.name, value.known ? value.value : UNKNOWN]);
  }
  const locals: [string, Value][] = [];
  for (const localsBlock of file.body.blocks.filter((b) => b.type === 'locals')) {
    for (const attribute of localsBlock.body.attributes) {
      const value = evaluator.valueOf(attribute.expr);
      locals.push([attribute.name, value.known ? value.value : UNKNOWN]);
    }
  }
  entries.push(['locals', makeObject(locals)], ['inputs', inputs]);
  // Blocks (dependency, terraform, remote_state, generate) are there but not known.
  for (const type of new Set(file.body.blocks.map((b) => b.type))) if (type !== 'locals' && type !== 'include') entries.push([type, UNKNOWN]);
  return makeObject(entries);
}

function inputsValue(inputs: ReadonlyMap<string, TerragruntInput>, complete: boolean): Value {
  return complete ? makeObject([...inputs.values()].map((i) => [i.name, i.value])) : UNKNOWN;
}

/** A configuration's own `inputs`: item by item where it is an object, else its value when that is a known object. */
function configInputs(evaluation: Evaluation): { inputs: Map<string, TerragruntInput>; complete: boolean } {
  const inputs = new Map<string, TerragruntInput>();
  const attribute = evaluation.file.body.attributes.find((a) => a.name === 'inputs');
  if (!attribute) return { inputs, complete: true };
  let expr = attribute.expr;
  while (expr.kind === 'parens') expr = expr.expr;
  if (expr.kind === 'object') {
    let complete = true;
    for (const item of expr.items) {
      let key = item.key;
      while (key.kind === 'parens') key = key.expr;
      if (key.kind !== 'literal' || typeof key.value !== 'string') {
        complete = false;
        continue;
      }
      const value = evaluation.evaluator.valueOf(item.value);
      const itemAttribute: Attribute = { node: 'attribute', name: key.value, nameRange: key.range, expr: item.value, range: item.range, file: expr.file };
      inputs.set(key.value, { name: key.value, attribute: itemAttribute, value: value.known ? value.value : UNKNOWN });
    }
    return { inputs, complete };
  }
  const value = evaluation.evaluator.valueOf(attribute.expr);
  if (!value.known || !isObject(value.value)) return { inputs, complete: false };
  for (const [name, item] of Object.entries(value.value)) inputs.set(name, { name, attribute: { ...attribute, name }, value: item });
  return { inputs, complete: true };
}

/** Inputs of a later configuration over an earlier one's: key by key (shallow), or recursively (deep). */
export function mergeInputs(
  under: ReadonlyMap<string, TerragruntInput>,
  over: ReadonlyMap<string, TerragruntInput>,
  strategy: MergeStrategy,
): Map<string, TerragruntInput> {
  const merged = new Map(under);
  for (const [name, input] of over) {
    const earlier = merged.get(name);
    merged.set(name, strategy === 'deep' && earlier ? { ...input, value: deepMerge(earlier.value, input.value) } : input);
  }
  return merged;
}

/** Terragrunt's deep merge: maps recursively, lists concatenated, anything else the later value. */
export function deepMerge(under: Value, over: Value): Value {
  if (under === UNKNOWN || over === UNKNOWN) return over;
  if (Array.isArray(under) && Array.isArray(over)) return [...(under as readonly Value[]), ...(over as readonly Value[])];
  if (isObject(under) && isObject(over)) {
    const keys = [...new Set([...Object.keys(under), ...Object.keys(over)])];
    return makeObject(keys.map((key) => [key, key in over ? (key in under ? deepMerge(under[key]!, over[key]!) : over[key]!) : under[key]!]));
  }
  return over;
}

function sourceOf(evaluation: Evaluation, terragruntDir: string): ResolvedTerragrunt['source'] | undefined {
  const terraform = evaluation.file.body.blocks.find((b) => b.type === 'terraform');
  const source = terraform ? attributeOf(terraform, 'source') : undefined;
  if (!source) return undefined;
  const value = evaluation.evaluator.valueOf(source.expr);
  // A relative source is the terragrunt.hcl's folder's, whichever file sets it.
  return { value: value.known ? value.value : UNKNOWN, expr: source.expr, dir: terragruntDir };
}

/** Resolves the terragrunt.hcl `file`: its includes, inputs and source. */
export function resolveTerragrunt(file: SourceFile, host: TerragruntHost): ResolvedTerragrunt {
  const resolver = new Resolver(host, path.dirname(file.path));
  const resolved = resolver.resolve(file);
  const problems = resolver.problems;
  return { ...resolved, complete: resolved.complete && problems.length === 0, reads: resolver.reads, problems };
}
