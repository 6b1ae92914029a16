// The dependency graph and blast radius over hand-written modules written to a temporary directory:
// across files, through locals and outputs, into local and downloaded child modules, and per instance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blastRadius, blastRadiusSummary, countTypes, describeType, summarizeDependents } from '../../server/src/core/graph/blast-radius';
import { buildGraph } from '../../server/src/core/graph/build-graph';
import { createModuleLoader } from '../../server/src/core/graph/module-loader';
import { writeWorkspace } from '../support/workspace';

function workspace(files: Record<string, string>): string {
  return writeWorkspace(files, 'premortem-graph-');
}

function graphOf(files: Record<string, string>, knownInstanceKeys?: ReadonlyMap<string, readonly (string | number)[]>) {
  const root = workspace(files);
  const load = createModuleLoader();
  const module = load(root);
  assert.ok(module, 'the root module loads');
  return buildGraph(module, { loadModule: load, ...(knownInstanceKeys ? { knownInstanceKeys } : {}) });
}

/** Dependents of `origin` as `id <- path` lines, in the blast radius's order. */
function radius(files: Record<string, string>, origin: string, knownInstanceKeys?: ReadonlyMap<string, readonly (string | number)[]>): string[] {
  return blastRadius(graphOf(files, knownInstanceKeys), [origin]).map((d) => `${d.node.id} <- ${d.path.join(' > ')}`);
}

const POLICY = `resource "aws_cloudfront_cache_policy" "assets" {
  name = "assets"
  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config { cookie_behavior = "none" }
    headers_config { header_behavior = "none" }
    query_strings_config { query_string_behavior = "none" }
  }
}
`;

const distribution = (name: string, extra = ''): string => `resource "aws_cloudfront_distribution" "${name}" {
  ${extra}
  default_cache_behavior {
    cache_policy_id = aws_cloudfront_cache_policy.assets.id
  }
}
`;

test('a policy shared across files reaches every distribution that names it', () => {
  const files = { 'policies.tf': POLICY, 'main.tf': distribution('web') + distribution('api') };
  assert.deepEqual(radius(files, 'aws_cloudfront_cache_policy.assets'), [
    'aws_cloudfront_distribution.api <- aws_cloudfront_cache_policy.assets > aws_cloudfront_distribution.api',
    'aws_cloudfront_distribution.web <- aws_cloudfront_cache_policy.assets > aws_cloudfront_distribution.web',
  ]);
  assert.equal(summarizeDependents(blastRadius(graphOf(files), ['aws_cloudfront_cache_policy.assets'])), '2 cloudfront distributions');
  assert.equal(blastRadiusSummary(graphOf(files), ['aws_cloudfront_cache_policy.assets']), '2 cloudfront distributions', 'the lens counts the same');
  assert.equal(blastRadiusSummary(graphOf(files), ['aws_cloudfront_distribution.web']), undefined, 'nothing depends on a distribution');
});

test("for_each instances are nodes of their own, in Terraform's address form", () => {
  const files = { 'main.tf': POLICY + distribution('site', 'for_each = { eu = "eu.example.com", us = "us.example.com" }') };
  assert.deepEqual(radius(files, 'aws_cloudfront_cache_policy.assets'), [
    'aws_cloudfront_distribution.site["eu"] <- aws_cloudfront_cache_policy.assets > aws_cloudfront_distribution.site["eu"]',
    'aws_cloudfront_distribution.site["us"] <- aws_cloudfront_cache_policy.assets > aws_cloudfront_distribution.site["us"]',
  ]);
});

test('an index by each.key links only the matching instance', () => {
  const files = {
    'main.tf': `locals {
  names = toset(["logs", "assets"])
}
resource "aws_s3_bucket" "b" {
  for_each = local.names
  bucket   = "acme-\${each.key}"
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = local.names
  bucket   = aws_s3_bucket.b[each.key].id
  versioning_configuration { status = "Enabled" }
}
`,
  };
  assert.deepEqual(radius(files, 'aws_s3_bucket.b["logs"]'), [
    'aws_s3_bucket_versioning.v["logs"] <- aws_s3_bucket.b["logs"] > aws_s3_bucket_versioning.v["logs"]',
  ]);
});

test('count.index picks the instance with the same index', () => {
  const files = {
    'main.tf': `resource "aws_sqs_queue" "dlq" {
  count = 2
  name  = "dlq-\${count.index}"
}
resource "aws_sqs_queue" "work" {
  count          = 2
  name           = "work-\${count.index}"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq[count.index].arn, maxReceiveCount = 5 })
}
`,
  };
  assert.deepEqual(radius(files, 'aws_sqs_queue.dlq[1]'), ['aws_sqs_queue.work[1] <- aws_sqs_queue.dlq[1] > aws_sqs_queue.work[1]']);
});

test('locals carry the path to outputs but are not listed themselves', () => {
  const files = {
    'main.tf': `${POLICY}
locals {
  policy_id = aws_cloudfront_cache_policy.assets.id
}
output "policy" {
  value = local.policy_id
}
`,
  };
  assert.deepEqual(radius(files, 'aws_cloudfront_cache_policy.assets'), [
    'output.policy <- aws_cloudfront_cache_policy.assets > local.policy_id > output.policy',
  ]);
});

const SERVICE_MODULE = {
  'svc/variables.tf': 'variable "listener_arn" {\n  type = string\n}\nvariable "name" {\n  type = string\n}\n',
  'svc/main.tf': `resource "aws_lb_listener_rule" "route" {
  listener_arn = var.listener_arn
  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "200"
    }
  }
  condition {
    host_header { values = ["\${var.name}.example.com"] }
  }
}
resource "aws_lb" "own" {
  name = var.name
}
output "dns_name" {
  value = aws_lb.own.dns_name
}
`,
};

const LISTENER =
  'resource "aws_lb_listener" "https" {\n  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/x/1"\n  port = 443\n  default_action {\n    type = "fixed-response"\n  }\n}\n';

test('a call argument reaches into a local child module, through its variable', () => {
  const files = {
    ...SERVICE_MODULE,
    'main.tf': `${LISTENER}
module "svc" {
  source       = "./svc"
  listener_arn = aws_lb_listener.https.arn
  name         = "shop"
}
`,
  };
  assert.deepEqual(radius(files, 'aws_lb_listener.https'), [
    'module.svc.aws_lb_listener_rule.route <- aws_lb_listener.https > module.svc.var.listener_arn > module.svc.aws_lb_listener_rule.route',
    'module.svc <- aws_lb_listener.https > module.svc',
  ]);
});

test('a child module output reaches what the caller builds from it', () => {
  const files = {
    ...SERVICE_MODULE,
    'main.tf': `module "svc" {
  source       = "./svc"
  listener_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/x/1/2"
  name         = "shop"
}
resource "aws_route53_record" "shop" {
  zone_id = "Z123"
  name    = "shop.example.com"
  type    = "CNAME"
  ttl     = 60
  records = [module.svc.dns_name]
}
`,
  };
  assert.deepEqual(radius(files, 'module.svc.aws_lb.own'), [
    'aws_route53_record.shop <- module.svc.aws_lb.own > module.svc.output.dns_name > aws_route53_record.shop',
    'module.svc.output.dns_name <- module.svc.aws_lb.own > module.svc.output.dns_name',
  ]);
});

test("a module under for_each is evaluated with each call's arguments", () => {
  const files = {
    'child/main.tf': `variable "name" {}
resource "aws_sqs_queue" "extra" {
  count = var.name == "a" ? 1 : 0
  name  = var.name
}
`,
    'main.tf': `module "q" {
  for_each = toset(["a", "b"])
  source   = "./child"
  name     = each.key
}
`,
  };
  const graph = graphOf(files);
  const queues = [...graph.nodes.keys()].filter((id) => id.includes('aws_sqs_queue')).sort();
  assert.deepEqual(queues, ['module.q["a"].aws_sqs_queue.extra[0]']);
});

test('an output read from one instance of a module call links that output of that instance', () => {
  const files = {
    'child/main.tf': `resource "aws_sqs_queue" "main" {\n  name = "main"\n}\nresource "aws_sqs_queue" "other" {\n  name = "other"\n}\noutput "queue_url" {\n  value = aws_sqs_queue.main.url\n}\noutput "other_url" {\n  value = aws_sqs_queue.other.url\n}\n`,
    'main.tf': `module "q" {\n  for_each = toset(["a", "b"])\n  source   = "./child"\n}\nresource "aws_ssm_parameter" "url" {\n  name  = "url"\n  type  = "String"\n  value = module.q["a"].queue_url\n}\nresource "aws_ssm_parameter" "all" {\n  name  = "all"\n  type  = "StringList"\n  value = join(",", module.q[*].other_url)\n}\n`,
  };
  assert.deepEqual(radius(files, 'module.q["a"].aws_sqs_queue.main'), [
    'aws_ssm_parameter.url <- module.q["a"].aws_sqs_queue.main > module.q["a"].output.queue_url > aws_ssm_parameter.url',
    'module.q["a"].output.queue_url <- module.q["a"].aws_sqs_queue.main > module.q["a"].output.queue_url',
  ]);
  assert.deepEqual(radius(files, 'module.q["b"].aws_sqs_queue.main'), [
    'module.q["b"].output.queue_url <- module.q["b"].aws_sqs_queue.main > module.q["b"].output.queue_url',
  ]);
  assert.deepEqual(
    radius(files, 'module.q["b"].aws_sqs_queue.other').map((l) => l.split(' <- ')[0]),
    ['aws_ssm_parameter.all', 'module.q["b"].output.other_url'],
    'a splat reads the output of every instance',
  );
});

test('a child module instance is built only when a query reaches it, and then completely', () => {
  const files = {
    ...SERVICE_MODULE,
    'main.tf': `${LISTENER}
module "fed" {
  source       = "./svc"
  listener_arn = aws_lb_listener.https.arn
  name         = "fed"
}
module "idle" {
  source       = "./svc"
  listener_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/x/1/2"
  name         = "idle"
}
`,
  };
  const graph = graphOf(files);
  assert.deepEqual(
    graph
      .rootNodes()
      .map((n) => n.id)
      .sort(),
    ['aws_lb_listener.https', 'module.fed', 'module.idle'],
  );
  // The listener's blast radius enters the instance it feeds, with the same answer as a graph built up front.
  assert.deepEqual(
    blastRadius(graph, ['aws_lb_listener.https']).map((d) => d.node.id),
    ['module.fed.aws_lb_listener_rule.route', 'module.fed'],
  );
  // An address inside an instance not built yet is found: asking for it builds the instance.
  assert.equal(graph.node('module.idle.aws_lb.own')?.type, 'aws_lb');
  assert.deepEqual([...graph.dependenciesOf('module.idle.aws_lb_listener_rule.route')].sort(), ['module.idle.var.listener_arn', 'module.idle.var.name']);
  // Asking for every node builds every instance.
  assert.ok(graph.nodes.has('module.idle.output.dns_name'));
  assert.ok(graph.nodes.has('module.fed.aws_lb.own'));
  assert.equal(graph.node('module.nowhere.aws_lb.own'), undefined);
});

test('a walk builds the part of a child instance that depends on what it reaches; later walks complete it', () => {
  const files = {
    'main.tf': `resource "aws_sqs_queue" "a" {
  name = "a"
}
resource "aws_sqs_queue" "b" {
  name = "b"
}
module "worker" {
  source  = "./worker"
  queue_a = aws_sqs_queue.a.arn
  queue_b = aws_sqs_queue.b.arn
}
resource "aws_ssm_parameter" "mapping" {
  value = module.worker.mapping_b
}
`,
    'worker/main.tf': `variable "queue_a" {}
variable "queue_b" {}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
}
resource "aws_lambda_event_source_mapping" "a" {
  event_source_arn = var.queue_a
  function_name    = aws_lambda_function.fn.arn
}
resource "aws_lambda_event_source_mapping" "b" {
  event_source_arn = var.queue_b
  function_name    = aws_lambda_function.fn.arn
}
resource "aws_cloudwatch_metric_alarm" "b" {
  dimensions = { uuid = aws_lambda_event_source_mapping.b.uuid }
}
output "mapping_b" {
  value = aws_lambda_event_source_mapping.b.uuid
}
`,
  };
  const ids = (graph: ReturnType<typeof graphOf>, origin: string): string[] => blastRadius(graph, [origin]).map((d) => `${d.node.id} <- ${d.path.join(' > ')}`);
  const whole = graphOf(files);
  whole.buildAll();
  const graph = graphOf(files);
  const rootCount = graph.declaredCount;
  assert.equal(rootCount, 4, 'the root module is built whole, its child instance not at all');
  // Queue a feeds one mapping: only that part of the instance is built, not the function or the other mapping.
  assert.deepEqual(ids(graph, 'aws_sqs_queue.a'), ids(whole, 'aws_sqs_queue.a'));
  assert.deepEqual(
    blastRadius(graph, ['aws_sqs_queue.a']).map((d) => d.node.id),
    ['module.worker.aws_lambda_event_source_mapping.a', 'module.worker'],
  );
  assert.equal(graph.declaredCount, rootCount + 2, 'var.queue_a and the mapping it feeds');
  // Queue b's part reaches back out through an output; the function's edges left out so far are then added.
  assert.deepEqual(ids(graph, 'aws_sqs_queue.b'), ids(whole, 'aws_sqs_queue.b'));
  assert.ok(graph.declaredCount < whole.declaredCount, 'the function is still not built');
  assert.deepEqual(ids(graph, 'module.worker.aws_lambda_function.fn'), ids(whole, 'module.worker.aws_lambda_function.fn'));
  assert.deepEqual(
    blastRadius(graph, ['module.worker.aws_lambda_function.fn']).map((d) => d.node.id),
    [
      'module.worker.aws_cloudwatch_metric_alarm.b',
      'module.worker.aws_lambda_event_source_mapping.a',
      'module.worker.aws_lambda_event_source_mapping.b',
      'aws_ssm_parameter.mapping',
      'module.worker.output.mapping_b',
    ],
  );
  assert.equal(graph.edgeCount, whole.edgeCount, 'once built whole, the same edges');
});

test('downloaded modules are found through .terraform/modules/modules.json', () => {
  const files = {
    '.terraform/modules/modules.json': JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'svc', Source: 'registry.terraform.io/acme/svc/aws', Dir: '.terraform/modules/svc' },
      ],
    }),
    ...Object.fromEntries(Object.entries(SERVICE_MODULE).map(([name, text]) => [name.replace(/^svc\//, '.terraform/modules/svc/'), text])),
    'main.tf': `${LISTENER}
module "svc" {
  source       = "acme/svc/aws"
  version      = "1.0.0"
  listener_arn = aws_lb_listener.https.arn
  name         = "shop"
}
`,
  };
  assert.ok(radius(files, 'aws_lb_listener.https').some((line) => line.startsWith('module.svc.aws_lb_listener_rule.route <-')));
});

test('a registry module that was never downloaded stops at the call', () => {
  const files = { 'main.tf': `${LISTENER}\nmodule "svc" {\n  source       = "acme/svc/aws"\n  listener_arn = aws_lb_listener.https.arn\n}\n` };
  assert.deepEqual(radius(files, 'aws_lb_listener.https'), ['module.svc <- aws_lb_listener.https > module.svc']);
});

test('depends_on on a module call holds back everything inside it', () => {
  const files = {
    ...SERVICE_MODULE,
    'main.tf': `${LISTENER}
module "svc" {
  source       = "./svc"
  listener_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/x/1/2"
  name         = "shop"
  depends_on   = [aws_lb_listener.https]
}
`,
  };
  const ids = radius(files, 'aws_lb_listener.https').map((line) => line.split(' <- ')[0]);
  // Waiting is not reading: the module's output does not change because of the listener.
  assert.deepEqual(ids.sort(), ['module.svc', 'module.svc.aws_lb.own', 'module.svc.aws_lb_listener_rule.route']);
});

test('what waits through depends_on is listed, but what reads the waiting resource is not', () => {
  const files = {
    'main.tf': `resource "aws_iam_role_policy_attachment" "nodes" {
  role       = "nodes"
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}
resource "aws_eks_cluster" "main" {
  name       = "main"
  role_arn   = "arn:aws:iam::111122223333:role/eks"
  depends_on = [aws_iam_role_policy_attachment.nodes]
  vpc_config {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "\${aws_eks_cluster.main.name}-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
}
`,
  };
  assert.deepEqual(radius(files, 'aws_iam_role_policy_attachment.nodes'), [
    'aws_eks_cluster.main <- aws_iam_role_policy_attachment.nodes > aws_eks_cluster.main',
  ]);
  assert.deepEqual(radius(files, 'aws_eks_cluster.main'), ['aws_cloudwatch_metric_alarm.cpu <- aws_eks_cluster.main > aws_cloudwatch_metric_alarm.cpu']);
});

test('unknown for_each keys give one node, unless a plan names the instances', () => {
  const files = { 'main.tf': `variable "sites" {\n  type = set(string)\n}\n${POLICY}${distribution('site', 'for_each = var.sites')}` };
  assert.deepEqual(
    radius(files, 'aws_cloudfront_cache_policy.assets').map((l) => l.split(' <- ')[0]),
    ['aws_cloudfront_distribution.site'],
  );
  const fromPlan = new Map([['aws_cloudfront_distribution.site', ['eu', 'us']]]);
  assert.deepEqual(
    radius(files, 'aws_cloudfront_cache_policy.assets', fromPlan).map((l) => l.split(' <- ')[0]),
    ['aws_cloudfront_distribution.site["eu"]', 'aws_cloudfront_distribution.site["us"]'],
  );
});

test('an address declared twice (a paste, mid-edit) keeps its first block; the graph neither fails nor doubles it', () => {
  const queue = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n';
  const files = { 'main.tf': `${queue}${queue}resource "aws_lambda_event_source_mapping" "m" {\n  event_source_arn = aws_sqs_queue.q.arn\n}\n` };
  const graph = graphOf(files);
  assert.deepEqual(
    [...graph.nodes.keys()].filter((id) => id.startsWith('aws_sqs_queue')),
    ['aws_sqs_queue.q'],
  );
  assert.deepEqual(radius(files, 'aws_sqs_queue.q'), ['aws_lambda_event_source_mapping.m <- aws_sqs_queue.q > aws_lambda_event_source_mapping.m']);
});

test("a child instance's variable named by its caller before the instance is built is the variable once built", () => {
  const files = {
    'main.tf': 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\nmodule "consumer" {\n  source    = "./consumer"\n  queue_arn = aws_sqs_queue.q.arn\n}\n',
    'consumer/main.tf': 'variable "queue_arn" {}\nresource "aws_lambda_event_source_mapping" "m" {\n  event_source_arn = var.queue_arn\n}\n',
  };
  const graph = graphOf(files);
  // Asking by id builds the instance: the node the caller's edge named is the declared variable, with its dependents.
  assert.equal(graph.node('module.consumer.var.queue_arn')?.kind, 'variable');
  assert.deepEqual([...graph.dependentsOf('module.consumer.var.queue_arn')], ['module.consumer.aws_lambda_event_source_mapping.m']);
  assert.deepEqual([...graph.dependentsOf('aws_sqs_queue.q')].sort(), ['module.consumer', 'module.consumer.var.queue_arn']);
});

test('a module that calls itself does not loop', () => {
  const files = { 'main.tf': 'module "again" {\n  source = "./"\n}\nresource "aws_sqs_queue" "q" {\n  name = "q"\n}\n' };
  const graph = graphOf(files);
  assert.ok(graph.node('aws_sqs_queue.q'));
  assert.ok(graph.nodes.size < 10);
});

test('resource types read as words, in the plural when there are several', () => {
  assert.equal(describeType('aws_cloudfront_distribution', 3), 'cloudfront distributions');
  assert.equal(describeType('aws_lb', 1), 'load balancer');
  assert.equal(describeType('aws_cloudfront_cache_policy', 2), 'cloudfront cache policies');
  assert.equal(describeType('aws_sqs_queue', 1), 'sqs queue');
  assert.equal(describeType('aws_ecs_task_definition', 1), 'ecs task definition');
  assert.equal(describeType('module', 2), 'modules');
});

test('a summary names the three most frequent kinds and counts the rest; types that read alike count together', () => {
  const types = [
    ...Array(5).fill('aws_iam_role_policy_attachment'),
    ...Array(3).fill('aws_cloudwatch_metric_alarm'),
    'aws_lb_listener',
    'aws_alb_listener',
    'aws_s3_bucket',
    'output',
  ];
  assert.equal(countTypes(types), '5 iam role policy attachments, 3 cloudwatch metric alarms, 2 load balancer listeners and 2 more');
  assert.equal(countTypes(['aws_lb', 'aws_s3_bucket', 'aws_sqs_queue', 'output']), '1 load balancer, 1 output, 1 s3 bucket, 1 sqs queue');
});
