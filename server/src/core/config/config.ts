// The project config file, `.premortem.json`: finding it, validating it, and answering what it says
// about each rule. The CLI and the language server both read it through here, so they never disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta, Severity, SharedSettings } from '../../../../rules/api';
import { didYouMean } from '../closest-name';
import { buildConfigSchema, CONFIG_FILE_NAME, type ConfigSchema, DEFAULT_STATIC_ASSET_PATTERNS, type RuleLevel } from './config-schema';
import type { ConfiguredEnvironments } from '../environments/environment-host';
import { findJsonSyntaxError } from './json-syntax-error';
import { applyDefaults, childPath, isPlainObject, validateJson } from './json-schema';
import { UserError } from '../user-error';
import { staysInside, workspaceBoundary } from '../workspace-boundary';

export interface RuleSetting {
  readonly enabled: boolean;
  readonly severity?: Severity;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, if one was found. */
  readonly file?: string;
  /** The directory exclude globs are relative to: the config file's, or the working directory. */
  readonly dir: string;
  /** Only the rules the file mentions. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  readonly exclude: readonly string[];
  readonly settings: SharedSettings;
  readonly inlineIgnores: boolean;
  /** Environments named explicitly, by module glob; paths relative to `dir`. */
  readonly environments: readonly ConfiguredEnvironments[];
}

/** A config file that cannot be used. `message` is one line: `<file>: <key>: <problem>`. */
export class ConfigError extends UserError {
  /** What is wrong, without the file and key. */
  readonly problem: string;

  constructor(
    readonly file: string,
    readonly key: string | undefined,
    message: string,
  ) {
    super(key === undefined ? `${file}: ${message}` : `${file}: ${key}: ${message}`);
    this.name = 'ConfigError';
    this.problem = message;
  }
}

/** The nearest `.premortem.json` in `startDir` or one of its parents. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a config file; throws a ConfigError naming the first problem. */
export function loadConfigFile(file: string, rules: readonly RuleMeta[]): ResolvedConfig {
  const absolute = path.resolve(file);
  const raw = parseConfigText(absolute, readConfigText(absolute));
  const problem = findProblem(raw, rules) ?? findVarFileProblem(raw as ConfigFile, path.dirname(absolute));
  if (problem !== undefined) throw new ConfigError(absolute, problem.path === '' ? undefined : problem.path, problem.message);
  return resolve(raw as ConfigFile, absolute);
}

/**
 * A var file the config names that premortem must not or cannot read. Every path must stay inside the
 * workspace (the config's repository, else its own directory): a config that arrives with a pull request
 * could otherwise have a CI job read, and a drift report print, any file on the runner. A literal path that
 * does not exist is a typo that would silently drop an environment from every comparison; a path with
 * `{module}` may rightly match nothing for some modules.
 */
function findVarFileProblem(raw: ConfigFile, dir: string): { path: string; message: string } | undefined {
  const boundary = workspaceBoundary(dir);
  for (const [index, entry] of (raw.environments ?? []).entries()) {
    for (const [name, files] of Object.entries(entry.varFiles)) {
      for (const [at, file] of files.entries()) {
        const key = childPath(childPath(childPath(childPath('environments', index), 'varFiles'), name), at);
        const absolute = path.resolve(dir, file);
        if (!staysInside(absolute.split('{module}').join('module'), boundary)) {
          return { path: key, message: `var file outside the workspace (${boundary}): ${file}; premortem reads only files inside it` };
        }
        if (file.includes('{module}') || fs.existsSync(absolute)) continue;
        return { path: key, message: `var file not found: ${file}` };
      }
    }
  }
  return undefined;
}

export function defaultConfig(dir: string): ResolvedConfig {
  return {
    dir: path.resolve(dir),
    rules: new Map(),
    exclude: [],
    settings: { staticAssetPatterns: DEFAULT_STATIC_ASSET_PATTERNS },
    inlineIgnores: true,
    environments: [],
  };
}

/** The configured setting, else whether the rule is recommended. */
export function isRuleEnabled(config: ResolvedConfig, meta: RuleMeta): boolean {
  return config.rules.get(meta.id)?.enabled ?? meta.recommended;
}

/** The configured severity override, if any; the rule's own severity applies otherwise. */
export function ruleSeverity(config: ResolvedConfig, meta: RuleMeta): Severity | undefined {
  return config.rules.get(meta.id)?.severity;
}

/** The rule's default options with the configured ones laid over them. */
export function ruleOptions(config: ResolvedConfig, meta: RuleMeta): object {
  if (meta.options === undefined) return {};
  return applyDefaults(meta.options.schema, config.rules.get(meta.id)?.options, meta.options.defaults);
}

/** The file's shape once it has passed validation. */
interface ConfigFile {
  readonly rules?: { readonly [id: string]: RuleLevel | { readonly severity?: RuleLevel; readonly options?: Record<string, unknown> } };
  readonly exclude?: readonly string[];
  readonly staticAssetPatterns?: readonly string[];
  readonly inlineIgnores?: boolean;
  readonly environments?: readonly ConfiguredEnvironments[];
}

function readConfigText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message;
    throw new ConfigError(file, undefined, `cannot read the config file: ${reason}`);
  }
}

function parseConfigText(file: string, text: string): unknown {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(withoutBom);
  } catch {
    const error = findJsonSyntaxError(withoutBom);
    const where = error === undefined ? '' : ` at line ${error.line}, column ${error.column}: ${error.message}`;
    throw new ConfigError(file, undefined, `invalid JSON${where}`);
  }
}

function findProblem(raw: unknown, rules: readonly RuleMeta[]): { path: string; message: string } | undefined {
  if (!isPlainObject(raw)) return { path: '', message: 'the file must hold a JSON object' };
  // Checked before the schema so that a misspelt rule id gets a message about rule ids.
  if (isPlainObject(raw['rules'])) {
    const known = new Map(rules.map((meta) => [meta.id, meta]));
    for (const [id, setting] of Object.entries(raw['rules'])) {
      const meta = known.get(id);
      if (meta === undefined) {
        return { path: childPath('rules', id), message: `unknown rule id${didYouMean(id, known.keys()) ?? ''}` };
      }
      if (meta.options === undefined && isPlainObject(setting) && Object.hasOwn(setting, 'options')) {
        return { path: childPath(childPath('rules', id), 'options'), message: 'this rule has no options' };
      }
    }
  }
  return schemaProblem(raw, buildConfigSchema(rules));
}

/**
 * The first problem in document order. The rule settings are validated one by one, against the schema of
 * each rule the file names, rather than compiling the schema of every rule: most settings share one shape.
 */
function schemaProblem(raw: Record<string, unknown>, schema: ConfigSchema): { path: string; message: string } | undefined {
  const ruleSchemas = schema.properties?.['rules']?.properties ?? {};
  const outline: ConfigSchema = { ...schema, properties: { ...schema.properties, rules: { type: 'object' } } };
  const problems = validateJson(raw, outline);
  const settings = raw['rules'];
  if (isPlainObject(settings)) {
    for (const [id, setting] of Object.entries(settings)) {
      const ruleSchema = ruleSchemas[id];
      const problem = ruleSchema && validateJson(setting, ruleSchema, childPath('rules', id), schema)[0];
      if (problem) {
        problems.push(problem);
        break;
      }
    }
  }
  // Each part is in document order; across parts, the top-level key that comes first in the file wins.
  const keys = Object.keys(raw);
  const rank = (path: string): number => keys.indexOf(/^[^.[]*/.exec(path)?.[0] ?? '');
  return problems.reduce<{ path: string; message: string } | undefined>(
    (first, p) => (first === undefined || rank(p.path) < rank(first.path) ? p : first),
    undefined,
  );
}

function resolve(raw: ConfigFile, file: string): ResolvedConfig {
  const rules = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (typeof setting === 'string') rules.set(id, fromLevel(setting));
    else rules.set(id, { ...fromLevel(setting.severity ?? 'on'), ...(setting.options && { options: setting.options }) });
  }
  return {
    file,
    dir: path.dirname(file),
    rules,
    exclude: raw.exclude ?? [],
    settings: { staticAssetPatterns: raw.staticAssetPatterns ?? DEFAULT_STATIC_ASSET_PATTERNS },
    inlineIgnores: raw.inlineIgnores ?? true,
    environments: raw.environments ?? [],
  };
}

function fromLevel(level: RuleLevel): RuleSetting {
  if (level === 'off') return { enabled: false };
  if (level === 'on') return { enabled: true };
  return { enabled: true, severity: level };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
