// The VS Code client starts the server with --node-ipc; editors and tests use --stdio. Both work.
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import { test } from 'node:test';
import {
  createProtocolConnection,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { SERVER } from './harness';

test('the server speaks LSP over node IPC and advertises its capabilities', async () => {
  const child = cp.fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const result: InitializeResult = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(result.serverInfo?.name, 'premortem');
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.premortem'] });
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    await connection.sendRequest('shutdown');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    void connection.sendNotification('exit');
    await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error('the server did not exit')), 5000))]);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

/** Writes raw bytes to a --stdio server and waits for it to exit; the exit code and stderr, or undefined if it stayed up. */
async function feed(bytes: string): Promise<{ code: number | null; stderr: string } | undefined> {
  const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  child.stdin.write(bytes);
  try {
    return await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000))]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

test('broken framing ends the server with one line on stderr, so the client restarts it instead of talking to a deaf server', async () => {
  for (const header of ['Content-Length: abc\r\n\r\n{}', 'Content-Type: x\r\n\r\n{}']) {
    const result = await feed(header);
    assert.ok(result, `the server exits after ${JSON.stringify(header)}`);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^premortem language server: cannot read the client's messages \(.+\); exiting so that the client restarts it\n$/);
  }
});

test('a request with malformed parameters gets an error that names the request, not the server internals', async () => {
  const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logged: string[] = [];
  connection.onNotification('window/logMessage', (params: { message: string }) => logged.push(params.message));
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    void connection.sendNotification('initialized', {});
    let answeredWithError = 0;
    for (const method of ['textDocument/hover', 'textDocument/codeAction', 'textDocument/codeLens']) {
      const error = await connection.sendRequest(method, { textDocument: { uri: 42 }, position: { line: 0, character: 0 }, range: null, context: null }).then(
        () => undefined,
        (e: unknown) => e as { code: number; message: string },
      );
      if (error === undefined) continue; // a request the server can answer despite the odd parameters is fine
      assert.equal(error.code, ErrorCodes.InternalError, method);
      assert.equal(error.message, `premortem could not answer ${method}; the premortem output has the details`);
      answeredWithError++;
    }
    assert.ok(answeredWithError > 0, 'a uri that is not a string fails somewhere');
    assert.ok(child.exitCode === null, 'the server is still running');
  } finally {
    connection.dispose();
    child.kill('SIGKILL');
  }
});
