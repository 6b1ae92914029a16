// What `npm pack` ships, which is also what an install from a git URL gets (npm builds the clone through
// the prepare script, then packs it): the CLI's bundle, which carries its dependencies, and its docs. There
// is no registry package, so this is how the CLI reaches CI machines and pre-commit.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE_PAGES = fs
  .readdirSync(path.join(ROOT, 'rules'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `rules/${f}`);
const EXPECTED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/cli.js',
  'package.json',
  ...RULE_PAGES,
  'schemas/premortem-config.schema.json',
  'schemas/premortem-rule.schema.json',
].sort();
const temp: string[] = [];
after(() => temp.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temp.push(dir);
  return dir;
}

function npm(args: readonly string[], cwd = ROOT): string {
  // --ignore-scripts: dist/ is built already ("npm test" builds it first); packing must not build it again.
  return execFileSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test('npm pack ships exactly the CLI bundle, the config schema, the docs and the manifest', () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run "npm run build" first');
  const [pack] = JSON.parse(npm(['pack', '--dry-run', '--json'])) as { files: { path: string }[] }[];
  assert.deepEqual(pack!.files.map((f) => f.path).sort(), EXPECTED);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  for (const target of Object.values(manifest.bin)) assert.ok(EXPECTED.includes(path.posix.normalize(target)), `the bin ${target} is packed`);
});

test('the packed CLI runs on its own, with no node_modules beside it', () => {
  const out = tempDir('premortem-pack-');
  npm(['pack', '--pack-destination', out]);
  const [tarball] = fs.readdirSync(out).filter((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  execFileSync('tar', ['-xzf', path.join(out, tarball), '-C', out]);
  const cli = path.join(out, 'package', 'dist', 'cli.js');
  const project = tempDir('premortem-packed-scan-');
  fs.writeFileSync(path.join(project, 'backend.tf'), 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "prod.tfstate"\n  }\n}\n');
  const result = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json'], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(
    (JSON.parse(result.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId),
    ['terraform-s3-backend-without-locking'],
  );
  // SARIF carries the shipped rule page as the rule's help.
  const sarif = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'sarif'], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  const rule = (
    JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; help?: { markdown: string } }[] } } }[] }
  ).runs[0]!.tool.driver.rules.find((r) => r.id === 'terraform-s3-backend-without-locking');
  assert.match(rule?.help?.markdown ?? '', /^# terraform-s3-backend-without-locking\n/);
});
