// `premortem drift`: runs the drift report and writes it. Exit codes as for `scan`: 0 no disagreement at or
// above --fail-on, 1 some, 2 usage, config or internal error (the caller maps thrown errors to 2).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleModule } from '../../../rules/api';
import { severityAtLeast } from '../core/finding';
import type { DriftArguments } from './drift-args';
import { formatDrift } from './drift-format';
import { buildDriftReport, driftFindings } from './drift-report';

export function runDrift(args: DriftArguments, rules: readonly RuleModule[], version: string, cwd = process.cwd()): number {
  const report = buildDriftReport(
    { paths: args.paths, cwd, inlineIgnores: args.inlineIgnores, ...(args.config !== undefined ? { configFile: args.config } : {}) },
    rules,
  );
  const text = formatDrift(args.format, { report, cwd, version });
  if (args.output !== undefined) {
    const target = path.resolve(cwd, args.output);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  } else {
    process.stdout.write(text);
  }
  if (report.failures.length > 0) {
    for (const failure of report.failures.slice(0, 5)) {
      process.stderr.write(`premortem: internal error in rule ${failure.ruleId} (${path.relative(cwd, failure.file) || '.'}): ${failure.message}\n`);
      if (args.debug && failure.stack) process.stderr.write(`${failure.stack}\n`);
    }
    return 2;
  }
  return driftFindings(report).some((f) => severityAtLeast(f.severity, args.failOn)) ? 1 : 0;
}
