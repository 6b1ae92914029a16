// `premortem blast-radius --plan PLAN.json [path]`: its declaration and its arguments.
import type { Severity } from '../../../../../rules/api';
import { COLOR, REPORT_OPTIONS, reportArguments, VAR_FILE } from '../../options/common-options';
import type { CommandSpec } from '../../options/option-table';
import { parseOptions } from '../../options/parse-options';
import { UsageError } from '../../options/usage-error';

export const BLAST_RADIUS_FORMATS = ['text', 'json', 'markdown', 'svg', 'html'] as const;

export type BlastRadiusFormat = (typeof BLAST_RADIUS_FORMATS)[number];

export const BLAST_RADIUS_COMMAND = {
  name: 'blast-radius',
  usage: ['blast-radius --plan PLAN.json [path] [options]'],
  summary: 'For every resource a plan changes, what depends on it and the findings that touch them',
  description:
    'For every resource a Terraform plan changes, what depends on it and the findings that touch them. PLAN.json is "terraform show -json <planfile>"; path is the root module (default ".").',
  positionals: true,
  options: {
    plan: { type: 'string', valueName: 'FILE', description: 'The plan, in JSON (required)', readme: 'the plan, `terraform show -json <planfile>` (required)' },
    format: {
      type: 'string',
      choices: BLAST_RADIUS_FORMATS,
      choiceNoun: 'format',
      default: 'text',
      description:
        'Output format; markdown suits a pull-request comment, svg and html draw the changes and their dependents as a graph (html is one self-contained page, for a pull-request artifact)',
    },
    'var-file': VAR_FILE,
    color: COLOR,
    ...REPORT_OPTIONS,
  },
} as const satisfies CommandSpec;

export interface BlastRadiusArguments {
  readonly command: 'blast-radius';
  readonly plan: string;
  /** The root module the plan was made from. */
  readonly dir: string;
  readonly format: BlastRadiusFormat;
  readonly output?: string;
  readonly failOn: Severity;
  readonly varFiles: string[];
  readonly inlineIgnores: boolean;
  readonly config?: string;
  readonly color?: boolean;
  readonly debug: boolean;
}

/** `argv` are the words after `blast-radius`. */
export function parseBlastRadiusArguments(argv: readonly string[]): BlastRadiusArguments {
  const { values, positionals } = parseOptions(BLAST_RADIUS_COMMAND, argv);
  if (values.plan === undefined) throw new UsageError('blast-radius needs --plan PLAN.json (from "terraform show -json <planfile>")');
  if (positionals.length > 1) throw new UsageError(`blast-radius takes one root module directory, not ${positionals.length}`);
  return {
    command: 'blast-radius',
    plan: values.plan,
    dir: positionals[0] ?? '.',
    format: values.format,
    varFiles: values['var-file'],
    ...reportArguments(values),
    ...(values.color !== undefined ? { color: values.color } : {}),
  };
}
