// Arguments of `premortem blast-radius --plan PLAN.json [path]`.
import type { Severity } from '../../../rules/api';
import { commonArguments, defaultCommonOptions, isUnknownOption, readCommonOption, readOptions, UsageError } from './option-reader';

export const BLAST_RADIUS_USAGE = `Usage: premortem blast-radius --plan PLAN.json [path] [options]

For every resource a Terraform plan changes, what depends on it and the findings that touch them.
PLAN.json is "terraform show -json <planfile>"; path is the root module (default ".").
  --plan FILE                The plan, in JSON (required)
  --format text|json|markdown|svg|html
                             Output format (default: text); markdown suits a pull-request comment,
                             svg and html draw the changes and their dependents as a graph (html is
                             one self-contained page, for a pull-request artifact)
  --output, --fail-on, --var-file, --config, --no-inline-ignores, --color, --debug as for scan
`;

export type BlastRadiusFormat = 'text' | 'json' | 'markdown' | 'svg' | 'html';

const FORMATS: readonly BlastRadiusFormat[] = ['text', 'json', 'markdown', 'svg', 'html'];

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

export function parseBlastRadiusArguments(args: readonly string[]): BlastRadiusArguments {
  let plan: string | undefined;
  const dirs: string[] = [];
  const varFiles: string[] = [];
  const common = defaultCommonOptions();
  let format: BlastRadiusFormat = 'text';
  let color: boolean | undefined;
  readOptions(args, (cursor) => {
    if (readCommonOption(cursor, common)) return;
    const { flag, arg, value } = cursor;
    switch (flag) {
      case '--plan':
        plan = value();
        break;
      case '--format': {
        const name = value();
        if (!FORMATS.includes(name as BlastRadiusFormat)) throw new UsageError(`unknown format "${name}" for blast-radius; use one of ${FORMATS.join(', ')}`);
        format = name as BlastRadiusFormat;
        break;
      }
      case '--var-file':
        varFiles.push(value());
        break;
      case '--color':
        color = true;
        break;
      case '--no-color':
        color = false;
        break;
      default:
        if (isUnknownOption(arg)) throw new UsageError(`unknown option "${arg}" for blast-radius; see premortem --help`);
        dirs.push(arg);
    }
  });
  if (plan === undefined) throw new UsageError('blast-radius needs --plan PLAN.json (from "terraform show -json <planfile>")');
  if (dirs.length > 1) throw new UsageError(`blast-radius takes one root module directory, not ${dirs.length}`);
  return {
    command: 'blast-radius',
    plan,
    dir: dirs[0] ?? '.',
    format,
    varFiles,
    ...commonArguments(common),
    ...(color !== undefined ? { color } : {}),
  };
}
