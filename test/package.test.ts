// What the VSIX carries. `vsce ls` collects files exactly as `vsce package` does (same .vscodeignore, same
// manifest checks), without the production build, so the list is checked on every `npm test`; the
// packaged VSIX itself is built and installed into a real VS Code by `npm run test:e2e`.
//
// The CLI bundle (dist/cli.js) is left out on purpose: nothing in the extension runs it, VS Code puts no
// extension file on the PATH, and the CLI ships through npm (`npx premortem`, package.json "bin").
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { listFiles, PackageManager } from '@vscode/vsce';

const EXPECTED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/extension.js',
  'dist/media/blast-radius-graph.css',
  'dist/media/blast-radius-graph.js',
  'dist/server.js',
  'language-configuration.json',
  'package.json',
  'schemas/premortem-config.schema.json',
  'syntaxes/terraform-vars.tmLanguage.json',
  'syntaxes/terraform.tmLanguage.json',
];

/** The project root above out/test/ (the compiled output may hold its own package.json). */
function repoRoot(): string {
  let dir = __dirname;
  while (!(fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, '.vscodeignore')))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json and .vscodeignore) above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ROOT = repoRoot();

let listing: Promise<string[]> | undefined;

/** The files `vsce package` would put in the VSIX, relative and sorted (listed once per run). */
function packagedFiles(): Promise<string[]> {
  listing ??= (async () => {
    for (const bundle of ['dist/extension.js', 'dist/server.js']) {
      assert.ok(fs.existsSync(path.join(ROOT, bundle)), `${bundle} is missing: run "npm run build" first`);
    }
    // PackageManager.None is `--no-dependencies`, as in `npm run package`: the bundles carry their dependencies.
    const files = await listFiles({ cwd: ROOT, packageManager: PackageManager.None });
    return files.map((f) => f.split(path.sep).join('/')).sort();
  })();
  return listing;
}

test('the VSIX holds exactly the bundles, grammars, language configuration, schema, docs and manifest', async () => {
  assert.deepEqual(await packagedFiles(), [...EXPECTED].sort());
});

test('the VSIX holds no sources, tests, source maps, CLI or node_modules', async () => {
  const unwanted = (await packagedFiles()).filter((f) =>
    /(^|\/)node_modules\/|^(client|server|rules|test|out|scripts|examples)\/|\.(ts|map)$|^dist\/cli\.js$/.test(f),
  );
  assert.deepEqual(unwanted, []);
});

test('every file the manifest points at is packaged', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    main: string;
    contributes: {
      languages: { configuration?: string }[];
      grammars: { path: string }[];
      jsonValidation: { url: string }[];
    };
  };
  const referenced = [
    manifest.main,
    ...manifest.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...manifest.contributes.grammars.map((g) => g.path),
    ...manifest.contributes.jsonValidation.map((v) => v.url).filter((url) => !/^[a-z]+:/i.test(url)),
  ].map((p) => path.posix.normalize(p.replace(/^\.\//, '')));
  const files = new Set(await packagedFiles());
  assert.deepEqual(referenced.filter((p) => !files.has(p)), []);
  // The client starts the server from this path (client/src/extension.ts).
  assert.ok(files.has('dist/server.js'));
});

test('the packaged JSON files parse', async () => {
  for (const file of (await packagedFiles()).filter((f) => f.endsWith('.json'))) {
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')), file);
  }
});
