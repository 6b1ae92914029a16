// Command-line arguments for `premortem drift`.
import type { Severity } from '../../../rules/api';
import { UsageError } from './args-error';

export type DriftFormat = 'text' | 'json' | 'markdown';

export const DRIFT_FORMATS: readonly DriftFormat[] = ['text', 'json', 'markdown'];

export interface DriftArguments {
  readonly command: 'drift';
  readonly paths: string[];
  readonly format: DriftFormat;
  readonly output?: string;
  readonly failOn: Severity;
  readonly config?: string;
  readonly inlineIgnores: boolean;
  readonly debug: boolean;
}

export const DRIFT_USAGE = `Usage: premortem drift [paths...] [options]

Compares the environments of each module under the paths (default "."): var files per environment,
sibling environment directories calling the same module, Terragrunt inputs, or the environments named
in .premortem.json. Prints the environment-by-variable matrix with the disagreements marked.

Options:
  --format text|json|markdown   Output format (default: text; markdown is ready for a pull-request comment)
  --output FILE                 Write the report to FILE instead of standard output
  --fail-on error|warning|info  Exit 1 while a disagreement at or above this level remains (default: warning)
  --config FILE                 Use this config file instead of the nearest .premortem.json
  --no-inline-ignores           Ignore premortem-ignore comments
  --debug                       Print stack traces for internal errors
`;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `args` are the words after `drift`. */
export function parseDriftArguments(args: readonly string[]): DriftArguments {
  const paths: string[] = [];
  let format: DriftFormat = 'text';
  let failOn: Severity = 'warning';
  let output: string | undefined;
  let config: string | undefined;
  let inlineIgnores = true;
  let debug = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--format': {
        const name = value();
        if (!(DRIFT_FORMATS as readonly string[]).includes(name)) throw new UsageError(`unknown format "${name}" for drift; use one of ${DRIFT_FORMATS.join(', ')}`);
        format = name as DriftFormat;
        break;
      }
      case '--output':
      case '-o':
        output = value();
        break;
      case '--fail-on': {
        const level = value();
        if (!SEVERITIES.includes(level as Severity)) throw new UsageError(`--fail-on takes error, warning or info, not "${level}"`);
        failOn = level as Severity;
        break;
      }
      case '--config':
      case '-c':
        config = value();
        break;
      case '--no-inline-ignores':
        inlineIgnores = false;
        break;
      case '--debug':
        debug = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}" for drift; see premortem --help`);
        paths.push(arg);
    }
  }
  return {
    command: 'drift',
    paths: paths.length > 0 ? paths : ['.'],
    format,
    failOn,
    inlineIgnores,
    debug,
    ...(output !== undefined ? { output } : {}),
    ...(config !== undefined ? { config } : {}),
  };
}
