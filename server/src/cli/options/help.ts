// `premortem --help` and `premortem COMMAND --help`, made from the commands' declarations.
import { defaultOf, optionLabel, type CommandSpec, type OptionSpec } from './option-table';

const WIDTH = 110;
/** Where descriptions start; a longer option label puts its description on the next line. */
const COLUMN = 30;
const KEEP = '\u0000';

export const EXIT_CODES = 'Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, config or internal error.\n';

/** One command's help: its synopsis, what it does, its options (and those of its subcommands). */
export function commandHelp(command: CommandSpec): string {
  return `${commandSection(command)}\n${EXIT_CODES}`;
}

/** The overview: every command's synopsis and one line about it. */
export function overviewHelp(commands: readonly CommandSpec[], intro: string): string {
  const synopses = commands.flatMap((c) => [...c.usage, ...(c.subcommands ?? []).flatMap((s) => s.usage)]);
  const width = Math.max(...commands.map((c) => c.name.length)) + 4;
  return [
    `Usage: ${synopses.map((line, i) => `${i === 0 ? '' : '       '}premortem ${line}`).join('\n')}`,
    '       premortem help [command]',
    '',
    wrap(intro, WIDTH, ''),
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${wrap(c.summary, WIDTH, ' '.repeat(width + 2)).trimStart()}`),
    '',
    'Run "premortem help COMMAND" or "premortem COMMAND --help" for its options; --version prints the version.',
    '',
    EXIT_CODES,
  ].join('\n');
}

function commandSection(command: CommandSpec): string {
  const usage = [...command.usage, ...(command.subcommands ?? []).flatMap((sub) => sub.usage)];
  return [`Usage: ${usage.map((line, i) => `${i === 0 ? '' : '       '}premortem ${line}`).join('\n')}`, '', ...body(command)].join('\n');
}

/** What a command does and its options; a subcommand's follow under its name. */
function body(command: CommandSpec): string[] {
  const lines: string[] = [];
  for (const paragraph of command.description.split('\n\n')) lines.push(wrap(paragraph, WIDTH, ''), '');
  const options = Object.entries(command.options);
  if (command.optionsAsFor !== undefined) lines.push(`Options: as for premortem ${command.optionsAsFor}.`, '');
  else if (options.length > 0) {
    lines.push(
      'Options:',
      ...options.map(([name, spec]) => optionLine(name, spec)),
      optionLine('help', { type: 'boolean', short: 'h', description: 'Print this help' }),
      '',
    );
  }
  for (const sub of command.subcommands ?? []) lines.push(`premortem ${sub.name}:`, '', ...body(sub));
  return lines;
}

function optionLine(name: string, spec: OptionSpec): string {
  const label = `  ${optionLabel(name, spec)}`;
  const notes = [...(spec.multiple ? ['repeatable'] : []), ...(defaultOf(spec) !== undefined ? [`default: ${defaultOf(spec)!}`] : [])];
  // A note stays on one line: its spaces are held apart from the wrapping, then put back.
  const note = notes.length > 0 ? ` (${notes.join('; ').replaceAll(' ', KEEP)})` : '';
  const text = wrap(`${spec.description}${note}`, WIDTH, ' '.repeat(COLUMN)).replaceAll(KEEP, ' ');
  return label.length < COLUMN - 1 ? `${label.padEnd(COLUMN)}${text.trimStart()}` : `${label}\n${text}`;
}

/** Word-wraps `text` to `width` columns, each line starting with `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line.length > indent.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent;
    }
    line += line.length > indent.length ? ` ${word}` : word;
  }
  lines.push(line);
  return lines.join('\n');
}
