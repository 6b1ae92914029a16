// Walks command-line arguments for every command: `--flag value` and `--flag=value`, with one clear line
// for a flag that lacks its value. Each command says what its flags mean.
import type { Severity } from '../../../rules/api';

export class UsageError extends Error {}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** A --fail-on value. */
export function parseSeverity(flag: string, level: string): Severity {
  if (!SEVERITIES.includes(level as Severity)) throw new UsageError(`${flag} takes error, warning or info, not "${level}"`);
  return level as Severity;
}

export interface OptionCursor {
  /** The flag as typed, without an inline `=value`. */
  readonly flag: string;
  readonly arg: string;
  /** The flag's value: inline, or the next argument. */
  value(): string;
}

/** Calls `handle` for each argument in turn; `handle` takes values through the cursor. */
export function readOptions(args: readonly string[], handle: (cursor: OptionCursor) => void): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    handle({
      flag,
      arg,
      value: () => {
        if (inline !== undefined) return inline;
        const next = args[++i];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        return next;
      },
    });
  }
}

export function isUnknownOption(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-';
}
