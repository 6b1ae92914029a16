// Walks command-line arguments for every command: `--flag value` and `--flag=value`, with one clear line
// for a flag that lacks its value. Each command says what its flags mean.
import type { Severity } from '../../../rules/api';
import { UserError } from '../core/user-error';

export class UsageError extends UserError {}

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

/** The options every command takes, as they are read. */
export interface CommonOptions {
  output?: string;
  failOn: Severity;
  config?: string;
  inlineIgnores: boolean;
  debug: boolean;
}

export function defaultCommonOptions(): CommonOptions {
  return { failOn: 'warning', inlineIgnores: true, debug: false };
}

/** Reads one of the options every command takes into `options`; false when the flag is not one of them. */
export function readCommonOption({ flag, value }: OptionCursor, options: CommonOptions): boolean {
  switch (flag) {
    case '--output':
    case '-o':
      options.output = value();
      return true;
    case '--fail-on':
      options.failOn = parseSeverity(flag, value());
      return true;
    case '--config':
    case '-c':
      options.config = value();
      return true;
    case '--no-inline-ignores':
      options.inlineIgnores = false;
      return true;
    case '--debug':
      options.debug = true;
      return true;
    default:
      return false;
  }
}

/** The common options for a command's arguments, without the ones left unset. */
export function commonArguments(options: CommonOptions): { failOn: Severity; inlineIgnores: boolean; debug: boolean; output?: string; config?: string } {
  return {
    failOn: options.failOn,
    inlineIgnores: options.inlineIgnores,
    debug: options.debug,
    ...(options.output !== undefined ? { output: options.output } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
  };
}

/** `--cache` and `--cache-location PATH` (scan, baseline and review), as they are read. */
export interface CacheOptions {
  cache: boolean;
  cacheLocation?: string;
}

/** Reads --cache or --cache-location into `options`; false when the flag is neither. */
export function readCacheOption({ flag, value }: OptionCursor, options: CacheOptions): boolean {
  if (flag === '--cache') options.cache = true;
  else if (flag === '--cache-location') options.cacheLocation = value();
  else return false;
  return true;
}

/** The cache options for a command's arguments; --cache-location alone is a mistake (it would do nothing). */
export function cacheArguments(options: CacheOptions): { cache: boolean; cacheLocation?: string } {
  if (options.cacheLocation !== undefined && !options.cache) throw new UsageError('--cache-location needs --cache');
  return { cache: options.cache, ...(options.cacheLocation !== undefined ? { cacheLocation: options.cacheLocation } : {}) };
}
