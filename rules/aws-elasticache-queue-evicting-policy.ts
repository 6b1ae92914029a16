// REDIS-001. Pipedream, February 2024: the Redis intake queue filled up while workers could not run. Redis
// used as a job queue must refuse writes when full (maxmemory-policy noeviction); any evicting policy,
// including ElastiCache's default volatile-lru, can silently drop queue data instead.
import { addressOf, defineRule, getAttribute, isExpanded, type Attribute, type Block, type Expression, type Fixer, type RuleContext } from './api';
import { alignedArguments, appendNestedBlock, freeLabel, insertResourcesAfter, resourceText } from './support/edits';
import { followReference, knownString, referencedBlock, referencedType, tagValue } from './support/references';

type MessageId =
  'evictingPolicy' | 'defaultGroup' | 'groupWithoutPolicy' | 'noMemoryAlarm' | 'useNoeviction' | 'addNoevictionParameter' | 'createParameterGroup';

const POLICY = 'maxmemory-policy';
const NOEVICTION = 'noeviction';
/** Words in an id, description or tag value that say "this Redis is a job queue". */
const QUEUE_WORDS = new Set(['queue', 'queues', 'job', 'jobs', 'worker', 'workers', 'bull', 'bullmq', 'sidekiq', 'celery', 'resque', 'rq']);
const ROLE_TAG = 'lint/role';
/** ElastiCache metrics that show a cache running out of memory. */
const MEMORY_METRICS = new Set(['DatabaseMemoryUsagePercentage', 'DatabaseMemoryUsageCountedForEvictPercentage', 'BytesUsedForCache', 'FreeableMemory']);

const UNKNOWN_VERDICT = { kind: 'unknown' } as const;

type Verdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'evicting'; readonly group: Block; readonly value: Expression; readonly policy: string }
  | { readonly kind: 'groupWithoutPolicy'; readonly group: Block }
  | { readonly kind: 'default'; readonly at: Expression | undefined; readonly group: string };

export default defineRule<MessageId>({
  meta: {
    id: 'aws-elasticache-queue-evicting-policy',
    title: 'Make Redis job queues refuse writes instead of evicting',
    description:
      "A Redis (or Valkey) cache used as a job queue with an evicting maxmemory-policy, ElastiCache's default included, can drop queued jobs silently when memory fills during a backlog instead of failing writes visibly.",
    category: 'data-loss',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_elasticache_replication_group', 'aws_elasticache_cluster'] }],
    fixable: 'suggestion',
    messages: {
      evictingPolicy:
        'This parameter group sets maxmemory-policy = "{policy}" for {cache}, which looks like a job queue ({word}); when memory fills, Redis evicts keys instead of refusing writes, and queued jobs disappear. Set it to "noeviction".',
      defaultGroup:
        '{cache} looks like a job queue ({word}) but uses {group}, whose maxmemory-policy is volatile-lru; when memory fills, Redis evicts keys that have an expiry (job locks, delayed jobs) instead of refusing writes. Use a parameter group with maxmemory-policy = "noeviction".',
      groupWithoutPolicy:
        'This parameter group, used by {cache}, which looks like a job queue ({word}), leaves maxmemory-policy at the default volatile-lru; when memory fills, Redis evicts keys that have an expiry instead of refusing writes. Add maxmemory-policy = "noeviction".',
      noMemoryAlarm:
        '{cache} looks like a job queue ({word}) and nothing in this module alarms on its memory; with noeviction a full queue refuses new jobs, so alarm on DatabaseMemoryUsagePercentage well before 100%.',
      useNoeviction: 'Set maxmemory-policy to "noeviction".',
      addNoevictionParameter: 'Add the parameter maxmemory-policy = "noeviction" to this group.',
      createParameterGroup: 'Create aws_elasticache_parameter_group.{label} (family {family}) with maxmemory-policy = "noeviction" and use it.',
    },
    incident: 'Pipedream, February 2024: the Redis intake queue filled up',
    reads: [
      'aws_elasticache_replication_group.replication_group_id',
      'aws_elasticache_replication_group.description',
      'aws_elasticache_replication_group.tags',
      'aws_elasticache_replication_group.parameter_group_name',
      'aws_elasticache_replication_group.engine',
      'aws_elasticache_replication_group.engine_version',
      'aws_elasticache_replication_group.cluster_mode',
      'aws_elasticache_replication_group.num_node_groups',
      'aws_elasticache_replication_group.global_replication_group_id',
      'aws_elasticache_cluster.cluster_id',
      'aws_elasticache_cluster.tags',
      'aws_elasticache_cluster.parameter_group_name',
      'aws_elasticache_cluster.engine',
      'aws_elasticache_cluster.engine_version',
      'aws_elasticache_cluster.replication_group_id',
      'aws_elasticache_parameter_group.name',
      'aws_elasticache_parameter_group.family',
      'aws_elasticache_parameter_group.parameter.name',
      'aws_elasticache_parameter_group.parameter.value',
      'aws_cloudwatch_metric_alarm.metric_name',
      'aws_cloudwatch_metric_alarm.metric_query.metric.metric_name',
    ],
    since: '0.1.0',
  },

  check(cache, ctx) {
    if (!usesRedisParameters(ctx, cache)) return;
    const word = queueWord(ctx, cache);
    if (!word) return;
    const name = addressOf(cache) ?? 'this cache';
    const data = { cache: name, word };
    const verdict = policyVerdict(ctx, cache);
    switch (verdict.kind) {
      case 'evicting':
        ctx.report({
          at: verdict.value,
          messageId: 'evictingPolicy',
          data: { ...data, policy: verdict.policy },
          related: [{ at: cache, message: 'Used by this cache.' }],
          suggest: verdict.value.kind === 'literal' ? [{ messageId: 'useNoeviction', edits: (fixer) => fixer.replace(verdict.value, `"${NOEVICTION}"`) }] : [],
        });
        break;
      case 'groupWithoutPolicy':
        ctx.report({
          at: verdict.group,
          messageId: 'groupWithoutPolicy',
          data,
          related: [{ at: cache, message: 'Used by this cache.' }],
          suggest: [{ messageId: 'addNoevictionParameter', edits: (fixer) => appendParameter(ctx, fixer, verdict.group) }],
        });
        break;
      case 'default': {
        const plan = newGroupPlan(ctx, cache, verdict.group);
        ctx.report({
          at: verdict.at ?? cache,
          messageId: 'defaultGroup',
          data: { ...data, group: verdict.at ? `the parameter group ${verdict.group}` : verdict.group },
          suggest: plan
            ? [
                {
                  messageId: 'createParameterGroup',
                  data: { label: plan.label, family: plan.family },
                  edits: (fixer) => createParameterGroup(fixer, cache, plan),
                },
              ]
            : [],
        });
        break;
      }
      case 'ok':
      case 'unknown':
        break;
    }
    if (!hasMemoryAlarm(ctx)) ctx.report({ at: cache, messageId: 'noMemoryAlarm', severity: 'info', data });
  },
});

/** Redis and Valkey take a maxmemory-policy; memcached does not, and a group's members take the group's. */
function usesRedisParameters(ctx: RuleContext<MessageId>, cache: Block): boolean {
  if (cache.labels[0] === 'aws_elasticache_replication_group') return !getAttribute(cache, 'global_replication_group_id');
  if (getAttribute(cache, 'replication_group_id')) return false;
  const engine = knownString(ctx, getAttribute(cache, 'engine')?.expr, cache);
  return engine === 'redis' || engine === 'valkey';
}

/** The queue word that marks this cache as a job queue, or undefined. An explicit `lint/role` tag decides. */
function queueWord(ctx: RuleContext<MessageId>, cache: Block): string | undefined {
  const role = tagValue(ctx, cache, ROLE_TAG);
  if (role !== undefined) return role === 'queue' ? `tagged ${ROLE_TAG} = queue` : undefined;
  const texts = ['replication_group_id', 'cluster_id', 'description'].flatMap((name) => textsOf(ctx, cache, getAttribute(cache, name)?.expr));
  const tags = ctx.attributeValue(cache, 'tags');
  if (tags.known && tags.value !== null && typeof tags.value === 'object' && !Array.isArray(tags.value)) {
    for (const value of Object.values(tags.value as Record<string, unknown>)) if (typeof value === 'string') texts.push({ words: value, shown: value });
  }
  for (const text of texts) {
    const word = words(text.words).find((w) => QUEUE_WORDS.has(w));
    if (word) return `"${word}" in "${text.shown}"`;
  }
  return undefined;
}

/** The known text of an expression; for a template whose value is unknown, its literal parts (shown as written). */
function textsOf(ctx: RuleContext<MessageId>, cache: Block, expr: Expression | undefined): { words: string; shown: string }[] {
  if (!expr) return [];
  const known = knownString(ctx, expr, cache);
  if (known !== undefined) return [{ words: known, shown: known }];
  if (expr.kind !== 'template' || expr.heredoc) return [];
  const literal = expr.parts.map((part) => (part.kind === 'text' ? part.value : ' ')).join('');
  return [{ words: literal, shown: ctx.sourceText(expr).replace(/^"|"$/g, '') }];
}

/** `BullMQ job-queue_v2` → `bullmq`, `job`, `queue`, `v2`; camelCase splits too. */
function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** What the cache's parameter group does about maxmemory-policy. */
function policyVerdict(ctx: RuleContext<MessageId>, cache: Block): Verdict {
  const attribute = getAttribute(cache, 'parameter_group_name');
  if (!attribute) return { kind: 'default', at: undefined, group: "the engine's default parameter group" };
  const resolved = followReference(attribute.expr, ctx, cache);
  let group: Block | undefined;
  if (resolved) {
    if (referencedType(resolved) !== 'aws_elasticache_parameter_group') return UNKNOWN_VERDICT;
    group = referencedBlock(resolved);
  } else {
    const name = knownString(ctx, attribute.expr, cache);
    if (name === undefined) return UNKNOWN_VERDICT;
    if (name.startsWith('default.')) return { kind: 'default', at: attribute.expr, group: name };
    group = groupNamed(ctx, name);
    if (!group) return UNKNOWN_VERDICT; // a group made elsewhere
  }
  if (ctx.mayHaveUnknownBlocks(group, 'parameter')) return UNKNOWN_VERDICT;
  for (const parameter of ctx.nestedBlocks(group, 'parameter')) {
    const name = knownString(ctx, getAttribute(parameter, 'name')?.expr, parameter);
    if (name === undefined) return UNKNOWN_VERDICT;
    if (name !== POLICY) continue;
    const value = getAttribute(parameter, 'value');
    const policy = knownString(ctx, value?.expr, parameter);
    if (!value || policy === undefined) return UNKNOWN_VERDICT;
    return policy === NOEVICTION ? { kind: 'ok' } : { kind: 'evicting', group, value: value.expr, policy };
  }
  return { kind: 'groupWithoutPolicy', group };
}

function groupNamed(ctx: RuleContext<MessageId>, name: string): Block | undefined {
  for (const group of ctx.module.resourcesOfType('aws_elasticache_parameter_group')) {
    for (const instance of ctx.instances(group)) {
      if (knownString(ctx, getAttribute(instance, 'name')?.expr, instance) === name) return instance;
    }
  }
  return undefined;
}

/** Whether some alarm in this module watches an ElastiCache memory metric (or may: a name we cannot read). */
function hasMemoryAlarm(ctx: RuleContext<MessageId>): boolean {
  for (const alarm of ctx.module.resourcesOfType('aws_cloudwatch_metric_alarm')) {
    // metric_name sits on the alarm, or in metric_query { metric { ... } }, possibly inside dynamic blocks.
    for (const metric of attributesNamed(alarm.body, 'metric_name')) {
      const name = metric.expr.kind === 'literal' ? metric.expr.value : knownString(ctx, metric.expr, alarm);
      if (typeof name !== 'string' || MEMORY_METRICS.has(name)) return true;
    }
  }
  return false;
}

function attributesNamed(body: Block['body'], name: string): Attribute[] {
  return [...body.attributes.filter((a) => a.name === name), ...body.blocks.flatMap((b) => attributesNamed(b.body, name))];
}

function appendParameter(ctx: RuleContext<MessageId>, fixer: Fixer, group: Block): void {
  appendNestedBlock(ctx, fixer, group, [
    'parameter {',
    ...alignedArguments([
      ['name', `"${POLICY}"`],
      ['value', `"${NOEVICTION}"`],
    ]).map((l) => `  ${l}`),
    '}',
  ]);
}

interface GroupPlan {
  readonly label: string;
  readonly family: string;
  readonly name: string;
  readonly clusterMode: boolean;
}

/** A new parameter group for the cache, when the engine family, cluster mode and a name can be told. */
function newGroupPlan(ctx: RuleContext<MessageId>, cache: Block, current: string): GroupPlan | undefined {
  if (isExpanded(cache)) return undefined;
  const label = freeLabel(ctx, 'aws_elasticache_parameter_group', cache.labels[1] ?? 'queue', 'noeviction');
  const name = groupName(ctx, cache);
  let family: string | undefined;
  let clusterMode: boolean | undefined;
  const fromName = /^default\.([a-z]+[0-9][0-9.x]*?)(\.cluster\.on)?$/.exec(current);
  if (fromName) {
    family = fromName[1];
    clusterMode = fromName[2] !== undefined;
  } else {
    family = familyOf(ctx, cache);
    clusterMode = isClusterMode(ctx, cache);
  }
  if (!label || !name || !family || clusterMode === undefined) return undefined;
  return { label, family, name, clusterMode };
}

/** `redis` + `7.1` → `redis7`, `6.2` → `redis6.x`, `5.0.6` → `redis5.0`; `valkey` + `8.0` → `valkey8`. */
function familyOf(ctx: RuleContext<MessageId>, cache: Block): string | undefined {
  const engine = getAttribute(cache, 'engine') ? knownString(ctx, getAttribute(cache, 'engine')?.expr, cache) : 'redis';
  const version = knownString(ctx, getAttribute(cache, 'engine_version')?.expr, cache);
  const match = version === undefined ? null : /^(\d+)\.(\d+|x)/.exec(version);
  if (!match || (engine !== 'redis' && engine !== 'valkey')) return undefined;
  const major = Number(match[1]);
  if (engine === 'valkey') return `valkey${major}`;
  if (major >= 7) return `redis${major}`;
  if (major === 6) return 'redis6.x';
  return match[2] === 'x' ? undefined : `redis${major}.${match[2]}`;
}

function isClusterMode(ctx: RuleContext<MessageId>, cache: Block): boolean | undefined {
  if (cache.labels[0] !== 'aws_elasticache_replication_group') return false;
  const mode = getAttribute(cache, 'cluster_mode');
  if (mode) {
    const value = knownString(ctx, mode.expr, cache);
    return value === undefined ? undefined : value === 'enabled';
  }
  const groups = getAttribute(cache, 'num_node_groups');
  if (!groups) return false;
  const value = ctx.valueOf(groups.expr, cache);
  return value.known && typeof value.value === 'number' ? value.value > 1 : undefined;
}

/** `<id>-noeviction`, from a literal id or a quoted template. */
function groupName(ctx: RuleContext<MessageId>, cache: Block): string | undefined {
  const id = getAttribute(cache, 'replication_group_id') ?? getAttribute(cache, 'cluster_id');
  if (!id) return undefined;
  if (id.expr.kind === 'literal' && typeof id.expr.value === 'string') return `"${id.expr.value}-noeviction"`;
  const source = ctx.sourceText(id.expr);
  if (id.expr.kind === 'template' && !id.expr.heredoc && source.endsWith('"')) return `${source.slice(0, -1)}-noeviction"`;
  return undefined;
}

function createParameterGroup(fixer: Fixer, cache: Block, plan: GroupPlan): void {
  const parameter = (name: string, value: string): string[] => [
    '',
    'parameter {',
    ...alignedArguments([
      ['name', `"${name}"`],
      ['value', `"${value}"`],
    ]).map((l) => `  ${l}`),
    '}',
  ];
  const group = resourceText('aws_elasticache_parameter_group', plan.label, [
    ...alignedArguments([
      ['name', plan.name],
      ['family', `"${plan.family}"`],
    ]),
    ...parameter(POLICY, NOEVICTION),
    ...(plan.clusterMode ? parameter('cluster-enabled', 'yes') : []),
  ]);
  fixer.setAttribute(cache, 'parameter_group_name', `aws_elasticache_parameter_group.${plan.label}.name`);
  insertResourcesAfter(fixer, cache, [group]);
}
