// A broken `.premortem.json` is shown, once, as a diagnostic on its first line and a message; linting
// goes on with the defaults. The diagnostic goes away when the file is fixed or deleted.
import { DiagnosticSeverity, MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { ConfigError } from '../core/config/config';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { ConfigProblemListener } from './config-store';
import type { Publisher } from './publisher';
import type { WorkspaceState } from './workspace-state';

export function reportConfigProblems(connection: Connection, state: WorkspaceState, publisher: Publisher): ConfigProblemListener {
  return (file: string, problem: ConfigError | undefined) => {
    const uri = state.uriOf(file);
    if (!problem) {
      publisher.publishRaw(uri, []);
      connection.console.info(`${file} is valid again.`);
      return;
    }
    const what = problem.key === undefined ? problem.problem : `${problem.key}: ${problem.problem}`;
    publisher.publishRaw(uri, [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: 'config',
        message: `${what}. premortem lints with the default settings until this is fixed.`,
      },
    ]);
    connection.console.error(problem.message);
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `premortem: ${problem.message}. Linting with the default settings until the config is fixed.`,
    });
  };
}
