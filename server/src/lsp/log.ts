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
