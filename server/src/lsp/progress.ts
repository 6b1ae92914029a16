// Work-done progress on a token the client created (the client owns the UI and its cancel button):
// `begin`, then reports whose percentage never goes down, at most a few per second, then `end`.
import {
  WorkDoneProgress,
  type Connection,
  type ProgressToken,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';

/** Reports closer together than this are dropped (the last one always goes out). */
const MIN_REPORT_INTERVAL_MS = 200;

export class ProgressReporter {
  private percentage = 0;
  private lastReport = -Infinity;
  private ended = false;

  constructor(
    private readonly connection: Connection,
    private readonly token: ProgressToken | undefined,
  ) {}

  begin(title: string, message: string): void {
    this.send({ kind: 'begin', title, message, percentage: 0, cancellable: false });
  }

  /** `final` reports are sent whatever the throttle says. */
  report(done: number, total: number, message: string, final = false): void {
    const percentage = Math.max(this.percentage, total === 0 ? 100 : Math.floor((done * 100) / total));
    const now = performance.now();
    if (!final && now - this.lastReport < MIN_REPORT_INTERVAL_MS) return;
    this.lastReport = now;
    this.percentage = percentage;
    this.send({ kind: 'report', percentage, message });
  }

  end(message?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.send(message === undefined ? { kind: 'end' } : { kind: 'end', message });
  }

  private send(value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void {
    if (this.token === undefined) return;
    void this.connection.sendProgress(WorkDoneProgress.type, this.token, value);
  }
}
