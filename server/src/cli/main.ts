// The CLI entry point: reads the command line (commands/index.ts) and runs the command (commands/<name>/run.ts).
// Exit codes: 0 clean (below --fail-on), 1 findings, 2 usage, config or internal error, with one clear line
// on stderr (and a stack trace only with --debug).
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { RULES } from '../../../rules/index';
import { UserError } from '../core/user-error';
import { version } from '../../../package.json';
import { parseArguments, usageFor, type Arguments } from './commands/index';
import { runBlastRadius } from './commands/blast-radius/run';
import { runDrift } from './commands/drift/run';
import { runReview } from './commands/review/run';
import { runRules } from './commands/rules/run';
import { runScan } from './commands/scan/run';

export async function main(argv: readonly string[]): Promise<number> {
  let args: Arguments | undefined;
  try {
    args = parseArguments(argv, (arg) => fs.existsSync(arg));
    return await run(args);
  } catch (error) {
    // A bad option, config, path, plan or output target: its one-line message, exit 2, no stack.
    if (error instanceof UserError) return fail(error.message);
    const err = error instanceof Error ? error : new Error(String(error));
    const debug = args !== undefined && 'debug' in args && args.debug;
    return fail(`internal error: ${err.message}${debug && err.stack ? `\n${err.stack}` : ' (run with --debug for details)'}`);
  }
}

async function run(args: Arguments): Promise<number> {
  switch (args.command) {
    case 'help':
      process.stdout.write(usageFor(args.topic));
      return 0;
    case 'version':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'drift':
      return runDrift(args, RULES, version);
    case 'review':
      return runReview(args);
    case 'rules':
      return runRules(args, process.cwd());
    case 'blast-radius':
      return runBlastRadius(args);
    default:
      return runScan(args);
  }
}

function fail(message: string): number {
  process.stderr.write(`premortem: ${message}\n`);
  return 2;
}

// The same bundle runs parallel-scan's worker threads, which must not start the CLI again.
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`premortem: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
