// OpenTofu: `.tofu` and `.tofu.json` files are configuration as `.tf` and `.tf.json` are, and in one
// directory `x.tofu` replaces `x.tf` (https://opentofu.org/docs/language/files/#extension-precedence), so
// the scan reports on the file OpenTofu loads and says once which `.tf` files it did not read.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { isLintInput } from '../../server/src/cli/git-changes';
import { loadedConfigurationFiles } from '../../server/src/core/configuration-files';
import { runCli } from '../support/run-cli';
import { writeWorkspace } from '../support/workspace';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'databases');

const temporary: string[] = [];
after(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workspace(files: Readonly<Record<string, string>>): string {
  const dir = writeWorkspace(files, 'premortem-tofu-');
  temporary.push(dir);
  return dir;
}

/** The example's files, renamed by `rename`. */
function example(rename: (name: string) => string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(EXAMPLE).filter((n) => n.endsWith('.tf'))) files[rename(name)] = fs.readFileSync(path.join(EXAMPLE, name), 'utf8');
  return files;
}

interface JsonScan {
  readonly findings: readonly { readonly ruleId: string; readonly file: string; readonly range: unknown }[];
  readonly notes?: readonly { readonly id: string; readonly message: string }[];
}

function scanJson(dir: string): JsonScan {
  const run = runCli(dir, 'scan', '.', '--format', 'json');
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return JSON.parse(run.stdout) as JsonScan;
}

test('which files OpenTofu loads: x.tofu over x.tf, x.tofu.json over x.tf.json, each pair on its own', () => {
  const cases: readonly { files: string[]; loaded: string[]; shadowed: string[] }[] = [
    { files: ['main.tf'], loaded: ['main.tf'], shadowed: [] },
    { files: ['main.tf', 'main.tofu'], loaded: ['main.tofu'], shadowed: ['main.tf'] },
    { files: ['a.tf.json', 'a.tofu.json'], loaded: ['a.tofu.json'], shadowed: ['a.tf.json'] },
    { files: ['a.tf.json', 'a.tofu'], loaded: ['a.tf.json', 'a.tofu'], shadowed: [] },
    { files: ['a.tf', 'a.tofu.json'], loaded: ['a.tf', 'a.tofu.json'], shadowed: [] },
    { files: ['/m/x_override.tf', '/m/x_override.tofu'], loaded: ['/m/x_override.tofu'], shadowed: ['/m/x_override.tf'] },
    { files: ['/a/main.tf', '/b/main.tofu'], loaded: ['/a/main.tf', '/b/main.tofu'], shadowed: [] },
  ];
  for (const c of cases) assert.deepEqual(loadedConfigurationFiles(c.files), { loaded: c.loaded, shadowed: c.shadowed }, c.files.join(' '));
});

test('a module written in .tofu files has the findings it has in .tf files, in the .tofu files', () => {
  const asTf = scanJson(workspace(example((name) => name)));
  const asTofu = scanJson(workspace(example((name) => name.replace(/\.tf$/, '.tofu'))));
  assert.ok(asTf.findings.length > 0, 'the example has findings');
  assert.deepEqual(
    asTofu.findings.map((f) => [f.ruleId, f.file, f.range]),
    asTf.findings.map((f) => [f.ruleId, f.file.replace(/\.tf$/, '.tofu'), f.range]),
  );
  assert.equal(
    asTofu.notes?.find((n) => n.id === 'shadowed-files'),
    undefined,
    'nothing is shadowed',
  );
});

test('a .tf file that a .tofu file replaces is not linted, and the summary says so once', () => {
  // aurora.tf has findings; aurora.tofu, the OpenTofu variant, is a harmless stand-in.
  const dir = workspace({ ...example((name) => name), 'aurora.tofu': 'locals {\n  engine = "aurora-postgresql"\n}\n' });
  const json = scanJson(dir);
  const files = [...new Set(json.findings.map((f) => f.file))].sort();
  assert.deepEqual(files, ['events-db.tf'], 'aurora.tf is not read');
  const note = json.notes?.find((n) => n.id === 'shadowed-files');
  assert.ok(note, 'a shadowed-files note');
  assert.match(note.message, /^1 \.tf file is replaced by a \.tofu file of the same name, which OpenTofu loads instead, .*aurora\.tf \(by aurora\.tofu\)\.$/);

  const text = runCli(dir, 'scan', '.');
  assert.equal(text.stdout.match(/replaced by a \.tofu file/g)?.length, 1, text.stdout);
});

test('--new-since and --staged read .tofu changes', () => {
  for (const name of ['main.tofu', 'a/b.tofu.json']) assert.ok(isLintInput(name), name);
  assert.ok(!isLintInput('main.tofu.orig'));
});

test("the extension activates on .tofu files and lints them under the OpenTofu extension's language ids too", async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { languages: { id: string; extensions?: string[] }[] };
  };
  for (const event of ['onLanguage:opentofu', 'onLanguage:opentofu-vars', 'workspaceContains:**/*.tofu'])
    assert.ok(manifest.activationEvents.includes(event), event);
  const terraform = manifest.contributes.languages.find((l) => l.id === 'terraform');
  assert.deepEqual(terraform?.extensions, ['.tf', '.tf.json', '.tofu', '.tofu.json']);
  // The client's selector, read from its source: importing it would need the vscode module.
  const client = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
  for (const entry of ["language: 'opentofu'", "language: 'opentofu-vars'", "pattern: '**/*.{tofu,tofu.json}'"]) assert.ok(client.includes(entry), entry);
  assert.match(client, /createFileSystemWatcher\('[^']*\*\.tofu,\*\.tofu\.json/);
});
