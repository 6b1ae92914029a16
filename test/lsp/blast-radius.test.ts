// Blast radius over LSP: the code lens above a resource others depend on, its hover, the request behind
// the "Show Blast Radius" tree, and the setting that turns the lens off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withServer } from './harness';

const POLICY = `resource "aws_cloudfront_cache_policy" "assets" {
  name = "assets"
  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config { cookie_behavior = "none" }
    headers_config { header_behavior = "none" }
    query_strings_config { query_string_behavior = "none" }
  }
}
`;

const DISTRIBUTIONS = `resource "aws_cloudfront_distribution" "site" {
  for_each = toset(["eu", "us"])
  default_cache_behavior {
    cache_policy_id = aws_cloudfront_cache_policy.assets.id
  }
}

resource "aws_lb" "front" {
  name = "front"
}

module "edge" {
  source          = "./edge"
  cache_policy_id = aws_cloudfront_cache_policy.assets.id
}
`;

const EDGE = `variable "cache_policy_id" {}
resource "aws_cloudfront_distribution" "this" {
  default_cache_behavior {
    cache_policy_id = var.cache_policy_id
  }
}
`;

const FILES = { 'policies.tf': POLICY, 'main.tf': DISTRIBUTIONS, 'edge/main.tf': EDGE };

test('a code lens above a shared policy counts what depends on it, across files and into a child module', async () => {
  await withServer({ files: FILES }, async (h) => {
    h.open('policies.tf');
    const lenses = await h.codeLenses('policies.tf');
    assert.equal(lenses?.length, 1);
    const [lens] = lenses!;
    assert.deepEqual(lens!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 47 } });
    assert.equal(lens!.command?.title, 'blast radius: 3 cloudfront distributions, 1 module');
    assert.equal(lens!.command?.command, 'premortem.showBlastRadius');
    assert.deepEqual(lens!.command?.arguments, [h.uri('policies.tf'), 'aws_cloudfront_cache_policy.assets']);
    // Nothing depends on the load balancer or the distributions: no lens there.
    h.open('main.tf');
    assert.deepEqual(await h.codeLenses('main.tf'), []);
  });
});

test('the lens follows the text being typed, not the file on disk', async () => {
  await withServer({ files: FILES }, async (h) => {
    h.open('policies.tf');
    h.open('main.tf');
    h.change('main.tf', DISTRIBUTIONS.replace(/module "edge" \{[\s\S]*$/, ''));
    const [lens] = (await h.codeLenses('policies.tf'))!;
    assert.equal(lens!.command?.title, 'blast radius: 2 cloudfront distributions');
  });
});

test('hovering the header lists the dependents, with the reference they come through', async () => {
  await withServer({ files: FILES }, async (h) => {
    h.open('policies.tf');
    const hover = await h.hover('policies.tf', 0, 12);
    const text = hover?.contents.value ?? '';
    assert.match(text, /\*\*Blast radius:\*\* 3 cloudfront distributions, 1 module/);
    assert.match(text, /- `aws_cloudfront_distribution\.site\["eu"\]`\n/);
    assert.match(text, /- `module\.edge\.aws_cloudfront_distribution\.this` via `module\.edge\.var\.cache_policy_id`/);
    // Inside the body, not on the header: the hover stays out of the way.
    assert.equal(await h.hover('policies.tf', 3, 10), null);
  });
});

test('the blastRadius request answers for the block under the cursor, with locations to jump to', async () => {
  await withServer({ files: FILES }, async (h) => {
    h.open('policies.tf');
    const result = (await h.connection.sendRequest('premortem/blastRadius', { uri: h.uri('policies.tf'), position: { line: 4, character: 6 } })) as {
      address: string;
      summary: string;
      dependents: { address: string; group: string; path: string[]; location?: { uri: string; range: unknown } }[];
    };
    assert.equal(result.address, 'aws_cloudfront_cache_policy.assets');
    assert.equal(result.summary, '3 cloudfront distributions, 1 module');
    const child = result.dependents.find((d) => d.address === 'module.edge.aws_cloudfront_distribution.this')!;
    assert.equal(child.group, 'cloudfront distributions');
    assert.deepEqual(child.path, ['aws_cloudfront_cache_policy.assets', 'module.edge.var.cache_policy_id', 'module.edge.aws_cloudfront_distribution.this']);
    assert.deepEqual(child.location, { uri: h.uri('edge/main.tf'), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 45 } } });
    const none = await h.connection.sendRequest('premortem/blastRadius', { uri: h.uri('main.tf'), position: { line: 30, character: 0 } });
    assert.equal(none, null);
  });
});

test('premortem.codeLens.blastRadius = false turns the lens off', async () => {
  await withServer({ files: FILES, settings: { codeLens: { blastRadius: false } } }, async (h) => {
    h.open('policies.tf');
    assert.deepEqual(await h.codeLenses('policies.tf'), []);
  });
});

test('the blastRadiusGraph request draws the resource and its dependents, each node with where it is declared', async () => {
  await withServer({ files: FILES }, async (h) => {
    h.open('policies.tf');
    const result = (await h.connection.sendRequest('premortem/blastRadiusGraph', {
      uri: h.uri('policies.tf'),
      address: 'aws_cloudfront_cache_policy.assets',
    })) as {
      address: string;
      summary: string;
      svg: string;
      stylesheet: string;
      omitted: number;
      nodes: { id: string; location?: { uri: string; range: unknown } }[];
    };
    assert.equal(result.address, 'aws_cloudfront_cache_policy.assets');
    assert.equal(result.summary, '3 cloudfront distributions, 1 module');
    assert.equal(result.omitted, 0);
    assert.deepEqual(result.nodes.map((n) => n.id).sort(), [
      'aws_cloudfront_cache_policy.assets',
      'aws_cloudfront_distribution.site["eu"]',
      'aws_cloudfront_distribution.site["us"]',
      'module.edge',
      'module.edge.aws_cloudfront_distribution.this',
      'module.edge.var.cache_policy_id',
    ]);
    const child = result.nodes.find((n) => n.id === 'module.edge.aws_cloudfront_distribution.this')!;
    assert.deepEqual(child.location, { uri: h.uri('edge/main.tf'), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 45 } } });
    // Every node is drawn with the id the webview's click sends back, and its place relative to the workspace.
    for (const node of result.nodes) assert.ok(result.svg.includes(`data-id="${node.id.replace(/"/g, '&quot;')}"`), node.id);
    assert.match(result.svg, /data-href="edge\/main\.tf:2"/);
    assert.match(result.svg, />default_cache_behavior\.cache_policy_id<\/text>/);
    assert.doesNotMatch(result.svg, /<style|<script/, 'the webview brings its own stylesheet, under its CSP');
    assert.match(result.stylesheet, /\.pm-graph \{/);
    const none = await h.connection.sendRequest('premortem/blastRadiusGraph', { uri: h.uri('main.tf'), position: { line: 30, character: 0 } });
    assert.equal(none, null);
  });
});
