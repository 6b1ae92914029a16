// The blast-radius picture: which nodes and edges it draws (edge labels are the referring arguments), how
// dagre lays it out (clusters by module and type, nothing overlapping), and the SVG and HTML it becomes.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildGraph } from '../../server/src/core/graph/build-graph';
import { createModuleLoader } from '../../server/src/core/graph/module-loader';
import { referringAttributes } from '../../server/src/core/graph/referring-attributes';
import { parseFile } from '../../server/src/core/parse';
import { blastPicture, type BlastPicture } from '../../server/src/core/picture/blast-picture';
import { overlaps, type Box } from '../../server/src/core/picture/clusters';
import { layoutPicture, type PictureLayout } from '../../server/src/core/picture/layout';
import { renderHtml } from '../../server/src/core/picture/render-html';
import { renderSvg } from '../../server/src/core/picture/render-svg';
import { writeWorkspace } from '../support/workspace';

const FILES = {
  'cdn.tf': `resource "aws_cloudfront_cache_policy" "assets" {
  name = "assets"
}

resource "aws_cloudfront_distribution" "site" {
  for_each = toset(["eu", "us"])
  default_cache_behavior {
    cache_policy_id = aws_cloudfront_cache_policy.assets.id
  }
}

locals {
  policy = aws_cloudfront_cache_policy.assets.id
}

module "edge" {
  source          = "./modules/edge"
  cache_policy_id = local.policy
}

resource "aws_route53_record" "www" {
  name    = "www"
  alias {
    name = aws_cloudfront_distribution.site["eu"].domain_name
  }
  depends_on = [module.edge]
}

resource "aws_sns_topic" "alerts" {
  depends_on = [aws_cloudfront_cache_policy.assets]
}
`,
  'modules/edge/main.tf': `variable "cache_policy_id" {}

resource "aws_cloudfront_distribution" "this" {
  dynamic "ordered_cache_behavior" {
    for_each = ["/static/*"]
    content {
      cache_policy_id = var.cache_policy_id
    }
  }
}

output "domain_name" {
  value = aws_cloudfront_distribution.this.domain_name
}
`,
};

function pictureOf(files: Record<string, string>, origin: string, limit?: number): { picture: BlastPicture; root: string } {
  const root = writeWorkspace(files, 'premortem-picture-');
  const load = createModuleLoader();
  const graph = buildGraph(load(root)!, { loadModule: load });
  const node = graph.node(origin);
  assert.ok(node, origin);
  return {
    picture: blastPicture(graph, [node], {
      displayPath: (file) => path.relative(root, file).split(path.sep).join('/'),
      ...(limit !== undefined ? { limit } : {}),
    }),
    root,
  };
}

test('the picture draws the origin, its dependents and the values that carry references between them', () => {
  const { picture } = pictureOf(FILES, 'aws_cloudfront_cache_policy.assets');
  const roles = Object.fromEntries(picture.nodes.map((n) => [n.id, `${n.role} ${n.name} ${n.where ?? '-'}`]));
  assert.deepEqual(roles, {
    'aws_cloudfront_cache_policy.assets': 'origin assets cdn.tf:1',
    'aws_cloudfront_distribution.site["eu"]': 'dependent site["eu"] cdn.tf:5',
    'aws_cloudfront_distribution.site["us"]': 'dependent site["us"] cdn.tf:5',
    'local.policy': 'via local.policy cdn.tf:13',
    'module.edge': 'dependent edge cdn.tf:16',
    'module.edge.var.cache_policy_id': 'via var.cache_policy_id modules/edge/main.tf:1',
    'module.edge.aws_cloudfront_distribution.this': 'dependent this modules/edge/main.tf:3',
    'module.edge.output.domain_name': 'dependent output.domain_name modules/edge/main.tf:12',
    'aws_route53_record.www': 'dependent www cdn.tf:21',
    'aws_sns_topic.alerts': 'dependent alerts cdn.tf:29',
  });
  assert.equal(picture.omitted, 0);
});

test('edges run from what is depended on to what depends on it one step further, labelled with the arguments that refer', () => {
  const { picture } = pictureOf(FILES, 'aws_cloudfront_cache_policy.assets');
  const edges = picture.edges.map((e) => `${e.from} -> ${e.to}: ${e.label}${e.ordering ? ' (ordering)' : ''}`).sort();
  assert.deepEqual(edges, [
    'aws_cloudfront_cache_policy.assets -> aws_cloudfront_distribution.site["eu"]: default_cache_behavior.cache_policy_id',
    'aws_cloudfront_cache_policy.assets -> aws_cloudfront_distribution.site["us"]: default_cache_behavior.cache_policy_id',
    'aws_cloudfront_cache_policy.assets -> aws_sns_topic.alerts: depends_on (ordering)',
    'aws_cloudfront_cache_policy.assets -> local.policy: ',
    'aws_cloudfront_distribution.site["eu"] -> aws_route53_record.www: alias.name',
    'local.policy -> module.edge.var.cache_policy_id: ',
    'local.policy -> module.edge: cache_policy_id',
    // The record also waits for everything in module.edge (`depends_on = [module.edge]`), but the change
    // reaches it sooner through site["eu"]: those edges would only cross the picture backwards.
    'module.edge.aws_cloudfront_distribution.this -> module.edge.output.domain_name: ',
    'module.edge.var.cache_policy_id -> module.edge.aws_cloudfront_distribution.this: ordered_cache_behavior.cache_policy_id',
  ]);
});

test('referring arguments name nested blocks by type, a dynamic block by its label, and each path once', () => {
  const file = parseFile(
    'main.tf',
    `resource "aws_lb_listener" "x" {
  load_balancer_arn = aws_lb.main.arn
  default_action {
    target_group_arn = aws_lb.main.arn
    forward {
      stickiness { duration = length(aws_lb.main.id) }
    }
  }
  dynamic "rule" {
    for_each = [1]
    content { arn = aws_lb.main.arn }
  }
  tags = { a = aws_lb.other.id, b = aws_lb.main.id }
  description = "\${aws_lb.main.name}-\${aws_lb.main.name}"
}
`,
  );
  assert.deepEqual(referringAttributes(file.body.blocks[0]!, 'aws_lb.main'), [
    'load_balancer_arn',
    'tags',
    'description',
    'default_action.target_group_arn',
    'default_action.forward.stickiness.duration',
    'rule.arn',
  ]);
  assert.deepEqual(referringAttributes(file.body.blocks[0]!, 'aws_lb.other'), ['tags']);
});

test('past the limit the farthest dependents are left out and counted', () => {
  const { picture } = pictureOf(FILES, 'aws_cloudfront_cache_policy.assets', 3);
  const drawn = picture.nodes.filter((n) => n.role !== 'via').map((n) => n.id);
  assert.deepEqual(drawn, ['aws_cloudfront_cache_policy.assets', 'aws_cloudfront_distribution.site["eu"]', 'aws_cloudfront_distribution.site["us"]']);
  assert.equal(picture.omitted, 5, 'module.edge, its distribution and output, the record, the topic');
});

/** Everything the layout placed, with a name for messages. */
function boxes(layout: PictureLayout): { name: string; box: Box }[] {
  return [
    ...layout.nodes.map((n) => ({ name: n.node.id, box: n as Box })),
    ...layout.edges.flatMap((e) => (e.label ? [{ name: `label ${e.edge.label}`, box: e.label }] : [])),
  ];
}

function assertNothingOverlaps(layout: PictureLayout): void {
  const all = boxes(layout);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) assert.ok(!overlaps(all[i]!.box, all[j]!.box), `${all[i]!.name} overlaps ${all[j]!.name}`);
  }
  for (const box of [...all.map((a) => a.box), ...layout.clusters]) {
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= layout.width && box.y + box.height <= layout.height, 'inside the picture');
  }
}

test('the layout places nodes and edge labels without overlaps, and clusters hold their members with room for the label', () => {
  const { picture } = pictureOf(FILES, 'aws_cloudfront_cache_policy.assets');
  const layout = layoutPicture(picture);
  assertNothingOverlaps(layout);
  const clusters = Object.fromEntries(layout.clusters.map((c) => [c.label, c]));
  assert.deepEqual(Object.keys(clusters).sort(), ['2 cloudfront distributions', 'module.edge']);
  const node = (id: string): Box => layout.nodes.find((n) => n.node.id === id)!;
  const holds = (outer: Box, inner: Box): boolean =>
    inner.x >= outer.x && inner.y >= outer.y + 20 && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
  assert.ok(holds(clusters['module.edge']!, node('module.edge.aws_cloudfront_distribution.this')));
  assert.ok(holds(clusters['module.edge']!, node('module.edge.var.cache_policy_id')));
  assert.ok(holds(clusters['2 cloudfront distributions']!, node('aws_cloudfront_distribution.site["us"]')));
  for (const n of layout.nodes) {
    for (const c of layout.clusters) {
      const member = c.label === 'module.edge' ? n.node.modulePath === 'module.edge' : n.node.id.startsWith('aws_cloudfront_distribution.site');
      assert.equal(overlaps(c, n), member, `${n.node.id} and the cluster ${c.label}`);
    }
  }
  // Arrows run left to right, as the change spreads.
  assert.ok(node('aws_cloudfront_cache_policy.assets').x < node('aws_cloudfront_distribution.site["eu"]').x);
  assert.ok(node('aws_cloudfront_distribution.site["eu"]').x < node('aws_route53_record.www').x);
});

test('nested module clusters sit in their callers, and many nodes in one module still do not overlap', () => {
  const files: Record<string, string> = {
    'main.tf': `resource "aws_sqs_queue" "jobs" {}
module "app" {
  source = "./app"
  queue  = aws_sqs_queue.jobs.arn
}
${Array.from({ length: 12 }, (_, i) => `resource "aws_lambda_event_source_mapping" "m${i}" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n}\n`).join('')}`,
    'app/main.tf': `variable "queue" {}
module "inner" {
  source = "../inner"
  queue  = var.queue
}
resource "aws_cloudwatch_metric_alarm" "depth" {
  dimensions = { QueueName = var.queue }
}
`,
    'inner/main.tf': `variable "queue" {}
resource "aws_iam_policy" "read" {
  policy = var.queue
}
resource "aws_iam_policy" "write" {
  policy = var.queue
}
`,
  };
  const { picture } = pictureOf(files, 'aws_sqs_queue.jobs');
  const layout = layoutPicture(picture);
  assertNothingOverlaps(layout);
  const cluster = (label: string): Box => layout.clusters.find((c) => c.label === label)!;
  const encloses = (outer: Box, inner: Box): boolean =>
    inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
  assert.ok(encloses(cluster('module.app'), cluster('module.app.module.inner')));
  assert.ok(encloses(cluster('module.app.module.inner'), cluster('2 iam policies')));
  assert.ok(cluster('12 lambda event source mappings'));
  for (const c of layout.clusters) {
    for (const other of layout.clusters) {
      if (c === other || encloses(c, other) || encloses(other, c)) continue;
      assert.ok(!overlaps(c, other), `${c.label} overlaps ${other.label}`);
    }
  }
});

test('the SVG has a group per node with its address and place, a label per edge, and a box per cluster', () => {
  const { picture } = pictureOf(FILES, 'aws_cloudfront_cache_policy.assets');
  const svg = renderSvg(layoutPicture(picture), { title: 'blast radius of aws_cloudfront_cache_policy.assets', standalone: true });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const nodes = [...svg.matchAll(/<g class="pm-node [^"]*" data-id="([^"]*)"/g)].map((m) => m[1]!.replace(/&quot;/g, '"'));
  assert.deepEqual(nodes.sort(), picture.nodes.map((n) => n.id).sort());
  assert.match(svg, /<g class="pm-node pm-origin pm-kind-resource" data-id="aws_cloudfront_cache_policy\.assets" data-href="cdn\.tf:1"/);
  assert.match(svg, /data-id="aws_cloudfront_distribution\.site\[&quot;eu&quot;\]"/, 'quotes in addresses are escaped');
  for (const label of ['default_cache_behavior.cache_policy_id', 'ordered_cache_behavior.cache_policy_id', 'alias.name', 'depends_on'])
    assert.ok(svg.includes(`>${label}</text>`), label);
  assert.match(svg, /<g class="pm-edge pm-ordering" data-from="aws_cloudfront_cache_policy\.assets" data-to="aws_sns_topic\.alerts">/);
  assert.equal((svg.match(/<g class="pm-edge[ "]/g) ?? []).length, picture.edges.length, 'an edge per edge');
  assert.equal((svg.match(/<g class="pm-cluster /g) ?? []).length, 2);
  assert.match(svg, />module\.edge<\/text>/);
  assert.match(svg, />2 cloudfront distributions<\/text>/);
  assert.match(svg, /<style>/, 'a standalone SVG carries its colours');
  assert.doesNotMatch(renderSvg(layoutPicture(picture), { title: 't', standalone: false }), /<style>/, "a hosted one takes the host's");
});

test('the HTML page is self-contained: no script, no link, nothing fetched', () => {
  const { picture } = pictureOf(FILES, 'aws_cloudfront_cache_policy.assets');
  const svg = renderSvg(layoutPicture(picture), { title: 'blast radius', standalone: false });
  const html = renderHtml({ title: 'premortem: blast radius of <this> plan', summary: ['1 change reaches 6 dependents.'], svg, version: '0.1.0' });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(html.includes(svg));
  assert.match(html, /<title>premortem: blast radius of &lt;this&gt; plan<\/title>/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(\s*['"]?(?!#)/i);
  assert.doesNotMatch(html, /\s(?:src|href)=/i, "no attribute loads or links anything (data-href is the webview's)");
  const outside = [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]).filter((url) => url !== 'http://www.w3.org/2000/svg');
  assert.deepEqual(outside, [], 'the only URL is the SVG namespace');
});
