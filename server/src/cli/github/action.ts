// The GitHub Action (action.yml runs this bundle, dist/action.js). Two views of one checkout:
// - every finding, as SARIF for code scanning, which closes the alerts an upload lacks, so it must get all;
// - the new findings only (`--new-since` the pull request's base), for the report, the pull-request
//   comment and the exit code.
// The comment is posted, or updated in place, through the REST API with the workflow's token. A pull
// request from a fork gets a read-only token: the comment (and the SARIF upload) are skipped with a notice,
// and the job's result is still decided by the findings. Other API errors are warnings, never failures.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMENT_LIMIT, REVIEW_MARKER } from '../commands/review/format';
import { FAIL_ON } from '../options/common-options';
import { upsertComment } from './pr-comment';

type Env = Readonly<Record<string, string | undefined>>;

/** The environment variables action.yml sets from its inputs (a test checks the two agree). */
export const INPUT_VARIABLES = [
  'INPUT_COMMAND',
  'INPUT_PATHS',
  'INPUT_NEW_SINCE',
  'INPUT_PLAN',
  'INPUT_CONFIG',
  'INPUT_FAIL_ON',
  'INPUT_ARGS',
  'INPUT_UPLOAD_SARIF',
  'INPUT_COMMENT',
  'GITHUB_TOKEN',
] as const;

/** The step outputs it writes to GITHUB_OUTPUT. */
export const OUTPUTS = ['exit-code', 'report-file', 'sarif-file', 'upload-sarif', 'comment-url'] as const;
type Output = (typeof OUTPUTS)[number];

/** The inputs that become premortem's command line. */
export type CliInputs = Pick<Inputs, 'command' | 'paths' | 'plan' | 'config' | 'failOn' | 'args'>;

interface Inputs {
  readonly command: 'review' | 'scan';
  readonly paths: string[];
  readonly newSince?: string;
  readonly plan?: string;
  readonly config?: string;
  readonly failOn: string;
  readonly args: string[];
  readonly uploadSarif: boolean;
  readonly comment: boolean;
  readonly token?: string;
}

/** The parts of a pull_request (or pull_request_target) event payload the action reads. */
interface PullRequestEvent {
  readonly pull_request?: {
    readonly number?: number;
    readonly base?: { readonly sha?: string; readonly repo?: { readonly full_name?: string } | null };
    readonly head?: { readonly sha?: string; readonly repo?: { readonly full_name?: string } | null };
  };
}

class ActionError extends Error {}

export interface ActionIo {
  readonly env: Env;
  readonly cwd: string;
  /** The log: the job's standard output, where `::notice::` and the other workflow commands are read. */
  readonly log: (line: string) => void;
  /** dist/cli.js. */
  readonly cli: string;
}

/** Runs the action; resolves to its exit code: 0 or 1 as the new findings decide, 2 when premortem cannot run. */
export async function runAction(io: ActionIo): Promise<number> {
  try {
    return await run(io);
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    io.log(command('error', error.message));
    return 2;
  }
}

async function run(io: ActionIo): Promise<number> {
  const { env, log } = io;
  const inputs = readInputs(env);
  const event = readEvent(env['GITHUB_EVENT_PATH']);
  const pr = event?.pull_request;
  const fork = pr !== undefined && env['GITHUB_EVENT_NAME'] !== 'pull_request_target' && isFork(pr);
  const base = inputs.newSince ?? pr?.base?.sha;
  const outDir = path.join(env['RUNNER_TEMP'] || os.tmpdir(), 'premortem');
  fs.mkdirSync(outDir, { recursive: true });
  const outputs: Partial<Record<Output, string>> = {};

  // Every finding, for code scanning.
  outputs['upload-sarif'] = 'false';
  if (inputs.uploadSarif && fork) {
    log(command('notice', 'premortem: a pull request from a fork gets a read-only token, so the SARIF is not uploaded to code scanning'));
  } else if (inputs.uploadSarif) {
    const sarif = path.join(outDir, 'premortem.sarif');
    premortem(io, 'every finding, for code scanning', sarifArguments(inputs, sarif));
    outputs['sarif-file'] = sarif;
    outputs['upload-sarif'] = 'true';
  }

  // The new findings, for the report, the comment and the exit code.
  const report = path.join(outDir, inputs.command === 'review' ? 'review.md' : 'scan.txt');
  const linkBase = inputs.command === 'review' ? blobUrl(env, pr?.head?.sha) : undefined;
  const exitCode = premortem(io, base ? `the findings new since ${base}` : 'every finding', reportArguments(inputs, report, base, linkBase));
  const text = fs.readFileSync(report, 'utf8');
  log(text.trimEnd());
  outputs['exit-code'] = String(exitCode);
  outputs['report-file'] = report;
  const markdown = inputs.command === 'review' ? text : scanMarkdown(text);
  if (env['GITHUB_STEP_SUMMARY']) fs.appendFileSync(env['GITHUB_STEP_SUMMARY'], `${markdown.trimEnd()}\n`);

  if (inputs.comment) {
    const url = await comment(io, inputs, pr, fork, markdown);
    if (url) outputs['comment-url'] = url;
  }
  writeOutputs(env, outputs);
  return exitCode;
}

/** The command line of the run that gives code scanning every finding. */
export function sarifArguments(inputs: CliInputs, sarif: string): string[] {
  return ['scan', ...commonArguments(inputs), '--format', 'sarif', '--output', sarif];
}

/** The command line of the run that reports the new findings (since `base`) and decides the exit code. */
export function reportArguments(inputs: CliInputs, report: string, base: string | undefined, linkBase: string | undefined): string[] {
  const since = base ? ['--new-since', base] : [];
  if (inputs.command === 'scan') return ['scan', ...commonArguments(inputs), ...since, '--fail-on', inputs.failOn, '--format', 'text', '--output', report];
  return [
    'review',
    ...commonArguments(inputs),
    ...since,
    '--fail-on',
    inputs.failOn,
    '--format',
    'markdown',
    '--output',
    report,
    ...(linkBase ? ['--link-base', linkBase] : []),
  ];
}

function commonArguments(inputs: CliInputs): string[] {
  return [...inputs.paths, ...(inputs.plan ? ['--plan', inputs.plan] : []), ...(inputs.config ? ['--config', inputs.config] : []), ...inputs.args];
}

function readInputs(env: Env): Inputs {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const text = value(name)?.toLowerCase();
    if (text === undefined) return fallback;
    if (text === 'true' || text === 'false') return text === 'true';
    throw new ActionError(`premortem: input ${inputName(name)} is "${env[name]}"; use true or false`);
  };
  const command = value('INPUT_COMMAND') ?? 'review';
  if (command !== 'review' && command !== 'scan') throw new ActionError(`premortem: input command is "${command}"; use review or scan`);
  const failOn = value('INPUT_FAIL_ON') ?? 'warning';
  if (!(FAIL_ON.choices as readonly string[]).includes(failOn)) throw new ActionError(`premortem: input fail-on is "${failOn}"; use error, warning or info`);
  const words = (name: string): string[] => value(name)?.split(/\s+/) ?? [];
  const newSince = value('INPUT_NEW_SINCE');
  const plan = value('INPUT_PLAN');
  const config = value('INPUT_CONFIG');
  const token = value('GITHUB_TOKEN');
  return {
    command,
    paths: words('INPUT_PATHS').length > 0 ? words('INPUT_PATHS') : ['.'],
    failOn,
    args: words('INPUT_ARGS'),
    uploadSarif: flag('INPUT_UPLOAD_SARIF', true),
    comment: flag('INPUT_COMMENT', false),
    ...(newSince ? { newSince } : {}),
    ...(plan ? { plan } : {}),
    ...(config ? { config } : {}),
    ...(token ? { token } : {}),
  };
}

function inputName(variable: string): string {
  return variable
    .replace(/^INPUT_/, '')
    .toLowerCase()
    .replace(/_/g, '-');
}

function readEvent(file: string | undefined): PullRequestEvent | undefined {
  if (!file) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PullRequestEvent;
  } catch (error) {
    throw new ActionError(`premortem: cannot read the event payload GITHUB_EVENT_PATH=${file}: ${(error as Error).message}`);
  }
}

/** A head repository other than the base (or one deleted since) is a fork. */
function isFork(pr: NonNullable<PullRequestEvent['pull_request']>): boolean {
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  return head === undefined || base === undefined || head.toLowerCase() !== base.toLowerCase();
}

/** Where the report's file links point: the pull request's head commit on GitHub. */
function blobUrl(env: Env, headSha: string | undefined): string | undefined {
  const repository = env['GITHUB_REPOSITORY'];
  const sha = headSha ?? env['GITHUB_SHA'];
  if (!repository || !sha) return undefined;
  return `${(env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')}/${repository}/blob/${sha}`;
}

/** Runs the CLI in a log group; 0 or 1 is its verdict, anything else stops the action. */
function premortem(io: ActionIo, what: string, args: readonly string[]): number {
  io.log(`::group::premortem ${args.map(quote).join(' ')} (${what})`);
  const { GITHUB_TOKEN: _token, ...env } = io.env;
  const result = spawnSync(process.execPath, [io.cli, ...args], { cwd: io.cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, maxBuffer: 1 << 30 });
  const stderr = (result.stderr ?? '').trimEnd();
  if (stderr) io.log(stderr);
  io.log('::endgroup::');
  if (result.status === 0 || result.status === 1) return result.status;
  const reason = result.error?.message ?? stderr.split('\n').pop() ?? `exit code ${result.status ?? result.signal}`;
  throw new ActionError(`premortem ${args[0]} failed: ${reason}`);
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The text report as markdown, for the step summary and the comment. */
function scanMarkdown(text: string): string {
  const head = `${REVIEW_MARKER}\n## premortem scan\n\n\`\`\`text\n`;
  const tail = '```\n';
  const room = COMMENT_LIMIT - head.length - tail.length - 200;
  let body = text.replace(/```/g, '`\u200b``');
  let note = '';
  if (body.length > room) {
    body = body.slice(0, body.lastIndexOf('\n', room) + 1);
    note = '\n(The report is cut here to fit a comment; the job log and the SARIF upload have all of it.)\n';
  }
  return `${head}${body}${body.endsWith('\n') ? '' : '\n'}${tail}${note}`;
}

/** Posts or updates the pull-request comment; returns its URL. Never fails the job. */
async function comment(io: ActionIo, inputs: Inputs, pr: PullRequestEvent['pull_request'], fork: boolean, body: string): Promise<string | undefined> {
  const { env, log } = io;
  if (pr?.number === undefined) {
    log(command('notice', 'premortem: this run is not for a pull request, so there is no comment to post'));
    return undefined;
  }
  if (fork) {
    log(command('notice', 'premortem: a pull request from a fork gets a read-only token, so the report is not posted as a comment (it is in the job summary)'));
    return undefined;
  }
  if (!inputs.token || !env['GITHUB_REPOSITORY']) {
    log(command('warning', `premortem: comment is true, but ${inputs.token ? 'GITHUB_REPOSITORY' : 'the github-token input'} is empty; no comment posted`));
    return undefined;
  }
  const outcome = await upsertComment(
    { apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com', repository: env['GITHUB_REPOSITORY'], issue: pr.number, token: inputs.token },
    body,
    REVIEW_MARKER,
  );
  switch (outcome.kind) {
    case 'created':
    case 'updated':
      log(`premortem: ${outcome.kind} the comment on pull request #${pr.number}${outcome.url ? `: ${outcome.url}` : ''}`);
      return outcome.url;
    case 'forbidden':
      log(
        command(
          'notice',
          `premortem: the token may not comment on pull request #${pr.number} (read-only, as for a pull request from a fork; or pull-requests: write is missing): ${outcome.message}`,
        ),
      );
      return undefined;
    case 'failed':
      log(command('warning', `premortem: ${outcome.message}`));
      return undefined;
  }
}

function writeOutputs(env: Env, outputs: Partial<Record<Output, string>>): void {
  const file = env['GITHUB_OUTPUT'];
  if (!file) return;
  const lines = OUTPUTS.flatMap((name) => (outputs[name] !== undefined ? [`${name}=${outputs[name]!.replace(/[\r\n]/g, ' ')}`] : []));
  fs.appendFileSync(file, lines.map((line) => `${line}\n`).join(''));
}

/** A workflow command (`::warning::message`), its message escaped as the runner expects. */
export function command(kind: 'notice' | 'warning' | 'error', message: string): string {
  return `::${kind}::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`;
}

if (require.main === module) {
  runAction({ env: process.env, cwd: process.cwd(), log: (line) => process.stdout.write(`${line}\n`), cli: path.join(__dirname, 'cli.js') }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stdout.write(
        `${command('error', `premortem action: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)}\n`,
      );
      process.exitCode = 2;
    },
  );
}
