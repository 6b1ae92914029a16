// The open documents, with LSP's rule that a document's versions only go up: a change whose version is not
// above the document's (a client bug, or messages out of order) is dropped, never applied to the text,
// and no lint runs for it.
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export class VersionedDocuments extends TextDocuments<TextDocument> {
  /** The document whose last change was dropped, until its change event has been seen. */
  private dropped: TextDocument | undefined;

  constructor(onDropped: (uri: string, version: number, current: number) => void) {
    super({
      create: (uri, languageId, version, text) => TextDocument.create(uri, languageId, version, text),
      update: (document, changes, version) => {
        if (version <= document.version) {
          this.dropped = document;
          onDropped(document.uri, version, document.version);
          return document;
        }
        this.dropped = undefined;
        return TextDocument.update(document, changes, version);
      },
    });
  }

  /** Whether a change event is for a change that was dropped (TextDocuments fires one all the same). */
  wasDropped(document: TextDocument): boolean {
    if (this.dropped !== document) return false;
    this.dropped = undefined;
    return true;
  }
}
