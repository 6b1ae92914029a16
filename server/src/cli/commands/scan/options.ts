// `premortem scan [paths...]` (the default command) and `premortem baseline`, which takes scan's options:
// their declarations and their arguments.
import type { Severity } from '../../../../../rules/api';
import {
  BASELINE,
  CACHE,
  CACHE_LOCATION,
  cacheArguments,
  COLOR,
  CONFIG,
  DEBUG,
  FAIL_ON,
  NEW_SINCE,
  NO_INLINE_IGNORES,
  onePlan,
  OUTPUT,
  PLAN,
  reportArguments,
  VAR_FILE,
} from '../../options/common-options';
import type { CommandSpec } from '../../options/option-table';
import { parseOptions } from '../../options/parse-options';
import { UsageError } from '../../options/usage-error';
import { FORMAT_NAMES, type FormatName } from '../../output/formatters';

export const SCAN_COMMAND = {
  name: 'scan',
  usage: ['scan [paths...] [options]'],
  summary: 'Find outage risks in the modules under the paths (the default command: "premortem infra" scans infra)',
  description:
    'Finds outage risks in Terraform: every rule comes from a real post-mortem. Scans the modules (directories of .tf files) under each path; the default path is ".".\n\nRules written as data in .premortem/rules/*.yaml (each path and its parents up to the repository\'s top) run with the built-in rules; a rule file that cannot be used is named on stderr and the exit code is 2.',
  positionals: true,
  options: {
    format: {
      type: 'string',
      choices: FORMAT_NAMES,
      choiceNoun: 'format',
      default: 'text',
      description: 'Output format',
      readme:
        "`text` groups findings by file; `json` is for scripts; `sarif` is SARIF 2.1.0 for GitHub code scanning (paths relative to the repository's top, each rule's page as its help, validated against the SARIF schema in the tests)",
    },
    output: OUTPUT,
    'fail-on': FAIL_ON,
    'var-file': VAR_FILE,
    plan: PLAN,
    rule: {
      type: 'string',
      multiple: true,
      valueName: 'ID[,ID...]',
      description: 'Run only these rules',
      readme:
        'run only these rules, rule files\' ids too (see [your own rules](#your-own-rules-premortemrules-and-premortem-rules)); a misspelt id gets a "did you mean"',
    },
    'new-since': NEW_SINCE,
    baseline: BASELINE,
    staged: {
      type: 'boolean',
      description:
        'Lint only the modules with staged files (git diff --cached) and the modules that call them, as they are in the working tree (for a pre-commit hook)',
      readme: 'lint only the modules with staged files and the modules that call them (see [pre-commit](#pre-commit))',
    },
    config: CONFIG,
    'no-inline-ignores': NO_INLINE_IGNORES,
    'require-ignore-reason': {
      type: 'boolean',
      description: 'Report a premortem-ignore comment without a reason (or still "<reason>") as an error instead of info (for CI)',
      readme:
        'report a `premortem-ignore` comment without a reason (or still `<reason>`) as an error, not info ([`ignore-without-reason`](rules/ignore-without-reason.md))',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Report errors only: leave out warnings and info' },
    'allow-empty': {
      type: 'boolean',
      description: 'Accept a path with no Terraform files under it (otherwise exit 2, so a mistyped path does not pass as clean)',
    },
    jobs: {
      type: 'string',
      short: 'j',
      valueName: 'N',
      defaultText: '1',
      description: "Lint on N threads, at most 4 and never more than the machine's cores",
    },
    cache: CACHE,
    'cache-location': CACHE_LOCATION,
    color: COLOR,
    debug: DEBUG,
  },
} as const satisfies CommandSpec;

export const BASELINE_COMMAND = {
  name: 'baseline',
  usage: ['baseline [paths...] --output FILE [options]'],
  summary: 'Write every finding to a baseline file, for "scan --baseline FILE"',
  description:
    'Writes every finding of the scan to FILE as a baseline (sorted JSON, stable across runs and machines) for "scan --baseline FILE". Always exits 0 unless something goes wrong.',
  positionals: true,
  optionsAsFor: 'scan',
  options: SCAN_COMMAND.options,
} as const satisfies CommandSpec;

export interface ScanArguments {
  /** `baseline` scans as `scan` does, then writes what it found to --output as a baseline. */
  readonly command: 'scan' | 'baseline';
  readonly paths: string[];
  readonly format: FormatName;
  readonly output?: string;
  readonly failOn: Severity;
  readonly varFiles: string[];
  readonly rules: string[];
  readonly inlineIgnores: boolean;
  /** A premortem-ignore comment without a reason is an error (ignore-without-reason), for CI. */
  readonly requireIgnoreReason: boolean;
  readonly quiet: boolean;
  readonly config?: string;
  readonly color?: boolean;
  readonly debug: boolean;
  /** Threads to lint with; undefined: one. */
  readonly jobs?: number;
  /** `terraform show -json PLANFILE` output, or `-` for standard input. */
  readonly plan?: string;
  /** Report only findings this git revision did not have. */
  readonly newSince?: string;
  /** Report only findings this baseline file lacks. */
  readonly baseline?: string;
  /** Lint only the modules with staged files and their callers (a pre-commit hook). */
  readonly staged: boolean;
  /** A path with no Terraform under it is accepted (otherwise a usage error). */
  readonly allowEmpty: boolean;
  /** Keep lint results in a cache file and reuse those whose inputs did not change (--cache). */
  readonly cache: boolean;
  /** --cache-location: the cache file, or a directory for it. */
  readonly cacheLocation?: string;
}

/** `argv` are the words after `scan` or `baseline` (or every word, for `premortem [paths...]`). */
export function parseScanArguments(command: 'scan' | 'baseline', argv: readonly string[]): ScanArguments {
  const { values, positionals, counts } = parseOptions(SCAN_COMMAND, argv);
  onePlan(counts);
  const rules = values.rule.flatMap(ruleList);
  const jobs = values.jobs === undefined ? undefined : threads(values.jobs);
  const cache = cacheArguments(values.cache, values['cache-location']);
  const newSince = values['new-since'];
  if (command === 'baseline') {
    if (values.output === undefined) throw new UsageError('premortem baseline needs --output FILE: the baseline is read back relative to its own folder');
    if (newSince !== undefined || values.baseline !== undefined || values.staged)
      throw new UsageError('premortem baseline writes every finding; --new-since, --baseline and --staged belong to scan');
  }
  if (values.staged && newSince !== undefined) throw new UsageError('--staged and --new-since each choose the changes to lint; use one of them');
  return {
    command,
    paths: positionals.length > 0 ? positionals : ['.'],
    format: values.format,
    varFiles: values['var-file'],
    rules,
    quiet: values.quiet,
    allowEmpty: values['allow-empty'],
    staged: values.staged,
    requireIgnoreReason: values['require-ignore-reason'],
    ...cache,
    ...reportArguments(values),
    ...(values.color !== undefined ? { color: values.color } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(values.plan !== undefined ? { plan: values.plan } : {}),
    ...(newSince !== undefined ? { newSince } : {}),
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
  };
}

/** `--rule a,b` and `--rule a --rule b` alike; empty items (`a,,b`, a trailing comma) are mistakes. */
function ruleList(text: string): string[] {
  const ids = text.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError(`--rule takes rule ids separated by commas, not "${text}"`);
  return ids;
}

function threads(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a whole number of threads, 1 or more, not "${text}"`);
  return n;
}
