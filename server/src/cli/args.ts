// Command-line arguments: `premortem scan` here, other commands in their own files. Hand-written so that
// every mistake gets one clear line.
import type { Severity } from '../../../rules/api';
import { didYouMean } from '../core/closest-name';
import { BLAST_RADIUS_USAGE, parseBlastRadiusArguments, type BlastRadiusArguments } from './blast-radius-args';
import { DRIFT_USAGE, parseDriftArguments, type DriftArguments } from './drift-args';
import { parseReviewArguments, REVIEW_USAGE, type ReviewArguments } from './review-args';
import { parseRulesArguments, RULES_USAGE, type RulesArguments } from './rules-args';
import { FORMAT_NAMES, isFormatName, type FormatName } from './formatters';
import {
  cacheArguments,
  commonArguments,
  defaultCommonOptions,
  isUnknownOption,
  readCacheOption,
  readCommonOption,
  readOptions,
  UsageError,
  type CacheOptions,
} from './option-reader';

export { UsageError } from './option-reader';

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

export type Arguments =
  | ScanArguments
  | BlastRadiusArguments
  | DriftArguments
  | ReviewArguments
  | RulesArguments
  | { readonly command: 'help'; readonly topic?: string }
  | { readonly command: 'version' };

export const SCAN_USAGE = `Usage: premortem scan [paths...] [options]

Finds outage risks in Terraform: every rule comes from a real post-mortem.
Scans the modules (directories of .tf files) under each path; the default path is ".".

Options:
  --format text|json|sarif   Output format (default: text)
  --output FILE              Write the report to FILE instead of standard output
  --fail-on error|warning|info
                             Exit 1 while a finding at or above this level remains (default: warning)
  --var-file FILE            Load variable values from FILE after terraform.tfvars and *.auto.tfvars
                             (repeatable)
  --plan FILE                A plan in JSON ("terraform show -json <planfile>", or - for standard input):
                             its values fill in what the configuration of the root it was made from
                             cannot say (variables, data sources, modules that were never downloaded)
  --rule ID[,ID...]          Run only these rules (repeatable)
  --new-since REV            Report only findings that git revision REV did not have (the modules with
                             changed files and their callers are linted at both; needs REV's history)
  --baseline FILE            Report only findings the baseline FILE lacks (see premortem baseline)
  --staged                   Lint only the modules with staged files (git diff --cached) and the modules
                             that call them, as they are in the working tree (for a pre-commit hook)
  --config FILE              Use this config file instead of the nearest .premortem.json
  --no-inline-ignores        Ignore premortem-ignore comments (for CI)
  --require-ignore-reason    Report a premortem-ignore comment without a reason (or still "<reason>") as
                             an error instead of info (for CI)
  --allow-empty              Accept a path with no Terraform files under it (default: exit 2, so a mistyped
                             path does not pass as clean)
  --cache                    Keep results in a cache file and reuse those of module trees whose inputs
                             (files, var files, config, plan, rules, premortem's version) did not change
  --cache-location PATH      The cache file, or a directory for it (default: .premortemcache here)
  Rules written as data in .premortem/rules/*.yaml (each path and its parents up to the repository's top)
  run with the built-in rules; a rule file that cannot be used is named on stderr and the exit code is 2.
  --quiet                    Report errors only: leave out warnings and info
  --color, --no-color        Force coloured text output on or off (default: on for a terminal)
  --jobs N                   Lint on N threads, up to 4 and the number of cores (default: 1)
  --debug                    Print stack traces for internal errors
  --version                  Print the version
  --help                     Print this help
`;

export const BASELINE_USAGE = `Usage: premortem baseline [paths...] --output FILE [scan options]

Writes every finding of the scan to FILE as a baseline (sorted JSON, stable across runs and machines)
for "scan --baseline FILE". Always exits 0 unless something goes wrong.
`;

export const EXIT_CODES = 'Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, config or internal error.\n';

/** Every command's help, for `premortem --help`. */
export const USAGE = `Usage: premortem scan [paths...] [options]
       premortem baseline [paths...] --output FILE [options]
       premortem blast-radius --plan PLAN.json [path] [options]
       premortem review [paths...] [--plan PLAN.json] [--new-since REV] [options]
       premortem drift [paths...] [options]
       premortem rules [paths...] [--format text|json]
       premortem rules test [paths...]
       premortem help [command]

${SCAN_USAGE.split('\n').slice(2).join('\n')}
${BASELINE_USAGE}
${BLAST_RADIUS_USAGE}
${REVIEW_USAGE}
${DRIFT_USAGE}
${RULES_USAGE}
${EXIT_CODES}`;

/** The commands `premortem help COMMAND` and `premortem COMMAND --help` explain. */
export const HELP_TOPICS: Readonly<Record<string, string>> = {
  scan: SCAN_USAGE,
  baseline: BASELINE_USAGE,
  'blast-radius': BLAST_RADIUS_USAGE,
  review: REVIEW_USAGE,
  drift: DRIFT_USAGE,
  rules: RULES_USAGE,
};

/** The help for a command, or for every command. */
export function usageFor(topic: string | undefined): string {
  return topic === undefined ? USAGE : `${HELP_TOPICS[topic]!}\n${EXIT_CODES}`;
}

function helpFor(topic: string | undefined): { readonly command: 'help'; readonly topic?: string } {
  if (topic === undefined) return { command: 'help' };
  if (HELP_TOPICS[topic] === undefined) {
    throw new UsageError(`no help for "${topic}"${didYouMean(topic, Object.keys(HELP_TOPICS)) ?? ''}; commands: ${Object.keys(HELP_TOPICS).join(', ')}`);
  }
  return { command: 'help', topic };
}

/** `isPath` tells a directory named like a command (`premortem examples`) from a mistyped command. */
export function parseArguments(argv: readonly string[], isPath: (arg: string) => boolean = () => false): Arguments {
  const args = [...argv];
  if (args[0] === 'help') return helpFor(args[1]);
  if (args.includes('--help') || args.includes('-h')) return helpFor(args[0] !== undefined && HELP_TOPICS[args[0]] !== undefined ? args[0] : undefined);
  if (args.includes('--version') || args.includes('-v')) return { command: 'version' };
  const first = args[0];
  if (first === 'blast-radius') return parseBlastRadiusArguments(args.slice(1));
  if (first === 'drift') return parseDriftArguments(args.slice(1));
  if (first === 'review') return parseReviewArguments(args.slice(1));
  // A folder named "rules" is scanned with "premortem scan rules".
  if (first === 'rules') return parseRulesArguments(args.slice(1));
  const command = first === 'baseline' ? 'baseline' : 'scan';
  if (first === 'scan' || first === 'baseline') args.shift();
  else if (first !== undefined && /^[a-z][a-z-]*$/.test(first) && !isPath(first)) {
    throw new UsageError(`unknown command "${first}"; try "premortem scan [paths...]"`);
  }
  const paths: string[] = [];
  const varFiles: string[] = [];
  const rules: string[] = [];
  const common = defaultCommonOptions();
  let format: FormatName = 'text';
  let color: boolean | undefined;
  let quiet = false;
  let jobs: number | undefined;
  let plan: string | undefined;
  let newSince: string | undefined;
  let baseline: string | undefined;
  let allowEmpty = false;
  let staged = false;
  let requireIgnoreReason = false;
  const cacheOptions: CacheOptions = { cache: false };

  readOptions(args, (cursor) => {
    if (readCommonOption(cursor, common) || readCacheOption(cursor, cacheOptions)) return;
    const { flag, arg, value } = cursor;
    switch (flag) {
      case '--format': {
        const name = value();
        if (!isFormatName(name)) throw new UsageError(`unknown format "${name}"; use one of ${FORMAT_NAMES.join(', ')}`);
        format = name;
        break;
      }
      case '--var-file':
        varFiles.push(value());
        break;
      case '--plan':
        if (plan !== undefined) throw new UsageError('--plan takes one plan; a plan belongs to one root module');
        plan = value();
        break;
      case '--rule':
        rules.push(...ruleList(value()));
        break;
      case '--new-since':
        newSince = value();
        break;
      case '--baseline':
        baseline = value();
        break;
      case '--allow-empty':
        allowEmpty = true;
        break;
      case '--staged':
        staged = true;
        break;
      case '--require-ignore-reason':
        requireIgnoreReason = true;
        break;
      case '--quiet':
      case '-q':
        quiet = true;
        break;
      case '--color':
        color = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '--jobs':
      case '-j': {
        const text = value();
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs takes a whole number of threads, 1 or more, not "${text}"`);
        jobs = n;
        break;
      }
      default:
        if (isUnknownOption(arg)) throw new UsageError(`unknown option "${arg}"; see premortem --help`);
        paths.push(arg);
    }
  });
  const cache = cacheArguments(cacheOptions);
  if (command === 'baseline') {
    if (common.output === undefined) throw new UsageError('premortem baseline needs --output FILE: the baseline is read back relative to its own folder');
    if (newSince !== undefined || baseline !== undefined || staged)
      throw new UsageError('premortem baseline writes every finding; --new-since, --baseline and --staged belong to scan');
  }
  if (staged && newSince !== undefined) throw new UsageError('--staged and --new-since each choose the changes to lint; use one of them');
  return {
    command,
    paths: paths.length > 0 ? paths : ['.'],
    format,
    varFiles,
    rules,
    quiet,
    allowEmpty,
    staged,
    requireIgnoreReason,
    ...cache,
    ...commonArguments(common),
    ...(color !== undefined ? { color } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(plan !== undefined ? { plan } : {}),
    ...(newSince !== undefined ? { newSince } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
  };
}

/** `--rule a,b` and `--rule a --rule b` alike; empty items (`a,,b`, a trailing comma) are mistakes. */
function ruleList(text: string): string[] {
  const ids = text.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) throw new UsageError(`--rule takes rule ids separated by commas, not "${text}"`);
  return ids;
}
