// Arguments of `premortem blast-radius --plan PLAN.json [path]`.
import type { Severity } from '../../../rules/api';
import { isUnknownOption, parseSeverity, readOptions, UsageError } from './option-reader';

export type BlastRadiusFormat = 'text' | 'json' | 'markdown';

const FORMATS: readonly BlastRadiusFormat[] = ['text', 'json', 'markdown'];

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
  let format: BlastRadiusFormat = 'text';
  let failOn: Severity = 'warning';
  let output: string | undefined;
  let config: string | undefined;
  let color: boolean | undefined;
  let inlineIgnores = true;
  let debug = false;
  readOptions(args, ({ flag, arg, value }) => {
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
      case '--output':
      case '-o':
        output = value();
        break;
      case '--fail-on':
        failOn = parseSeverity(flag, value());
        break;
      case '--var-file':
        varFiles.push(value());
        break;
      case '--config':
      case '-c':
        config = value();
        break;
      case '--no-inline-ignores':
        inlineIgnores = false;
        break;
      case '--color':
        color = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '--debug':
        debug = true;
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
    failOn,
    varFiles,
    inlineIgnores,
    debug,
    ...(output !== undefined ? { output } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(color !== undefined ? { color } : {}),
  };
}
