// The finding counts the language status shows: what premortem published, by severity, over every file.
// No vscode import, so it is tested on its own.

export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Files with at least one finding. */
  readonly files: number;
}

/** DiagnosticSeverity as VS Code numbers it: Error 0, Warning 1, Information 2, Hint 3. */
export function countFindings(severitiesByFile: Iterable<readonly number[]>): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let files = 0;
  for (const severities of severitiesByFile) {
    if (severities.length === 0) continue;
    files++;
    for (const severity of severities) {
      if (severity === 0) errors++;
      else if (severity === 1) warnings++;
      else infos++;
    }
  }
  return { errors, warnings, infos, files };
}

/** "2 errors, 1 warning, 3 info in 4 files", or "No findings". */
export function describeCounts(counts: FindingCounts): string {
  if (counts.files === 0) return 'No findings';
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.infos} info in ${plural(counts.files, 'file')}`;
}
