// "Ignore <rule> here" selects the `<reason>` placeholder: a snippet edit (LSP 3.18) for a client that
// declares snippetEditSupport, otherwise plain text plus the premortem.selectRange command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/core/finding';
import { parseFile } from '../../server/src/core/parse';
import { codeActions, supportsSnippetEdits, type CodeActionRequest } from '../../server/src/lsp/code-actions';
import { applyTextEdits, RULE, UNLOCKED } from './harness';

const FILE = '/w/main.tf';
const source = parseFile(FILE, UNLOCKED);
const backend = source.body.items[0]!.node === 'block' ? source.body.items[0]!.body.items[0]! : undefined;
const finding: Finding = { ruleId: RULE, severity: 'warning', messageId: 'm', message: 'unlocked', file: FILE, range: backend!.range };
const request: CodeActionRequest = {
  uri: 'file:///w/main.tf',
  file: FILE,
  version: 3,
  range: { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } },
  diagnostics: [],
  findings: [finding],
  source,
  uriOf: (f) => `file://${f}`,
  versionOf: () => null,
  documentChanges: true,
};

function ignoreAction(actions: CodeAction[]): CodeAction {
  const action = actions.find((a) => a.title === `Ignore ${RULE} here`);
  assert.ok(action, actions.map((a) => a.title).join(', '));
  return action;
}

test('with snippet edit support the ignore fix is one snippet edit with the reason as its tab stop', () => {
  const action = ignoreAction(codeActions({ ...request, snippetEdits: true }));
  assert.equal(action.command, undefined);
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  assert.deepEqual(change.textDocument, { uri: 'file:///w/main.tf', version: 3 });
  assert.deepEqual(change.edits, [
    {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      snippet: { kind: 'snippet', value: `  # premortem-ignore: ${RULE} -- \${1:<reason>}\n` },
    },
  ]);
});

test('without it the fix inserts the text, and its command selects exactly the placeholder', () => {
  for (const documentChanges of [true, false]) {
    const action = ignoreAction(codeActions({ ...request, documentChanges }));
    const edits = documentChanges ? (action.edit!.documentChanges![0] as TextDocumentEdit).edits : action.edit!.changes!['file:///w/main.tf']!;
    const after = applyTextEdits(UNLOCKED, edits);
    assert.equal(action.command?.command, 'premortem.selectRange');
    const [uri, range] = action.command!.arguments as [string, { start: { line: number; character: number }; end: { line: number; character: number } }];
    assert.equal(uri, 'file:///w/main.tf');
    const line = after.split('\n')[range.start.line]!;
    assert.equal(range.end.line, range.start.line);
    assert.equal(line.slice(range.start.character, range.end.character), '<reason>');
  }
});

test('a snippet edit needs documentChanges, and is used only when the client declares it', () => {
  assert.equal(supportsSnippetEdits({ workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } as object } }), true);
  assert.equal(supportsSnippetEdits({ workspace: { workspaceEdit: { documentChanges: true } } }), false);
  assert.equal(supportsSnippetEdits({ workspace: { workspaceEdit: { snippetEditSupport: true } as object } }), false);
  const action = ignoreAction(codeActions({ ...request, documentChanges: false, snippetEdits: true }));
  assert.equal(action.command?.command, 'premortem.selectRange', 'plain changes cannot carry a snippet');
});
