// A rule file that cannot be used: one line naming the file, the line and column, and the key.
import * as path from 'node:path';

export type KeyPath = readonly (string | number)[];

/** `when[0].matches` for ['when', 0, 'matches']. */
export function keyName(at: KeyPath): string {
  let name = '';
  for (const part of at) name += typeof part === 'number' ? `[${part}]` : name === '' ? part : `.${part}`;
  return name;
}

export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** The key as a path (`when[0].matches`); empty for the file as a whole. */
    readonly key: string,
    /** What is wrong, without file, position or key. */
    readonly problem: string,
    /** Another file the problem names (as an absolute path in `problem`): the one that claimed an id first. */
    readonly related?: string,
  ) {
    super(`${file}:${line}:${column} ${key === '' ? '' : `${key}: `}${problem}`);
    this.name = 'RuleFileError';
  }

  /** The same error with the file named relative to `cwd`, as the CLI prints it. */
  relativeTo(cwd: string): string {
    const shown = path.relative(cwd, this.file) || this.file;
    return `${shown}:${this.line}:${this.column} ${this.key === '' ? '' : `${this.key}: `}${this.problemRelativeTo(cwd)}`;
  }

  /** The problem with the related file named relative to `dir`. */
  problemRelativeTo(dir: string): string {
    if (this.related === undefined) return this.problem;
    return this.problem.split(this.related).join(path.relative(dir, this.related) || this.related);
  }
}
