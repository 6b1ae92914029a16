// The VS Code client starts the server with --node-ipc; editors and tests use --stdio. Both work.
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import { test } from 'node:test';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type InitializeResult } from 'vscode-languageserver/node';
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
