// The user's rules for a scan: every rule file found for the scanned paths (or named), loaded. A file that
// cannot be used is an error to print, and the others still run: one broken rule file must not hide
// what every other rule finds.
import { createHash } from 'node:crypto';
import { findRuleFiles } from './find-rule-files';
import { loadRuleFile, type LoadedRule } from './load-rule-file';
import { RuleFileError } from './rule-file-error';
import type { DataRule } from './compile-rule';

export interface RuleSet {
  readonly loaded: readonly LoadedRule[];
  readonly errors: readonly RuleFileError[];
  /** A digest of every rule file's path and text: part of the lint cache's key. */
  readonly digest: string;
}

export function rulesOf(set: RuleSet): DataRule[] {
  return set.loaded.map((l) => l.rule);
}

/** Loads the given rule files; `taken` holds ids already in use (the built-in rules'). */
export function loadRuleSet(files: readonly string[], taken: ReadonlySet<string>): RuleSet {
  const loaded: LoadedRule[] = [];
  const errors: RuleFileError[] = [];
  const ids = new Map<string, string>();
  const hash = createHash('sha1');
  for (const file of files) {
    let rule: LoadedRule;
    try {
      rule = loadRuleFile(file);
    } catch (thrown) {
      if (!(thrown instanceof RuleFileError)) throw thrown;
      errors.push(thrown);
      hash.update(`${file}\0error\0`);
      continue;
    }
    const id = rule.definition.id;
    const clash = taken.has(id) ? 'a built-in rule' : ids.has(id) ? ids.get(id) : undefined;
    if (clash !== undefined) {
      errors.push(
        new RuleFileError(
          rule.file,
          1,
          1,
          'id',
          `"${id}" is already the id of ${clash === 'a built-in rule' ? clash : `the rule in ${clash}`}; give this rule its own id`,
        ),
      );
      continue;
    }
    ids.set(id, rule.file);
    loaded.push(rule);
    hash.update(`${rule.file}\0${rule.text}\0`);
  }
  return { loaded, errors, digest: hash.digest('base64') };
}

/** The rule files for the scanned paths, loaded. */
export function loadRulesFor(paths: readonly string[], cwd: string, taken: ReadonlySet<string>): RuleSet {
  return loadRuleSet(findRuleFiles(paths, cwd), taken);
}
