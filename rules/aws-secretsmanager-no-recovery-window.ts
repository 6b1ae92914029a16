// Recovery family. Atlassian, April 2022: a delete that could have been a "mark for deletion" ran as a permanent
// delete, and nothing could undo it. Secrets Manager's recovery window is that soft delete: a deleted secret
// can be restored for 7 to 30 days. `recovery_window_in_days = 0` makes every delete permanent, and a secret
// whose value was put there by hand or by rotation, not by this configuration, is then gone for good.
import { addressOf, defineRule, getAttribute, type Block, type Reference, type RuleContext, type Suggestion } from './api';
import { ignoresChanges } from './support/references';
import { isLiteral, numberSetting } from './support/settings';

type MessageId = 'valueElsewhere' | 'rotated' | 'cannotVerify' | 'keepRecoveryWindow';

/** The arguments of `aws_secretsmanager_secret_version` that hold the value. */
const VALUE_ARGUMENTS = ['secret_string', 'secret_binary', 'secret_string_wo'];

export default defineRule<MessageId>({
  meta: {
    id: 'aws-secretsmanager-no-recovery-window',
    title: 'Keep a recovery window on secrets whose value lives only in Secrets Manager',
    description:
      'recovery_window_in_days = 0 deletes a secret at once and for good; when its value was set by hand or by rotation rather than by this configuration, one mistaken destroy or replacement loses it.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['aws_secretsmanager_secret'] }],
    fixable: 'suggestion',
    messages: {
      valueElsewhere:
        'recovery_window_in_days = 0 deletes {secret} at once, with nothing to restore, and this configuration does not write its value (no aws_secretsmanager_secret_version sets it): one mistaken destroy or replacement loses the value for good. Set recovery_window_in_days to 7 or more, or leave it out (30 days).',
      rotated:
        'recovery_window_in_days = 0 deletes {secret} at once, with nothing to restore, and it is rotated by {rotation}, so its current value exists only in Secrets Manager: one mistaken destroy or replacement loses it for good. Set recovery_window_in_days to 7 or more, or leave it out (30 days).',
      cannotVerify:
        'recovery_window_in_days = 0 deletes {secret} at once, with nothing to restore, and its value is not written in this module ({passed} receives the secret): unless that writes it, one mistaken destroy loses the value for good. Set recovery_window_in_days to 7 or more, or leave it out (30 days).',
      keepRecoveryWindow: 'Set recovery_window_in_days = 7 (a deleted secret can then be restored for 7 days, and its name stays taken until then).',
    },
    incident: 'Atlassian, April 2022: a permanent delete where a soft delete was possible',
    reads: [
      'aws_secretsmanager_secret.name',
      'aws_secretsmanager_secret.recovery_window_in_days',
      'aws_secretsmanager_secret_version.secret_id',
      'aws_secretsmanager_secret_version.secret_string',
      'aws_secretsmanager_secret_version.secret_binary',
      'aws_secretsmanager_secret_version.secret_string_wo',
      'aws_secretsmanager_secret_rotation.secret_id',
    ],
    since: '0.1.0',
  },

  check(secret: Block, ctx) {
    const window = numberSetting(ctx, secret, 'recovery_window_in_days', 30);
    if (window.state !== 'known' || window.value !== 0) return;
    const address = addressOf(secret);
    if (!address) return;
    const users = ctx.module.referencesTo(address).filter((r) => r.from !== secret && ctx.instances(r.from).length > 0);
    const suggest: Suggestion<MessageId>[] = isLiteral(window)
      ? [{ messageId: 'keepRecoveryWindow', edits: (fixer) => fixer.setAttribute(secret, 'recovery_window_in_days', '7') }]
      : [];
    const data = { secret: describeSecret(secret, ctx) };
    const rotation = users.find((r) => r.from.labels[0] === 'aws_secretsmanager_secret_rotation');
    if (rotation) {
      ctx.report({ at: window.attribute.expr, messageId: 'rotated', data: { ...data, rotation: addressOf(rotation.from) ?? 'a rotation' }, suggest });
      return;
    }
    if (users.some((r) => writesValue(r, ctx))) return; // Terraform writes the value again after a delete
    const passed = users.find((r) => r.from.type === 'module');
    if (passed) {
      ctx.report({
        at: window.attribute.expr,
        messageId: 'cannotVerify',
        severity: 'info',
        data: { ...data, passed: addressOf(passed.from) ?? 'a module' },
        suggest,
      });
      return;
    }
    ctx.report({ at: window.attribute.expr, messageId: 'valueElsewhere', data, suggest });
  },
});

/**
 * A secret version of this configuration that sets the value (and does not leave later changes to someone else
 * through `ignore_changes`): after a delete, the next apply writes the same value again.
 */
function writesValue(reference: Reference, ctx: RuleContext<MessageId>): boolean {
  const version = reference.from;
  if (version.type !== 'resource' || version.labels[0] !== 'aws_secretsmanager_secret_version') return false;
  const secretId = getAttribute(version, 'secret_id');
  if (!secretId || reference.range.start.offset < secretId.range.start.offset || reference.range.end.offset > secretId.range.end.offset) return false;
  return VALUE_ARGUMENTS.some((name) => getAttribute(version, name) !== undefined && !ignoresChanges(version, name)) && ctx.instances(version).length > 0;
}

/** `the secret "api-key"`, or `this secret` when its name is not known. */
function describeSecret(secret: Block, ctx: RuleContext<MessageId>): string {
  const name = ctx.attributeValue(secret, 'name');
  return name.known && typeof name.value === 'string' ? `the secret "${name.value}"` : 'this secret';
}
