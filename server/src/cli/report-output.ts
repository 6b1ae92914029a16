// What every command does with its report and with rules that crashed: write the report to a file or to
// standard output, and say which rules failed (exit 2, so CI does not read a partial report as clean).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleFailure } from '../core/lint/lint';
import { UserError } from '../core/user-error';

/** A report that could not be written: the CLI says so in one line and exits 2. */
export class OutputError extends UserError {}

/** Writes the report; `output` has passed checkOutputTarget, so only the write itself can still fail. */
export async function writeReport(report: string, output: string | undefined, cwd: string): Promise<void> {
  if (output === undefined) return writeToStandardOutput(report);
  try {
    const target = path.resolve(cwd, output);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, report);
  } catch (error) {
    throw new OutputError(`cannot write the report to ${output}: ${(error as Error).message}`);
  }
}

let listening = false;

function writeToStandardOutput(text: string): Promise<void> {
  // The write's callback gets the error; without a listener the stream would also throw it as an event.
  if (!listening) {
    process.stdout.on('error', () => {});
    listening = true;
  }
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => {
      // A reader that stopped early (`| head`) wanted no more: that is not a failure of the scan.
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(new OutputError(`cannot write the report: ${error.message}`));
    });
  });
}

/** Prints the first few rule failures on stderr; true when there were any. */
export function reportRuleFailures(failures: readonly RuleFailure[], cwd: string, debug: boolean): boolean {
  for (const failure of failures.slice(0, 5)) {
    process.stderr.write(`premortem: internal error in rule ${failure.ruleId} (${path.relative(cwd, failure.file) || '.'}): ${failure.message}\n`);
    if (debug && failure.stack) process.stderr.write(`${failure.stack}\n`);
  }
  if (failures.length > 5) process.stderr.write(`premortem: ${failures.length - 5} more internal errors\n`);
  return failures.length > 0;
}
