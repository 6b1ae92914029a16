// Hover and code actions honour the request's cancellation token: a request cancelled before the lint starts
// no lint, and one cancelled while the lint ran gets null or no actions, as vscode-languageserver expects.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { CancellationTokenSource, type CodeActionParams, type HoverParams } from 'vscode-languageserver/node';
import type { RuleMeta } from '../../rules/api';
import type { Finding } from '../../server/src/core/finding';
import { provideCodeActions } from '../../server/src/lsp/code-actions';
import { provideHover } from '../../server/src/lsp/hover';
import type { StoredFindings } from '../../server/src/lsp/publisher';
import type { Scheduler } from '../../server/src/lsp/scheduler';
import { pathToUri } from '../../server/src/lsp/uris';
import type { WorkspaceState } from '../../server/src/lsp/workspace-state';

const FILE = path.resolve('/premortem-test/module/main.tf');
const URI = pathToUri(FILE);
const FINDING: Finding = {
  ruleId: 'example-rule',
  severity: 'warning',
  message: 'Something goes wrong here.',
  messageId: 'example',
  file: FILE,
  range: { start: { line: 2, column: 3, offset: 20 }, end: { line: 2, column: 12, offset: 29 } },
};

/** The open document's state, and a scheduler whose lint runs `duringLint` (where a cancellation can arrive). */
function fakes(duringLint: () => void = () => {}) {
  let lints = 0;
  const state = {
    isOpen: (file: string) => file === FILE,
    sourceOf: () => undefined,
    uriOf: () => URI,
    document: () => undefined,
  } as unknown as WorkspaceState;
  const scheduler = {
    currentFindings: async (): Promise<StoredFindings> => {
      lints++;
      duringLint();
      return { version: 1, findings: [FINDING] };
    },
  } as unknown as Scheduler;
  return { state, scheduler, lints: () => lints };
}

const METAS = new Map<string, RuleMeta>();
const HOVER: HoverParams = { textDocument: { uri: URI }, position: { line: 1, character: 5 } };
const ACTIONS: CodeActionParams = {
  textDocument: { uri: URI },
  range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } },
  context: { diagnostics: [] },
};

test('hover: an uncancelled request explains the finding under the cursor', async () => {
  const { state, scheduler, lints } = fakes();
  const hover = await provideHover(HOVER, state, scheduler, METAS, new CancellationTokenSource().token);
  assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /example-rule/);
  assert.equal(lints(), 1);
});

test('hover: a request cancelled before it is handled starts no lint and answers null', async () => {
  const { state, scheduler, lints } = fakes();
  const source = new CancellationTokenSource();
  source.cancel();
  assert.equal(await provideHover(HOVER, state, scheduler, METAS, source.token), null);
  assert.equal(lints(), 0);
});

test('hover: a request cancelled while the lint runs answers null', async () => {
  const source = new CancellationTokenSource();
  const { state, scheduler, lints } = fakes(() => source.cancel());
  assert.equal(await provideHover(HOVER, state, scheduler, METAS, source.token), null);
  assert.equal(lints(), 1);
});

test('code actions: an uncancelled request offers the actions of the finding under the range', async () => {
  const { state, scheduler } = fakes();
  const actions = await provideCodeActions(ACTIONS, state, scheduler, true, new CancellationTokenSource().token);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Show documentation for example-rule'],
  );
});

test('code actions: a request cancelled before it is handled starts no lint and offers nothing', async () => {
  const { state, scheduler, lints } = fakes();
  const source = new CancellationTokenSource();
  source.cancel();
  assert.deepEqual(await provideCodeActions(ACTIONS, state, scheduler, true, source.token), []);
  assert.equal(lints(), 0);
});

test('code actions: a request cancelled while the lint runs offers nothing', async () => {
  const source = new CancellationTokenSource();
  const { state, scheduler, lints } = fakes(() => source.cancel());
  assert.deepEqual(await provideCodeActions(ACTIONS, state, scheduler, true, source.token), []);
  assert.equal(lints(), 1);
});
