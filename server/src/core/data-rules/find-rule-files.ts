// Where rule files live: `.premortem/rules/*.yaml`, `*.yml` and `*.json`, in each scanned path, in its
// parents up to the top of its git repository (the path itself outside git), and in the folders below a
// scanned directory, whether or not a `.premortem.json` is there. As ESLint's cascading config, a rule file
// applies only to the modules at or below the folder that holds its `.premortem/` (its scope).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SKIPPED_DIRECTORIES } from '../discover';
import { workspaceBoundary } from '../workspace-boundary';
import { isInside } from '../path-inside';

export const RULES_FOLDER = path.join('.premortem', 'rules');
const RULE_FILE = /\.(?:ya?ml|json)$/;

export function isRuleFileName(name: string): boolean {
  return RULE_FILE.test(name);
}

/** `<dir>/.premortem/rules/<name>`: a rule file in its place (not one named on the command line). */
export function isPlacedRuleFile(file: string): boolean {
  const rules = path.dirname(file);
  return isRuleFileName(file) && path.basename(rules) === 'rules' && path.basename(path.dirname(rules)) === '.premortem';
}

/** The folder whose modules a rule file applies to: `<dir>` for `<dir>/.premortem/rules/x.yaml`; undefined (everywhere) for a file elsewhere. */
export function scopeOf(file: string): string | undefined {
  return isPlacedRuleFile(file) ? path.dirname(path.dirname(path.dirname(path.resolve(file)))) : undefined;
}

/**
 * The rule files for the scanned paths, each once: outer scopes first (a repository-top file before one in
 * a subfolder), then by path. That order decides which of two files that claim one id is kept.
 */
export function findRuleFiles(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const directory = isDirectory(absolute);
    const start = directory ? absolute : path.dirname(absolute);
    const top = workspaceBoundary(start);
    for (let dir = start; ; dir = path.dirname(dir)) {
      for (const file of ruleFilesIn(path.join(dir, RULES_FOLDER))) found.add(file);
      if (dir === top || !isInside(dir, top) || path.dirname(dir) === dir) break;
    }
    if (directory) for (const folder of nestedRuleFolders(start)) for (const file of ruleFilesIn(folder)) found.add(file);
  }
  return sortRuleFiles([...found]);
}

/** Outer scopes first, then by path; each file once. */
export function sortRuleFiles(files: readonly string[]): string[] {
  return [...new Set(files)].sort(outerFirst);
}

function outerFirst(a: string, b: string): number {
  const depth = (file: string): number => (scopeOf(file) ?? '').split(path.sep).length;
  return depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The `.premortem/rules` folders below `dir` (not its own), skipping what module discovery skips
 * (`.terraform`, `.git`, `node_modules`, ...) and symbolic links, so a rule file applies only where it is.
 */
function nestedRuleFolders(dir: string): string[] {
  const folders: string[] = [];
  const walk = (current: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!entry.isDirectory() || SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const child = path.join(current, entry.name);
      if (entry.name === '.premortem') {
        if (current !== dir && isDirectory(path.join(child, 'rules'))) folders.push(path.join(child, 'rules'));
        continue;
      }
      walk(child);
    }
  };
  walk(dir);
  return folders;
}

/** The rule files directly in a `.premortem/rules` folder, by name. */
export function ruleFilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter(isRuleFileName)
    .sort()
    .map((name) => path.join(folder, name))
    .filter((file) => {
      try {
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    });
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
