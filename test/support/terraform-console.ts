// Evaluates expressions with the real `terraform console`, offline and in an empty folder, for conformance tests:
// one console for the whole batch (each expression wrapped in try(jsonencode(...)) so that one error does not
// stop the rest), then one console per expression that failed, to read Terraform's error message.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ConsoleResult = { readonly value: unknown } | { readonly error: string };

/** Marks a failed expression in the batch; a successful one prints a JSON document, never this bare word. */
const FAILED = 'premortem-console-error';

/** Why terraform cannot be run here, or undefined when it can. */
export function terraformConsoleSkip(): string | undefined {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore', timeout: 30_000, env: consoleEnv() });
    return undefined;
  } catch {
    return 'terraform is not on PATH: the conformance checks against terraform console are skipped';
  }
}

/** The value of each expression (one line each) as Terraform computes it, or its error message. */
export function terraformConsole(expressions: readonly string[]): ConsoleResult[] {
  for (const e of expressions) if (e.includes('\n')) throw new Error(`an expression must be one line: ${e}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-console-'));
  try {
    // Non-interactive, the console prints only the last line's value: the batch is one tuple.
    const batch = run(dir, [`jsonencode([${expressions.map((e) => `try(jsonencode(${e}), "${FAILED}")`).join(', ')}])`]);
    if (!batch.ok) throw new Error(`terraform console failed on the batch: ${batch.text}`);
    const printed = JSON.parse(JSON.parse(batch.text.trim()) as string) as string[];
    if (printed.length !== expressions.length) throw new Error(`terraform console gave ${printed.length} values for ${expressions.length} expressions`);
    return printed.map((json, i): ConsoleResult => {
      if (json !== FAILED) return { value: JSON.parse(json) as unknown };
      const alone = run(dir, [`jsonencode(${expressions[i]})`]);
      if (alone.ok) throw new Error(`${expressions[i]} failed in the batch but not alone`);
      return { error: alone.text };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function consoleEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: os.tmpdir(), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
}

/** stdout on success; on failure, the error's text with colours, box drawing and line wrapping removed. */
function run(cwd: string, lines: readonly string[]): { ok: boolean; text: string } {
  try {
    const stdout = execFileSync('terraform', ['console'], {
      cwd,
      env: consoleEnv(),
      input: lines.join('\n') + '\n',
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, text: stdout };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    const text = stderr
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .map((line) => line.replace(/^[│╷╵]\s?/, '').trim())
      .filter((line) => line !== '' && !/^on <console-input>|^\(source code not available\)/.test(line))
      .join(' ');
    return { ok: false, text };
  }
}
