// What the engine produces: one finding per problem, in model coordinates (1-based lines and columns).
import type { Range, Severity, TextEdit } from '../../../rules/api';

export interface RelatedInformation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface SuggestionResult {
  readonly messageId: string;
  readonly message: string;
  readonly edits: readonly TextEdit[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly messageId: string;
  /** Absolute path. */
  readonly file: string;
  readonly range: Range;
  /** The values the rule filled into the message (`{ variable: "ami_id" }`), for tools that group findings. */
  readonly data?: Readonly<Record<string, string | number>>;
  /**
   * The module instances the finding is about, when it is about a child module's instances
   * (`module.edge.aws_cloudfront_distribution.this`); the message names them too.
   */
  readonly instances?: readonly string[];
  /** For a finding about what a plan does to a resource: its address, with module path and instance key. */
  readonly resource?: string;
  readonly related?: readonly RelatedInformation[];
  /** Plan-changing edits, offered one at a time. Each is verified to leave every file parsing. */
  readonly suggestions?: readonly SuggestionResult[];
  /** A plan-neutral edit (rules with `fixable: 'safe'` only). */
  readonly fix?: readonly TextEdit[];
}

export interface ScanSummary {
  readonly modules: number;
  readonly files: number;
  readonly findings: number;
  readonly bySeverity: { readonly error: number; readonly warning: number; readonly info: number };
  readonly durationMs: number;
  /** Module instances linted: each root, and each instance of a module call below it. */
  readonly instances?: number;
  /** How many times the rules ran: instances whose arguments evaluate the same share one run. */
  readonly ruleRuns?: number;
  /** Module calls whose source is remote and was not downloaded (`terraform init` would let premortem see inside). */
  readonly opaqueModuleCalls?: number;
}

/** A module call premortem cannot see inside: a registry or git source that `terraform init` did not download. */
export interface OpaqueModuleCall {
  readonly file: string;
  readonly range: Range;
  readonly source: string;
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly summary: ScanSummary;
  /** The calls counted in `summary.opaqueModuleCalls`. */
  readonly opaqueCalls?: readonly OpaqueModuleCall[];
  /** Root modules whose trees had more module instances than a lint takes (those beyond were not linted). */
  readonly truncatedTrees?: readonly string[];
  /** Symbolic links that lead outside the workspace, which the scan did not follow. */
  readonly linksOutside?: readonly string[];
  /** `.tf` and `.tf.json` files a `.tofu` or `.tofu.json` file of the same name replaces, which OpenTofu (and so the scan) does not read. */
  readonly shadowedFiles?: readonly string[];
  /** With --new-since or --baseline: what the findings were compared with. Only findings it lacked are reported. */
  readonly comparedWith?: Comparison;
}

export interface Comparison {
  /** `--new-since`: the revision as given, the commit it names, and how many Terraform files differ from it. */
  readonly revision?: { readonly name: string; readonly commit: string; readonly changedFiles: number };
  /** `--baseline`: the baseline file. */
  readonly baseline?: string;
  /** Findings left out because the revision or the baseline had them. */
  readonly notNew: number;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
