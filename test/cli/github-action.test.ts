// The GitHub Action's script (dist/action.js, which action.yml runs) against a fixture repository: a base
// commit, and a head commit that adds a risky value, with a fake GITHUB_* environment and a stub of the
// REST API on 127.0.0.1. Code scanning gets every finding; the comment and the exit code the new ones.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { FINGERPRINT_KEY, type SarifLog } from '../../server/src/cli/output/format-sarif';
import { REVIEW_MARKER } from '../../server/src/cli/commands/review/format';
import { nextPage } from '../../server/src/cli/github/pr-comment';
import { gitRepo, type GitRepo } from '../support/git-repo';
import { caller, QUEUE_MODULE, UNLOCKED } from '../support/queue-workspace';

const ACTION = path.resolve(__dirname, '..', '..', '..', 'dist', 'action.js');

const OLD_RULE = 'terraform-s3-backend-without-locking';
const NEW_RULE = 'aws-elasticache-queue-evicting-policy';

let repo: GitRepo;
let baseSha: string;
let headSha: string;
const temp: string[] = [];

before(() => {
  // The base already has an unlocked backend (an old finding); the head switches the queue to an evicting policy.
  repo = gitRepo({ 'live/backend.tf': UNLOCKED, 'live/main.tf': caller('noeviction'), 'modules/queue/main.tf': QUEUE_MODULE });
  baseSha = repo.commit('base');
  repo.write('live/main.tf', caller('allkeys-lru'));
  headSha = repo.commit('head: evict');
});
after(() => [repo.dir, ...temp].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly body?: { body: string };
}

interface Comment {
  id: number;
  body: string;
}

/** A stub of the issue-comment endpoints, two comments a page so the marker search must follow the Link header. */
class ApiStub {
  readonly requests: Recorded[] = [];
  readonly comments: Comment[] = [1, 2, 3].map((id) => ({ id, body: `someone else's comment ${id}` }));
  /** Answer every POST, or every GET, with this status instead. */
  failPost?: number;
  failList?: number;
  private nextId = 100;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => this.answer(request, text, response));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private answer(request: http.IncomingMessage, text: string, response: http.ServerResponse): void {
    const url = new URL(request.url!, this.url);
    this.requests.push({
      method: request.method!,
      url: request.url!,
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      ...(text ? { body: JSON.parse(text) as { body: string } } : {}),
    });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(value));
    };
    if (url.pathname === '/repos/acme/infra/issues/7/comments' && request.method === 'GET') {
      if (this.failList) return json(this.failList, { message: 'Server Error' });
      const page = Number(url.searchParams.get('page') ?? '1');
      const last = Math.max(1, Math.ceil(this.comments.length / 2));
      const link = (n: number): string => `<${this.url}/repos/acme/infra/issues/7/comments?per_page=100&page=${n}>`;
      const headers: Record<string, string> = page < last ? { link: `${link(page + 1)}; rel="next", ${link(last)}; rel="last"` } : {};
      return json(200, this.comments.slice((page - 1) * 2, page * 2), headers);
    }
    if (url.pathname === '/repos/acme/infra/issues/7/comments' && request.method === 'POST') {
      if (this.failPost) return json(this.failPost, { message: 'Resource not accessible by integration' });
      const comment = { id: this.nextId++, body: (JSON.parse(text) as { body: string }).body };
      this.comments.push(comment);
      return json(201, { ...comment, html_url: `https://github.example/acme/infra/pull/7#issuecomment-${comment.id}` });
    }
    const patch = /^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (patch && request.method === 'PATCH') {
      const comment = this.comments.find((c) => c.id === Number(patch[1]));
      if (!comment) return json(404, { message: 'Not Found' });
      comment.body = (JSON.parse(text) as { body: string }).body;
      return json(200, { ...comment, html_url: `https://github.example/acme/infra/pull/7#issuecomment-${comment.id}` });
    }
    json(404, { message: 'Not Found' });
  }
}

interface ActionRun {
  readonly status: number | null;
  readonly log: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

function event(headRepository = 'acme/infra'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-event-'));
  temp.push(dir);
  const file = path.join(dir, 'event.json');
  const pullRequest = { number: 7, base: { sha: baseSha, repo: { full_name: 'acme/infra' } }, head: { sha: headSha, repo: { full_name: headRepository } } };
  fs.writeFileSync(file, JSON.stringify({ action: 'synchronize', number: 7, pull_request: pullRequest }));
  return file;
}

/** Runs dist/action.js in the fixture repository, as the composite action's step does. Asynchronous: the stub answers from this process. */
async function runAction(stub: ApiStub | undefined, env: Record<string, string>): Promise<ActionRun> {
  const runner = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-runner-'));
  temp.push(runner);
  const files = { GITHUB_OUTPUT: path.join(runner, 'output'), GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md') };
  const child = spawn(process.execPath, [ACTION], {
    cwd: repo.dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? runner,
      GITHUB_API_URL: stub?.url ?? 'http://127.0.0.1:9',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event(),
      GITHUB_SHA: headSha,
      GITHUB_TOKEN: 'test-token',
      RUNNER_TEMP: runner,
      INPUT_COMMENT: 'true',
      ...files,
      ...env,
    },
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const read = (file: string): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  const outputs = Object.fromEntries(
    read(files.GITHUB_OUTPUT)
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { status, log, outputs, summary: read(files.GITHUB_STEP_SUMMARY) };
}

test('first run posts one comment with the marker and the new finding; code scanning gets every finding; the second run edits that comment', async () => {
  const stub = await new ApiStub().start();
  try {
    const first = await runAction(stub, {});
    assert.equal(first.status, 1, first.log);
    assert.doesNotMatch(first.log, /::(warning|error)::/);
    const [posted, ...more] = stub.writes();
    assert.equal(more.length, 0);
    assert.equal(posted!.method, 'POST');
    assert.equal(posted!.url, '/repos/acme/infra/issues/7/comments');
    assert.equal(posted!.authorization, 'Bearer test-token');
    const body = posted!.body!.body;
    assert.ok(body.startsWith(REVIEW_MARKER), body);
    assert.match(body, new RegExp(NEW_RULE));
    assert.doesNotMatch(body, new RegExp(OLD_RULE), 'the base already had the unlocked backend');
    assert.match(body, new RegExp(`https://github\\.example/acme/infra/blob/${headSha}/live/main\\.tf#L3`), 'files link to the head commit');
    assert.equal(first.outputs['exit-code'], '1');
    assert.equal(first.outputs['comment-url'], 'https://github.example/acme/infra/pull/7#issuecomment-100');
    assert.ok(first.summary.includes(REVIEW_MARKER) && first.summary.includes(NEW_RULE), 'the report is in the job summary');
    assert.equal(fs.readFileSync(first.outputs['report-file']!, 'utf8'), body);

    // Code scanning closes the alerts an upload lacks: the SARIF holds the old finding as well as the new.
    assert.equal(first.outputs['upload-sarif'], 'true');
    const sarif = JSON.parse(fs.readFileSync(first.outputs['sarif-file']!, 'utf8')) as SarifLog;
    const results = sarif.runs[0].results;
    assert.deepEqual([...new Set(results.map((r) => r.ruleId))].sort(), [NEW_RULE, OLD_RULE].sort());
    for (const result of results) assert.match(result.partialFingerprints[FINGERPRINT_KEY] ?? '', /^[0-9a-f]{64}$/);

    // The second run finds its comment on the second page (three other comments come first) and edits it.
    stub.requests.length = 0;
    const second = await runAction(stub, {});
    assert.equal(second.status, 1, second.log);
    assert.ok(
      stub.requests.some((r) => r.method === 'GET' && r.url.includes('page=2')),
      'followed the Link header',
    );
    assert.deepEqual(
      stub.writes().map((r) => [r.method, r.url]),
      [['PATCH', '/repos/acme/infra/issues/comments/100']],
    );
    assert.equal(stub.comments.length, 4);
    assert.equal(stub.comments.filter((c) => c.body.includes(REVIEW_MARKER)).length, 1);
  } finally {
    await stub.close();
  }
});

test('a pull request from a fork: no comment, no upload, a notice; the findings still decide the exit code', async () => {
  const stub = await new ApiStub().start();
  try {
    const run = await runAction(stub, { GITHUB_EVENT_PATH: event('someone/infra') });
    assert.equal(run.status, 1, run.log);
    assert.deepEqual(stub.requests, [], 'not even a look at the comments');
    assert.match(run.log, /^::notice::premortem: a pull request from a fork .* not posted as a comment/m);
    assert.match(run.log, /^::notice::premortem: a pull request from a fork .* SARIF is not uploaded/m);
    assert.doesNotMatch(run.log, /::(warning|error)::/);
    assert.equal(run.outputs['upload-sarif'], 'false');
    assert.equal(run.outputs['sarif-file'], undefined);
    assert.equal(run.outputs['exit-code'], '1');
    assert.match(run.summary, new RegExp(NEW_RULE), 'the report is still in the job summary');
  } finally {
    await stub.close();
  }
});

test('a 403 on posting (a read-only token): a notice, not a failure; the findings decide the exit code', async () => {
  const stub = await new ApiStub().start();
  stub.failPost = 403;
  try {
    const run = await runAction(stub, {});
    assert.equal(run.status, 1, run.log);
    assert.deepEqual(
      stub.writes().map((r) => r.method),
      ['POST'],
    );
    assert.match(run.log, /^::notice::premortem: the token may not comment on pull request #7 .*Resource not accessible by integration/m);
    assert.doesNotMatch(run.log, /::(warning|error)::/);
  } finally {
    await stub.close();
  }
});

test('another API error is a warning; a clean change passes whatever the API says', async () => {
  const stub = await new ApiStub().start();
  stub.failList = 500;
  try {
    const run = await runAction(stub, {});
    assert.equal(run.status, 1, run.log);
    assert.deepEqual(stub.writes(), []);
    assert.match(
      run.log,
      /^::warning::premortem: cannot list the comments of pull request #7: GET \/repos\/acme\/infra\/issues\/7\/comments answered 500: Server Error/m,
    );
    const clean = await runAction(stub, { INPUT_NEW_SINCE: 'HEAD' });
    assert.equal(clean.status, 0, clean.log);
    assert.equal(clean.outputs['exit-code'], '0');
  } finally {
    await stub.close();
  }
  // Nothing listens at all: a warning too.
  const unreachable = await runAction(undefined, {});
  assert.equal(unreachable.status, 1, unreachable.log);
  assert.match(unreachable.log, /^::warning::premortem: cannot list the comments/m);
});

test('command scan: the text report of the new findings, in a comment with the marker', async () => {
  const stub = await new ApiStub().start();
  try {
    const run = await runAction(stub, { INPUT_COMMAND: 'scan', INPUT_UPLOAD_SARIF: 'false', INPUT_FAIL_ON: 'error' });
    assert.deepEqual(
      stub.writes().map((r) => r.method),
      ['POST'],
    );
    const body = stub.writes()[0]!.body!.body;
    assert.ok(body.startsWith(`${REVIEW_MARKER}\n## premortem scan\n\n\`\`\`text\n`), body);
    assert.match(body, new RegExp(NEW_RULE));
    assert.doesNotMatch(body, new RegExp(OLD_RULE));
    assert.equal(run.outputs['upload-sarif'], 'false');
    assert.equal(run.status, 0, 'the evicting policy is a warning, below fail-on: error');
    assert.equal(run.outputs['exit-code'], '0');
  } finally {
    await stub.close();
  }
});

test('inputs that premortem cannot use stop the action with an error line and exit code 2', async () => {
  const wrong = await runAction(undefined, { INPUT_COMMAND: 'lint', INPUT_COMMENT: 'false' });
  assert.equal(wrong.status, 2);
  assert.match(wrong.log, /^::error::premortem: input command is "lint"; use review or scan/m);
  const missing = await runAction(undefined, { INPUT_NEW_SINCE: 'no-such-revision', INPUT_COMMENT: 'false' });
  assert.equal(missing.status, 2);
  assert.match(missing.log, /^::error::premortem review failed: .*revision "no-such-revision" is not in this repository/m);
});

test('nextPage follows rel="next" of a Link header', () => {
  assert.equal(nextPage('<https://api.example/x?page=2>; rel="next", <https://api.example/x?page=5>; rel="last"'), 'https://api.example/x?page=2');
  assert.equal(nextPage('<https://api.example/x?page=1>; rel="prev", <https://api.example/x?page=1>; rel="first"'), undefined);
  assert.equal(nextPage(null), undefined);
});
