// `scan --new-since REV` and `scan --baseline FILE`: report only the findings a change adds. The modules
// with changed files, and the trees of the modules that call them, are linted twice, as they are and as
// they were at REV (read through git, with no checkout); a finding REV already had is not new.
// `scan --staged` (a pre-commit hook) lints the same scope for the staged files, once, as they are.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../../../rules/api';
import { BaselineError, parseBaseline } from '../core/changes/baseline';
import { overlayReader } from '../core/changes/file-overlay';
import { findingsNotIn, identityKeys, parsedFiles } from '../core/changes/finding-identity';
import type { Comparison, Finding } from '../core/finding';
import { readFromDisk } from '../core/load-module';
import { planRequest, scan, type ScanOutcome, type ScanRequest } from '../core/scan';
import { changesSince, stagedChanges } from './git-changes';
import { UsageError } from './options/usage-error';
import { isInside } from '../core/path-inside';

export interface Compared {
  /** The scan, its findings the new ones only. */
  readonly outcome: ScanOutcome;
  /** Every finding of the scan, new or not (within the changed modules' trees, with --new-since). */
  readonly all: readonly Finding[];
  readonly comparedWith: Comparison;
  /** With --new-since: the changed files under the scanned paths (absolute), and the repository's top. */
  readonly changedFiles?: readonly string[];
  readonly top?: string;
}

export async function scanNewSince(request: ScanRequest, revision: string): Promise<Compared> {
  const changes = changesSince(revision, request.cwd);
  const changedFiles = underPaths(request, changes.changed);
  const comparison = { name: revision, commit: changes.commit, changedFiles: changedFiles.length };
  if (changedFiles.length === 0) return { outcome: emptyOutcome(), all: [], changedFiles, top: changes.top, comparedWith: { revision: comparison, notNew: 0 } };

  // A file that did not change is parsed once for both sides (and for the findings' identities).
  const unchanged = parsedFiles(readFromDisk);
  const before = parsedFiles(overlayReader(changes.overlay, readFromDisk));
  const previousLoad = (file: string): SourceFile | undefined => (Object.hasOwn(changes.overlay, file) ? before(file) : unchanged(file));
  const { plan: _plan, onProgress: _progress, onModule: _module, reader: _reader, ...rest } = request;
  // The revision's plan reaches the Terragrunt units that read a changed file then or now; the units it
  // reached only as they were (an env.hcl deleted since) are in the current scan's scope too.
  const previousRequest = { ...rest, changedFiles, overlay: changes.overlay, load: previousLoad };
  const started = performance.now();
  const previousPlan = planRequest(previousRequest);
  const units = (previousPlan.scope ?? []).flatMap((index) => previousPlan.modules[index]?.module.terragrunt ?? []);
  const current = await scan({ ...request, changedFiles: [...new Set([...changedFiles, ...units])], load: unchanged });
  const previous = await scan(previousRequest, { plan: previousPlan, started });
  const currentKeys = identityKeys(current.findings, changes.top, unchanged);
  const previousKeys = identityKeys(previous.findings, changes.top, previousLoad);
  const keyOf = new Map(current.findings.map((finding, index) => [finding, currentKeys[index]!]));
  const fresh = findingsNotIn(current.findings, (finding) => keyOf.get(finding)!, previousKeys.flat());
  return {
    outcome: { ...current, findings: fresh },
    all: current.findings,
    changedFiles,
    top: changes.top,
    comparedWith: { revision: comparison, notNew: current.findings.length - fresh.length },
  };
}

/**
 * `scan --staged`: the modules with staged files (under the scanned paths) and the trees of the modules that
 * call them, as they are in the working tree, where pre-commit has set unstaged changes aside. Every finding
 * of those trees is reported, old or new: a commit should not carry them. Nothing staged: nothing linted.
 */
export async function scanStaged(
  request: ScanRequest,
  scanWith: (request: ScanRequest) => Promise<ScanOutcome> = scan,
): Promise<{ outcome: ScanOutcome; changedFiles: readonly string[] }> {
  const changedFiles = underPaths(request, stagedChanges(request.cwd).changed);
  if (changedFiles.length === 0) return { outcome: emptyOutcome(), changedFiles };
  return { outcome: await scanWith({ ...request, changedFiles }), changedFiles };
}

function underPaths(request: ScanRequest, files: readonly string[]): string[] {
  const scanned = request.paths.map((given) => path.resolve(request.cwd, given));
  return files.filter((file) => scanned.some((dir) => isInside(file, dir)));
}

/** The findings a baseline file lacks; its entries' paths are relative to its folder. */
export function withoutBaseline(findings: readonly Finding[], file: string, cwd: string): { findings: Finding[]; notNew: number } {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `baseline file not found: ${file}; write one with "premortem baseline --output ${file}"`
        : `cannot read the baseline ${file}: ${code ?? (error as Error).message}`,
    );
  }
  let accepted: string[];
  try {
    accepted = parseBaseline(text, file);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
  const keys = identityKeys(findings, path.dirname(absolute));
  const keyOf = new Map(findings.map((finding, index) => [finding, keys[index]!]));
  const fresh = findingsNotIn(findings, (finding) => keyOf.get(finding)!, accepted);
  return { findings: fresh, notNew: findings.length - fresh.length };
}

function emptyOutcome(): ScanOutcome {
  return {
    findings: [],
    failures: [],
    cancelled: false,
    summary: { modules: 0, files: 0, findings: 0, bySeverity: { error: 0, warning: 0, info: 0 }, durationMs: 0 },
  };
}
