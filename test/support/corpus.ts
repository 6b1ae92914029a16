// Finds the real-world corpus (see ../shared/corpus/README.md) and the hand-written HCL fixtures.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Native-syntax files the parser reads: configuration, variable files and Terragrunt/lock files. */
export const HCL_EXTENSIONS = ['.tf', '.tfvars', '.hcl'] as const;

export function isHclFile(name: string): boolean {
  return HCL_EXTENSIONS.some((ext) => name.endsWith(ext));
}

export function corpusDir(): string {
  return process.env['PREMORTEM_CORPUS'] ?? path.join(os.homedir(), '.cache', 'premortem-corpus');
}

export function corpusSkipMessage(dir = corpusDir()): string {
  return `corpus not found at ${dir}; build it as described in ../shared/corpus/README.md`;
}

/** Every file under `dir` whose name passes `keep`, sorted, or undefined when the directory is absent. */
export function listFiles(dir: string, keep: (name: string) => boolean): string[] | undefined {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return undefined;
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && keep(entry.name)) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

/** The corpus's native-syntax files, or undefined when the corpus has not been built here. */
export function corpusFiles(): string[] | undefined {
  const files = listFiles(corpusDir(), isHclFile);
  return files && files.length > 0 ? files : undefined;
}

/** test/fixtures/hcl in the source tree (tests run from out/test/..., fixtures are not compiled). */
export function hclFixturesDir(): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'hcl');
}

export function hclFixtureFiles(): string[] {
  return listFiles(hclFixturesDir(), isHclFile) ?? [];
}

/** The project root above out/test/support/ (the compiled output may hold its own package.json). */
function repoRoot(): string {
  let dir = __dirname;
  while (!(fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'tsconfig.json')))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json and tsconfig.json) above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** File text as the module loader hands it to the parser: UTF-8, leading BOM removed. */
export function readSource(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
