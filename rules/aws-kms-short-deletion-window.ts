// Recovery family. Code Spaces, June 2014: an intruder in the AWS console deleted the company's EBS snapshots,
// S3 buckets and machines, and the company closed. Deleting data is one way to lose it; deleting the key it is
// encrypted with is another, and it takes the snapshots and backups encrypted with that key along. AWS makes a
// key deletion wait 7 to 30 days; `deletion_window_in_days = 7` asks for the shortest wait, a week in which
// someone has to notice.
import { addressOf, defineRule, getAttribute, isExpanded, type Block, type Expression, type RuleContext } from './api';
import { followReference, referencedBlock } from './support/references';
import { isLiteral, numberSetting } from './support/settings';

type MessageId = 'shortWindow' | 'longerWindow';

/** Where stateful resources name their KMS key: the resource type, nested blocks, then the argument. */
const KEY_USES: readonly (readonly [string, readonly string[], string])[] = [
  ['aws_db_instance', [], 'kms_key_id'],
  ['aws_rds_cluster', [], 'kms_key_id'],
  ['aws_ebs_volume', [], 'kms_key_id'],
  ['aws_efs_file_system', [], 'kms_key_id'],
  ['aws_dynamodb_table', ['server_side_encryption'], 'kms_key_arn'],
  ['aws_s3_bucket_server_side_encryption_configuration', ['rule', 'apply_server_side_encryption_by_default'], 'kms_master_key_id'],
  ['aws_s3_bucket', ['server_side_encryption_configuration', 'rule', 'apply_server_side_encryption_by_default'], 'kms_master_key_id'],
];

const MINIMUM_WINDOW_DAYS = 7;

interface KeyUse {
  readonly key: Block;
  readonly user: Block;
}

export default defineRule<MessageId>({
  meta: {
    id: 'aws-kms-short-deletion-window',
    title: 'Give KMS keys that encrypt data the longest deletion window',
    description:
      'A KMS key with deletion_window_in_days = 7 leaves one week to cancel a scheduled deletion; after that, the databases, volumes, tables and buckets it encrypts, and their snapshots and backups, can never be decrypted again.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [
      { block: 'resource', labels: ['aws_kms_key', 'aws_kms_alias'] },
      { block: 'resource', labels: KEY_USES.map(([type]) => type) },
    ],
    fixable: 'suggestion',
    messages: {
      shortWindow:
        'This KMS key encrypts {users}, and deletion_window_in_days = 7 gives only a week to cancel a scheduled deletion: once the key is gone, that data and every snapshot or backup encrypted with it can never be decrypted again. Set deletion_window_in_days = 30.',
      longerWindow: 'Set deletion_window_in_days = 30 (the longest wait AWS allows).',
    },
    incident: 'Code Spaces, June 2014: data, snapshots and backups deleted together',
    reads: [
      'aws_kms_key.deletion_window_in_days',
      'aws_kms_alias.target_key_id',
      ...KEY_USES.map(([type, path, argument]) => [type, ...path, argument].join('.')),
    ],
    since: '0.1.0',
  },

  checkModule(_module, ctx) {
    const byKey = new Map<string, { key: Block; users: Block[] }>();
    for (const use of keyUses(ctx)) {
      const id = `${use.key.file}:${use.key.range.start.offset}:${label(use.key)}`;
      const entry = byKey.get(id) ?? { key: use.key, users: [] };
      if (!entry.users.some((u) => label(u) === label(use.user))) entry.users.push(use.user);
      byKey.set(id, entry);
    }
    for (const { key, users } of byKey.values()) {
      const window = numberSetting(ctx, key, 'deletion_window_in_days', 30);
      if (window.state !== 'known' || window.value > MINIMUM_WINDOW_DAYS) continue;
      ctx.report({
        at: window.attribute.expr,
        messageId: 'shortWindow',
        data: { users: describe(users) },
        related: users.slice(0, 5).map((user) => ({ at: user, message: `${label(user)} is encrypted with this key.` })),
        suggest: isLiteral(window) ? [{ messageId: 'longerWindow', edits: (fixer) => fixer.setAttribute(key, 'deletion_window_in_days', '30') }] : [],
      });
    }
  },
});

/** Every stateful resource instance of this module that names a KMS key the configuration declares. */
function keyUses(ctx: RuleContext<MessageId>): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const [type, path, argument] of KEY_USES) {
    for (const block of ctx.module.resourcesOfType(type)) {
      for (const instance of ctx.instances(block)) {
        for (const holder of nested(instance, path, ctx)) {
          const attribute = getAttribute(holder, argument);
          if (!attribute) continue;
          const key = keyOf(attribute.expr, holder, ctx);
          if (key) uses.push({ key, user: instance });
        }
      }
    }
  }
  return uses;
}

/** The blocks at the end of a path of nested block types, `dynamic` blocks expanded where known. */
function nested(block: Block, path: readonly string[], ctx: RuleContext<MessageId>): Block[] {
  let level = [block];
  for (const type of path) level = level.flatMap((b) => [...ctx.nestedBlocks(b, type)]);
  return level;
}

/** The `aws_kms_key` (instance) an expression names, directly or through an `aws_kms_alias`. */
function keyOf(expr: Expression, within: Block, ctx: RuleContext<MessageId>): Block | undefined {
  const resolved = followReference(expr, ctx, within);
  if (!resolved || resolved.block.type !== 'resource') return undefined;
  const type = resolved.block.labels[0];
  if (type === 'aws_kms_key') return resolved.instance ?? (isExpanded(resolved.block) ? undefined : resolved.block);
  if (type !== 'aws_kms_alias') return undefined;
  const alias = referencedBlock(resolved);
  const target = getAttribute(alias, 'target_key_id');
  if (!target) return undefined;
  const key = followReference(target.expr, ctx, alias);
  if (!key || key.block.type !== 'resource' || key.block.labels[0] !== 'aws_kms_key') return undefined;
  return key.instance ?? (isExpanded(key.block) ? undefined : key.block);
}

function label(block: Block): string {
  const address = addressOf(block) ?? block.labels.join('.');
  const key = block.instance?.key;
  return key === undefined ? address : `${address}[${typeof key === 'number' ? key : JSON.stringify(key)}]`;
}

function describe(users: readonly Block[]): string {
  const names = users.map(label);
  if (names.length === 1) return names[0]!;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} other resources`;
}
