// The language server's speed and memory, measured over LSP (stdio) against the real dist/server.js:
//   1. time from didChange to publishDiagnostics (premortem.lintDelayMs = 0) on the module of the largest
//      corpus file, over 200 edits: median and p95 (target p95 <= 30 ms). That module is called by four
//      examples, so each edit lints their four trees;
//   2. the same for a file of a child module in the corpus's largest module tree (terraform-aws-eks's
//      karpenter example: seven modules, 348 KB), which every EKS example and test calls;
//   3. the server's memory after a workspace scan of the whole corpus (target VmRSS <= 250 MB).
// Run on its own (`node scripts/bench-lsp.mjs`, after `npm run build`) or through runLspBench(corpus).
//   PREMORTEM_CORPUS  corpus directory (default ~/.cache/premortem-corpus)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver/node');

const root = join(import.meta.dirname, '..');
const SERVER = join(root, 'dist', 'server.js');
const LARGEST_FILE = join('terraform-aws-modules__terraform-aws-ecs', 'modules', 'service', 'main.tf');
/** A child module of the largest module tree (by bytes reached from one root). */
const LARGEST_TREE_CHILD = join('terraform-aws-modules__terraform-aws-eks', 'modules', 'eks-managed-node-group', 'main.tf');
const EDITS = 200;
const WARM_UP_EDITS = 20;
export const TARGETS = { editP95Ms: 30, childEditP95Ms: 30, scanRssMb: 250 };

export function defaultCorpus() {
  return process.env.PREMORTEM_CORPUS || join(homedir(), '.cache', 'premortem-corpus');
}

/**
 * Runs both measurements. Resolves to `{ skipped }` when the corpus (or its largest file) is absent, else
 * `{ edits, editMedianMs, editP95Ms, scan, scanRssMb, scanPeakRssMb }`.
 */
export async function runLspBench(corpus = defaultCorpus()) {
  const file = join(corpus, LARGEST_FILE);
  if (!existsSync(corpus) || !existsSync(file)) return { skipped: `corpus not found at ${corpus} (or it lacks ${LARGEST_FILE}); build it as described in ../shared/corpus/README.md` };
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing; run npm run build first`);
  const latency = await measureEditLatency(corpus, file);
  const child = await measureEditLatency(corpus, join(corpus, LARGEST_TREE_CHILD));
  const memory = await measureScanMemory(corpus);
  return { ...latency, childEditMedianMs: child.editMedianMs, childEditP95Ms: child.editP95Ms, ...memory };
}

async function measureEditLatency(corpus, file) {
  const server = await startServer(corpus);
  try {
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    let version = 1;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version, text } });
    await server.published(uri, version);
    const times = [];
    for (let i = 0; i < WARM_UP_EDITS + EDITS; i++) {
      // Alternately insert and remove a comment line in the middle of the file, as incremental changes.
      const line = 200;
      const change = i % 2 === 0
        ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '# premortem bench\n' }
        : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
      version++;
      const started = process.hrtime.bigint();
      const published = server.published(uri, version);
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await published;
      if (i >= WARM_UP_EDITS) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    return { edits: EDITS, editMedianMs: percentile(times, 0.5), editP95Ms: percentile(times, 0.95) };
  } finally {
    await server.stop();
  }
}

async function measureScanMemory(corpus) {
  const server = await startServer(corpus);
  try {
    const started = performance.now();
    const scan = await server.connection.sendRequest('premortem/scanWorkspace', { workDoneToken: 'bench-scan' });
    const wallMs = performance.now() - started;
    const status = readProcStatus(server.child.pid);
    return { scan: { ...scan, wallMs }, scanRssMb: status?.rssMb, scanPeakRssMb: status?.hwmMb };
  } finally {
    await server.stop();
  }
}

/** VmRSS and VmHWM of a process, in MB (Linux only). */
function readProcStatus(pid) {
  const path = `/proc/${pid}/status`;
  if (!existsSync(path)) return undefined;
  const status = readFileSync(path, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** A server over stdio with a workspace folder, settings answered with lintDelayMs 0. */
async function startServer(folder) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (waiter.uri === params.uri && waiter.version === params.version) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  });
  connection.onNotification('$/progress', () => {});
  connection.onNotification('window/logMessage', () => {});
  connection.onNotification('window/showMessage', () => {});
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({ enable: true, run: 'onType', lintDelayMs: 0 })));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const folderUri = pathToFileURL(folder).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'corpus' }],
    capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } }, window: { workDoneProgress: true } },
  });
  connection.sendNotification('initialized', {});
  return {
    child,
    connection,
    published: (uri, version) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no publish for version ${version} of ${uri} within 30 s`)), 30_000);
        waiters.push({ uri, version, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    stop: async () => {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
        connection.sendNotification('exit');
        await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
      } finally {
        connection.dispose();
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Prints the figures against their targets; returns the result. */
export async function printLspBench(corpus = defaultCorpus()) {
  const result = await runLspBench(corpus);
  if (result.skipped) {
    console.log(`bench-lsp: skipped: ${result.skipped}`);
    return result;
  }
  const line = (name, value, unit, target) => {
    const figure = value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(unit === 'ms' ? 2 : 0);
    const verdict = target === undefined ? '' : `  (target <= ${target} ${unit}${value !== undefined && value > target ? ', MISSED' : ''})`;
    console.log(`${name.padEnd(46)} ${figure.padStart(10)} ${unit}${verdict}`);
  };
  console.log(`language server (dist/server.js over stdio), corpus ${corpus}`);
  line(`didChange -> publish, median of ${result.edits}`, result.editMedianMs, 'ms');
  line(`didChange -> publish, p95 of ${result.edits}`, result.editP95Ms, 'ms', TARGETS.editP95Ms);
  line('edit to a child module of the largest tree, median', result.childEditMedianMs, 'ms');
  line('edit to a child module of the largest tree, p95', result.childEditP95Ms, 'ms', TARGETS.childEditP95Ms);
  console.log(`${'workspace scan'.padEnd(46)} ${String(result.scan.modules).padStart(10)} modules, ${result.scan.files} files, ${result.scan.findings} findings, ${result.scan.wallMs.toFixed(0)} ms`);
  line('server RSS after the scan (VmRSS)', result.scanRssMb, 'MB', TARGETS.scanRssMb);
  line('server peak RSS (VmHWM)', result.scanPeakRssMb, 'MB');
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLspBench().catch((error) => {
    console.error(`bench-lsp: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
