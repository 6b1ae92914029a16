// The user's rules for a command: the rule files found for its paths (see core/data-rules), loaded next to
// the built-in rules. A rule file that cannot be used is printed as one line; the command then runs
// every other rule and exits 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleModule } from '../../../rules/api';
import { RULES } from '../../../rules/index';
import { BUILTIN_RULES } from '../core/lint/builtin-rules';
import { findRuleFiles, isRuleFileName } from '../core/data-rules/find-rule-files';
import { loadRuleSet, rulesOf, type RuleSet } from '../core/data-rules/rule-set';

export interface UserRules {
  readonly set: RuleSet;
  /** The rule files, to load again in worker threads. */
  readonly files: readonly string[];
  /** Built-in and user rules, to run together. */
  readonly rules: readonly RuleModule[];
}

export const BUILTIN_IDS: ReadonlySet<string> = new Set([...RULES.map((r) => r.meta.id), ...BUILTIN_RULES.map((m) => m.id)]);

/** The rule files for `paths`: those a path names, and those in `.premortem/rules` of each path and its parents. */
export function userRuleFiles(paths: readonly string[], cwd: string): string[] {
  const named = paths.map((p) => path.resolve(cwd, p)).filter((p) => isRuleFileName(p) && isFile(p));
  const others = paths.filter((p) => !named.includes(path.resolve(cwd, p)));
  return [...named, ...findRuleFiles(others.length > 0 ? others : named.length > 0 ? [] : ['.'], cwd).filter((f) => !named.includes(f))];
}

/** `taken`: the ids a rule file may not use (by default the built-in rules'; `rules test` runs each rule alone). */
export function loadUserRules(paths: readonly string[], cwd: string, taken: ReadonlySet<string> = BUILTIN_IDS): UserRules {
  const files = userRuleFiles(paths, cwd);
  const set = loadRuleSet(files, taken);
  return { set, files, rules: [...RULES, ...rulesOf(set)] };
}

/** Prints each unusable rule file as one line; true when there was one (the exit code is then 2). */
export function reportRuleFileErrors(set: RuleSet, cwd: string): boolean {
  for (const error of set.errors) process.stderr.write(`premortem: ${error.relativeTo(cwd)}\n`);
  return set.errors.length > 0;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
