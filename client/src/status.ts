// The language status item for Terraform files: whether the server is running, with a way to its output.
import { languages, LanguageStatusSeverity, type DocumentSelector, type LanguageStatusItem } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from '../../server/src/protocol';

export function createStatus(client: LanguageClient, selector: DocumentSelector): LanguageStatusItem {
  const item = languages.createLanguageStatusItem('premortem.status', selector);
  item.name = 'premortem';
  item.command = { title: 'Show Output', command: COMMANDS.showOutput };
  const show = (state: State): void => {
    item.busy = state === State.Starting;
    item.text = state === State.Running ? 'premortem' : state === State.Starting ? 'premortem: starting' : 'premortem: stopped';
    item.detail = state === State.Running ? 'Finding outage risks' : undefined;
    item.severity = state === State.Stopped ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
  };
  show(client.state);
  client.onDidChangeState((event) => show(event.newState));
  return item;
}
