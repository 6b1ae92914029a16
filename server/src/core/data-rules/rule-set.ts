// The user's rules for a scan: every rule file found for the scanned paths (or named), loaded. A file that
// cannot be used is an error to print, and the others still run: one broken rule file must not hide
// what every other rule finds.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { findRuleFiles } from './find-rule-files';
import { loadRuleFile, parseRuleFile, type LoadedRule } from './load-rule-file';
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

/**
 * Loads the given rule files; `taken` holds ids already in use (the built-in rules'). `unsaved` gives the
 * text of a file being edited (the editor's), instead of the disk's.
 */
export function loadRuleSet(files: readonly string[], taken: ReadonlySet<string>, unsaved: (file: string) => string | undefined = () => undefined): RuleSet {
  const loaded: LoadedRule[] = [];
  const errors: RuleFileError[] = [];
  const ids = new Map<string, string>();
  const hash = createHash('sha1');
  for (const file of files) {
    let rule: LoadedRule;
    try {
      const text = unsaved(file);
      rule = text === undefined ? loadRuleFile(file) : parseRuleFile(path.resolve(file), text);
    } catch (thrown) {
      if (!(thrown instanceof RuleFileError)) throw thrown;
      errors.push(thrown);
      hash.update(`${file}\0error\0`);
      continue;
    }
    const id = rule.definition.id;
    // One id is one rule everywhere: `.premortem.json`, `--rule`, premortem-ignore comments, baselines and
    // SARIF name rules by id, so two files that claim one id (at any levels) are an error, not an override.
    // Files come outer scope first, so the repository-wide rule is kept and the nested copy is named.
    const earlier = ids.get(id);
    if (taken.has(id) || earlier !== undefined) {
      errors.push(
        new RuleFileError(
          rule.file,
          rule.idAt.line,
          rule.idAt.column,
          'id',
          earlier === undefined
            ? `"${id}" is already the id of a built-in rule; give this rule its own id`
            : `"${id}" is already the id of the rule in ${earlier}; give this rule its own id`,
          earlier,
        ),
      );
      hash.update(`${file}\0error\0`);
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
