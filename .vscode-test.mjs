// @vscode/test-cli configuration for `npm run test:vscode`: the editor scenarios through the `vscode` API,
// in a desktop VS Code that @vscode/test-electron downloads (machines without that download use
// `npm run test:e2e`, which drives code-server in a browser instead).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'premortem',
  files: 'out/test/vscode/**/*.vscode-test.js',
  workspaceFolder: 'test/vscode/workspace',
  // The minimum version the extension supports, so an API used by mistake from a newer one fails here.
  version: '1.91.0',
  mocha: { ui: 'tdd', timeout: 60_000 },
});
