// Reads a command's arguments with Node's util.parseArgs (strict: an unknown option, a missing value or a
// value given to a switch is refused), then checks the declared choices. Every mistake becomes one line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../../core/closest-name';
import type { CommandSpec, OptionTable, OptionValues } from './option-table';
import { UsageError } from './usage-error';

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArguments<T extends OptionTable> {
  readonly values: OptionValues<T>;
  readonly positionals: string[];
  /** How many times each option was given, by name (`plan` for `--plan`). */
  readonly counts: ReadonlyMap<string, number>;
}

export function parseOptions<T extends OptionTable>(command: CommandSpec<T>, argv: readonly string[]): ParsedArguments<T> {
  const config = parseArgsOptions(command.options);
  const args = joinNegativeNumbers(argv, command.options);
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError(explain(command, config, args) ?? firstLine(error));
  }
  if (!command.positionals && parsed.positionals.length > 0) {
    throw new UsageError(`${command.name} takes no paths, not "${parsed.positionals[0]!}"; see premortem ${command.name} --help`);
  }
  const counts = new Map<string, number>();
  const last = new Map<string, boolean>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const name = token.name.startsWith('no-') && command.options[token.name] === undefined ? token.name.slice(3) : token.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    last.set(name, name === token.name);
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const value = (parsed.values as Record<string, unknown>)[name];
    if (spec.choices) for (const given of [value].flat()) if (typeof given === 'string') checkChoice(command, name, given);
    if (spec.type === 'boolean') values[name] = spec.negatable ? last.get(name) : value === true;
    else values[name] = spec.multiple ? ((value as string[] | undefined) ?? []) : value;
  }
  return { values: values as OptionValues<T>, positionals: parsed.positionals, counts };
}

/** ` for drift`: where a message needs to say which command it is about (scan, the default, goes unnamed). */
export function forCommand(command: CommandSpec): string {
  return command.name === 'scan' ? '' : ` for ${command.name}`;
}

/** The command whose help lists the options: `rules test` is explained in the help of `rules`. */
function helpTopic(command: CommandSpec): string {
  return command.name.split(' ')[0]!;
}

function parseArgsOptions(table: OptionTable): ParseOptions {
  const options: ParseOptions = {};
  for (const [name, spec] of Object.entries(table)) {
    options[name] = {
      type: spec.type,
      ...(spec.short !== undefined ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.default !== undefined ? { default: spec.multiple ? [spec.default] : spec.default } : {}),
    };
    if (spec.negatable) options[`no-${name}`] = { type: 'boolean' };
  }
  return options;
}

/** `--jobs -1` as `--jobs=-1`: parseArgs takes a value that starts with a dash for an option, but no option is a number. */
function joinNegativeNumbers(argv: readonly string[], table: OptionTable): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(table)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short !== undefined) takesValue.add(`-${spec.short}`);
  }
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === '--') return [...args, ...argv.slice(i)];
    if (takesValue.has(arg) && next !== undefined && /^-\d/.test(next)) {
      // `--jobs=-1`, `-j-1`: parseArgs reads a short option's value written right after it.
      args.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

/** Why strict parsing refused the arguments, in our words: walks them again without strictness to find the culprit. */
function explain(command: CommandSpec, config: ParseOptions, args: string[]): string | undefined {
  const { tokens } = parseArgs({ args, options: config, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = config[token.name];
    if (option === undefined) {
      const known = Object.keys(config).map((name) => `--${name}`);
      const raw = token.rawName.startsWith('--') ? token.rawName : `-${token.name}`;
      return `unknown option "${raw}"${forCommand(command)}${didYouMean(raw, known) ?? ''}; see premortem ${helpTopic(command)} --help`;
    }
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')))) {
      const dashed = token.value !== undefined && !token.value.startsWith('--');
      return `${token.rawName} needs a value${dashed ? `; write ${token.rawName}=${token.value!} for one that starts with "-"` : ''}`;
    }
    if (option.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value, not "${token.value}"`;
  }
  return undefined;
}

function checkChoice(command: CommandSpec, name: string, value: string): void {
  const spec = command.options[name]!;
  const choices = spec.choices ?? [];
  if (choices.includes(value)) return;
  const hint = didYouMean(value, choices) ?? '';
  if (spec.choiceNoun !== undefined) {
    throw new UsageError(`unknown ${spec.choiceNoun} "${value}"${forCommand(command)}${hint}; use one of ${choices.join(', ')}`);
  }
  throw new UsageError(`--${name} takes ${orList(choices)}, not "${value}"${hint}`);
}

/** `error, warning or info`. */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
