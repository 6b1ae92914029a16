// `premortem rules [paths...]` (list the rules) and `premortem rules test [paths...]` (run the examples
// embedded in rule files): their declarations and their arguments.
import { DEBUG } from '../../options/common-options';
import type { CommandSpec } from '../../options/option-table';
import { parseOptions } from '../../options/parse-options';
import { UsageError } from '../../options/usage-error';

export const RULES_FORMATS = ['text', 'json'] as const;

export type RulesFormat = (typeof RULES_FORMATS)[number];

export const RULES_TEST_COMMAND = {
  name: 'rules test',
  usage: ['rules test [paths...]'],
  summary: "Run every rule file's embedded examples",
  description: 'Runs every rule file\'s embedded examples: exits 1, listing them, when a "valid" example reports or an "invalid" one does not.',
  positionals: true,
  options: { debug: DEBUG },
} as const satisfies CommandSpec;

export const RULES_COMMAND = {
  name: 'rules',
  usage: ['rules [paths...] [--format text|json]'],
  summary: 'List the built-in rules and the rules written as data in .premortem/rules',
  description:
    'Lists the built-in rules and the rules written as data in .premortem/rules/*.yaml, *.yml and *.json, looked up in each path (default ".") and its parents up to the repository\'s top (see docs/rules-as-data.md). A path may also name a rule file.\n\nA rule file that cannot be used is named with its line and key on stderr, and the exit code is 2.',
  positionals: true,
  options: {
    format: {
      type: 'string',
      choices: RULES_FORMATS,
      choiceNoun: 'format',
      default: 'text',
      description: 'Output format. JSON is an array of { id, title, severity, category, incident, source }, where source is "builtin" or the rule file\'s path',
      readme:
        '`json` is an array of `{ "id", "title", "severity", "category", "incident", "source", "scope" }`; `source` is `"builtin"` or the rule file\'s path relative to the working directory; `scope` is the folder whose modules the rule applies to (relative to the working directory), or `null` for every module',
    },
    debug: DEBUG,
  },
  subcommands: [RULES_TEST_COMMAND],
} as const satisfies CommandSpec;

export interface RulesArguments {
  readonly command: 'rules';
  /** `list` prints every rule; `test` runs the rule files' `valid` and `invalid` examples. */
  readonly action: 'list' | 'test';
  /** Where to look for `.premortem/rules` (each path and its parents up to the repository's top), or rule files. */
  readonly paths: string[];
  readonly format: RulesFormat;
  readonly debug: boolean;
}

/** `argv` are the words after `rules`. */
export function parseRulesArguments(argv: readonly string[]): RulesArguments {
  if (argv[0] === 'test') {
    const rest = argv.slice(1);
    if (rest.some((arg) => arg === '--format' || arg.startsWith('--format='))) {
      throw new UsageError('premortem rules test prints a text report; --format belongs to premortem rules');
    }
    const { values, positionals } = parseOptions(RULES_TEST_COMMAND, rest);
    return { command: 'rules', action: 'test', paths: positionals.length > 0 ? positionals : ['.'], format: 'text', debug: values.debug };
  }
  const { values, positionals } = parseOptions(RULES_COMMAND, argv);
  return { command: 'rules', action: 'list', paths: positionals.length > 0 ? positionals : ['.'], format: values.format, debug: values.debug };
}
