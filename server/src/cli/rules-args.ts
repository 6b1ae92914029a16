// Arguments of `premortem rules [paths] [--format text|json]` (list the rules) and `premortem rules test
// [paths]` (run the examples embedded in rule files).
import { isUnknownOption, readOptions, UsageError } from './option-reader';

export type RulesFormat = 'text' | 'json';

export interface RulesArguments {
  readonly command: 'rules';
  /** `list` prints every rule; `test` runs the rule files' `valid` and `invalid` examples. */
  readonly action: 'list' | 'test';
  /** Where to look for `.premortem/rules` (each path and its parents up to the repository's top), or rule files. */
  readonly paths: string[];
  readonly format: RulesFormat;
  readonly debug: boolean;
}

export const RULES_USAGE = `Usage: premortem rules [paths...] [--format text|json]
       premortem rules test [paths...]

  Lists the built-in rules and the rules written as data in .premortem/rules/*.yaml, *.yml and *.json,
  looked up in each path (default ".") and its parents up to the repository's top (see
  docs/rules-as-data.md). A path may also name a rule file.
  --format text|json         Output format (default: text). JSON is an array of
                             { id, title, severity, category, incident, source }, where source is
                             "builtin" or the rule file's path
  test                       Runs every rule file's embedded examples: exits 1, listing them, when a
                             "valid" example reports or an "invalid" one does not
  A rule file that cannot be used is named with its line and key on stderr, and the exit code is 2.
`;

export function parseRulesArguments(args: readonly string[]): RulesArguments {
  const rest = [...args];
  const action = rest[0] === 'test' ? 'test' : 'list';
  if (action === 'test') rest.shift();
  const paths: string[] = [];
  let format: RulesFormat = 'text';
  let debug = false;
  readOptions(rest, (cursor) => {
    const { flag, arg, value } = cursor;
    switch (flag) {
      case '--format': {
        const name = value();
        if (name !== 'text' && name !== 'json') throw new UsageError(`unknown format "${name}" for premortem rules; use text or json`);
        if (action === 'test') throw new UsageError('premortem rules test prints a text report; --format belongs to premortem rules');
        format = name;
        break;
      }
      case '--debug':
        debug = true;
        break;
      default:
        if (isUnknownOption(arg)) throw new UsageError(`unknown option "${arg}"; see premortem rules --help`);
        paths.push(arg);
    }
  });
  return { command: 'rules', action, paths: paths.length > 0 ? paths : ['.'], format, debug };
}
