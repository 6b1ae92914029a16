// `premortem scan` on several threads: the main thread and worker threads take root modules from one queue
// in shared memory (an atomic cursor over the roots, those with the most files first, so no thread is left
// with a big one at the end), so a worker never waits for the main thread between trees. A plan is plain
// data, so each worker gets it once; outcomes come back in the plan's order, so the report is the same as
// a single-threaded scan's. Modules no tree reached are linted on the main thread at the end. The
// editor's workspace scan stays on one thread.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RuleModule } from '../../../rules/api';
import { RULES } from '../../../rules/index';
import { loadRuleSet, rulesOf } from '../core/data-rules/rule-set';
import { BUILTIN_IDS } from './user-rules';
import {
  extraFindings,
  extraVarFileFindings,
  lintOrReuse,
  lintPlannedModule,
  planRequest,
  progressAfter,
  scan,
  scanIo,
  summarize,
  unreachedModules,
  usableCache,
  type ModuleOutcome,
  type ScanOutcome,
  type ScanPlan,
  type ScanRequest,
} from '../core/scan';

/** Below this many modules, starting a worker costs more than it saves. */
const MIN_MODULES_PER_WORKER = 16;
/** More threads than this stop paying off: reading files and starting each thread's compiler dominate. */
const MAX_JOBS = 4;

const WORKER_MARK = 'premortem-scan-worker';

/**
 * The number of threads to use when the user did not say: one. Each thread warms up its own compiler and
 * garbage collector, which already keep a second core busy; measured on two cores, a scan of the 2,352-file
 * corpus took 1.4 s on one thread and 2.0 s on two. `--jobs` is for machines with cores to spare.
 */
export function defaultJobs(): number {
  return 1;
}

export interface ParallelOptions {
  readonly jobs: number;
  /** Tests lower it so a few modules still spread over threads. */
  readonly minModulesPerWorker?: number;
  /** Tests turn it off so every module goes through a worker. */
  readonly mainThreadLints?: boolean;
}

/** The work queue every thread takes from: the module order and a cursor, both in shared memory. */
interface SharedQueue {
  readonly order: Int32Array;
  readonly cursor: Int32Array;
}

function takeFrom(queue: SharedQueue): number | undefined {
  const at = Atomics.add(queue.cursor, 0, 1);
  return at < queue.order.length ? queue.order[at] : undefined;
}

export async function parallelScan(request: ScanRequest, options: ParallelOptions): Promise<ScanOutcome> {
  const started = performance.now();
  const plan = planRequest(request);
  const { jobs, minModulesPerWorker = MIN_MODULES_PER_WORKER, mainThreadLints = true } = options;
  const cache = usableCache(request);
  // Trees the cache holds are not linted, so they are not handed to threads either.
  const outcomes = new Map<number, ModuleOutcome>();
  for (const index of cache ? plan.roots : []) {
    const cached = cache!.lookup(plan, index);
    if (cached) outcomes.set(index, cached);
  }
  const toLint = plan.roots.filter((index) => !outcomes.has(index));
  // More threads than cores only queue behind each other, so --jobs 99 is no error, just capped.
  const workers = Math.min(jobs, MAX_JOBS, availableParallelism(), Math.floor(toLint.length / minModulesPerWorker) + 1) - (mainThreadLints ? 1 : 0);
  // A plan's values hold the UNKNOWN marker (a symbol), which cannot be copied to a worker thread: a scan
  // with a plan lints on this thread.
  if (workers <= 0 || !isMainThread || plan.applied) return scan(request, { plan, started });

  const sorted = [...toLint].sort((a, b) => size(plan, b) - size(plan, a) || a - b);
  const queue: SharedQueue = { order: new Int32Array(new SharedArrayBuffer(4 * sorted.length)), cursor: new Int32Array(new SharedArrayBuffer(4)) };
  queue.order.set(sorted);
  const finished: ModuleOutcome[] = [...outcomes.values()];
  const record = (index: number, outcome: ModuleOutcome): void => {
    outcomes.set(index, outcome);
    finished.push(outcome);
    request.onProgress?.(progressAfter(plan, finished, outcome));
  };
  const linted = (index: number, outcome: ModuleOutcome): void => {
    cache?.store(plan, index, outcome);
    record(index, outcome);
  };

  // Workers get the plan's data only: the request's rules, callbacks and cache cannot cross threads. With a
  // cache, each records what its lints read, and the outcome brings it back.
  const {
    rules: _rules,
    reader: _reader,
    load: _load,
    onProgress: _onProgress,
    onModule: _onModule,
    isCancelled: _isCancelled,
    betweenModules: _between,
    cache: _cache,
    ...scanOptions
  } = request;
  const workerOptions = cache ? { ...scanOptions, recordReads: true } : scanOptions;
  // Threads keep parsed modules for the trees still to lint, not for those the cache held.
  const lintPlan: ScanPlan = { ...plan, roots: toLint };
  const running = Array.from({ length: workers }, () => startWorker({ ...lintPlan, options: workerOptions }, queue, linted));
  // The main thread works through the queue too, yielding after each module so workers' outcomes are taken in.
  const io = scanIo(undefined, lintPlan, cache?.tracker);
  for (let index = mainThreadLints ? takeFrom(queue) : undefined; index !== undefined; index = takeFrom(queue)) {
    linted(index, lintPlannedModule(plan, plan.modules[index]!, request.rules, io));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(running);
  // A tree a failed worker was linting is linted here, so nothing is lost; then the modules no tree reached.
  for (const index of plan.roots) if (!outcomes.has(index)) linted(index, lintPlannedModule(plan, plan.modules[index]!, request.rules, io));
  io.modules?.clear();
  const inOrder = plan.roots.map((index) => outcomes.get(index)!);
  for (const index of unreachedModules(plan, inOrder)) {
    const outcome = lintOrReuse(plan, index, request.rules, io, cache);
    record(index, outcome);
    inOrder.push(outcome);
  }
  return summarize(
    plan,
    inOrder,
    extraFindings(plan, cache, () => extraVarFileFindings(plan, io.reader, io.load)),
    started,
    false,
  );
}

function size(plan: ScanPlan, index: number): number {
  const { module } = plan.modules[index]!;
  return module.files.length + module.varFiles.length;
}

/** Runs one worker until the queue is empty (or it fails; its unfinished module is then left for the main thread). */
function startWorker(plan: ScanPlan, queue: SharedQueue, record: (index: number, outcome: ModuleOutcome) => void): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(__filename, { workerData: { mark: WORKER_MARK, plan, queue } });
    worker.on('message', (message: { index: number; outcome: ModuleOutcome }) => record(message.index, message.outcome));
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
}

/** The worker side: lint trees from the shared queue until it is empty. */
function runWorker(plan: ScanPlan, queue: SharedQueue): void {
  const port = parentPort!;
  const io = scanIo(undefined, plan);
  // Rules cannot cross threads; rule files are data, loaded here again (those that failed fail again, unused).
  const files = plan.options.ruleFiles ?? [];
  const rules: readonly RuleModule[] = files.length > 0 ? [...RULES, ...rulesOf(loadRuleSet(files, BUILTIN_IDS))] : RULES;
  for (let index = takeFrom(queue); index !== undefined; index = takeFrom(queue)) {
    // Ranges compute their lines lazily from the parsed file, which cannot cross threads: send them as data.
    const outcome: ModuleOutcome = JSON.parse(JSON.stringify(lintPlannedModule(plan, plan.modules[index]!, rules, io)));
    port.postMessage({ index, outcome });
  }
}

if (!isMainThread && (workerData as { mark?: string } | undefined)?.mark === WORKER_MARK) {
  const { plan, queue } = workerData as { plan: ScanPlan; queue: SharedQueue };
  runWorker(plan, queue);
}
