// What the VSIX carries. vsce collects and packs files here exactly as `vsce package` does (same
// .vscodeignore, same manifest checks and README processing), without the production build, so the list,
// the README's images and the absence of warnings are checked on every `npm test`; the packaged VSIX itself
// is built and installed into a real VS Code by `npm run test:e2e`.
//
// The CLI bundle (dist/cli.js) is left out on purpose: nothing in the extension runs it, VS Code puts no
// extension file on the PATH, and the CLI ships through npm (`npx premortem`, package.json "bin").
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index';
import { allRuleMetas } from '../server/src/core/scan';

interface PackedFile {
  readonly path: string;
  readonly contents?: Buffer | string;
  readonly localPath?: string;
}

/**
 * vsce's packaging module. Its public API neither takes `readmePath` for listing nor packs without running
 * the prepublish build first; these two functions are what `vsce package --no-dependencies --readme-path`
 * does after that build.
 */
const vsce = createRequire(__filename)('@vscode/vsce/out/package') as {
  listFiles(options: { cwd: string; dependencies: boolean; readmePath: string }): Promise<string[]>;
  pack(options: { cwd: string; packagePath: string; dependencies: boolean; readmePath: string }): Promise<{ files: PackedFile[] }>;
};

/** The extension's README, which `npm run package` hands to vsce (`--readme-path`); the VSIX calls it readme.md. */
const README = 'EXTENSION.md';

const EXPECTED = [
  'CHANGELOG.md',
  'LICENSE',
  README,
  'images/icon.png',
  'dist/extension.js',
  'dist/media/blast-radius-graph.css',
  'dist/media/blast-radius-graph.js',
  'dist/server.js',
  'language-configuration.json',
  'package.json',
  'schemas/premortem-config.schema.json',
  'schemas/premortem-rule.schema.json',
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
    // No dependencies, as in `npm run package`: the bundles carry theirs.
    const files = await vsce.listFiles({ cwd: ROOT, dependencies: false, readmePath: README });
    return files.map((f) => f.split(path.sep).join('/')).sort();
  })();
  return listing;
}

/** The rule pages (rules/<id>.md and the index, rules/README.md), which the editor opens offline. */
function rulePages(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'rules'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `rules/${f}`);
}

test('the VSIX holds exactly the bundles, grammars, language configuration, schema, rule pages, docs and manifest', async () => {
  assert.deepEqual(await packagedFiles(), [...EXPECTED, ...rulePages()].sort());
});

test('the VSIX holds no sources, tests, source maps, CLI or node_modules', async () => {
  // Of rules/, only pages (the list of rules that "premortem: Open Rules" shows).
  const unwanted = (await packagedFiles()).filter((f) =>
    /(^|\/)node_modules\/|^(client|server|test|out|scripts|examples)\/|^rules\/(?!.*\.md$)|\.(ts|map)$|^dist\/cli\.js$/.test(f),
  );
  assert.deepEqual(unwanted, []);
});

test("every rule, built-in checks included, has its page in the VSIX, and the pages' relative links lead to packaged files", async () => {
  const files = new Set(await packagedFiles());
  const missing = allRuleMetas(RULES)
    .map((meta) => `rules/${meta.id}.md`)
    .filter((page) => !files.has(page));
  assert.deepEqual(missing, []);
  const broken: string[] = [];
  for (const page of rulePages()) {
    const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:|^#/i.test(target!)) continue;
      const file = path.posix.normalize(path.posix.join('rules', target!.replace(/#.*$/, '')));
      if (!files.has(file)) broken.push(`${page}: ${target}`);
    }
  }
  assert.deepEqual(broken, []);
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
  assert.deepEqual(
    referenced.filter((p) => !files.has(p)),
    [],
  );
  // The client starts the server from this path (client/src/extension.ts).
  assert.ok(files.has('dist/server.js'));
});

test('the packaged JSON files parse', async () => {
  for (const file of (await packagedFiles()).filter((f) => f.endsWith('.json'))) {
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')), file);
  }
});

test('npm run package hands vsce the extension README, and the manifest names the PNG icon', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { icon: string; scripts: Record<string, string> };
  assert.match(manifest.scripts['package']!, new RegExp(`^vsce package --no-dependencies --readme-path ${README.replace(/\./g, '\\.')}$`));
  assert.equal(manifest.icon, 'images/icon.png');
  const png = fs.readFileSync(path.join(ROOT, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  // Width and height, from the IHDR chunk: the Marketplace wants at least 128x128.
  assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128 && png.readUInt32BE(16) === png.readUInt32BE(20));
});

/**
 * vsce's packaging step (what `vsce package` does after the prepublish build) with its console output
 * captured: the VSIX's files as written, and every line vsce printed.
 */
async function packWithOutput(out: string): Promise<{ files: PackedFile[]; lines: string[] }> {
  const lines: string[] = [];
  const original = { log: console.log, warn: console.warn, error: console.error };
  const capture = (...args: unknown[]): void => {
    lines.push(...args.map(String).join(' ').split('\n'));
  };
  console.log = console.warn = console.error = capture;
  try {
    const { files } = await vsce.pack({ cwd: ROOT, packagePath: out, dependencies: false, readmePath: README });
    return { files, lines };
  } finally {
    Object.assign(console, original);
  }
}

test("vsce packages without a warning, and the README's images are PNGs of this repository that vsce links absolutely", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-vsix-'));
  try {
    const { files, lines } = await packWithOutput(path.join(dir, 'premortem.vsix'));
    assert.deepEqual(
      lines.filter((line) => /WARNING|ERROR/i.test(line)),
      [],
    );
    assert.ok(fs.statSync(path.join(dir, 'premortem.vsix')).size > 0);
    const readme = files.find((f) => f.path === 'extension/readme.md');
    assert.ok(readme?.contents !== undefined, 'the VSIX has a readme');
    const text = readme.contents.toString();
    assert.match(text, /^# premortem for VS Code/);
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 3, `screenshots in the README: ${images.join(', ')}`);
    // vsce rewrites relative links from package.json's repository: the images must exist there at those paths.
    const base = 'https://github.com/premortem-dev/premortem/raw/HEAD/';
    for (const image of images) {
      assert.ok(image.startsWith(base), image);
      const file = image.slice(base.length);
      assert.ok(file.endsWith('.png') && fs.existsSync(path.join(ROOT, file)), `${file} is a PNG in the repository`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
