// The one declaration of a command and its options: the parser (parse-options.ts), `--help` (help.ts) and the
// README's option tables (`npm run gen-docs`) are all made from it, so an option cannot be missed in one of them.

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One letter: `-o` for `--output`. */
  readonly short?: string;
  /** It may be given more than once; its value is then every one of them, in order. */
  readonly multiple?: boolean;
  /** A string option's value when it is absent; shown in the help and the README. */
  readonly default?: string;
  /** The default as the help shows it, where it is found at run time rather than applied by the parser. */
  readonly defaultText?: string;
  /** What the value is, in the help: `FILE`, `REV`, `N`. Options with `choices` list them instead. */
  readonly valueName?: string;
  /** The only values it takes. */
  readonly choices?: readonly string[];
  /** The noun of a bad value's message, `unknown format "xml"`; without it, `--fail-on takes error, warning or info, not "x"`. */
  readonly choiceNoun?: string;
  /** `--no-NAME` turns a boolean off again; the last of the two wins, and neither leaves it undefined. */
  readonly negatable?: boolean;
  /** What it does, in plain text for `--help`. */
  readonly description: string;
  /** What it does, in markdown for the README's table, where that says more than the help (links, code). */
  readonly readme?: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<T extends OptionTable = OptionTable> {
  /** As typed after `premortem`: `drift`, `rules test`. */
  readonly name: string;
  /** The synopsis after `premortem `, one line per form. */
  readonly usage: readonly string[];
  /** One line for the list of commands in `premortem --help`. */
  readonly summary: string;
  /** What it does, for its help: paragraphs of plain text. */
  readonly description: string;
  readonly options: T;
  /** The command reads paths (or a directory) after its options; without it, a stray word is an error. */
  readonly positionals?: true;
  /** Commands of its own, explained in its help (`rules test`). */
  readonly subcommands?: readonly CommandSpec[];
  /** Its help points to another command's options instead of listing its own (`baseline`: scan's). */
  readonly optionsAsFor?: string;
}

type ValueOf<S> = S extends { readonly type: 'boolean'; readonly negatable: true }
  ? boolean | undefined
  : S extends { readonly type: 'boolean' }
    ? boolean
    : S extends { readonly multiple: true }
      ? string[]
      : S extends { readonly choices: readonly (infer C)[]; readonly default: string }
        ? C
        : S extends { readonly choices: readonly (infer C)[] }
          ? C | undefined
          : S extends { readonly default: string }
            ? string
            : string | undefined;

/** The values of a table's options as the parser gives them, typed from the declarations. */
export type OptionValues<T extends OptionTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** `--output FILE`, `-o, --output FILE`, `--color, --no-color`: how the help and the README name an option. */
export function optionLabel(name: string, spec: OptionSpec): string {
  const flags = [...(spec.short !== undefined ? [`-${spec.short}`] : []), `--${name}`, ...(spec.negatable ? [`--no-${name}`] : [])].join(', ');
  if (spec.type === 'boolean') return flags;
  return `${flags} ${spec.choices ? spec.choices.join('|') : (spec.valueName ?? 'VALUE')}`;
}

/** The default as the help and the README show it, if there is one. */
export function defaultOf(spec: OptionSpec): string | undefined {
  return spec.default ?? spec.defaultText;
}
