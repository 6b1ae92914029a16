// Rule links for premortem's own VS Code client, which packages the pages and opens them offline: with
// `ruleDocsCommand` in the initialization options, the Problems code link and the hover's first link run
// "premortem.showDocumentation" with the rule id, and the hover keeps the web page as a second link.
// Other clients get the web page (diagnostics.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RULE, UNLOCKED, withServer } from './harness';

const WEB = `https://github.com/premortem-dev/premortem/blob/main/rules/${RULE}.md`;

test('with ruleDocsCommand, the code link and the hover open the packaged page through the command', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED }, initializationOptions: { ruleDocsCommand: true } }, async (h) => {
    h.open('main.tf');
    const published = await h.publish('main.tf', (p) => p.diagnostics.length > 0);
    const href = published.diagnostics[0]!.codeDescription!.href;
    const uri = new URL(href);
    assert.equal(uri.protocol, 'command:');
    assert.equal(uri.pathname, 'premortem.showDocumentation');
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.search.slice(1))), [RULE]);

    const hover = await h.hover('main.tf', 1, 5);
    const text = hover!.contents.value;
    assert.ok(text.includes(`[Documentation for ${RULE}](${href})`), text);
    assert.ok(text.includes(`([on the web](${WEB}))`), text);
  });
});
