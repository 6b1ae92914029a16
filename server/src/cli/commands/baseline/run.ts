// `premortem baseline`: what the scan found, written as a baseline for `scan --baseline FILE`.
import * as path from 'node:path';
import { baselineEntries, formatBaseline } from '../../../core/changes/baseline';
import { identitiesOf, parsedFiles } from '../../../core/changes/finding-identity';
import type { ScanOutcome } from '../../../core/scan';
import { reportRuleFailures, writeReport } from '../../output/report-output';
import type { ScanArguments } from '../scan/options';

/** `premortem baseline`: every finding, written as a baseline relative to the output file's folder. */
export async function writeBaseline(outcome: ScanOutcome, args: ScanArguments, cwd: string): Promise<number> {
  const target = path.resolve(cwd, args.output!);
  const lookup = parsedFiles();
  const entries = baselineEntries(outcome.findings.flatMap((finding) => identitiesOf(finding, path.dirname(target), lookup)));
  await writeReport(formatBaseline(entries), args.output, cwd);
  process.stderr.write(`premortem: wrote ${outcome.findings.length} findings to the baseline ${args.output}\n`);
  return reportRuleFailures(outcome.failures, cwd, args.debug) ? 2 : 0;
}
