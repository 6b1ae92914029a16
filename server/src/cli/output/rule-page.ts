// A rule's documentation page as shipped with premortem (`rules/<id>.md`), for SARIF's `help.markdown`:
// code scanning shows it beside the alert, so the incident and the fix are there without a click. Pages
// are read from the installed package, found by walking up from this file to premortem's package.json with
// the rules folder beside it (a compiled copy of package.json alone, as tsc leaves in out/, is passed by).
import * as fs from 'node:fs';
import * as path from 'node:path';

let packageRoot: string | null | undefined;

function findPackageRoot(): string | null {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const name = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name;
      if (name === 'premortem' && fs.existsSync(path.join(dir, 'rules', 'README.md'))) return dir;
    } catch {
      // no package.json here, or not ours: keep walking up
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** The page's markdown, or undefined for a rule without a shipped page (a user's own rule). */
export function rulePage(ruleId: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  packageRoot ??= findPackageRoot();
  if (packageRoot === null) return undefined;
  try {
    return fs.readFileSync(path.join(packageRoot, 'rules', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
