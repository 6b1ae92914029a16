// Scans paths: finds modules (honouring excludes), lints each, and reports progress as it goes. The CLI
// and the editor's workspace scan both run this, so they find the same modules and say the same things.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta, RuleModule, Severity } from '../../../rules/api';
import { BUILTIN_RULES, SYNTAX_ERROR } from './builtin-rules';
import { defaultConfig, findConfigFile, isRuleEnabled, loadConfigFile, ruleSeverity, type ResolvedConfig } from './config';
import { createExcludeMatcher, discoverModules, UsageError, type DiscoveredModule } from './discover';
import type { Finding, ScanResult } from './finding';
import { compareFindings, lintModule, type RuleFailure } from './lint';
import { autoLoadedVarFiles, loadModule, readFromDisk, readSourceFile, type SourceReader } from './load-module';

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
}

export interface ScanRequest {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly rules: readonly RuleModule[];
  /** --config: one config file for everything, instead of the nearest `.premortem.json`. */
  readonly configFile?: string;
  readonly varFiles?: readonly string[];
  readonly onlyRules?: readonly string[];
  /** false turns premortem-ignore comments off (--no-inline-ignores). */
  readonly inlineIgnores?: boolean;
  /** Extra glob patterns to exclude (the editor's premortem.scan.exclude), relative to the config's directory. */
  readonly exclude?: readonly string[];
  readonly reader?: SourceReader;
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

export function allRuleMetas(rules: readonly RuleModule[]): RuleMeta[] {
  return [...BUILTIN_RULES, ...rules.map((r) => r.meta as RuleMeta)];
}

interface Root {
  readonly path: string;
  readonly isFile: boolean;
  readonly config: ResolvedConfig;
}

function resolveRoots(request: ScanRequest): Root[] {
  const metas = allRuleMetas(request.rules);
  const cache = new Map<string, ResolvedConfig>();
  const configAt = (file: string | undefined, fallbackDir: string): ResolvedConfig => {
    if (!file) return defaultConfig(fallbackDir);
    let config = cache.get(file);
    if (!config) {
      config = loadConfigFile(file, metas);
      cache.set(file, config);
    }
    return config;
  };
  const explicit = request.configFile ? path.resolve(request.cwd, request.configFile) : undefined;
  if (explicit && !fs.existsSync(explicit)) throw new UsageError(`config file not found: ${request.configFile}`);
  return request.paths.map((p) => {
    const absolute = path.resolve(request.cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`path not found: ${p}`);
    }
    const dir = stat.isDirectory() ? absolute : path.dirname(absolute);
    return { path: absolute, isFile: !stat.isDirectory(), config: configAt(explicit ?? findConfigFile(dir), request.cwd) };
  });
}

export async function scan(request: ScanRequest): Promise<ScanOutcome> {
  const started = performance.now();
  const reader = request.reader ?? readFromDisk;
  const roots = resolveRoots(request);
  const explicitVarFiles = (request.varFiles ?? []).map((f) => {
    const absolute = path.resolve(request.cwd, f);
    if (!fs.existsSync(absolute)) throw new UsageError(`var file not found: ${f}`);
    return absolute;
  });

  // Discovery, per root, with that root's config's excludes.
  const modules = new Map<string, { module: DiscoveredModule; root: Root; onlyFiles?: Set<string> }>();
  const strayVarFiles = new Set<string>();
  for (const root of roots) {
    const isExcluded = createExcludeMatcher(root.config.dir, [...root.config.exclude, ...(request.exclude ?? [])]);
    const discovery = discoverModules([root.path], isExcluded);
    for (const module of discovery.modules) {
      const existing = modules.get(module.dir);
      const entry = existing ?? { module, root };
      if (root.isFile) {
        if (!existing || existing.onlyFiles) (entry.onlyFiles ??= new Set()).add(root.path);
      } else {
        delete entry.onlyFiles;
      }
      modules.set(module.dir, entry);
    }
    for (const file of discovery.strayVarFiles) strayVarFiles.add(file);
  }

  const entries = [...modules.values()].sort((a, b) => (a.module.dir < b.module.dir ? -1 : a.module.dir > b.module.dir ? 1 : 0));
  const filesTotal = entries.reduce((n, e) => n + e.module.files.length + e.module.varFiles.length, 0) + strayVarFiles.size;
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  let filesDone = 0;
  let modulesDone = 0;
  let cancelled = false;

  for (const { module: discovered, root, onlyFiles } of entries) {
    if (request.isCancelled?.()) {
      cancelled = true;
      break;
    }
    const module = loadModule(discovered, { reader, explicitVarFiles, root: root.path });
    const result = lintModule(module, {
      rules: request.rules,
      config: root.config,
      inlineIgnores: request.inlineIgnores !== false,
      ...(request.onlyRules ? { onlyRules: new Set(request.onlyRules) } : {}),
      ...(request.isCancelled ? { isCancelled: request.isCancelled } : {}),
    });
    // Var files Terraform does not load by itself (prod.tfvars next to the module) must still parse.
    const loaded = new Set(autoLoadedVarFiles(discovered.varFiles));
    const otherVarFiles = discovered.varFiles.filter((f) => !loaded.has(f));
    const moduleFindings = [...result.findings, ...syntaxFindings(otherVarFiles, reader, root.config)].filter(
      (f) => !onlyFiles || onlyFiles.has(f.file),
    );
    moduleFindings.sort(compareFindings);
    findings.push(...moduleFindings);
    failures.push(...result.failures);
    const files = [...discovered.files, ...discovered.varFiles];
    filesDone += files.length;
    modulesDone++;
    request.onModule?.({ dir: discovered.dir, files, findings: moduleFindings });
    request.onProgress?.({
      modulesDone,
      modulesTotal: entries.length,
      filesDone,
      filesTotal,
      module: path.relative(request.cwd, discovered.dir) || '.',
    });
    if (result.cancelled) {
      cancelled = true;
      break;
    }
    if (request.betweenModules) await request.betweenModules();
  }
  if (!cancelled) {
    const config = roots[0]?.config ?? defaultConfig(request.cwd);
    const stray = syntaxFindings([...strayVarFiles, ...explicitVarFiles], reader, config);
    findings.push(...stray);
    filesDone += strayVarFiles.size;
  }

  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) bySeverity[finding.severity]++;
  return {
    findings,
    failures,
    cancelled,
    summary: {
      modules: modulesDone,
      files: filesDone,
      findings: findings.length,
      bySeverity,
      durationMs: performance.now() - started,
    },
  };
}

function syntaxFindings(files: readonly string[], reader: SourceReader, config: ResolvedConfig): Finding[] {
  if (!isRuleEnabled(config, SYNTAX_ERROR)) return [];
  const severity = ruleSeverity(config, SYNTAX_ERROR) ?? 'error';
  const out: Finding[] = [];
  for (const file of files) {
    const source = readSourceFile(file, reader);
    for (const error of source?.errors ?? []) {
      out.push({ ruleId: SYNTAX_ERROR.id, severity, message: error.message, messageId: 'syntaxError', file, range: error.range });
    }
  }
  return out;
}
