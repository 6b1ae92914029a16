// npm run bench: speed and memory of the engine on the real-world corpus, measured against HashiCorp's
// parser (@cdktf/hcl2json) and tree-sitter-terraform in the same run, and the whole-corpus scan against the
// scan before module instances were linted (BASELINE_REV, built into .bench/ from git). Prints figures and
// the targets.
//   PREMORTEM_CORPUS  corpus directory (default ~/.cache/premortem-corpus)
//   BENCH_QUICK=1     skip the slow hcl2json pass (its time is then not reported)
//   BENCH_BASELINE    the git revision of the scan to compare with (default: BASELINE_REV below)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const corpus = process.env.PREMORTEM_CORPUS || join(homedir(), '.cache', 'premortem-corpus');
if (!existsSync(corpus)) {
  console.error(`bench: corpus not found at ${corpus}; build it as described in ../shared/corpus/README.md`);
  process.exit(1);
}

const { parseFile } = require(join(root, 'out/server/src/core/parse.js'));
const { buildModule } = require(join(root, 'out/server/src/core/module.js'));
const { lintModule } = require(join(root, 'out/server/src/core/lint/lint.js'));
const { defaultConfig } = require(join(root, 'out/server/src/core/config/config.js'));
const { createModuleLoader } = require(join(root, 'out/server/src/core/graph/module-loader.js'));
const { scan } = require(join(root, 'out/server/src/core/scan.js'));
const { RULES } = require(join(root, 'out/rules/index.js'));

/** The last commit whose scan linted each module on its own, before module instances were linted with their callers' values. */
const BASELINE_REV = '6252b92';

/**
 * The CLI of the baseline revision, built once into .bench/ from `git archive` (with this checkout's
 * node_modules); undefined, with the reason printed, where git or that revision is missing.
 */
function baselineCli(rev) {
  const dir = join(root, '.bench', `baseline-${rev}`);
  const cli = join(dir, 'dist', 'cli.js');
  if (existsSync(cli)) return cli;
  const archive = spawnSync('git', ['-C', root, 'archive', '--format=tar', rev], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    console.log(`bench: no baseline: git archive ${rev} failed (${String(archive.stderr).trim() || 'no git'}); fetch the history to compare`);
    return undefined;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(cli)) {
    console.log(`bench: no baseline: building ${rev} failed:\n${build.stderr}`);
    return undefined;
  }
  return cli;
}

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const all = walk(corpus);
const hclFiles = all.filter((f) => /\.(tf|tfvars|hcl)$/.test(f));
const configFiles = all.filter((f) => /\.(tf|tfvars)$/.test(f)); // what hcl2json and tree-sitter are timed on
const texts = new Map(hclFiles.map((f) => [f, readFileSync(f, 'utf8').replace(/^\uFEFF/, '')]));
const bytesOf = (files) => files.reduce((n, f) => n + Buffer.byteLength(texts.get(f)), 0);
const mb = (bytes) => bytes / 1024 / 1024;
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
/** Runs scripts/<name> on the corpus in a fresh process and returns the JSON it prints; stops the bench if it fails. */
function runScript(name, what, ...extra) {
  const result = spawnSync(process.execPath, [join(root, 'scripts', name), corpus, ...extra], { encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(`bench: ${what} failed:\n${result.stderr}`);
    process.exit(1);
  }
  return JSON.parse(result.stdout);
}

const results = [];
const report = (name, value, unit, extra = '') => {
  results.push({ name, value, unit });
  console.log(
    `${name.padEnd(46)} ${value.toFixed(unit === 'MB/s' || unit === 'x' ? 1 : unit === 'ms' ? 2 : 0).padStart(10)} ${unit}${extra ? `  ${extra}` : ''}`,
  );
};

console.log(`corpus: ${corpus}`);
console.log(
  `files: ${hclFiles.length} .tf/.tfvars/.hcl (${mb(bytesOf(hclFiles)).toFixed(2)} MB); ${configFiles.length} .tf/.tfvars (${mb(bytesOf(configFiles)).toFixed(2)} MB)\n`,
);

// 1. The whole-corpus scan as CI runs it: a fresh process, every rule, JSON report. First, before this
//    process has done any heavy work whose garbage collection could compete for the CPU, and five times,
//    reporting the median (and the peak RSS of the largest run). Each run is paired with one of the
//    baseline's scan (the scan before module instances), alternating, so both see the same machine.
const baseline = baselineCli(process.env.BENCH_BASELINE || BASELINE_REV);
const scanOnce = (cli) => {
  const scanStart = process.hrtime.bigint();
  const scanRun = spawnSync(
    process.execPath,
    ['--require', join(root, 'scripts', 'report-peak-rss.cjs'), cli, 'scan', corpus, '--format', 'json', '--output', '/dev/null'],
    { encoding: 'utf8' },
  );
  const elapsed = ms(scanStart);
  const peak = /peak-rss-kb (\d+)/.exec(scanRun.stderr);
  if (scanRun.status === 2 || !peak) {
    console.error(`bench: the corpus scan (${cli}) failed (exit ${scanRun.status}):\n${scanRun.stderr}`);
    process.exit(1);
  }
  return { ms: elapsed, peakKb: Number(peak[1]) };
};
const scanTimes = [];
const baselineTimes = [];
let peakKb = 0;
let baselinePeakKb = 0;
for (let run = 0; run < 5; run++) {
  const current = scanOnce(join(root, 'dist', 'cli.js'));
  scanTimes.push(current.ms);
  peakKb = Math.max(peakKb, current.peakKb);
  if (baseline) {
    const before = scanOnce(baseline);
    baselineTimes.push(before.ms);
    baselinePeakKb = Math.max(baselinePeakKb, before.peakKb);
  }
}
scanTimes.sort((a, b) => a - b);
baselineTimes.sort((a, b) => a - b);
const scanMs = scanTimes[2];
const baselineMs = baselineTimes[2];
report('whole-corpus scan, one process (median of 5)', scanMs, 'ms', `runs ${scanTimes.map((t) => t.toFixed(0)).join(', ')}`);
report('whole-corpus scan, peak RSS', peakKb / 1024, 'MB');
if (baseline) {
  report(
    `the scan before module instances (${process.env.BENCH_BASELINE || BASELINE_REV})`,
    baselineMs,
    'ms',
    `runs ${baselineTimes.map((t) => t.toFixed(0)).join(', ')}`,
  );
  report('  its peak RSS', baselinePeakKb / 1024, 'MB');
  report('scan with module instances vs before', scanMs / baselineMs, 'x');
}
{
  const outcome = await scan({ paths: [corpus], cwd: corpus, rules: RULES });
  const { instances, ruleRuns, modules, opaqueModuleCalls } = outcome.summary;
  console.log(
    `${'module instances linted'.padEnd(46)} ${String(instances).padStart(10)}    in ${modules} modules; ${ruleRuns} rule runs (${instances - ruleRuns} shared with an instance whose arguments evaluate the same); ${opaqueModuleCalls} remote calls not downloaded`,
  );
}

// 1a. The same scan with a warm --cache (issue #14): a fresh process, its cache file in a temporary directory,
//     filled by one run; then seven runs where nothing changed, reporting the median wall time, and the CPU
//     time (user + system) of the median run, which a busy machine disturbs less. Each report is checked to
//     be the uncached scan's, but for its duration.
const cacheDir = mkdtempSync(join(tmpdir(), 'premortem-bench-cache-'));
const cachedScan = () => {
  const start = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      join(root, 'scripts', 'report-cpu.cjs'),
      join(root, 'dist', 'cli.js'),
      'scan',
      corpus,
      '--format',
      'json',
      '--cache',
      '--cache-location',
      cacheDir,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const elapsed = ms(start);
  const cpu = /cpu-us (\d+) (\d+)/.exec(run.stderr);
  if (run.status === 2 || !cpu) {
    console.error(`bench: the cached corpus scan failed (exit ${run.status}):\n${run.stderr}`);
    process.exit(1);
  }
  return { ms: elapsed, userMs: Number(cpu[1]) / 1000, sysMs: Number(cpu[2]) / 1000, report: run.stdout.replace(/"durationMs": \d+/, '') };
};
const uncachedReport = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'scan', corpus, '--format', 'json'], {
  encoding: 'utf8',
  maxBuffer: 1 << 30,
}).stdout.replace(/"durationMs": \d+/, '');
const coldCache = cachedScan();
const warmRuns = Array.from({ length: 7 }, cachedScan).sort((a, b) => a.ms - b.ms);
rmSync(cacheDir, { recursive: true, force: true });
if ([coldCache, ...warmRuns].some((r) => r.report !== uncachedReport)) {
  console.error('bench: a scan with --cache reported something else than the scan without it');
  process.exit(1);
}
const warm = warmRuns[3];
report('corpus scan with --cache, filling it', coldCache.ms, 'ms');
report(
  'corpus re-scan, warm --cache (median of 7)',
  warm.ms,
  'ms',
  `runs ${warmRuns.map((r) => r.ms.toFixed(0)).join(', ')}; CPU ${(warm.userMs + warm.sysMs).toFixed(0)} ms (user ${warm.userMs.toFixed(0)}, sys ${warm.sysMs.toFixed(0)})`,
);

// 1b. The floor under that: a fresh process that only reads and parses the .tf/.tfvars files (median of 5).
const floorRuns = Array.from({ length: 5 }, () => runScript('bench-parse-process.cjs', 'the parse-only process').ms).sort((a, b) => a - b);
const parseProcessMs = floorRuns[2];
report('a process that only reads and parses (median of 5)', parseProcessMs, 'ms', 'no model, no rules');

// 2. Our parser alone, on the same .tf/.tfvars files the others parse (first pass includes JIT warm-up).
let parseMs = Infinity;
let firstParseMs = 0;
for (let round = 0; round < 5; round++) {
  const start = process.hrtime.bigint();
  for (const f of configFiles) parseFile(f, texts.get(f));
  const elapsed = ms(start);
  if (round === 0) firstParseMs = elapsed;
  parseMs = Math.min(parseMs, elapsed);
}
const configMB = mb(bytesOf(configFiles));
report('premortem parse, cold (first pass)', firstParseMs, 'ms', `${(configMB / (firstParseMs / 1000)).toFixed(1)} MB/s`);
report('premortem parse, warm (best of 5)', parseMs, 'ms');
report('premortem parse throughput, warm', configMB / (parseMs / 1000), 'MB/s');

// 3. tree-sitter-terraform through web-tree-sitter.
{
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init();
  const language = await Language.load(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const start = process.hrtime.bigint();
  for (const f of configFiles) parser.parse(texts.get(f)).delete();
  const elapsed = ms(start);
  report('tree-sitter-terraform parse (web-tree-sitter)', elapsed, 'ms', `${(configMB / (elapsed / 1000)).toFixed(1)} MB/s`);
}

// 4. HashiCorp's parser (hcl2json, Go compiled to WebAssembly): the oracle. Slow, so optional.
let hcl2jsonMs;
if (process.env.BENCH_QUICK !== '1') {
  const { parse } = require('@cdktf/hcl2json');
  const start = process.hrtime.bigint();
  for (const f of configFiles) {
    try {
      await parse(basename(f), texts.get(f));
    } catch {
      // a file it rejects still cost the time
    }
  }
  hcl2jsonMs = ms(start);
  report('@cdktf/hcl2json parse', hcl2jsonMs, 'ms', `${(configMB / (hcl2jsonMs / 1000)).toFixed(2)} MB/s`);
}

// 5. Re-lint of the largest file's module after one edit: parse the changed file, rebuild the module,
//    run every rule. Other files' parses are reused, as the language server caches them.
const moduleDir = join(corpus, 'terraform-aws-modules__terraform-aws-ecs', 'modules', 'service');
const moduleFiles = readdirSync(moduleDir)
  .filter((f) => /\.tf$/.test(f))
  .map((f) => join(moduleDir, f));
const largest = moduleFiles.reduce((a, b) => (statSync(a).size >= statSync(b).size ? a : b));
const parsed = new Map(moduleFiles.map((f) => [f, parseFile(f, texts.get(f))]));
const config = defaultConfig(moduleDir);
// The modules it calls stay parsed, as the language server keeps them.
const host = { loadModule: createModuleLoader(), manifest: () => new Map() };
const samples = [];
for (let i = 0; i < 200; i++) {
  const edited = texts.get(largest).replace(/\n/, `\n# edit ${i}\n`);
  const start = process.hrtime.bigint();
  parsed.set(largest, parseFile(largest, edited));
  const module = buildModule(moduleDir, [...parsed.values()]);
  lintModule(module, { rules: RULES, config, inlineIgnores: true }, host);
  samples.push(ms(start));
}
samples.sort((a, b) => a - b);
const quantile = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
report(`re-lint after one edit (${basename(dirname(largest))}/${basename(largest)}), median`, quantile(0.5), 'ms');
report('re-lint after one edit, p95', quantile(0.95), 'ms');

// 6. The dependency graph's share: in a fresh process, lint the corpus as scan does (a tree per root), then build the
//    graph of each (from the modules the lint loaded) and compute the blast radius of every resource, data
//    source and module call of its root module, as the editor's lenses do. A child module instance is built
//    in part when a blast radius enters it. Median of 3; then once with every instance built whole, as
//    `blast-radius --plan` does, for the record.
const graphRun = (...extra) => runScript('bench-graph.cjs', 'the graph measurement', ...extra);
const graphRuns = [graphRun(), graphRun(), graphRun()].sort((a, b) => a.graphMs / a.scanMs - b.graphMs / b.scanMs);
const graph = graphRuns[1];
const graphShare = graph.graphMs / graph.scanMs;
report(`lint of ${graph.modules} corpus modules, fresh process`, graph.scanMs, 'ms');
report('graphs and every root lens (median of 3)', graph.graphMs, 'ms', `${graph.lenses} lenses, +${(graphShare * 100).toFixed(0)}%`);
const full = graphRun('--all');
report(
  'graphs with every module instance built',
  full.graphMs,
  'ms',
  `${full.nodes} graph nodes, +${((full.graphMs / full.scanMs) * 100).toFixed(0)}% of that run's lint`,
);

// 7. Change review (issue #14): scan --new-since after a one-file change in the largest corpus repository.
const newSince = runScript('bench-new-since.mjs', 'the --new-since measurement');
if (!newSince.skipped)
  report(
    'scan --new-since HEAD after a one-file change (cds-snc, median of 7)',
    newSince.wallMs,
    'ms',
    `CPU ${newSince.cpuMs.toFixed(0)} ms; ${newSince.findings} new finding(s)`,
  );

// Targets from the engine issue.
console.log('\ntargets:');
const check = (label, ok, detail) => console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label} (${detail})`);
if (hcl2jsonMs !== undefined) {
  check(
    'whole-corpus scan at least 10x faster than hcl2json parse alone',
    hcl2jsonMs / scanMs >= 10,
    `${(hcl2jsonMs / scanMs).toFixed(1)}x; a process that only parses is ${(hcl2jsonMs / parseProcessMs).toFixed(1)}x`,
  );
}
check(
  'parse at least 20 MB/s',
  configMB / (parseMs / 1000) >= 20,
  `${(configMB / (parseMs / 1000)).toFixed(1)} MB/s warm, ${(configMB / (firstParseMs / 1000)).toFixed(1)} MB/s cold`,
);
check("re-lint of the largest file's module at most 10 ms", quantile(0.95) <= 10, `p95 ${quantile(0.95).toFixed(2)} ms`);
check(
  'corpus re-scan with a warm --cache, whole process, at most 0.4 s',
  warm.ms <= 400,
  `median ${warm.ms.toFixed(0)} ms wall, ${(warm.userMs + warm.sysMs).toFixed(0)} ms CPU`,
);
check('peak RSS of the corpus scan at most 300 MB', peakKb / 1024 <= 300, `${(peakKb / 1024).toFixed(0)} MB`);
if (baseline)
  check(
    'the scan with module instances costs at most 1.5x the scan before',
    scanMs / baselineMs <= 1.5,
    `${(scanMs / baselineMs).toFixed(2)}x: ${scanMs.toFixed(0)} ms against ${baselineMs.toFixed(0)} ms`,
  );
check('the dependency graph (with every root lens) adds at most 20% to the corpus lint', graphShare <= 0.2, `+${(graphShare * 100).toFixed(0)}%`);
if (!newSince.skipped)
  check(
    'scan --new-since after a one-file change in cds-snc at most 500 ms, whole process',
    newSince.wallMs <= 500,
    `${newSince.wallMs.toFixed(0)} ms wall, ${newSince.cpuMs.toFixed(0)} ms CPU`,
  );

// 8. The language server over LSP: edit latency and memory after a workspace scan (the extension issue).
console.log('');
const { printLspBench, TARGETS } = await import('./bench-lsp.mjs');
const lsp = await printLspBench(corpus);
if (!lsp.skipped) {
  check(`didChange to publishDiagnostics p95 at most ${TARGETS.editP95Ms} ms`, lsp.editP95Ms <= TARGETS.editP95Ms, `p95 ${lsp.editP95Ms.toFixed(2)} ms`);
  check(
    `re-lint after an edit to a child module of the largest module tree, p95 at most ${TARGETS.childEditP95Ms} ms`,
    lsp.childEditP95Ms <= TARGETS.childEditP95Ms,
    `p95 ${lsp.childEditP95Ms.toFixed(2)} ms`,
  );
  check(`server RSS after the corpus scan at most ${TARGETS.scanRssMb} MB`, lsp.scanRssMb <= TARGETS.scanRssMb, `${lsp.scanRssMb.toFixed(0)} MB`);
  for (const burst of lsp.bursts) {
    check(
      `a burst of ${burst.edits} edits (${burst.intervalMs > 0 ? `${burst.intervalMs} ms apart` : 'back to back'}) publishes its last version at most ${TARGETS.burstLastPublishMs} ms after the last edit`,
      burst.lastPublishMs <= TARGETS.burstLastPublishMs,
      `${burst.lastPublishMs.toFixed(0)} ms`,
    );
  }
  check(
    `server RSS after a ${lsp.large.megabytes.toFixed(0)} MB didOpen and didClose at most ${TARGETS.largeDocumentRssMb} MB`,
    lsp.large.closedRssMb <= TARGETS.largeDocumentRssMb,
    `${lsp.large.closedRssMb.toFixed(0)} MB, ${lsp.large.openRssMb.toFixed(0)} MB while open`,
  );
}
