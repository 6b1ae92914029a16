// Bundles the CLI, the language server and the VS Code client into dist/. Type checking is tsc's job
// (`npm run typecheck`); esbuild only transpiles and bundles. `--production` minifies, for the VSIX.
import { chmodSync, existsSync } from 'node:fs';
import { build } from 'esbuild';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const bundles = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The GitHub Action (action.yml): runs dist/cli.js, posts the pull-request comment.
  { entryPoints: ['server/src/cli/github/action.ts'], outfile: 'dist/action.js' },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
  // The client runs inside VS Code's extension host, which provides `vscode`.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // What the blast-radius webview loads (its CSP allows dist/media only): a browser script and its stylesheet.
  {
    entryPoints: ['client/media/blast-radius-graph.js'],
    outfile: 'dist/media/blast-radius-graph.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
  {
    entryPoints: ['client/media/blast-radius-graph.css'],
    outfile: 'dist/media/blast-radius-graph.css',
    platform: 'browser',
    format: undefined,
    sourcemap: false,
  },
];

// An entry point that does not exist yet (a fresh branch) is skipped rather than failing the whole build.
await Promise.all(bundles.filter((b) => existsSync(b.entryPoints[0])).map((b) => build({ ...common, ...b })));

// `npx premortem` runs the file directly, so it must be executable.
chmodSync('dist/cli.js', 0o755);
