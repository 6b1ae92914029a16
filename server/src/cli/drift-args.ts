// Command-line arguments for `premortem drift`.
import type { Severity } from '../../../rules/api';
import { commonArguments, defaultCommonOptions, isUnknownOption, readCommonOption, readOptions, UsageError } from './option-reader';

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
  /** Text and markdown show every row, not only the disagreements. */
  readonly all: boolean;
}

export const DRIFT_USAGE = `Usage: premortem drift [paths...] [options]

Compares the environments of each module under the paths (default "."): var files per environment,
sibling environment directories calling the same module, Terragrunt inputs, or the environments named
in .premortem.json. Prints the environment-by-variable matrix with the disagreements marked.

Options:
  --format text|json|markdown   Output format (default: text; markdown is ready for a pull-request comment)
  --all                         Show every module and variable, not only those that disagree (JSON always does)
  --output FILE                 Write the report to FILE instead of standard output
  --fail-on error|warning|info  Exit 1 while a disagreement at or above this level remains (default: warning)
  --config FILE                 Use this config file instead of the nearest .premortem.json
  --no-inline-ignores           Ignore premortem-ignore comments
  --debug                       Print stack traces for internal errors
`;

/** `args` are the words after `drift`. */
export function parseDriftArguments(args: readonly string[]): DriftArguments {
  const paths: string[] = [];
  const common = defaultCommonOptions();
  let format: DriftFormat = 'text';
  let all = false;
  readOptions(args, (cursor) => {
    if (readCommonOption(cursor, common)) return;
    const { flag, arg, value } = cursor;
    switch (flag) {
      case '--format': {
        const name = value();
        if (!(DRIFT_FORMATS as readonly string[]).includes(name))
          throw new UsageError(`unknown format "${name}" for drift; use one of ${DRIFT_FORMATS.join(', ')}`);
        format = name as DriftFormat;
        break;
      }
      case '--all':
        all = true;
        break;
      default:
        if (isUnknownOption(arg)) throw new UsageError(`unknown option "${arg}" for drift; see premortem --help`);
        paths.push(arg);
    }
  });
  return { command: 'drift', paths: paths.length > 0 ? paths : ['.'], format, all, ...commonArguments(common) };
}
