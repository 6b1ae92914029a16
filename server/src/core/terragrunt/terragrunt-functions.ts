// Terragrunt's built-in functions, where their value follows from the files alone
// (https://terragrunt.gruntwork.io/docs/reference/built-in-functions/). Anything that depends on the
// environment, on git, on AWS or on a command (get_env, get_repo_root, get_aws_account_id, run_cmd, sops)
// is not here, so it evaluates to unknown: never a guess. Files are only looked up, never run, and never
// outside the workspace.
import * as path from 'node:path';
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import type { DirectoryLister } from '../environments/environment-files';

/** What a function sees: the configuration being evaluated, and for an included one the child that includes it. */
export interface FunctionContext {
  /**
   * `get_terragrunt_dir()`: the directory of the terragrunt.hcl Terragrunt runs. Functions in an included
   * configuration are evaluated as the child's ("this function searches relative to the child terragrunt.hcl
   * file when called from a parent config", built-in functions, find_in_parent_folders); a configuration read
   * by read_terragrunt_config() has its own.
   */
  readonly terragruntDir: string;
  /** `get_original_terragrunt_dir()`: the directory of the first configuration, whatever reads it. */
  readonly originalDir: string;
  /** The child's include blocks that are resolved: label (`""` for a bare include) to the included file. */
  readonly includes: ReadonlyMap<string, string>;
  /** While evaluating an included configuration: that file (the include that `path_relative_to_include()` means there). */
  readonly currentInclude?: string;
  /** Directory listings; files are looked for here only. */
  readonly list: DirectoryLister;
  /** Whether a file is inside the workspace (the repository, see workspace-boundary.ts): nothing outside is looked at. */
  readonly inside: (file: string) => boolean;
  /** `read_terragrunt_config(path)`: the file's exposed value, or undefined when it cannot be read. */
  readonly readConfig: (file: string) => Value | undefined;
  /** Told of each file a function reads (undefined: a path not known), for `scan --new-since` to follow. */
  readonly onRead?: (file: string | undefined, kind: ReadKind) => void;
}

/** What a configuration reads besides its includes: another configuration, or a var file. */
export type ReadKind = 'config' | 'vars';

type TerragruntFunction = (args: readonly Value[], context: FunctionContext) => Value;

function stringArgument(args: readonly Value[], index: number, name: string): string | typeof UNKNOWN | undefined {
  const value = args[index];
  if (value === undefined) return undefined;
  if (value === UNKNOWN) return UNKNOWN;
  if (typeof value !== 'string') throw new EvalError(`${name}() takes a string`);
  return value;
}

/** Whether a file exists, by the listing of its directory; undefined when that cannot be known (outside the workspace). */
function fileExists(file: string, context: FunctionContext): boolean | undefined {
  if (!context.inside(file)) return undefined;
  const entries = context.list(path.dirname(file));
  return entries?.some((entry) => entry.name === path.basename(file)) ?? false;
}

/**
 * `find_in_parent_folders(name = "terragrunt.hcl", fallback)`: the first `name` in a folder above the
 * terragrunt.hcl's own, going up. Unknown where the search leaves the workspace before finding it: the file
 * may be there, and a fallback would be a guess.
 */
const findInParentFolders: TerragruntFunction = (args, context) => {
  const given = stringArgument(args, 0, 'find_in_parent_folders');
  if (given === UNKNOWN) return UNKNOWN;
  // Without a name, each folder's terragrunt.hcl.json, else its terragrunt.hcl (Terragrunt's GetDefaultConfigPath).
  const names = given === undefined || given === '' ? ['terragrunt.hcl.json', 'terragrunt.hcl'] : [given];
  for (let dir = path.dirname(context.terragruntDir); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const candidate = path.resolve(dir, name);
      const exists = fileExists(candidate, context);
      if (exists === undefined) return UNKNOWN;
      if (exists) return candidate;
    }
    if (path.dirname(dir) === dir) return UNKNOWN;
  }
};

/** The include a path function means: the named one, the one being evaluated, or the only one. */
function includeFor(args: readonly Value[], context: FunctionContext, name: string): string | typeof UNKNOWN | undefined {
  const label = stringArgument(args, 0, name);
  if (label === UNKNOWN) return UNKNOWN;
  if (label !== undefined) return context.includes.get(label) ?? UNKNOWN;
  if (context.currentInclude !== undefined) return context.currentInclude;
  if (context.includes.size === 1) return [...context.includes.values()][0]!;
  return context.includes.size === 0 ? undefined : UNKNOWN;
}

function slashed(relative: string): string {
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}

/** `path_relative_to_include()`: from the included file's folder to the child's (`.` without an include). */
const pathRelativeToInclude: TerragruntFunction = (args, context) => {
  const include = includeFor(args, context, 'path_relative_to_include');
  if (include === UNKNOWN) return UNKNOWN;
  return include === undefined ? '.' : slashed(path.relative(path.dirname(include), context.terragruntDir));
};

/** `path_relative_from_include()`: from the child's folder back to the included file's. */
const pathRelativeFromInclude: TerragruntFunction = (args, context) => {
  const include = includeFor(args, context, 'path_relative_from_include');
  if (include === UNKNOWN) return UNKNOWN;
  return include === undefined ? '.' : slashed(path.relative(context.terragruntDir, path.dirname(include)));
};

/** `get_parent_terragrunt_dir()`: the included file's folder (the terragrunt.hcl's own without an include). */
const getParentTerragruntDir: TerragruntFunction = (args, context) => {
  const include = includeFor(args, context, 'get_parent_terragrunt_dir');
  if (include === UNKNOWN) return UNKNOWN;
  return include === undefined ? context.terragruntDir : path.dirname(include);
};

/** `read_terragrunt_config(path, default)`: a relative path is the terragrunt.hcl's folder's. */
const readTerragruntConfig: TerragruntFunction = (args, context) => {
  const given = stringArgument(args, 0, 'read_terragrunt_config');
  if (given === undefined) throw new EvalError('read_terragrunt_config() takes a path');
  if (given === UNKNOWN) {
    context.onRead?.(undefined, 'config');
    return UNKNOWN;
  }
  const file = path.resolve(context.terragruntDir, given);
  context.onRead?.(file, 'config');
  const exists = fileExists(file, context);
  if (exists === false && args.length > 1) return args[1]!;
  if (!exists) return UNKNOWN;
  return context.readConfig(file) ?? UNKNOWN;
};

/**
 * `read_tfvars_file(path)`: a var file's values as a JSON string. Its value is not read here (left unknown),
 * but the file is noted: a change to it changes the configuration. A relative path is the working
 * directory's, the first configuration's.
 */
const readTfvarsFile: TerragruntFunction = (args, context) => {
  const given = stringArgument(args, 0, 'read_tfvars_file');
  if (given === undefined) throw new EvalError('read_tfvars_file() takes a path');
  context.onRead?.(given === UNKNOWN ? undefined : path.resolve(context.originalDir, given), 'vars');
  return UNKNOWN;
};

/** Terraform's dirname() and basename(), which Terragrunt files use on the paths above (pure string functions). */
const dirname: TerragruntFunction = (args) => {
  const value = stringArgument(args, 0, 'dirname');
  if (value === undefined) throw new EvalError('dirname() takes a path');
  return value === UNKNOWN ? UNKNOWN : path.dirname(value);
};

const basename: TerragruntFunction = (args) => {
  const value = stringArgument(args, 0, 'basename');
  if (value === undefined) throw new EvalError('basename() takes a path');
  return value === UNKNOWN ? UNKNOWN : path.basename(value);
};

const FUNCTIONS: ReadonlyMap<string, TerragruntFunction> = new Map([
  ['find_in_parent_folders', findInParentFolders],
  ['path_relative_to_include', pathRelativeToInclude],
  ['path_relative_from_include', pathRelativeFromInclude],
  ['get_terragrunt_dir', (_, context) => context.terragruntDir],
  ['get_original_terragrunt_dir', (_, context) => context.originalDir],
  ['get_parent_terragrunt_dir', getParentTerragruntDir],
  ['read_terragrunt_config', readTerragruntConfig],
  ['read_tfvars_file', readTfvarsFile],
  ['dirname', dirname],
  ['basename', basename],
]);

/** The functions bound to one evaluation's context, for Evaluator's extensions. */
export function terragruntFunctions(context: FunctionContext): Map<string, (args: readonly Value[]) => Value> {
  return new Map([...FUNCTIONS].map(([name, fn]) => [name, (args: readonly Value[]) => fn(args, context)]));
}
