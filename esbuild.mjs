// Bundles the CLI (and, later, the language server and the client) into dist/.
// Type checking is tsc's job (`npm run typecheck`); esbuild only transpiles and bundles.
import { chmodSync } from 'node:fs';
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
};

await build({
  ...common,
  entryPoints: ['server/src/cli/main.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node' },
});

// `npx premortem` runs the file directly, so it must be executable.
chmodSync('dist/cli.js', 0o755);
