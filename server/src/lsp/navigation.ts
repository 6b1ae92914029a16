// Outline and go to definition, for when no Terraform extension provides them. The client decides
// (premortem.navigation: `auto` turns it on only when neither HashiCorp's Terraform extension nor the
// OpenTofu one is installed) and says so at start (initializationOptions) and on every change (the
// premortem/navigation notification). Where the client can, the two features are registered and
// unregistered dynamically, so VS Code does not even ask; otherwise they are declared at start and the
// handlers answer nothing while it is off, so nothing shows twice.
import * as path from 'node:path';
import {
  DefinitionRequest,
  DocumentSymbolRequest,
  SymbolKind,
  type ClientCapabilities,
  type Connection,
  type DefinitionParams,
  type Disposable,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type LocationLink,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { createModuleLoader } from '../core/graph/module-loader';
import { loadModule } from '../core/load-module';
import { findDefinition, referenceAt } from '../core/navigation/definition';
import { documentSymbols, type OutlineSymbol } from '../core/navigation/document-symbols';
import type { InitializationOptions } from '../protocol';
import { toLspRange } from './diagnostics';
import { uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

/** The documents the outline and definitions are for: what the client lints. */
const SELECTOR = [{ language: 'terraform' }, { language: 'terraform-vars' }];

export class NavigationService {
  private enabled = false;
  private dynamic = false;
  private registered: Promise<Disposable> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly state: WorkspaceState,
  ) {}

  /** At `initialize`: the capabilities to declare now (none when they can be registered later). */
  initialize(client: ClientCapabilities, options: InitializationOptions | undefined): Partial<ServerCapabilities> {
    this.enabled = options?.navigation === true;
    this.dynamic = client.textDocument?.documentSymbol?.dynamicRegistration === true && client.textDocument?.definition?.dynamicRegistration === true;
    if (this.dynamic) return {};
    // Declared or not for the whole session: the handlers answer only while it is on.
    return this.enabled ? { documentSymbolProvider: { label: 'premortem' }, definitionProvider: true } : {};
  }

  /** After `initialized`: registers the features if they are on. */
  async start(): Promise<void> {
    if (this.dynamic && this.enabled) await this.register();
  }

  /** The client's premortem/navigation notification: an extension was installed or removed, or the setting changed. */
  async setEnabled(enabled: boolean): Promise<void> {
    if (enabled === this.enabled) return;
    this.enabled = enabled;
    if (!this.dynamic) return;
    if (enabled) await this.register();
    else await this.unregister();
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  private async register(): Promise<void> {
    if (this.registered) return;
    const registrations = this.connection.client.register(DocumentSymbolRequest.type, { documentSelector: SELECTOR, label: 'premortem' });
    const definitions = this.connection.client.register(DefinitionRequest.type, { documentSelector: SELECTOR });
    this.registered = Promise.all([registrations, definitions]).then(([a, b]) => ({ dispose: () => (a.dispose(), b.dispose()) }));
    await this.registered;
  }

  private async unregister(): Promise<void> {
    const registered = this.registered;
    this.registered = undefined;
    (await registered)?.dispose();
  }

  /** textDocument/documentSymbol: the outline of the document as it is now. */
  symbols(params: DocumentSymbolParams): DocumentSymbol[] | null {
    if (!this.enabled) return null;
    const file = uriToPath(params.textDocument.uri);
    const source = file !== undefined ? this.state.sourceOf(file) : undefined;
    return source ? documentSymbols(source).map(toLspSymbol) : null;
  }

  /** textDocument/definition: the declaration the reference under the cursor names. */
  definition(params: DefinitionParams): LocationLink[] | null {
    if (!this.enabled) return null;
    const file = uriToPath(params.textDocument.uri);
    const document = file !== undefined ? this.state.document(file) : undefined;
    if (!file || !document) return null;
    const dir = path.dirname(file);
    const listing = this.state.listModule(dir);
    if (listing.files.length === 0) return null;
    const module = loadModule({ dir, files: listing.files, varFiles: listing.varFiles, environmentFiles: [] }, { load: this.state.load });
    const loadChild = createModuleLoader({ reader: this.state.reader, load: this.state.load });
    const offset = document.offsetAt(params.position);
    const target = findDefinition(module, file, offset, loadChild);
    if (!target) return null;
    const reference = referenceAt(module, file, offset);
    return [
      {
        ...(reference ? { originSelectionRange: toLspRange(reference.range) } : {}),
        targetUri: this.state.uriOf(target.file),
        targetRange: toLspRange(target.range),
        targetSelectionRange: toLspRange(target.selection),
      },
    ];
  }
}

const KINDS: Readonly<Record<OutlineSymbol['kind'], SymbolKind>> = {
  Class: SymbolKind.Class,
  Struct: SymbolKind.Struct,
  Module: SymbolKind.Module,
  Variable: SymbolKind.Variable,
  Constant: SymbolKind.Constant,
  Property: SymbolKind.Property,
  Field: SymbolKind.Field,
  Namespace: SymbolKind.Namespace,
  Object: SymbolKind.Object,
  Event: SymbolKind.Event,
};

function toLspSymbol(symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    ...(symbol.detail !== '' ? { detail: symbol.detail } : {}),
    kind: KINDS[symbol.kind],
    range: toLspRange(symbol.range),
    selectionRange: toLspRange(symbol.selection),
    children: symbol.children.map(toLspSymbol),
  };
}
