// Outline and go to definition over LSP: on when the client says no Terraform extension provides them
// (initializationOptions, then the premortem/navigation notification), registered and unregistered
// dynamically where the client can, and otherwise declared at start and silent while off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withServer, type Harness } from './harness';

const FILES = {
  'main.tf': `variable "region" {}

locals {
  name = "shop-\${var.region}"
}

resource "aws_s3_bucket" "logs" {
  bucket = local.name
}

module "app" {
  source = "./app"
  bucket = aws_s3_bucket.logs.id
}
`,
  'app/main.tf': `variable "bucket" {}
`,
};

const DYNAMIC = {
  documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true },
  definition: { dynamicRegistration: true, linkSupport: true },
};
const STATIC = { documentSymbol: { hierarchicalDocumentSymbolSupport: true }, definition: { linkSupport: true } };
const NAVIGATION = ['textDocument/documentSymbol', 'textDocument/definition'];

async function symbolNames(h: Harness): Promise<string[] | null> {
  const symbols = (await h.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: h.uri('main.tf') } })) as { name: string }[] | null;
  return symbols && symbols.map((s) => s.name);
}

async function definition(h: Harness, line: number, character: number): Promise<unknown> {
  return h.connection.sendRequest('textDocument/definition', { textDocument: { uri: h.uri('main.tf') }, position: { line, character } });
}

test('alone, the server registers the outline and definitions and answers them from the module', async () => {
  await withServer({ files: FILES, textDocument: DYNAMIC, initializationOptions: { navigation: true } }, async (h) => {
    await h.waitFor(() => NAVIGATION.every((m) => h.registrations.includes(m)), 'the outline and definitions registered');
    assert.equal(h.capabilities['documentSymbolProvider'], undefined, 'registered, not declared');
    h.open('main.tf');
    assert.deepEqual(await symbolNames(h), ['var.region', 'local.name', 'aws_s3_bucket.logs', 'module.app']);
    // `local.name` on line 8 (0-based 7), column 11.
    assert.deepEqual(await definition(h, 7, 12), [
      {
        originSelectionRange: { start: { line: 7, character: 11 }, end: { line: 7, character: 21 } },
        targetUri: h.uri('main.tf'),
        targetRange: { start: { line: 3, character: 2 }, end: { line: 3, character: 29 } },
        targetSelectionRange: { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } },
      },
    ]);
    const toBucket = (await definition(h, 12, 14)) as { targetSelectionRange: unknown }[];
    assert.deepEqual(toBucket[0]!.targetSelectionRange, { start: { line: 6, character: 0 }, end: { line: 6, character: 31 } });
    assert.equal(await definition(h, 0, 2), null, 'no reference there');
  });
});

test('next to a Terraform extension nothing is registered, until the client says it is gone; then off again', async () => {
  await withServer({ files: FILES, textDocument: DYNAMIC, initializationOptions: { navigation: false } }, async (h) => {
    h.open('main.tf');
    assert.equal(await symbolNames(h), null);
    assert.equal(await definition(h, 7, 12), null);
    assert.deepEqual(
      h.registrations.filter((m) => NAVIGATION.includes(m)),
      [],
    );
    await h.connection.sendNotification('premortem/navigation', { enabled: true });
    await h.waitFor(() => NAVIGATION.every((m) => h.registrations.includes(m)), 'registered once the extension is gone');
    assert.deepEqual(await symbolNames(h), ['var.region', 'local.name', 'aws_s3_bucket.logs', 'module.app']);
    await h.connection.sendNotification('premortem/navigation', { enabled: false });
    await h.waitFor(() => NAVIGATION.every((m) => h.unregistrations.includes(m)), 'unregistered once it is back');
    assert.equal(await symbolNames(h), null);
  });
});

test('a client that cannot register dynamically gets them declared at start when wanted, and not otherwise', async () => {
  await withServer({ files: FILES, textDocument: STATIC, initializationOptions: { navigation: true } }, async (h) => {
    assert.deepEqual(h.capabilities['documentSymbolProvider'], { label: 'premortem' });
    assert.equal(h.capabilities['definitionProvider'], true);
    h.open('main.tf');
    assert.deepEqual(await symbolNames(h), ['var.region', 'local.name', 'aws_s3_bucket.logs', 'module.app']);
    await h.connection.sendNotification('premortem/navigation', { enabled: false });
    // Notifications and requests are handled in order: the request after the notification sees it off.
    assert.equal(await symbolNames(h), null, 'declared for the session, but silent while off');
  });
  await withServer({ files: FILES, textDocument: STATIC }, async (h) => {
    assert.equal(h.capabilities['documentSymbolProvider'], undefined, 'without initializationOptions: off');
    assert.equal(h.capabilities['definitionProvider'], undefined);
  });
});
