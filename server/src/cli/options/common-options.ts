// Options several commands take, declared once; a command's table spreads the ones it takes, and may restate
// a description where the option means something more precise there.
import type { Severity } from '../../../../rules/api';
import type { OptionSpec } from './option-table';
import { UsageError } from './usage-error';

export const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];

export const OUTPUT = {
  type: 'string',
  short: 'o',
  valueName: 'FILE',
  description: 'Write the report to FILE instead of standard output',
  readme:
    'write the report to a file (missing folders are made; never a `.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`, `.hcl`, `.tofu` or other file the scan reads)',
} as const satisfies OptionSpec;

export const FAIL_ON = {
  type: 'string',
  choices: SEVERITIES,
  default: 'warning',
  description: 'Exit 1 while a finding at or above this level remains',
} as const satisfies OptionSpec;

export const VAR_FILE = {
  type: 'string',
  multiple: true,
  valueName: 'FILE',
  description: 'Load variable values from FILE after terraform.tfvars and *.auto.tfvars',
  readme: 'load variable values after `terraform.tfvars` and `*.auto.tfvars`',
} as const satisfies OptionSpec;

export const CONFIG = {
  type: 'string',
  short: 'c',
  valueName: 'FILE',
  description: 'Use this config file instead of the nearest .premortem.json',
  readme: 'use this config instead of the nearest `.premortem.json`',
} as const satisfies OptionSpec;

export const NO_INLINE_IGNORES = {
  type: 'boolean',
  description: 'Ignore premortem-ignore comments (for CI)',
  readme: 'ignore `premortem-ignore` comments, so CI sees everything',
} as const satisfies OptionSpec;

export const PLAN = {
  type: 'string',
  valueName: 'FILE',
  description:
    'A plan in JSON ("terraform show -json <planfile>", or - for standard input): its values fill in what the configuration of the root it was made from cannot say (variables, data sources, modules that were never downloaded)',
  readme: "a plan's JSON (`terraform show -json`; `-` reads standard input) fills in what the configuration of its root cannot say (see above)",
} as const satisfies OptionSpec;

export const NEW_SINCE = {
  type: 'string',
  valueName: 'REV',
  description:
    "Report only findings that git revision REV did not have (the modules with changed files and their callers are linted at both; needs REV's history)",
  readme: 'report only the findings that git revision `REV` did not have (see below)',
} as const satisfies OptionSpec;

export const BASELINE = {
  type: 'string',
  valueName: 'FILE',
  description: 'Report only findings the baseline FILE lacks (see premortem baseline)',
  readme: 'report only the findings the baseline `FILE` lacks (see below)',
} as const satisfies OptionSpec;

export const CACHE = {
  type: 'boolean',
  description:
    "Keep results in a cache file and reuse those of module trees whose inputs (files, var files, config, plan, rules, premortem's version) did not change",
  readme: 'keep results in a cache file and reuse those of module trees whose inputs did not change (see below)',
} as const satisfies OptionSpec;

export const CACHE_LOCATION = {
  type: 'string',
  valueName: 'PATH',
  defaultText: '.premortemcache in the working directory',
  description: 'The cache file, or a directory for it; needs --cache',
  readme: 'the cache file, or a directory for it (needs `--cache`)',
} as const satisfies OptionSpec;

export const COLOR = {
  type: 'boolean',
  negatable: true,
  defaultText: 'on for a terminal',
  description: 'Force coloured text output on or off',
  readme: 'force coloured text output on or off (`NO_COLOR` and `FORCE_COLOR` are honoured too)',
} as const satisfies OptionSpec;

export const DEBUG = {
  type: 'boolean',
  description: 'Print stack traces for internal errors',
} as const satisfies OptionSpec;

/** The options of every command that reports findings, in the order the help lists them. */
export const REPORT_OPTIONS = {
  output: OUTPUT,
  'fail-on': FAIL_ON,
  config: CONFIG,
  'no-inline-ignores': NO_INLINE_IGNORES,
  debug: DEBUG,
} as const;

/** `--cache-location` alone is a mistake: it would do nothing. */
export function cacheArguments(cache: boolean, cacheLocation: string | undefined): { cache: boolean; cacheLocation?: string } {
  if (cacheLocation !== undefined && !cache) throw new UsageError('--cache-location needs --cache');
  return { cache, ...(cacheLocation !== undefined ? { cacheLocation } : {}) };
}

/** The options every reporting command's arguments carry, without the ones left unset. */
export function reportArguments(values: {
  output: string | undefined;
  'fail-on': Severity;
  config: string | undefined;
  'no-inline-ignores': boolean;
  debug: boolean;
}): {
  failOn: Severity;
  inlineIgnores: boolean;
  debug: boolean;
  output?: string;
  config?: string;
} {
  return {
    failOn: values['fail-on'],
    inlineIgnores: !values['no-inline-ignores'],
    debug: values.debug,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(values.config !== undefined ? { config: values.config } : {}),
  };
}

/** `--plan` twice is a mistake, not "the last one wins": a plan belongs to one root module. */
export function onePlan(counts: ReadonlyMap<string, number>): void {
  if ((counts.get('plan') ?? 0) > 1) throw new UsageError('--plan takes one plan; a plan belongs to one root module');
}
