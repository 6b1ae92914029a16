// The shape of a rule file once it has passed the schema (schemas/premortem-rule.schema.json) and the
// checks the schema cannot make (see check-definition.ts). Plain data: a rule file never runs code.
import type { Category, Severity } from '../../../../rules/api';

export type Scalar = string | number | boolean | null;

/** A value read from a block: `{ attribute: timeout, of: function, default: 3, times: 6 }`. */
export interface ValueRef {
  readonly attribute: string;
  readonly of?: string;
  readonly default?: Scalar;
  readonly times?: number;
  readonly plus?: number;
}

export type Operand = Scalar | ValueRef;

export interface Exists {
  readonly resource: string;
  readonly where?: Condition;
}

export interface Condition {
  readonly attribute?: string;
  readonly of?: string;
  readonly default?: Scalar;
  readonly equals?: Operand;
  readonly in?: readonly Scalar[];
  readonly matches?: string;
  readonly 'less-than'?: Operand;
  readonly 'greater-than'?: Operand;
  readonly present?: true;
  readonly absent?: true;
  readonly all?: readonly Condition[];
  readonly any?: readonly Condition[];
  readonly not?: Condition;
  readonly resource?: string | readonly string[];
  readonly file?: string | readonly string[];
  readonly 'some-block'?: string;
  readonly 'no-block'?: string;
  readonly where?: Condition;
  readonly exists?: Exists;
  readonly 'none-exists'?: Exists;
}

/** The operators a condition may use: exactly one per condition object. */
export const OPERATORS = [
  'equals',
  'in',
  'matches',
  'less-than',
  'greater-than',
  'present',
  'absent',
  'all',
  'any',
  'not',
  'resource',
  'file',
  'some-block',
  'no-block',
  'exists',
  'none-exists',
] as const;
export type Operator = (typeof OPERATORS)[number];
/** Operators that compare the value of `attribute`, which they need. */
export const VALUE_OPERATORS: ReadonlySet<Operator> = new Set(['equals', 'in', 'matches', 'less-than', 'greater-than', 'present', 'absent']);

export interface ReportCase {
  readonly id: string;
  readonly if: Condition;
  readonly severity?: Severity;
  readonly message?: string;
}

export interface FollowStep {
  readonly attribute: string;
  readonly from?: string;
  readonly resource: string | readonly string[];
  readonly through?: readonly { readonly resource: string; readonly attribute: string }[];
  readonly 'by-name'?: { readonly attribute: string; readonly extract?: string };
  /** The rule still applies when the step leads nowhere; conditions on the name are then unknown. */
  readonly optional?: true;
}

export interface FixDefinition {
  readonly of?: string;
  readonly set?: { readonly attribute: string; readonly value: Operand };
  readonly remove?: string;
  readonly message: string;
}

export type Example = string | { readonly name?: string; readonly code: string; readonly file?: string };

export interface RuleDefinition {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly severity: Severity;
  readonly category?: Category;
  readonly incident: { readonly name: string; readonly url?: string; readonly date?: string };
  readonly resource: string | readonly string[];
  readonly files?: string | readonly string[];
  readonly modules?: string | readonly string[];
  readonly follow?: Readonly<Record<string, FollowStep>>;
  readonly when?: Condition | readonly Condition[];
  readonly report?: Condition | readonly ReportCase[];
  readonly message?: string;
  readonly fix?: FixDefinition;
  readonly valid?: readonly Example[];
  readonly invalid?: readonly Example[];
}

export function listOf<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

export function isValueRef(operand: Operand | undefined): operand is ValueRef {
  return operand !== null && typeof operand === 'object';
}
