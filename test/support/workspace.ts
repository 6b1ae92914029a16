// Files written to a new temporary directory, for tests that lint, scan or run the CLI on real paths.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes each file (its path relative to the new directory, folders made as needed) and returns the directory. */
export function writeWorkspace(files: Readonly<Record<string, string>>, prefix = 'premortem-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
