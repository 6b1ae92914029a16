// Scans paths: finds modules (honouring excludes), lints a tree of module instances from each root module
// (a module no scanned module calls), then any module no tree reached on its own, and reports progress as
// it goes. A module that a root calls is linted through its callers, with their values, not again on its
// defaults. The CLI and the editor's workspace scan both run this, so they find the same modules and say
// the same things. A scan is planned first (configs, discovery, roots) and the plan is plain data, so
// another thread can lint part of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Block, RuleMeta, RuleModule, Severity, SourceFile } from '../../../rules/api';
import { BUILTIN_RULES } from './lint/builtin-rules';
import { defaultConfig, findConfigFile, loadConfigFile, type ResolvedConfig } from './config/config';
import {
  createExcludeMatcher,
  discoverModules,
  UsageError,
  type DiscoveredModule,
  type Discovery,
  type DiscoveryWatch,
  type UnreadableDirectory,
} from './discover';
import { isTerragruntIncludeName, listFromDisk, memoizeLister, type DirectoryLister } from './environments/environment-files';
import { isVarFileName } from './environments/environment-names';
import type { Finding, OpaqueModuleCall, ScanResult } from './finding';
import { createModuleLoader } from './graph/module-loader';
import { lintTree, mergeTreeFindings } from './instances/lint-tree';
import { ModuleCache, type ModuleStore } from './instances/module-cache';
import { expectedReaders, localCallSources, planTrees } from './instances/module-callers';
import { diskHost, ModuleInstance, type InstanceHost } from './instances/module-instance';
import { isDownloaded } from './instances/placement';
import { planRoot, type RootCandidate } from './plan/plan-root';
import { readPlanValues, type PlanValues } from './plan/plan-values';
import { planHost } from './plan/plan-host';
import { fileWithProblem } from './file-problems';
import { compareFindings, type RuleFailure } from './lint/lint';
import type { ModuleIndex } from './module';
import { loadModule, readFromDisk, readSourceFile, type LoadOptions, type SourceLoader, type SourceReader } from './load-module';
import { opaqueCallKey } from './scan-notes';
import { syntaxErrorFindings } from './lint/syntax-findings';
import { modulesAtRevision, overlayLister, overlayReader, type FileOverlay } from './changes/file-overlay';
import { terragruntDependents } from './changes/terragrunt-dependents';
import { isInside } from './path-inside';
import { ReadTracker, type TreeReads } from './cache/read-tracker';
import { FileStates } from './cache/file-states';

export interface ScanProgress {
  readonly modulesDone: number;
  readonly modulesTotal: number;
  readonly filesDone: number;
  readonly filesTotal: number;
  /** The module just finished, relative to the working directory. */
  readonly module: string;
}

/** What the lint of one root module's tree found. */
export interface ModuleOutcome {
  /** The root module's directory. */
  readonly dir: string;
  /** Every file the lint looked at (the root's and those of the modules it reached), so an editor can clear the ones that became clean. */
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly failures: readonly RuleFailure[];
  readonly cancelled: boolean;
  /** The module directories the tree reached, the root's first. */
  readonly modules: readonly string[];
  /** How many module instances were linted. */
  readonly instances: number;
  /** How many times the rules ran (instances whose arguments evaluate the same share a run). */
  readonly runs: number;
  /** The tree had more module instances than one lint takes: those beyond were not linted. */
  readonly truncated: boolean;
  /** Suppressions that silenced something (see lint-tree), so a module reached by several trees is judged on all of them. */
  readonly usedSuppressions: readonly string[];
  readonly opaqueCalls: readonly OpaqueModuleCall[];
  /** With a read tracker (the lint cache): everything the lint read, with content hashes. */
  readonly reads?: TreeReads;
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
  /** A plan (`terraform show -json PLANFILE`): its values fill in what the configuration of the root it was made from cannot say. */
  readonly plan?: { readonly file: string; readonly text: string };
  /** Files as they were at an earlier revision, read instead of the disk's (a change review's old side). */
  readonly overlay?: FileOverlay;
  /**
   * A change review's scope: only the trees that reach the modules of these files are linted (a module
   * no tree reaches, alone), so a finding a change brings about in a caller or a callee is seen.
   */
  readonly changedFiles?: readonly string[];
  /**
   * A directory path with no Terraform under it is a UsageError (the CLI's default, so a mistyped path in
   * CI does not pass as clean); an editor's workspace may well have none.
   */
  readonly rejectEmptyPaths?: boolean;
  /** Rule files (.premortem/rules) whose rules run with the built-in ones: worker threads load them again. */
  readonly ruleFiles?: readonly string[];
  /** Record what each tree's lint reads (the lint cache's key), also in worker threads: see ModuleOutcome.reads. */
  readonly recordReads?: boolean;
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
  /** Keeps trees' outcomes across runs (`scan --cache`); not used with an overlay (a revision's text). */
  readonly cache?: TreeCache;
}

/**
 * Where a scan finds the outcomes of trees whose inputs have not changed since an earlier run, and keeps
 * new ones (see cache/lint-cache.ts). Lookups and stores happen on the main thread.
 */
export interface TreeCache extends PlanningMemo {
  /** What the lints of this thread read is recorded here. */
  readonly tracker: ReadTracker;
  /** The syntax findings of the var files no module loads, and the unreadable directories (`compute` when unknown). */
  extraFindings(plan: ScanPlan, compute: () => Finding[]): Finding[];
  /** The outcome of the tree from a module (an index into the plan's modules), when nothing it read has changed. */
  lookup(plan: ScanPlan, index: number): ModuleOutcome | undefined;
  /** Keeps a tree's outcome, linted with the tracker (it has `reads`). */
  store(plan: ScanPlan, index: number, outcome: ModuleOutcome): void;
}

/** What planning may take from a cache instead of reading and parsing files. */
export interface PlanningMemo {
  /** The modules under a path (`discover` them when unknown), given the excludes (`[base directory, ...patterns]`). */
  discover(path: string, excludes: readonly string[], discover: (watch: DiscoveryWatch) => Discovery): Discovery;
  /** The local call sources of a module's files (`read` them when unknown). */
  callSources(dir: string, files: readonly string[], read: SourceReader): string[];
  /** Which of the candidates (an index) the plan was made from (`choose` when unknown). */
  planRoot(planText: string, candidates: readonly RootCandidate[], choose: () => number): number;
}

export interface ScanOutcome extends ScanResult {
  readonly failures: readonly RuleFailure[];
  readonly cancelled: boolean;
  /** With a plan: the directory of the root module it was made from. */
  readonly planRoot?: string;
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
  /** The modules (indexes into `modules`) that no scanned module calls: a tree is linted from each. */
  readonly roots: readonly number[];
  /** By module index: for a root, the scanned modules its tree is expected to read (itself first). */
  readonly reach: readonly (readonly number[])[];
  /** With `changedFiles`: the modules (indexes into `modules`) that hold changed files; only these are linted alone. */
  readonly scope?: readonly number[];
  /** The plan given, and the root (an index into `modules`) it was made from. */
  readonly applied?: { readonly root: number; readonly values: PlanValues };
  /** Var files in directories without configuration, and --var-file files: checked for syntax once. */
  readonly extraVarFiles: readonly string[];
  /** Directories the scan could not list: each is an unreadable-file finding. */
  readonly unreadableDirectories: readonly UnreadableDirectory[];
  /** Symbolic links that lead outside the workspace: not followed, and said once in the summary. */
  readonly linksOutside: readonly string[];
  /** `.tf` files a `.tofu` file of the same name replaces: not read, and said once in the summary. */
  readonly shadowedFiles?: readonly string[];
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
export function planScan(options: ScanOptions, rules: readonly RuleModule[], loadConfig?: (file: string) => ResolvedConfig, memo?: PlanningMemo): ScanPlan {
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
  const unreadableDirectories: UnreadableDirectory[] = [];
  const linksOutside = new Set<string>();
  const shadowedFiles = new Set<string>();
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
    const excludes = [...config.exclude, ...(options.exclude ?? [])];
    const isExcluded = createExcludeMatcher(config.dir, excludes);
    const discovery = memo
      ? memo.discover(absolute, [config.dir, ...excludes], (watch) => discoverModules([absolute], isExcluded, watch))
      : discoverModules([absolute], isExcluded);
    if (options.rejectEmptyPaths && isDirectory && isEmpty(discovery) && !isExcluded(absolute, true)) {
      throw new UsageError(`no Terraform files under "${given}"; pass --allow-empty to accept that`);
    }
    unreadableDirectories.push(...discovery.unreadableDirectories);
    for (const link of discovery.linksOutside) linksOutside.add(link);
    for (const file of discovery.shadowedFiles) shadowedFiles.add(file);
    const discovered = options.overlay
      ? modulesAtRevision(discovery.modules, options.overlay, (file) => isInside(file, absolute), isExcluded)
      : discovery.modules;
    for (const module of discovered) {
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
  const dirs = planned.map((p) => p.module.dir);
  const reader = overlayReader(options.overlay, readFromDisk);
  const calls = planned.map((p) => (memo ? memo.callSources(p.module.dir, p.module.files, reader) : localCallSources(p.module.dir, p.module.files, reader)));
  let { roots, reach } = planTrees(dirs, (index) => calls[index]!);
  const applied = options.plan && applyPlan(options, planned, roots, memo);
  if (applied && !roots.includes(applied.root)) ({ roots, reach } = planTrees(dirs, (index) => calls[index]!, applied.root));
  const scope = options.changedFiles && changedModules(planned, options.changedFiles, reader, options.overlay);
  if (scope) roots = roots.filter((root) => reach[root]!.some((index) => scope.includes(index)));
  const changed = options.changedFiles && new Set(options.changedFiles);
  return {
    options,
    modules: planned,
    roots,
    reach,
    ...(scope ? { scope } : {}),
    ...(applied ? { applied } : {}),
    extraVarFiles: [...strayVarFiles, ...explicitVarFiles].filter((file) => !changed || changed.has(file)),
    unreadableDirectories,
    linksOutside: [...linksOutside].sort(),
    ...(shadowedFiles.size > 0 ? { shadowedFiles: [...shadowedFiles].sort() } : {}),
    explicitVarFiles,
    fallbackConfig: fallbackConfig ?? defaultConfig(options.cwd),
    filesTotal,
  };
}

/**
 * The modules (by index) that hold one of the files, or whose directory does (a file the module no longer
 * has), and the Terragrunt units the files reach: through what they include or read, or as environments
 * compared with a changed unit (changes/terragrunt-dependents.ts). Scanning a revision (an overlay), a unit
 * is reached when it reads a changed file then or now: an env.hcl added nearer a unit changes what it reads.
 */
function changedModules(planned: readonly PlannedModule[], files: readonly string[], reader: SourceReader, overlay?: FileOverlay): number[] {
  const changed = new Set(files);
  const dirs = new Set(files.map((file) => path.dirname(file)));
  const direct = planned.flatMap((p, index) => (dirs.has(p.module.dir) || moduleFiles(p.module).some((file) => changed.has(file)) ? [index] : []));
  const units = planned.flatMap((p, index) =>
    p.module.terragrunt !== undefined ? [{ index, dir: p.module.dir, terragrunt: p.module.terragrunt, root: p.root }] : [],
  );
  if (units.length === 0) return direct;
  const changedUnits = new Set(units.flatMap((unit, at) => (direct.includes(unit.index) ? [at] : [])));
  const reachedIn = (read: SourceReader, list: DirectoryLister): Set<number> => {
    const shared = new Map<string, SourceFile | undefined>();
    const load = (file: string): SourceFile | undefined => {
      if (!shared.has(file)) shared.set(file, readSourceFile(file, read));
      return shared.get(file);
    };
    return terragruntDependents(units, files, changedUnits, load, memoizeLister(list));
  };
  const reached = reachedIn(reader, overlayLister(overlay, listFromDisk));
  if (overlay) for (const at of reachedIn(readFromDisk, listFromDisk)) reached.add(at);
  return [...new Set([...direct, ...[...reached].map((at) => units[at]!.index)])].sort((a, b) => a - b);
}

/**
 * Reads a plan and finds the scanned module it was made from (a PlanError when it matches none): a root,
 * or a module others call (a module repository's own root, which its examples call).
 */
function applyPlan(
  options: ScanOptions,
  planned: readonly PlannedModule[],
  roots: readonly number[],
  memo?: PlanningMemo,
): { root: number; values: PlanValues } {
  const values = readPlanValues(options.plan!.text, options.plan!.file);
  const order = [...roots, ...planned.map((_, index) => index).filter((index) => !roots.includes(index))];
  const candidates = order.map((index) => planned[index]!).filter((p) => p.module.files.length > 0);
  const display = (dir: string): string => path.relative(options.cwd, dir) || '.';
  const rootCandidates = candidates.map((p) => ({ dir: p.module.dir, files: p.module.files }));
  const choose = (): number => planRoot(values, rootCandidates, readFromDisk, display);
  const chosen = memo ? memo.planRoot(options.plan!.text, rootCandidates, choose) : choose();
  return { root: planned.indexOf(candidates[chosen]!), values };
}

/** Reads and parses a planned module, with what its config says about environments. */
export function loadPlannedModule(
  plan: ScanPlan,
  planned: PlannedModule,
  load: SourceLoader,
  list?: DirectoryLister,
  tracked?: Pick<LoadOptions, 'onDirectory' | 'listAbove'>,
): ModuleIndex {
  const { module: discovered, config } = planned;
  return loadModule(discovered, {
    load,
    explicitVarFiles: plan.explicitVarFiles,
    root: planned.root,
    ...(list ? { list } : {}),
    ...tracked,
    ...(config.environments.length > 0 ? { environments: { baseDir: config.dir, entries: config.environments } } : {}),
  });
}

/** How a lint reads: files (an editor overlays its buffers), parses (an editor caches them), directories. */
export interface LintIo {
  readonly reader?: SourceReader;
  /** Parses files instead of reading them through `reader` and parsing each time. */
  readonly load?: SourceLoader;
  /** Lists directories for environment detection; a scan shares one memo across its modules. */
  readonly list?: DirectoryLister | undefined;
  readonly isCancelled?: () => boolean;
  /** Modules kept parsed across trees (a scan's, or the trees one edit re-lints). */
  readonly modules?: ModuleStore;
  /** Records what each tree reads (the lint cache's key). */
  readonly tracker?: ReadTracker;
}

/**
 * Lints the tree of module instances rooted at a planned module: every rule on the root and on each
 * instance of the modules it calls (local ones, and those `terraform init` downloaded), their syntax
 * errors, and those of var files Terraform does not load by itself.
 */
export function lintPlannedModule(plan: ScanPlan, planned: PlannedModule, rules: readonly RuleModule[], io: LintIo = {}): ModuleOutcome {
  const { isCancelled } = io;
  const reader = io.reader ?? overlayReader(plan.options.overlay, readFromDisk);
  const load = io.load ?? ((file: string) => readSourceFile(file, reader));
  const { module: discovered, config } = planned;
  const byDir = plannedByDir(plan);
  // Within a tree, a module called several times is read once; across trees, the scan's cache keeps it.
  const ownLoads = new Map<string, ModuleIndex | undefined>();
  const { tracker } = io;
  // Read before the lint, so that a manifest written during the scan is read again by the next.
  const manifest = tracker ? path.join(discovered.dir, '.terraform', 'modules', 'modules.json') : undefined;
  if (manifest) tracker!.states.file(manifest);
  const loadDir = (dir: string): ModuleIndex | undefined => {
    if (ownLoads.has(dir)) return ownLoads.get(dir);
    const read = (): ModuleIndex | undefined => {
      const scanned = byDir.get(dir);
      const reads = tracker?.module(dir);
      const moduleLoad = reads ? reads.load(load) : load;
      const list = reads ? reads.list(io.list ?? listFromDisk) : io.list;
      const tracked = reads ? { onDirectory: reads.directory, listAbove: reads.listAbove(io.list ?? listFromDisk) } : {};
      if (scanned) return loadPlannedModule(plan, scanned, moduleLoad, list, tracked);
      // A module outside the scan is listed from the disk, as before; with a tracker, through it.
      return createModuleLoader({ reader, load: moduleLoad, ...(reads && list ? { list } : {}), ...tracked })(dir);
    };
    const module = io.modules ? io.modules.get(dir, read) : read();
    ownLoads.set(dir, module);
    return module;
  };
  const root = loadDir(discovered.dir) ?? loadPlannedModule(plan, planned, load, io.list);
  const opaque = new Map<string, OpaqueModuleCall>();
  const planValues = plan.applied && plan.modules[plan.applied.root] === planned ? plan.applied.values : undefined;
  const applied = planValues ? planHost(planValues, discovered.dir) : {};
  const host: InstanceHost = {
    ...applied,
    ...diskHost(discovered.dir, loadDir),
    opaqueCall: (call: Block, source: string) => {
      const found: OpaqueModuleCall = { file: call.file, range: call.headerRange, source };
      const key = opaqueCallKey(found);
      if (!opaque.has(key)) opaque.set(key, found);
    },
  };
  const result = lintTree(ModuleInstance.root(root, host), {
    rules,
    config,
    inlineIgnores: plan.options.inlineIgnores !== false,
    ...(plan.options.onlyRules ? { onlyRules: new Set(plan.options.onlyRules) } : {}),
    ...(isCancelled ? { isCancelled } : {}),
    ...(planValues ? { plan: planValues } : {}),
  });
  // A module reached through file arguments keeps findings in those files only; excluded files keep none.
  const onlyFiles = planned.onlyFiles ? new Set(planned.onlyFiles) : undefined;
  const isExcluded = createExcludeMatcher(config.dir, [...config.exclude, ...(plan.options.exclude ?? [])]);
  const findings = result.findings.filter((f) => (!onlyFiles || onlyFiles.has(f.file)) && (f.file === discovered.dir || !isExcluded(f.file, false)));
  findings.sort(compareFindings);
  io.modules?.release((plan.reach[plan.modules.indexOf(planned)] ?? []).map((index) => plan.modules[index]!.module.dir));
  const reached = result.modules.filter((m) => !isDownloaded(m.dir));
  const files = new Set(moduleFiles(discovered));
  for (const module of reached)
    for (const file of byDir.has(module.dir) ? moduleFiles(byDir.get(module.dir)!.module) : module.files.map((f) => f.path)) files.add(file);
  return {
    dir: discovered.dir,
    files: [...files],
    findings,
    failures: result.failures,
    cancelled: result.cancelled,
    modules: result.modules.map((m) => m.dir),
    instances: result.instances,
    runs: result.runs,
    truncated: result.truncated,
    usedSuppressions: result.usedSuppressions,
    opaqueCalls: [...opaque.values()],
    ...(tracker ? { reads: tracker.treeReads([...ownLoads.keys()], [manifest!]) } : {}),
  };
}

const plannedIndexes = new WeakMap<ScanPlan, ReadonlyMap<string, PlannedModule>>();

/** The plan's modules by directory. */
function plannedByDir(plan: ScanPlan): ReadonlyMap<string, PlannedModule> {
  let byDir = plannedIndexes.get(plan);
  if (!byDir) plannedIndexes.set(plan, (byDir = new Map(plan.modules.map((p) => [p.module.dir, p]))));
  return byDir;
}

/** The planned modules (by index) that no tree linted so far reached: each is linted as a root of its own. */
export function unreachedModules(plan: ScanPlan, outcomes: readonly ModuleOutcome[]): number[] {
  const reached = new Set(outcomes.flatMap((o) => o.modules));
  const inScope = plan.scope && new Set(plan.scope);
  return plan.modules.flatMap((planned, index) => (reached.has(planned.module.dir) || (inScope && !inScope.has(index)) ? [] : [index]));
}

/** Every file of a discovered module: configuration, var files, environment var files and terragrunt.hcl. */
export function moduleFiles(module: DiscoveredModule): string[] {
  return [...module.files, ...module.varFiles, ...module.environmentFiles, ...(module.terragrunt !== undefined ? [module.terragrunt] : [])];
}

/** Syntax errors of the var files no module loads by itself, and the directories the scan could not list. */
export function extraVarFileFindings(
  plan: ScanPlan,
  reader: SourceReader = readFromDisk,
  load: SourceLoader = (file) => readSourceFile(file, reader),
): Finding[] {
  const directories = plan.unreadableDirectories.map(({ dir, reason }) =>
    fileWithProblem(dir, '', 'unreadable', `premortem cannot read this directory (${reason}), so nothing in it was checked.`),
  );
  return syntaxErrorFindings([...plan.extraVarFiles.flatMap((file) => load(file) ?? []), ...directories], plan.fallbackConfig);
}

function isEmpty(discovery: Discovery): boolean {
  return discovery.modules.length === 0 && discovery.strayVarFiles.length === 0 && discovery.unreadableDirectories.length === 0;
}

/**
 * Puts tree outcomes (in plan order) together into one result: a finding that several trees reach (in a
 * module that several roots call) is reported once, and a suppression one tree used is not unused.
 */
export function summarize(plan: ScanPlan, outcomes: readonly ModuleOutcome[], extra: readonly Finding[], started: number, cancelled: boolean): ScanOutcome {
  const findings = [
    ...mergeTreeFindings(
      outcomes.flatMap((o) => o.findings),
      outcomes.flatMap((o) => o.usedSuppressions),
    ),
    ...extra,
  ];
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) bySeverity[finding.severity]++;
  const files = new Set(outcomes.flatMap((o) => o.files)).size + (cancelled ? 0 : plan.extraVarFiles.length - plan.explicitVarFiles.length);
  const modules = new Set(outcomes.flatMap((o) => o.modules.filter((dir) => !isDownloaded(dir)))).size;
  const opaque = new Map<string, OpaqueModuleCall>();
  for (const call of outcomes.flatMap((o) => o.opaqueCalls)) opaque.set(opaqueCallKey(call), call);
  const truncated = outcomes.filter((o) => o.truncated).map((o) => o.dir);
  return {
    findings,
    failures: outcomes.flatMap((o) => o.failures),
    cancelled,
    opaqueCalls: [...opaque.values()],
    ...(truncated.length > 0 ? { truncatedTrees: truncated } : {}),
    ...(plan.linksOutside.length > 0 ? { linksOutside: plan.linksOutside } : {}),
    ...(plan.shadowedFiles ? { shadowedFiles: plan.shadowedFiles } : {}),
    ...(plan.applied ? { planRoot: plan.modules[plan.applied.root]!.module.dir } : {}),
    summary: {
      modules,
      files,
      findings: findings.length,
      bySeverity,
      durationMs: performance.now() - started,
      instances: outcomes.reduce((n, o) => n + o.instances, 0),
      ruleRuns: outcomes.reduce((n, o) => n + o.runs, 0),
      opaqueModuleCalls: opaque.size,
    },
  };
}

export function progressAfter(plan: ScanPlan, outcomes: readonly ModuleOutcome[], last: ModuleOutcome): ScanProgress {
  const files = new Set<string>();
  for (const outcome of outcomes) for (const file of outcome.files) files.add(file);
  return {
    modulesDone: outcomes.length,
    modulesTotal: Math.max(plan.roots.length, outcomes.length),
    filesDone: Math.min(files.size, plan.filesTotal),
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
export function scanIo(given?: SourceReader, plan?: ScanPlan, tracker?: ReadTracker): LintIo & { readonly load: SourceLoader; readonly modules?: ModuleCache } {
  const reader = given ?? overlayReader(plan?.options.overlay, readFromDisk);
  const shared = new Map<string, SourceFile | undefined>();
  const load = (file: string): SourceFile | undefined => {
    const name = path.basename(file);
    // Terragrunt files (a terragrunt.hcl, and the root.hcl every environment includes) are read by many modules' environments.
    if (!isTerragruntIncludeName(name) && !isVarFileName(name)) return readSourceFile(file, reader);
    if (!shared.has(file)) shared.set(file, readSourceFile(file, reader));
    return shared.get(file);
  };
  const modules = plan && sharedModules(plan);
  // A worker thread of a cached scan records what it reads itself (it has no cache of its own).
  const reads = tracker ?? (plan?.options.recordReads ? new ReadTracker(new FileStates()) : undefined);
  return {
    reader,
    load,
    list: memoizeLister(overlayLister(plan?.options.overlay, listFromDisk)),
    ...(modules ? { modules } : {}),
    ...(reads ? { tracker: reads } : {}),
  };
}

/** Where a scan's trees keep the modules several of them read, each until the last of them is done. */
export function sharedModules(plan: ScanPlan): ModuleCache {
  return new ModuleCache(
    expectedReaders(
      plan.modules.map((p) => p.module.dir),
      plan,
    ),
  );
}

/** The outcome of the tree from a module: the cache's when nothing it read changed, else linted (and kept in the cache). */
export function lintOrReuse(plan: ScanPlan, index: number, rules: readonly RuleModule[], io: LintIo, cache: TreeCache | undefined): ModuleOutcome {
  const cached = cache?.lookup(plan, index);
  if (cached) {
    // The modules this tree was expected to read are not waiting for it any more.
    io.modules?.release((plan.reach[index] ?? []).map((reached) => plan.modules[reached]!.module.dir));
    return cached;
  }
  const outcome = lintPlannedModule(plan, plan.modules[index]!, rules, io);
  cache?.store(plan, index, outcome);
  return outcome;
}

/** The findings of the var files no module loads and of the unreadable directories: the cache's, when it has them. */
export function extraFindings(plan: ScanPlan, cache: TreeCache | undefined, compute: () => Finding[]): Finding[] {
  return cache ? cache.extraFindings(plan, compute) : compute();
}

/** The cache a request may use: none for a revision's text, which is not on disk. */
export function usableCache(request: ScanRequest): TreeCache | undefined {
  return request.overlay ? undefined : request.cache;
}

/** Plans a scan, with the cache (if any) supplying the call sources of modules whose files did not change. */
export function planRequest(request: ScanRequest): ScanPlan {
  const cache = usableCache(request);
  return planScan(request, request.rules, undefined, cache);
}

/**
 * Plans and lints everything in this thread, a tree per root, then what no tree reached. `planned` is the
 * plan when the caller has made it already, and when it started.
 */
export async function scan(request: ScanRequest, planned?: { readonly plan: ScanPlan; readonly started: number }): Promise<ScanOutcome> {
  const started = planned?.started ?? performance.now();
  const cache = usableCache(request);
  const plan = planned?.plan ?? planRequest(request);
  const reader = overlayReader(request.overlay, request.reader ?? readFromDisk);
  const diskIo = scanIo(reader, plan, cache?.tracker);
  const io: LintIo = {
    reader,
    load: request.load ?? diskIo.load,
    list: request.list ?? diskIo.list,
    ...(diskIo.modules ? { modules: diskIo.modules } : {}),
    ...(diskIo.tracker ? { tracker: diskIo.tracker } : {}),
    ...(request.isCancelled ? { isCancelled: request.isCancelled } : {}),
  };
  const outcomes: ModuleOutcome[] = [];
  let cancelled = false;
  const lintEach = async (indexes: readonly number[]): Promise<void> => {
    for (const index of indexes) {
      if (cancelled || request.isCancelled?.()) {
        cancelled = true;
        return;
      }
      const outcome = lintOrReuse(plan, index, request.rules, io, cache);
      outcomes.push(outcome);
      request.onModule?.(outcome);
      request.onProgress?.(progressAfter(plan, outcomes, outcome));
      if (outcome.cancelled) {
        cancelled = true;
        return;
      }
      if (request.betweenModules) await request.betweenModules();
    }
  };
  await lintEach(plan.roots);
  diskIo.modules?.clear();
  await lintEach(unreachedModules(plan, outcomes));
  return summarize(plan, outcomes, cancelled ? [] : extraFindings(plan, cache, () => extraVarFileFindings(plan, reader, io.load)), started, cancelled);
}
