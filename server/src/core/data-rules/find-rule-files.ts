// Where rule files live: `.premortem/rules/*.yaml`, `*.yml` and `*.json` in each scanned path and in its
// parents up to the top of its git repository (the path itself outside git), whether or not a
// `.premortem.json` is there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceBoundary } from '../workspace-boundary';
import { isInside } from '../path-inside';

export const RULES_FOLDER = path.join('.premortem', 'rules');
const RULE_FILE = /\.(?:ya?ml|json)$/;

export function isRuleFileName(name: string): boolean {
  return RULE_FILE.test(name);
}

/** The rule files for the scanned paths, each once, nearest folder first, then by name. */
export function findRuleFiles(paths: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const start = isDirectory(absolute) ? absolute : path.dirname(absolute);
    const top = workspaceBoundary(start);
    for (let dir = start; ; dir = path.dirname(dir)) {
      for (const file of ruleFilesIn(path.join(dir, RULES_FOLDER))) {
        if (!seen.has(file)) found.push(file);
        seen.add(file);
      }
      if (dir === top || !isInside(dir, top) || path.dirname(dir) === dir) break;
    }
  }
  return found;
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
