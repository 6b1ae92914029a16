// Every command premortem has, and the reading of a command line: which command, then that command's
// arguments from its own declaration. `premortem [paths...]` is `premortem scan [paths...]`.
import { didYouMean } from '../../core/closest-name';
import { commandHelp, overviewHelp } from '../options/help';
import type { CommandSpec } from '../options/option-table';
import { UsageError } from '../options/usage-error';
import { BLAST_RADIUS_COMMAND, parseBlastRadiusArguments, type BlastRadiusArguments } from './blast-radius/options';
import { DRIFT_COMMAND, parseDriftArguments, type DriftArguments } from './drift/options';
import { parseReviewArguments, REVIEW_COMMAND, type ReviewArguments } from './review/options';
import { parseRulesArguments, RULES_COMMAND, type RulesArguments } from './rules/options';
import { BASELINE_COMMAND, parseScanArguments, SCAN_COMMAND, type ScanArguments } from './scan/options';

/** In the order `premortem --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [SCAN_COMMAND, BASELINE_COMMAND, BLAST_RADIUS_COMMAND, REVIEW_COMMAND, DRIFT_COMMAND, RULES_COMMAND];

const INTRO = 'Finds outage risks in Terraform: every rule comes from a real post-mortem. Without a command, premortem scans the paths it is given.';

export type Arguments =
  | ScanArguments
  | BlastRadiusArguments
  | DriftArguments
  | ReviewArguments
  | RulesArguments
  | { readonly command: 'help'; readonly topic?: string }
  | { readonly command: 'version' };

/** The help for a command, or the overview of them all. */
export function usageFor(topic: string | undefined): string {
  const command = COMMANDS.find((c) => c.name === topic);
  return command ? commandHelp(command) : overviewHelp(COMMANDS, INTRO);
}

function helpFor(topic: string | undefined): { readonly command: 'help'; readonly topic?: string } {
  if (topic === undefined) return { command: 'help' };
  const names = COMMANDS.map((c) => c.name);
  if (!names.includes(topic)) throw new UsageError(`no help for "${topic}"${didYouMean(topic, names) ?? ''}; commands: ${names.join(', ')}`);
  return { command: 'help', topic };
}

/** `isPath` tells a directory named like a command (`premortem examples`) from a mistyped command. */
export function parseArguments(argv: readonly string[], isPath: (arg: string) => boolean = () => false): Arguments {
  const [first, ...rest] = argv;
  if (first === 'help') return helpFor(argv[1]);
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (options.includes('--help') || options.includes('-h')) return helpFor(COMMANDS.some((c) => c.name === first) ? first : undefined);
  if (options.includes('--version') || options.includes('-v')) return { command: 'version' };
  if (first === 'blast-radius') return parseBlastRadiusArguments(rest);
  if (first === 'drift') return parseDriftArguments(rest);
  if (first === 'review') return parseReviewArguments(rest);
  // A folder named "rules" is scanned with "premortem scan rules".
  if (first === 'rules') return parseRulesArguments(rest);
  if (first === 'scan' || first === 'baseline') return parseScanArguments(first, rest);
  if (first !== undefined && /^[a-z][a-z-]*$/.test(first) && !isPath(first)) {
    const names = COMMANDS.map((c) => c.name);
    throw new UsageError(`unknown command "${first}"${didYouMean(first, names) ?? ''}; try "premortem scan [paths...]"`);
  }
  return parseScanArguments('scan', argv);
}
