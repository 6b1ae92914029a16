// premortem.selectRange: selects a range of a document in its editor. The server's "Ignore <rule> here"
// quick fix runs it after its edit, so the `<reason>` placeholder is selected and typing replaces it
// (the server sends a snippet edit instead to clients that take LSP 3.18 snippet edits).
import { Selection, TextEditorRevealType, Uri, window } from 'vscode';
import type { SelectRangeArguments } from '../../server/src/protocol';

export async function selectRange(...args: unknown[]): Promise<void> {
  if (!isSelectRangeArguments(args)) return;
  const [uri, range] = args;
  const editor = window.visibleTextEditors.find((e) => e.document.uri.toString() === uri) ?? (await window.showTextDocument(Uri.parse(uri)));
  const selection = new Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  // Only while the text there is still what the edit wrote (the user may have typed since).
  if (editor.document.getText(selection) === '') return;
  editor.selection = selection;
  editor.revealRange(selection, TextEditorRevealType.InCenterIfOutsideViewport);
  if (window.activeTextEditor !== editor) await window.showTextDocument(editor.document, editor.viewColumn);
}

function isSelectRangeArguments(args: unknown[]): args is SelectRangeArguments {
  const [uri, range] = args as [unknown, { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | undefined];
  const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
  return (
    typeof uri === 'string' &&
    isNumber(range?.start?.line) &&
    isNumber(range?.start?.character) &&
    isNumber(range?.end?.line) &&
    isNumber(range?.end?.character)
  );
}
