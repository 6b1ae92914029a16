// `premortem scan` on several threads: the main thread and worker threads take modules from one queue,
// the modules with the most files first, so no thread is left with a big one at the end. A plan is plain
// data, so each worker gets it once; outcomes come back in the plan's order, so the report is the same
// as a single-threaded scan's. The editor's workspace scan stays on one thread and yields between modules.
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { RULES } from '../../../rules/index';
import { extraVarFileFindings, lintPlannedModule, planScan, progressAfter, scan, summarize, type ModuleOutcome, type ScanOutcome, type ScanPlan, type ScanRequest } from '../core/scan';

/** Below this many modules, starting a worker costs more than it saves. */
const MIN_MODULES_PER_WORKER = 16;
/** More threads than this stop paying off: reading files and starting each thread's compiler dominate. */
const MAX_JOBS = 4;

const WORKER_MARK = 'premortem-scan-worker';

/** The number of threads to use when the user did not say: the cores there are, within reason. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, os.availableParallelism()));
}

export interface ParallelOptions {
  readonly jobs: number;
  /** Tests lower it so a few modules still spread over threads. */
  readonly minModulesPerWorker?: number;
  /** Tests turn it off so every module goes through a worker. */
  readonly mainThreadLints?: boolean;
}

export async function parallelScan(request: ScanRequest, options: ParallelOptions): Promise<ScanOutcome> {
  const started = performance.now();
  const plan = planScan(request, request.rules);
  const { jobs, minModulesPerWorker = MIN_MODULES_PER_WORKER, mainThreadLints = true } = options;
  const workers = Math.min(jobs, Math.floor(plan.modules.length / minModulesPerWorker) + 1) - (mainThreadLints ? 1 : 0);
  if (workers <= 0 || !isMainThread) return scan(request);

  const order = plan.modules.map((_, index) => index).sort((a, b) => size(plan, b) - size(plan, a) || a - b);
  let next = 0;
  const take = (): number | undefined => (next < order.length ? order[next++] : undefined);
  const outcomes: ModuleOutcome[] = new Array(plan.modules.length);
  const finished: ModuleOutcome[] = [];
  const record = (index: number, outcome: ModuleOutcome): void => {
    outcomes[index] = outcome;
    finished.push(outcome);
    request.onProgress?.(progressAfter(plan, finished, outcome));
  };

  // Workers get the plan's data only: the request's rules and callbacks cannot cross threads.
  const { rules: _rules, reader: _reader, onProgress: _onProgress, onModule: _onModule, isCancelled: _isCancelled, betweenModules: _between, ...scanOptions } = request;
  const running = Array.from({ length: workers }, () => startWorker({ ...plan, options: scanOptions }, take, record));
  // The main thread works through the queue too, yielding after each module so replies to workers go out.
  for (let index = mainThreadLints ? take() : undefined; index !== undefined; index = take()) {
    record(index, lintPlannedModule(plan, plan.modules[index]!, request.rules));
    await new Promise((resolve) => setImmediate(resolve));
  }
  // A module a failed worker held is linted here, so nothing is lost.
  for (const leftover of (await Promise.all(running)).flat()) record(leftover, lintPlannedModule(plan, plan.modules[leftover]!, request.rules));
  return summarize(plan, outcomes, extraVarFileFindings(plan), started, false);
}

function size(plan: ScanPlan, index: number): number {
  const { module } = plan.modules[index]!;
  return module.files.length + module.varFiles.length;
}

/** Runs one worker until the queue is empty; resolves with the module it held if it failed. */
function startWorker(plan: ScanPlan, take: () => number | undefined, record: (index: number, outcome: ModuleOutcome) => void): Promise<number[]> {
  return new Promise((resolve) => {
    let held: number | undefined;
    const worker = new Worker(__filename, { workerData: { mark: WORKER_MARK, plan } });
    const handOut = (): void => {
      held = take();
      worker.postMessage(held ?? null);
    };
    worker.on('message', (message: { ready?: true; index?: number; outcome?: ModuleOutcome }) => {
      if (message.outcome !== undefined && message.index !== undefined) {
        record(message.index, message.outcome);
        held = undefined;
      }
      handOut();
    });
    worker.on('error', () => {
      const lost = held;
      held = undefined;
      resolve(lost === undefined ? [] : [lost]);
    });
    worker.on('exit', () => resolve(held === undefined ? [] : [held]));
  });
}

/** The worker side: lint the module indexes the main thread sends, until it sends null. */
function runWorker(plan: ScanPlan): void {
  const port = parentPort!;
  port.on('message', (index: number | null) => {
    if (index === null) {
      port.close();
      return;
    }
    // Ranges compute their lines lazily from the parsed file, which cannot cross threads: send them as data.
    const outcome: ModuleOutcome = JSON.parse(JSON.stringify(lintPlannedModule(plan, plan.modules[index]!, RULES)));
    port.postMessage({ index, outcome });
  });
  port.postMessage({ ready: true });
}

if (!isMainThread && (workerData as { mark?: string } | undefined)?.mark === WORKER_MARK) runWorker((workerData as { plan: ScanPlan }).plan);
