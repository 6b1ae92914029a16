// What every command does with its report and with rules that crashed: write the report to a file or to
// standard output, and say which rules failed (exit 2, so CI does not read a partial report as clean).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleFailure } from '../core/lint';

export function writeReport(report: string, output: string | undefined, cwd: string): void {
  if (output === undefined) {
    process.stdout.write(report);
    return;
  }
  const target = path.resolve(cwd, output);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, report);
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
