// The language server's public contract: custom requests and notifications, their payloads, command ids
// and setting names. Types and string constants only: the one server file the client may import.

/** The product id: settings section, command prefix, diagnostic source, custom method prefix. */
export const PRODUCT = 'premortem';

/** Source shown on every diagnostic. */
export const DIAGNOSTIC_SOURCE = PRODUCT;

export const COMMANDS = {
  scanWorkspace: 'premortem.scanWorkspace',
  clearScanResults: 'premortem.clearScanResults',
  restartServer: 'premortem.restartServer',
  showOutput: 'premortem.showOutput',
  /** Opens a rule's page in the Markdown preview; argument: the rule id (or its web URL). */
  showDocumentation: 'premortem.showDocumentation',
  /** Shows what depends on a resource; arguments (optional): document URI and address, else the cursor's. */
  showBlastRadius: 'premortem.showBlastRadius',
  /** Draws what depends on a resource as a graph in a webview; arguments as for showBlastRadius. */
  showBlastRadiusGraph: 'premortem.showBlastRadiusGraph',
  /** The Blast Radius view's "Show as Graph": the graph of what the view shows. */
  showBlastRadiusGraphOfTree: 'premortem.showBlastRadiusGraphOfTree',
  /** Opens the list of rules (rules/README.md, shipped with the extension) in the Markdown preview. */
  openRules: 'premortem.openRules',
  /** Selects a range of a document in its editor (the ignore fix's `<reason>`); arguments: SelectRangeArguments. */
  selectRange: 'premortem.selectRange',
} as const;

/** What the client tells the server in `initialize` (`initializationOptions`). */
export interface InitializationOptions {
  /** The client opens a rule's packaged page through COMMANDS.showDocumentation: rule links are `command:` URIs. */
  readonly ruleDocsCommand?: boolean;
  /** Provide the outline and go to definition: no Terraform extension does (see premortem.navigation). */
  readonly navigation?: boolean;
}

/** The arguments of COMMANDS.selectRange: the document's URI and the range to select. */
export type SelectRangeArguments = [
  uri: string,
  range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } },
];

/** The settings the server reads (through workspace/configuration, scoped to a document). */
export const SETTINGS = {
  section: 'premortem',
  enable: 'enable',
  run: 'run',
  lintDelayMs: 'lintDelayMs',
  scanExclude: 'scan.exclude',
  codeLensBlastRadius: 'codeLens.blastRadius',
  traceServer: 'trace.server',
} as const;

export type RunMode = 'onType' | 'onSave';

/** What the server reads for one document; defaults apply to anything missing or malformed. */
export interface EditorSettings {
  readonly enable: boolean;
  readonly run: RunMode;
  readonly lintDelayMs: number;
  readonly scanExclude: readonly string[];
  /** Show "blast radius: …" above resources that others depend on. */
  readonly codeLensBlastRadius: boolean;
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, run: 'onType', lintDelayMs: 250, scanExclude: [], codeLensBlastRadius: true };

/** Request: scan every module of the workspace folders. Progress comes through the work-done token. */
export const SCAN_WORKSPACE_METHOD = 'premortem/scanWorkspace';

export interface ScanWorkspaceParams {
  /** Work-done progress token created by the client (it owns the progress UI). */
  readonly workDoneToken?: string | number;
  /** Folder URIs to scan; all workspace folders when absent. */
  readonly folders?: readonly string[];
  /** Skip the scan when the folders hold more Terraform files than this (the scan on startup). */
  readonly maxFiles?: number;
}

export interface ScanWorkspaceResult {
  readonly modules: number;
  readonly files: number;
  readonly findings: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly durationMs: number;
  /** True when the scan was cancelled (by the client, or by a newer scan); results so far are kept. */
  readonly cancelled: boolean;
  /** Set when the scan did not run because the folders hold more Terraform files than `maxFiles`. */
  readonly skipped?: { readonly files: number; readonly maxFiles: number };
  /** Directories the scan could not list (permissions, a broken link), so nothing in them was checked. */
  readonly unreadableDirectories?: readonly { readonly dir: string; readonly reason: string }[];
}

/** Notification from the server: what the language status says about the modules being edited. */
export const STATUS_NOTIFICATION = 'premortem/status';

export interface StatusParams {
  /** Module calls in the trees being edited whose remote source was not downloaded: premortem cannot see inside them. */
  readonly opaqueModuleCalls: number;
  /** One sentence for the status's detail when there are any ("2 remote module calls not downloaded (…)"). */
  readonly message?: string;
}

/** Request: remove the diagnostics the last workspace scan published for files that are not open. */
export const CLEAR_SCAN_RESULTS_METHOD = 'premortem/clearScanResults';

/** What a diagnostic's `data` carries, so a code action can find its finding without linting again. */
export interface DiagnosticData {
  readonly ruleId: string;
  /** Identifies the finding within the lint result for the document version it was computed for. */
  readonly findingId: string;
  /** The document version the finding was computed for. */
  readonly version: number | null;
}

/** Request: what depends on the resource at a position (or with an address) in a document. */
export const BLAST_RADIUS_METHOD = 'premortem/blastRadius';

export interface BlastRadiusParams {
  readonly uri: string;
  /** A position inside the resource, data source or module call block. */
  readonly position?: { readonly line: number; readonly character: number };
  /** The address within the document's module, e.g. `aws_cloudfront_cache_policy.assets`; wins over position. */
  readonly address?: string;
}

export interface BlastRadiusLocation {
  readonly uri: string;
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
}

export interface BlastRadiusDependent {
  /** Terraform's instance address, module path included: `module.edge.aws_cloudfront_distribution.this`. */
  readonly address: string;
  /** The resource or data source type, or `module` / `output`. */
  readonly type: string;
  /** The group it is shown under: the type in words, plural ("cloudfront distributions"). */
  readonly group: string;
  /** Addresses from the resource to this dependent, both included. */
  readonly path: readonly string[];
  readonly location?: BlastRadiusLocation;
}

/** Null when there is no resource there. */
export type BlastRadiusResult = {
  readonly address: string;
  /** "3 cloudfront distributions, 1 load balancer", or "nothing depends on it". */
  readonly summary: string;
  readonly dependents: readonly BlastRadiusDependent[];
} | null;

/** Request: the blast radius drawn as a graph, for the "Show Blast Radius Graph" webview. */
export const BLAST_RADIUS_GRAPH_METHOD = 'premortem/blastRadiusGraph';

/** Null when there is no resource there. The server lays out and draws; the client only shows the SVG. */
export type BlastRadiusGraphResult = {
  readonly address: string;
  readonly summary: string;
  /** The picture: every node a `<g data-id="…">`, its classes styled by `stylesheet`. */
  readonly svg: string;
  /** The picture's classes and colours, as CSS variables on `.pm-graph` a host may map to its theme. */
  readonly stylesheet: string;
  /** Dependents left out past the picture's limit (the tree lists them all). */
  readonly omitted: number;
  /** Where each node is declared, by the id its `data-id` carries. */
  readonly nodes: readonly { readonly id: string; readonly location?: BlastRadiusLocation }[];
} | null;

/** Notification from the client: the outline and go to definition are now wanted, or no longer. */
export const NAVIGATION_NOTIFICATION = 'premortem/navigation';

export interface NavigationParams {
  readonly enabled: boolean;
}
