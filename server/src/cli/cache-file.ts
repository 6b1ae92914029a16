// `--cache` and `--cache-location`, as ESLint names them: where the lint cache lives, reading it (anything
// that is not a usable cache is ignored, silently) and writing it back atomically. A cache that cannot be
// written costs one warning line: the report and the exit code are the scan's, as without --cache.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleModule } from '../../../rules/api';
import { LintCache, type CacheStats } from '../core/cache/lint-cache';
import { filesParsed } from '../core/parse';
import { UsageError } from './options/usage-error';
import { isConfigurationName } from './output/output-target';

export const DEFAULT_CACHE_FILE = '.premortemcache';

/**
 * The cache file: `.premortemcache` in the working directory by default; `--cache-location` names a file,
 * or a directory (one that exists, or a path ending in a slash) that gets `.premortemcache` inside it.
 */
export function cacheFileOf(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const absolute = path.resolve(cwd, location);
  const named = /[\\/]$/.test(location) || isDirectory(absolute) ? path.join(absolute, DEFAULT_CACHE_FILE) : absolute;
  if (isConfigurationName(path.basename(named))) {
    throw new UsageError(
      `--cache-location ${location}: refusing to write the cache over a configuration file; name a cache file such as ${DEFAULT_CACHE_FILE}`,
    );
  }
  return named;
}

/**
 * The cache in `file`, or an empty one when there is none or it is not a cache this premortem can use.
 * `userRules` is the digest of the rule files (.premortem/rules) that run: another rule file, another key.
 */
export function openCache(file: string, rules: readonly RuleModule[], version: string, userRules = ''): LintCache {
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return new LintCache(text, { version, program: `${programHash()}${userRules === '' ? '' : ` ${userRules}`}` }, rules);
}

/** Writes the cache (a temporary file renamed over it); a failure is one warning line on stderr, nothing more. */
function saveCache(cache: LintCache, file: string, cwd: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, cache.serialize());
    fs.renameSync(temporary, file);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing more to clean
    }
    const reason = (error as Error).message.replace(/, \w+ '.*'$/, '');
    process.stderr.write(`premortem: warning: cannot write the cache ${path.relative(cwd, file) || file}: ${reason}\n`);
  }
}

/** After the scan: the cache written back when it learnt something, and with --debug, what it saved. */
export function finishCache(cache: LintCache, file: string, cwd: string, debug: boolean): void {
  if (cache.stale) saveCache(cache, file, cwd);
  if (debug) process.stderr.write(cacheSummary(cache.stats, file, cwd));
}

/** One line for --debug: what the cache saved. */
function cacheSummary(stats: CacheStats, file: string, cwd: string): string {
  return `premortem: cache ${path.relative(cwd, file) || file}: ${stats.reused} trees reused, ${stats.linted} linted, ${stats.filesRead} files read to hash, ${filesParsed()} parsed\n`;
}

let program: string | undefined;

/** A hash of the program that runs (the bundle holds every rule), so another build does not reuse findings. */
function programHash(): string {
  if (program === undefined) {
    try {
      program = createHash('sha1').update(fs.readFileSync(__filename)).digest('base64');
    } catch {
      program = 'unknown';
    }
  }
  return program;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
