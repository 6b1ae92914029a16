// The language status item for Terraform files: whether the server is running, with a way to its output,
// and what it cannot see: module calls into remote modules that terraform init has not downloaded.
import { languages, LanguageStatusSeverity, type DocumentSelector, type LanguageStatusItem } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';

export function createStatus(client: LanguageClient, selector: DocumentSelector): LanguageStatusItem {
  const item = languages.createLanguageStatusItem('premortem.status', selector);
  item.name = 'premortem';
  item.command = { title: 'Show Output', command: COMMANDS.showOutput };
  let unseen: StatusParams = { opaqueModuleCalls: 0 };
  const show = (state: State): void => {
    item.busy = state === State.Starting;
    item.text = state === State.Running ? 'premortem' : state === State.Starting ? 'premortem: starting' : 'premortem: stopped';
    item.detail = state === State.Running ? (unseen.message ?? 'Finding outage risks') : undefined;
    item.severity = state === State.Stopped ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
  };
  show(client.state);
  client.onDidChangeState((event) => show(event.newState));
  client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    unseen = params;
    show(client.state);
  });
  return item;
}
