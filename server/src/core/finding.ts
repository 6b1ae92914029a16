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
}

export interface ScanResult {
  readonly findings: readonly Finding[];
  readonly summary: ScanSummary;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
