// `premortem drift [paths...]`: its declaration and its arguments.
import type { Severity } from '../../../../../rules/api';
import { FAIL_ON, REPORT_OPTIONS, reportArguments } from '../../options/common-options';
import type { CommandSpec } from '../../options/option-table';
import { parseOptions } from '../../options/parse-options';

export const DRIFT_FORMATS = ['text', 'json', 'markdown'] as const;

export type DriftFormat = (typeof DRIFT_FORMATS)[number];

export const DRIFT_COMMAND = {
  name: 'drift',
  usage: ['drift [paths...] [options]'],
  summary: 'The environment-by-variable matrix of each module, with the disagreements marked',
  description:
    'Compares the environments of each module under the paths (default "."): var files per environment, sibling environment directories calling the same module, Terragrunt inputs, or the environments named in .premortem.json. Prints the environment-by-variable matrix with the disagreements marked.',
  positionals: true,
  options: {
    format: {
      type: 'string',
      choices: DRIFT_FORMATS,
      choiceNoun: 'format',
      default: 'text',
      description: 'Output format; markdown is ready for a pull-request comment',
    },
    all: {
      type: 'boolean',
      description: 'Show every module and variable, not only those that disagree (JSON always does)',
    },
    ...REPORT_OPTIONS,
    'fail-on': { ...FAIL_ON, description: 'Exit 1 while a disagreement at or above this level remains' },
  },
} as const satisfies CommandSpec;

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

/** `argv` are the words after `drift`. */
export function parseDriftArguments(argv: readonly string[]): DriftArguments {
  const { values, positionals } = parseOptions(DRIFT_COMMAND, argv);
  return {
    command: 'drift',
    paths: positionals.length > 0 ? positionals : ['.'],
    format: values.format,
    all: values.all,
    ...reportArguments(values),
  };
}
