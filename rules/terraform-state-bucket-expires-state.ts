// XR-005. The bucket that holds this module's Terraform state is managed here too, and its lifecycle either
// expires the live state object or prunes the history needed to recover from a bad write: a "keep the last
// N" clean-up of the one artifact everything else depends on, as in the October 2025 us-east-1 outage.
import { asBool, asNumber, asString, defineRule, getAttribute, type Attribute, type Block, type Evaluated, type Module, type RuleContext } from './api';

type MessageId = 'expiresLiveState' | 'historyTooShort' | 'noVersioning' | 'versioningOff';

/** Fewer noncurrent versions than this, kept for fewer days than that, leaves almost nothing to restore. */
const MIN_HISTORY_VERSIONS = 5;
const MIN_HISTORY_DAYS = 30;

/** Where this module's state lives, according to its S3 backend (or a backend config file). */
interface StateLocation {
  readonly bucket: string;
  /** Undefined when no file says: then only rules that cover the whole bucket are known to match. */
  readonly key: string | undefined;
  /** What to point at in `related`: the setting that names the bucket. */
  readonly evidence: Attribute;
}

/** A lifecycle rule, from `aws_s3_bucket_lifecycle_configuration` or a legacy inline `lifecycle_rule`. */
interface LifecycleRule {
  readonly block: Block;
  readonly enabled: Evaluated;
  /** The key prefix it applies to ('' for the whole bucket), or undefined when it cannot apply to state objects or is unknown. */
  readonly prefix: string | undefined;
  readonly expiration: Block | undefined;
  readonly noncurrentExpiration: Block | undefined;
  /** The argument names for noncurrent days and versions, which differ between the two forms. */
  readonly noncurrentDays: string;
  readonly noncurrentVersions: string | undefined;
}

export default defineRule<MessageId>({
  meta: {
    id: 'terraform-state-bucket-expires-state',
    title: 'Keep the Terraform state and its history in the state bucket',
    description:
      'A lifecycle rule that expires current objects deletes the live state of a stack that was not applied recently, and a bucket without versioning or with a short noncurrent history leaves nothing to restore after a bad state write.',
    category: 'data-loss',
    severity: 'error',
    recommended: true,
    appliesTo: [{ block: 'terraform' }, { block: 'resource', labels: ['aws_s3_bucket', 'aws_s3_bucket_versioning', 'aws_s3_bucket_lifecycle_configuration'] }],
    fixable: 'none',
    messages: {
      expiresLiveState:
        'This rule expires current objects under "{prefix}" {when}, and that includes the live Terraform state "{key}": a stack that is not applied in time loses its state. Narrow the rule\'s prefix so it excludes the state, or keep the state in a bucket without expiration.',
      historyTooShort:
        'Old versions of the Terraform state are deleted {retention}, so a bad state write leaves almost nothing to roll back to. Keep at least 30 days or 5 versions of history.',
      noVersioning:
        "This bucket holds the Terraform state of this module's backend but is not versioned, so a corrupted or deleted state cannot be restored. Enable versioning with aws_s3_bucket_versioning.",
      versioningOff:
        'Versioning is off on the bucket that holds this module\'s Terraform state, so a corrupted or deleted state cannot be restored. Set the status to "Enabled".',
    },
    incident: 'AWS us-east-1, October 2025: a keep-last-N clean-up deleted what was in use',
    reads: [
      'aws_s3_bucket.bucket',
      'aws_s3_bucket.versioning.enabled',
      'aws_s3_bucket.lifecycle_rule.enabled',
      'aws_s3_bucket.lifecycle_rule.prefix',
      'aws_s3_bucket.lifecycle_rule.tags',
      'aws_s3_bucket.lifecycle_rule.expiration.days',
      'aws_s3_bucket.lifecycle_rule.expiration.date',
      'aws_s3_bucket.lifecycle_rule.noncurrent_version_expiration.days',
      'aws_s3_bucket_versioning.bucket',
      'aws_s3_bucket_versioning.versioning_configuration.status',
      'aws_s3_bucket_lifecycle_configuration.bucket',
      'aws_s3_bucket_lifecycle_configuration.rule.status',
      'aws_s3_bucket_lifecycle_configuration.rule.prefix',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.prefix',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.object_size_greater_than',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.object_size_less_than',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.tag',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.and.prefix',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.and.tags',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.and.object_size_greater_than',
      'aws_s3_bucket_lifecycle_configuration.rule.filter.and.object_size_less_than',
      'aws_s3_bucket_lifecycle_configuration.rule.expiration.days',
      'aws_s3_bucket_lifecycle_configuration.rule.expiration.date',
      'aws_s3_bucket_lifecycle_configuration.rule.noncurrent_version_expiration.noncurrent_days',
      'aws_s3_bucket_lifecycle_configuration.rule.noncurrent_version_expiration.newer_noncurrent_versions',
    ],
    since: '0.1.0',
  },

  checkModule(module, ctx) {
    const reported = new Set<Block>();
    for (const location of stateLocations(module, ctx)) {
      for (const bucket of module.resourcesOfType('aws_s3_bucket').flatMap((b) => ctx.instances(b))) {
        if (knownString(ctx.attributeValue(bucket, 'bucket')) !== location.bucket || reported.has(bucket)) continue;
        reported.add(bucket);
        checkVersioning(bucket, location, module, ctx);
        for (const rule of lifecycleRules(bucket, module, ctx)) checkRule(rule, location, ctx);
      }
    }
  },
});

function knownString(value: Evaluated): string | undefined {
  return value.known ? asString(value.value) : undefined;
}

function days(count: unknown): string {
  return `${String(count)} ${count === 1 || count === '1' ? 'day' : 'days'}`;
}

function knownNumber(value: Evaluated): number | undefined {
  return value.known ? asNumber(value.value) : undefined;
}

/** The bucket and key of an S3 backend, completed by any backend config file (`-backend-config=FILE`). */
function stateLocations(module: Module, ctx: RuleContext<MessageId>): StateLocation[] {
  const backend = module.backend;
  if (!backend || backend.labels[0] !== 's3') return [];
  const setting = (attributes: readonly Attribute[], name: string): { attribute: Attribute; value: string } | undefined => {
    const attribute = attributes.find((a) => a.name === name);
    const value = attribute ? knownString(ctx.valueOf(attribute.expr, backend)) : undefined;
    return attribute && value !== undefined ? { attribute, value } : undefined;
  };
  const fromBlock = { bucket: setting(backend.body.attributes, 'bucket'), key: setting(backend.body.attributes, 'key') };
  const locations: StateLocation[] = [];
  if (fromBlock.bucket) locations.push({ bucket: fromBlock.bucket.value, key: fromBlock.key?.value, evidence: fromBlock.bucket.attribute });
  // A backend config file overrides what the block says.
  for (const file of module.backendConfigFiles) {
    const bucket = setting(file.body.attributes, 'bucket') ?? fromBlock.bucket;
    const key = setting(file.body.attributes, 'key') ?? fromBlock.key;
    if (bucket && bucket !== fromBlock.bucket) locations.push({ bucket: bucket.value, key: key?.value, evidence: bucket.attribute });
  }
  return locations;
}

/** Whether a resource's `bucket` argument names this bucket instance (by reference or by name); undefined when unknown. */
function targetsBucket(resource: Block, bucket: Block, ctx: RuleContext<MessageId>): boolean | undefined {
  const attribute = getAttribute(resource, 'bucket');
  if (!attribute) return false;
  const resolved = ctx.resolveReference(attribute.expr, resource);
  if (resolved?.block.labels[0] === 'aws_s3_bucket') {
    return resolved.instance ? resolved.instance === bucket : resolved.block === bucket;
  }
  const name = knownString(ctx.valueOf(attribute.expr, resource));
  return name === undefined ? undefined : name === knownString(ctx.attributeValue(bucket, 'bucket'));
}

/** Resources of a type that configure this bucket, and whether some others might (their bucket is unknown). */
function resourcesFor(type: string, bucket: Block, module: Module, ctx: RuleContext<MessageId>): { found: Block[]; maybeMore: boolean } {
  const found: Block[] = [];
  let maybeMore = false;
  for (const resource of module.resourcesOfType(type).flatMap((b) => ctx.instances(b))) {
    const targets = targetsBucket(resource, bucket, ctx);
    if (targets) found.push(resource);
    else if (targets === undefined) maybeMore = true;
  }
  return { found, maybeMore };
}

function checkVersioning(bucket: Block, location: StateLocation, module: Module, ctx: RuleContext<MessageId>): void {
  const related = [{ at: location.evidence, message: 'The Terraform state of this module is stored in this bucket.' }];
  const { found: versionings, maybeMore } = resourcesFor('aws_s3_bucket_versioning', bucket, module, ctx);
  for (const versioning of versionings) {
    for (const configuration of ctx.nestedBlocks(versioning, 'versioning_configuration')) {
      const status = getAttribute(configuration, 'status');
      const value = status ? knownString(ctx.valueOf(status.expr, configuration)) : undefined;
      if (status && value !== undefined && value !== 'Enabled') {
        ctx.report({ at: status.expr, messageId: 'versioningOff', severity: 'warning', related });
      }
    }
  }
  if (versionings.length > 0 || maybeMore) return;
  const legacy = ctx.nestedBlocks(bucket, 'versioning');
  for (const block of legacy) {
    const enabled = getAttribute(block, 'enabled');
    if (!enabled) continue;
    const value = ctx.valueOf(enabled.expr, block);
    if (value.known && asBool(value.value) === false) ctx.report({ at: enabled.expr, messageId: 'versioningOff', severity: 'warning', related });
  }
  if (legacy.length > 0 || ctx.mayHaveUnknownBlocks(bucket, 'versioning')) return;
  ctx.report({ at: bucket, messageId: 'noVersioning', severity: 'warning', related });
}

function lifecycleRules(bucket: Block, module: Module, ctx: RuleContext<MessageId>): LifecycleRule[] {
  const rules: LifecycleRule[] = [];
  for (const configuration of resourcesFor('aws_s3_bucket_lifecycle_configuration', bucket, module, ctx).found) {
    for (const rule of ctx.nestedBlocks(configuration, 'rule')) {
      const status = ctx.attributeValue(rule, 'status');
      rules.push({
        block: rule,
        enabled: status.known ? { known: true, value: asString(status.value) === 'Enabled', inputs: status.inputs } : status,
        prefix: rulePrefix(rule, ctx),
        expiration: ctx.nestedBlocks(rule, 'expiration')[0],
        noncurrentExpiration: ctx.nestedBlocks(rule, 'noncurrent_version_expiration')[0],
        noncurrentDays: 'noncurrent_days',
        noncurrentVersions: 'newer_noncurrent_versions',
      });
    }
  }
  for (const rule of ctx.nestedBlocks(bucket, 'lifecycle_rule')) {
    const tags = ctx.attributeValue(rule, 'tags');
    const tagged = getAttribute(rule, 'tags') !== undefined && !(tags.known && isEmptyMap(tags.value));
    rules.push({
      block: rule,
      enabled: ctx.attributeValue(rule, 'enabled'),
      prefix: tagged ? undefined : optionalPrefix(rule, ctx),
      expiration: ctx.nestedBlocks(rule, 'expiration')[0],
      noncurrentExpiration: ctx.nestedBlocks(rule, 'noncurrent_version_expiration')[0],
      noncurrentDays: 'days',
      noncurrentVersions: undefined,
    });
  }
  return rules;
}

function isEmptyMap(value: unknown): boolean {
  return value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

/** A `prefix` argument's value: '' when absent, undefined when unknown. */
function optionalPrefix(block: Block, ctx: RuleContext<MessageId>): string | undefined {
  if (!getAttribute(block, 'prefix')) return '';
  const value = ctx.attributeValue(block, 'prefix');
  if (value.known && value.value === null) return '';
  return knownString(value);
}

/**
 * The prefix a rule applies to. Terraform writes state objects without tags and of any size, so a rule
 * filtered by tags never touches them, and one filtered by size might not: both give undefined.
 */
function rulePrefix(rule: Block, ctx: RuleContext<MessageId>): string | undefined {
  const filters = ctx.nestedBlocks(rule, 'filter');
  if (ctx.mayHaveUnknownBlocks(rule, 'filter')) return undefined;
  const filter = filters[0];
  if (!filter) return optionalPrefix(rule, ctx);
  if (ctx.nestedBlocks(filter, 'tag').length > 0 || hasSizeFilter(filter)) return undefined;
  const and = ctx.nestedBlocks(filter, 'and')[0];
  if (and) {
    const tags = ctx.attributeValue(and, 'tags');
    if (hasSizeFilter(and) || (getAttribute(and, 'tags') !== undefined && !(tags.known && isEmptyMap(tags.value)))) return undefined;
    return optionalPrefix(and, ctx);
  }
  return optionalPrefix(filter, ctx);
}

function hasSizeFilter(block: Block): boolean {
  return getAttribute(block, 'object_size_greater_than') !== undefined || getAttribute(block, 'object_size_less_than') !== undefined;
}

function checkRule(rule: LifecycleRule, location: StateLocation, ctx: RuleContext<MessageId>): void {
  if (!rule.enabled.known || asBool(rule.enabled.value) !== true || rule.prefix === undefined) return;
  const coversState = rule.prefix === '' || (location.key !== undefined && location.key.startsWith(rule.prefix));
  if (!coversState) return;
  const related = [{ at: location.evidence, message: 'The Terraform state of this module is stored in this bucket.' }];
  const key = location.key ?? '(the key set at init)';

  const expiration = rule.expiration;
  const expiry = expiration ? (getAttribute(expiration, 'days') ?? getAttribute(expiration, 'date')) : undefined;
  if (expiration && expiry) {
    const value = ctx.valueOf(expiry.expr, expiration);
    const known = value.known && value.value !== null;
    if (!value.known || value.value !== null) {
      const when = !known ? 'after a number of days set elsewhere' : expiry.name === 'days' ? `after ${days(value.value)}` : `from ${String(value.value)}`;
      ctx.report({
        at: expiry.expr,
        messageId: 'expiresLiveState',
        data: { prefix: rule.prefix, when, key },
        severity: known ? 'error' : 'warning',
        related,
      });
    }
  }

  const noncurrent = rule.noncurrentExpiration;
  const daysAttribute = noncurrent ? getAttribute(noncurrent, rule.noncurrentDays) : undefined;
  if (!noncurrent || !daysAttribute) return;
  const age = knownNumber(ctx.valueOf(daysAttribute.expr, noncurrent));
  const versionsAttribute = rule.noncurrentVersions ? getAttribute(noncurrent, rule.noncurrentVersions) : undefined;
  const versions = versionsAttribute ? knownNumber(ctx.valueOf(versionsAttribute.expr, noncurrent)) : 0;
  if (age === undefined || versions === undefined) return;
  // S3 expires a noncurrent version only once it is older than the days AND more newer versions exist.
  if (age >= MIN_HISTORY_DAYS || versions >= MIN_HISTORY_VERSIONS) return;
  const retention = versions > 0 ? `after ${days(age)}, beyond the newest ${versions}` : `after ${days(age)}`;
  ctx.report({ at: daysAttribute.expr, messageId: 'historyTooShort', data: { retention }, severity: 'warning', related });
}
