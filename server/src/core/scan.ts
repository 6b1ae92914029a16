// Scans paths: finds modules (honouring excludes), lints each, and reports progress as it goes. The CLI
// and the editor's workspace scan both run this, so they find the same modules and say the same things.
// A scan is planned first (configs and discovery) and the plan is plain data, so another thread can lint
// part of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta, RuleModule, Severity, SourceFile } from '../../../rules/api';
import { BUILTIN_RULES, SYNTAX_ERROR } from './builtin-rules';
import { defaultConfig, findConfigFile, isRuleEnabled, loadConfigFile, ruleSeverity, type ResolvedConfig } from './config';
import { createExcludeMatcher, discoverModules, UsageError, type DiscoveredModule } from './discover';
import { listFromDisk, memoizeLister, TERRAGRUNT_FILE, type DirectoryLister } from './environments/environment-files';
import { isVarFileName } from './environments/environment-names';
import type { Finding, ScanResult } from './finding';
import { compareFindings, lintModule, type RuleFailure } from './lint';
import type { ModuleIndex } from './module';
import { loadModule, readFromDisk, readSourceFile, type SourceLoader, type SourceReader } from './load-module';

export interface ScanProgress {
  readonly modulesDone: number;
  readonly modulesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** The module just finished, relative to the working directory. */
  readonly module: string;
}

export interface ModuleOutcome {
  readonly dir: string;
  /** Every file the module's lint looked at, so an editor can clear the ones that became clean. */
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly failures: readonly RuleFailure[];
  readonly cancelled: boolean;
}

/** What to scan and how: everything that is data (no callbacks), so it can cross to a worker thread. */
export interface ScanOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  /** --config: one config file for everything, instead of the nearest `.premortem.json`. */
  readonly configFile?: string;
  readonly varFiles?: readonly string[];
  readonly onlyRules?: readonly string[];
  /** false turns premortem-ignore comments off (--no-inline-ignores). */
  readonly inlineIgnores?: boolean;
  /** Extra glob patterns to exclude (the editor's premortem.scan.exclude), relative to the config's directory. */
  readonly exclude?: readonly string[];
}

export interface ScanRequest extends ScanOptions {
  readonly rules: readonly RuleModule[];
  readonly reader?: SourceReader;
  /** Parses files instead of reading them through `reader` and parsing each time (a parse cache). */
  readonly load?: SourceLoader;
  /** Lists directories for environment detection (default: the disk, each directory once per scan). */
  readonly list?: DirectoryLister;
  readonly onProgress?: (progress: ScanProgress) => void;
  readonly onModule?: (outcome: ModuleOutcome) => void;
  readonly isCancelled?: () => boolean;
  /** Called between modules; the editor yields to its event loop here so typing stays responsive. */
  readonly betweenModules?: () => Promise<void>;
}

export interface ScanOutcome extends ScanResult {
  readonly failures: readonly RuleFailure[];
  readonly cancelled: boolean;
}

export interface PlannedModule {
  readonly module: DiscoveredModule;
  /** The scanned path the module was found under: where the backend-config search stops. */
  readonly root: string;
  readonly config: ResolvedConfig;
  /** When the module was reached through file arguments: only findings in these files are kept. */
  readonly onlyFiles?: readonly string[];
}

export interface ScanPlan {
  readonly options: ScanOptions;
  readonly modules: readonly PlannedModule[];
  /** Var files in directories without configuration, and --var-file files: checked for syntax once. */
  readonly extraVarFiles: readonly string[];
  readonly explicitVarFiles: readonly string[];
  readonly fallbackConfig: ResolvedConfig;
  readonly filesTotal: number;
}

export function allRuleMetas(rules: readonly RuleModule[]): RuleMeta[] {
  return [...BUILTIN_RULES, ...rules.map((r) => r.meta as RuleMeta)];
}

/**
 * Resolves configs and discovers modules. Throws UsageError or ConfigError for a bad request.
 * `loadConfig` replaces reading each config file (the editor caches configs, and lints with defaults
 * while a config file is broken).
 */
export function planScan(options: ScanOptions, rules: readonly RuleModule[], loadConfig?: (file: string) => ResolvedConfig): ScanPlan {
  const metas = allRuleMetas(rules);
  const configs = new Map<string, ResolvedConfig>();
  const configAt = (file: string | undefined): ResolvedConfig => {
    if (!file) return defaultConfig(options.cwd);
    let config = configs.get(file);
    if (!config) configs.set(file, (config = loadConfig ? loadConfig(file) : loadConfigFile(file, metas)));
    return config;
  };
  const explicitConfig = options.configFile ? path.resolve(options.cwd, options.configFile) : undefined;
  if (explicitConfig && !fs.existsSync(explicitConfig)) throw new UsageError(`config file not found: ${options.configFile}`);
  const explicitVarFiles = (options.varFiles ?? []).map((f) => {
    const absolute = path.resolve(options.cwd, f);
    if (!fs.existsSync(absolute)) throw new UsageError(`var file not found: ${f}`);
    return absolute;
  });

  const modules = new Map<string, { module: DiscoveredModule; root: string; config: ResolvedConfig; onlyFiles?: Set<string> }>();
  const strayVarFiles = new Set<string>();
  let fallbackConfig: ResolvedConfig | undefined;
  for (const given of options.paths) {
    const absolute = path.resolve(options.cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = fs.statSync(absolute).isDirectory();
    } catch {
      throw new UsageError(`path not found: ${given}`);
    }
    const config = configAt(explicitConfig ?? findConfigFile(isDirectory ? absolute : path.dirname(absolute)));
    fallbackConfig ??= config;
    const isExcluded = createExcludeMatcher(config.dir, [...config.exclude, ...(options.exclude ?? [])]);
    const discovery = discoverModules([absolute], isExcluded);
    for (const module of discovery.modules) {
      const existing = modules.get(module.dir);
      const entry = existing ?? { module, root: absolute, config };
      // A module reached only through a file, or through environment var files inside the scanned
      // directory, is linted for those files alone.
      const reached = !isDirectory ? [absolute] : isInside(module.dir, absolute) ? undefined : moduleFiles(module).filter((f) => isInside(f, absolute));
      if (reached) {
        if (!existing || existing.onlyFiles) for (const file of reached) (entry.onlyFiles ??= new Set()).add(file);
      } else {
        delete entry.onlyFiles;
      }
      modules.set(module.dir, entry);
    }
    for (const file of discovery.strayVarFiles) strayVarFiles.add(file);
  }

  const planned: PlannedModule[] = [...modules.values()]
    .sort((a, b) => (a.module.dir < b.module.dir ? -1 : a.module.dir > b.module.dir ? 1 : 0))
    .map(({ module, root, config, onlyFiles }) => ({ module, root, config, ...(onlyFiles ? { onlyFiles: [...onlyFiles] } : {}) }));
  const filesTotal = planned.reduce((n, p) => n + moduleFiles(p.module).length, 0) + strayVarFiles.size;
  return {
    options,
    modules: planned,
    extraVarFiles: [...strayVarFiles, ...explicitVarFiles],
    explicitVarFiles,
    fallbackConfig: fallbackConfig ?? defaultConfig(options.cwd),
    filesTotal,
  };
}

/** Reads and parses a planned module, with what its config says about environments. */
export function loadPlannedModule(plan: ScanPlan, planned: PlannedModule, load: SourceLoader, list?: DirectoryLister): ModuleIndex {
  const { module: discovered, config } = planned;
  return loadModule(discovered, {
    load,
    explicitVarFiles: plan.explicitVarFiles,
    root: planned.root,
    ...(list ? { list } : {}),
    ...(config.environments.length > 0 ? { environments: { baseDir: config.dir, entries: config.environments } } : {}),
  });
}

/** How a lint reads: files (an editor overlays its buffers), parses (an editor caches them), directories. */
export interface LintIo {
  readonly reader?: SourceReader;
  /** Parses files instead of reading them through `reader` and parsing each time. */
  readonly load?: SourceLoader;
  /** Lists directories for environment detection; a scan shares one memo across its modules. */
  readonly list?: DirectoryLister;
  readonly isCancelled?: () => boolean;
}

/**
 * Lints one planned module: its rules, its syntax errors, and those of var files Terraform does not auto-load.
 */
export function lintPlannedModule(plan: ScanPlan, planned: PlannedModule, rules: readonly RuleModule[], io: LintIo = {}): ModuleOutcome {
  const { isCancelled } = io;
  const reader = io.reader ?? readFromDisk;
  const load = io.load ?? ((file: string) => readSourceFile(file, reader));
  const { module: discovered, config } = planned;
  const module = loadPlannedModule(plan, planned, load, io.list);
  const result = lintModule(module, {
    rules,
    config,
    inlineIgnores: plan.options.inlineIgnores !== false,
    ...(plan.options.onlyRules ? { onlyRules: new Set(plan.options.onlyRules) } : {}),
    ...(isCancelled ? { isCancelled } : {}),
  });
  // Var files Terraform does not load by itself (prod.tfvars next to the module, envs/prod.tfvars) are
  // attached to the module, so its lint reports their syntax errors too.
  const onlyFiles = planned.onlyFiles ? new Set(planned.onlyFiles) : undefined;
  const findings = result.findings.filter((f) => !onlyFiles || onlyFiles.has(f.file));
  findings.sort(compareFindings);
  return {
    dir: discovered.dir,
    files: moduleFiles(discovered),
    findings,
    failures: result.failures,
    cancelled: result.cancelled,
  };
}

/** Every file of a discovered module: configuration, var files, environment var files and terragrunt.hcl. */
export function moduleFiles(module: DiscoveredModule): string[] {
  return [...module.files, ...module.varFiles, ...module.environmentFiles, ...(module.terragrunt !== undefined ? [module.terragrunt] : [])];
}

/** Syntax errors of the var files no module loads by itself. */
export function extraVarFileFindings(plan: ScanPlan, reader: SourceReader = readFromDisk, load: SourceLoader = (file) => readSourceFile(file, reader)): Finding[] {
  return syntaxFindings(plan.extraVarFiles, load, plan.fallbackConfig);
}

/** Puts module outcomes (in plan order) together into one result. */
export function summarize(plan: ScanPlan, outcomes: readonly ModuleOutcome[], extra: readonly Finding[], started: number, cancelled: boolean): ScanOutcome {
  const findings = [...outcomes.flatMap((o) => o.findings), ...extra];
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) bySeverity[finding.severity]++;
  const files = outcomes.reduce((n, o) => n + o.files.length, 0) + (cancelled ? 0 : plan.extraVarFiles.length - plan.explicitVarFiles.length);
  return {
    findings,
    failures: outcomes.flatMap((o) => o.failures),
    cancelled,
    summary: { modules: outcomes.length, files, findings: findings.length, bySeverity, durationMs: performance.now() - started },
  };
}

export function progressAfter(plan: ScanPlan, outcomes: readonly ModuleOutcome[], last: ModuleOutcome): ScanProgress {
  return {
    modulesDone: outcomes.length,
    modulesTotal: plan.modules.length,
    filesDone: outcomes.reduce((n, o) => n + o.files.length, 0),
    filesTotal: plan.filesTotal,
    module: path.relative(plan.options.cwd, last.dir) || '.',
  };
}

/**
 * How one scan reads from disk. Environment detection looks at neighbouring directories and parses their
 * var files and terragrunt.hcl, which their own modules parse again: each directory is listed once per
 * scan, and those small files are parsed once (the configuration files are not kept: they are most of the
 * corpus's bytes, and each is parsed once anyway).
 */
export function scanIo(reader: SourceReader = readFromDisk): LintIo & { readonly load: SourceLoader } {
  const shared = new Map<string, SourceFile | undefined>();
  const load = (file: string): SourceFile | undefined => {
    const name = path.basename(file);
    if (name !== TERRAGRUNT_FILE && !isVarFileName(name)) return readSourceFile(file, reader);
    if (!shared.has(file)) shared.set(file, readSourceFile(file, reader));
    return shared.get(file);
  };
  return { reader, load, list: memoizeLister(listFromDisk) };
}

/** Plans and lints everything in this thread, module by module. */
export async function scan(request: ScanRequest): Promise<ScanOutcome> {
  const started = performance.now();
  const plan = planScan(request, request.rules);
  const reader = request.reader ?? readFromDisk;
  const diskIo = scanIo(reader);
  const io: LintIo = {
    reader,
    load: request.load ?? diskIo.load,
    list: request.list ?? diskIo.list,
    ...(request.isCancelled ? { isCancelled: request.isCancelled } : {}),
  };
  const outcomes: ModuleOutcome[] = [];
  let cancelled = false;
  for (const planned of plan.modules) {
    if (request.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const outcome = lintPlannedModule(plan, planned, request.rules, io);
    outcomes.push(outcome);
    request.onModule?.(outcome);
    request.onProgress?.(progressAfter(plan, outcomes, outcome));
    if (outcome.cancelled) {
      cancelled = true;
      break;
    }
    if (request.betweenModules) await request.betweenModules();
  }
  return summarize(plan, outcomes, cancelled ? [] : extraVarFileFindings(plan, reader, io.load), started, cancelled);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function syntaxFindings(files: readonly string[], load: SourceLoader, config: ResolvedConfig): Finding[] {
  if (!isRuleEnabled(config, SYNTAX_ERROR)) return [];
  const severity = ruleSeverity(config, SYNTAX_ERROR) ?? 'error';
  const out: Finding[] = [];
  for (const file of files) {
    const source = load(file);
    for (const error of source?.errors ?? []) {
      out.push({ ruleId: SYNTAX_ERROR.id, severity, message: error.message, messageId: 'syntaxError', file, range: error.range });
    }
  }
  return out;
}
