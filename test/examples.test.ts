// Every folder in examples/ is a root module that must pass `terraform validate` against the real AWS provider
// schema, so the examples stay honest: the risks they show are in configurations Terraform accepts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findTerraform, missingProviders, terraformValidate } from './support/terraform';

/** The source tree's root: out/ may hold a copy of package.json, so look for tsconfig.json beside it. */
function repoRoot(): string {
  let dir = __dirname;
  while (!(fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'tsconfig.json')))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const examplesDir = path.join(repoRoot(), 'examples');

function exampleFolders(): string[] {
  if (!fs.existsSync(examplesDir)) return [];
  return fs
    .readdirSync(examplesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

function terraformFiles(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(folder).sort()) {
    if (name.endsWith('.tf') || name.endsWith('.tfvars')) files[name] = fs.readFileSync(path.join(folder, name), 'utf8');
  }
  return files;
}

test('examples/ holds at least one example, each with .tf files and a README', () => {
  const folders = exampleFolders();
  assert.ok(folders.length > 0, `no example folders in ${examplesDir}`);
  for (const name of folders) {
    const folder = path.join(examplesDir, name);
    assert.ok(
      Object.keys(terraformFiles(folder)).some((f) => f.endsWith('.tf')),
      `${name} has no .tf file`,
    );
    assert.ok(fs.existsSync(path.join(folder, 'README.md')), `${name} has no README.md`);
    assert.ok(!fs.existsSync(path.join(folder, '.terraform')), `${name} contains a .terraform/ folder; validate in a copy`);
    assert.ok(!fs.existsSync(path.join(folder, '.terraform.lock.hcl')), `${name} contains a lock file; validate in a copy`);
  }
});

test('every example passes terraform validate', { timeout: 600_000 }, async (t) => {
  const tool = findTerraform();
  if ('skip' in tool) {
    t.skip(`terraform validate not run: ${tool.skip}`);
    return;
  }
  for (const name of exampleFolders()) {
    await t.test(name, (st) => {
      const files = terraformFiles(path.join(examplesDir, name));
      const missing = missingProviders(tool, files);
      if (missing !== undefined) return st.skip(`terraform validate not run: ${missing}`);
      const result = terraformValidate(tool, files);
      assert.ok(result.valid, `examples/${name} is not valid:\n  ${result.diagnostics.join('\n  ')}`);
      const warnings = result.diagnostics.filter((d) => d.startsWith('warning'));
      assert.deepEqual(warnings, [], `examples/${name} has validate warnings`);
    });
  }
});
