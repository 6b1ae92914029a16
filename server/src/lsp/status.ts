// What the language status item says besides "running": the module calls premortem cannot see into in
// the trees being edited, once, never as a diagnostic per call. Sent when it changes.
import type { Connection } from 'vscode-languageserver/node';
import type { OpaqueModuleCall } from '../core/finding';
import { opaqueCallKey, opaqueCallsSummary } from '../core/scan-notes';
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol';

export class StatusReporter {
  private readonly byTree = new Map<string, readonly OpaqueModuleCall[]>();
  private sent = '';

  constructor(private readonly connection: Connection) {}

  /** A tree was linted for the editor. */
  linted(root: string, calls: readonly OpaqueModuleCall[]): void {
    this.byTree.set(root, calls);
    this.send();
  }

  /** A tree is no longer being edited. */
  cleared(root: string): void {
    if (this.byTree.delete(root)) this.send();
  }

  private send(): void {
    const calls = new Set<string>();
    for (const list of this.byTree.values()) for (const call of list) calls.add(opaqueCallKey(call));
    const params: StatusParams = calls.size > 0 ? { opaqueModuleCalls: calls.size, message: opaqueCallsSummary(calls.size) } : { opaqueModuleCalls: 0 };
    const text = JSON.stringify(params);
    if (text === this.sent) return;
    this.sent = text;
    void this.connection.sendNotification(STATUS_NOTIFICATION, params);
  }
}
