// What the server writes to the premortem output, through LSP's own channels as vscode-eslint does:
// window/logMessage for what a user should always see (the start, config files found, scan summaries,
// errors), and $/logTrace for the detail (each lint with its module and time, error stacks), which the
// client shows only while `premortem.trace.server` is "messages" or "verbose" (LSP's $/setTrace).
import type { Connection } from 'vscode-languageserver/node';

export type LogConnection = Pick<Connection, 'console' | 'tracer'>;

export class Log {
  constructor(private readonly connection: LogConnection) {}

  info(message: string): void {
    this.connection.console.info(message);
  }

  warn(message: string): void {
    this.connection.console.warn(message);
  }

  /** A failure: one line in the output, and its stack at trace level. */
  error(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.connection.console.error(`${what}: ${message}`);
    if (error instanceof Error && error.stack) this.trace(`${what}: ${error.stack}`);
  }

  /** Detail for `premortem.trace.server` (not sent at all while tracing is off); `verbose` only at "verbose". */
  trace(message: string, verbose?: string): void {
    this.connection.tracer.log(message, verbose);
  }
}

/** Milliseconds for a log line: "12 ms", "1.3 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The first line in the output: which premortem runs, on which Node, for which folders. */
export function startedMessage(version: string, folders: readonly string[]): string {
  const where = folders.length === 0 ? 'no workspace folder' : `workspace folder${folders.length === 1 ? '' : 's'} ${folders.join(', ')}`;
  return `premortem ${version} language server started (Node ${process.version}, pid ${process.pid}) for ${where}.`;
}

/** The scan's summary line, with where its time went. */
export function scanSummary(
  result: { modules: number; files: number; errors: number; warnings: number; infos: number; cancelled: boolean },
  timings: { discoveryMs: number; totalMs: number },
): string {
  const what = `${result.modules} module${result.modules === 1 ? '' : 's'}, ${result.files} file${result.files === 1 ? '' : 's'}`;
  const findings = `${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}, ${result.infos} info`;
  const time = `${formatDuration(timings.totalMs)} (discovery ${formatDuration(timings.discoveryMs)}, linting ${formatDuration(timings.totalMs - timings.discoveryMs)})`;
  return `${result.cancelled ? 'Scan cancelled after' : 'Scanned'} ${what} in ${time}: ${findings}.`;
}
