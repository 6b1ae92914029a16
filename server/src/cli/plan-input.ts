// Reading the plan a command was given: a file, or `-` for standard input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './options/usage-error';

export interface PlanInput {
  /** How messages name it. */
  readonly file: string;
  readonly text: string;
}

export function readPlanInput(file: string, cwd: string): PlanInput {
  try {
    return { file: file === '-' ? '(standard input)' : file, text: fs.readFileSync(file === '-' ? 0 : path.resolve(cwd, file), 'utf8') };
  } catch (error) {
    throw new UsageError(
      `cannot read the plan ${file === '-' ? 'from standard input' : file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
