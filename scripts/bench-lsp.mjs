// The language server's speed and memory, measured over LSP (stdio) against the real dist/server.js:
//   1. time from didChange to publishDiagnostics (premortem.lintDelayMs = 0) on the module of the largest
//      corpus file, over 200 edits: median and p95 (target p95 <= 30 ms). That module is called by four
//      examples, so each edit lints their four trees;
//   2. the same for a file of a child module in the corpus's largest module tree (terraform-aws-eks's
//      karpenter example: seven modules, 348 KB), which every EKS example and test calls;
//   3. the server's memory after a workspace scan of the whole corpus (target VmRSS <= 250 MB);
//   4. a burst of 1,000 edits sent back to back to the largest corpus file: the time from the last edit to
//      the publish of its version (target <= 1 s), and how many versions were published on the way;
//   5. a 50 MB document opened and closed again: the server's RSS while it was open, and a few seconds
//      after the close (target <= 300 MB).
// Run on its own (`node scripts/bench-lsp.mjs`, after `npm run build`) or through runLspBench(corpus).
//   PREMORTEM_CORPUS  corpus directory (default ~/.cache/premortem-corpus)
//   BENCH_LSP_PARTS   run only these measurements, separated by commas: edit, scan, burst, large
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
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
export const TARGETS = { editP95Ms: 30, childEditP95Ms: 30, scanRssMb: 250, burstLastPublishMs: 1000, largeDocumentRssMb: 300 };
const BURST_EDITS = 1000;
/** Back to back (as fast as the pipe takes them), and one every millisecond (faster than a lint, as in a real editor under a macro or a held key). */
const BURST_INTERVALS_MS = [0, 1];
const LARGE_DOCUMENT_MB = 50;

export function defaultCorpus() {
  return process.env.PREMORTEM_CORPUS || join(homedir(), '.cache', 'premortem-corpus');
}

/**
 * Runs both measurements. Resolves to `{ skipped }` when the corpus (or its largest file) is absent, else
 * `{ edits, editMedianMs, editP95Ms, scan, scanRssMb, scanPeakRssMb }`.
 */
export async function runLspBench(corpus = defaultCorpus()) {
  const file = join(corpus, LARGEST_FILE);
  if (!existsSync(corpus) || !existsSync(file))
    return { skipped: `corpus not found at ${corpus} (or it lacks ${LARGEST_FILE}); build it as described in ../shared/corpus/README.md` };
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing; run npm run build first`);
  const parts = process.env.BENCH_LSP_PARTS?.split(',');
  const wanted = (part) => !parts || parts.includes(part);
  const latency = wanted('edit') ? await measureEditLatency(corpus, file) : {};
  const child = wanted('edit') ? await measureEditLatency(corpus, join(corpus, LARGEST_TREE_CHILD)) : {};
  const memory = wanted('scan') ? await measureScanMemory(corpus) : {};
  const bursts = [];
  if (wanted('burst')) for (const intervalMs of BURST_INTERVALS_MS) bursts.push(await measureBurst(corpus, file, intervalMs));
  const large = wanted('large') ? await measureLargeDocument() : undefined;
  return { ...latency, childEditMedianMs: child.editMedianMs, childEditP95Ms: child.editP95Ms, ...memory, bursts, large };
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
      const change =
        i % 2 === 0
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

/**
 * 1,000 edits to the largest corpus file, `intervalMs` apart, with lintDelayMs 0: how long after the last
 * one its version is published, and how many versions were published before it (each a lint that ran to
 * its end for a version that was current then).
 */
async function measureBurst(corpus, file, intervalMs) {
  const server = await startServer(corpus);
  try {
    const uri = pathToFileURL(file).href;
    let version = 1;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version, text: readFileSync(file, 'utf8') } });
    await server.published(uri, version);
    const publishedBefore = server.versionsPublished(uri).length;
    let written;
    for (let i = 0; i < BURST_EDITS; i++) {
      const line = 200;
      const change =
        i % 2 === 0
          ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `# burst ${i}\n` }
          : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
      version++;
      written = server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      if (intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    const last = version;
    const published = server.published(uri, last);
    // From the moment the last edit was written to the pipe (the writer queues them), as a user would count.
    await written;
    const sentAt = performance.now();
    await published;
    const lastPublishMs = performance.now() - sentAt;
    const versions = server.versionsPublished(uri).slice(publishedBefore);
    return { edits: BURST_EDITS, intervalMs, lastPublishMs, publishes: versions.length, stalePublishes: versions.filter((v) => v !== last).length };
  } finally {
    await server.stop();
  }
}

/** `megabytes` of Terraform: S3 buckets with a few arguments and nested blocks each. */
function generatedTerraform(megabytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const part = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = {\n    Name  = "b${i}"\n    Owner = "team-${i % 7}"\n  }\n  lifecycle {\n    prevent_destroy = ${i % 2 === 0}\n  }\n}\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/**
 * A 50 MB document (not on disk) in an empty workspace folder: opened, linted, closed. The RSS is read
 * when its diagnostics are published, and then after the close, every 250 ms for up to 10 s, until it is
 * below the target (the garbage collector decides when the memory goes back).
 */
async function measureLargeDocument() {
  const folder = mkdtempSync(join(tmpdir(), 'premortem-bench-large-'));
  const server = await startServer(folder);
  try {
    const uri = pathToFileURL(join(folder, 'large.tf')).href;
    let text = generatedTerraform(LARGE_DOCUMENT_MB);
    const bytes = text.length;
    const started = performance.now();
    const published = server.published(uri, 1, 300_000);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
    text = undefined;
    await published;
    const openMs = performance.now() - started;
    const open = readProcStatus(server.child.pid);
    server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // Handled in order: once a request after the close is answered, the close was.
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }).catch(() => null);
    const closedAt = performance.now();
    let after = readProcStatus(server.child.pid);
    while (after && after.rssMb > TARGETS.largeDocumentRssMb && performance.now() - closedAt < Number(process.env.BENCH_CLOSE_WAIT_MS ?? 10_000)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = readProcStatus(server.child.pid);
    }
    return {
      megabytes: bytes / 1024 / 1024,
      openMs,
      openRssMb: open?.rssMb,
      closedRssMb: after?.rssMb,
      closedAfterMs: performance.now() - closedAt,
      peakRssMb: after?.hwmMb,
    };
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
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
  // --expose-gc as the VS Code client starts it (see server/src/lsp/memory.ts).
  const child = spawn(process.execPath, ['--expose-gc', SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  /** By URI, the versions published, in order. */
  const publishedVersions = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    publishedVersions.set(params.uri, [...(publishedVersions.get(params.uri) ?? []), params.version]);
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
    versionsPublished: (uri) => publishedVersions.get(uri) ?? [],
    published: (uri, version, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no publish for version ${version} of ${uri} within ${timeoutMs / 1000} s`)), timeoutMs);
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
  if (result.edits !== undefined) {
    line(`didChange -> publish, median of ${result.edits}`, result.editMedianMs, 'ms');
    line(`didChange -> publish, p95 of ${result.edits}`, result.editP95Ms, 'ms', TARGETS.editP95Ms);
    line('edit to a child module of the largest tree, median', result.childEditMedianMs, 'ms');
    line('edit to a child module of the largest tree, p95', result.childEditP95Ms, 'ms', TARGETS.childEditP95Ms);
  }
  if (result.scan) {
    console.log(
      `${'workspace scan'.padEnd(46)} ${String(result.scan.modules).padStart(10)} modules, ${result.scan.files} files, ${result.scan.findings} findings, ${result.scan.wallMs.toFixed(0)} ms`,
    );
    line('server RSS after the scan (VmRSS)', result.scanRssMb, 'MB', TARGETS.scanRssMb);
    line('server peak RSS (VmHWM)', result.scanPeakRssMb, 'MB');
  }
  const { bursts, large } = result;
  for (const burst of bursts) {
    line(
      `${burst.edits} edits ${burst.intervalMs > 0 ? `${burst.intervalMs} ms apart` : 'back to back'}: last -> its publish`,
      burst.lastPublishMs,
      'ms',
      TARGETS.burstLastPublishMs,
    );
    console.log(
      `${'  publishes during the burst'.padEnd(46)} ${String(burst.publishes).padStart(10)}    (${burst.stalePublishes} of a version overtaken later)`,
    );
  }
  if (large) {
    line(`${large.megabytes.toFixed(0)} MB document: open -> publish`, large.openMs, 'ms');
    line('  server RSS while it is open', large.openRssMb, 'MB');
    line(`  server RSS after didClose (${(large.closedAfterMs / 1000).toFixed(1)} s later)`, large.closedRssMb, 'MB', TARGETS.largeDocumentRssMb);
    line('  server peak RSS (VmHWM)', large.peakRssMb, 'MB');
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLspBench().catch((error) => {
    console.error(`bench-lsp: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
