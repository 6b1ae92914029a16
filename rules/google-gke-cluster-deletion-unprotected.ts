// Recovery family, Google Cloud. UniSuper, May 2024: one blank parameter at setup time defaulted to deletion, and a
// whole private cloud, with everything running in it, was deleted in both of its regions. Since google provider 5.0
// Terraform refuses to delete a GKE cluster unless `deletion_protection = false` is written. With it written and no
// Backup for GKE plan, one mistaken destroy, or one change to an argument that forces a new cluster, deletes the
// cluster with every workload and every Kubernetes object in it, and nothing restores them.
import { addressOf, asString, defineRule, getAttribute, type Block, type RuleContext } from './api';
import { providerVersionBelow } from './support/provider-version';
import { boolSetting, preventsDestroy } from './support/settings';

type MessageId = 'unprotected' | 'oldProvider' | 'keepDeletionProtection';

/** The google provider release from which clusters are protected from deletion by default. */
const PROTECTED_BY_DEFAULT_SINCE = 5;

export default defineRule<MessageId>({
  meta: {
    id: 'google-gke-cluster-deletion-unprotected',
    title: 'Keep Terraform from deleting GKE clusters that no backup plan covers',
    description:
      'With deletion_protection = false and no Backup for GKE plan, one mistaken destroy, or a change that forces a new cluster, deletes the cluster with its workloads, Secrets and every Kubernetes object in it, and nothing restores them.',
    category: 'recovery',
    severity: 'warning',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: ['google_container_cluster'] }],
    fixable: 'suggestion',
    messages: {
      unprotected:
        'Terraform may delete {cluster} (deletion_protection = false), and no Backup for GKE plan covers it: one mistaken destroy, or a change to an argument that forces a new cluster, deletes it with every workload, Secret and Kubernetes object in it, and nothing restores them. Set deletion_protection = true (the default since google provider 5.0), or back the cluster up with a google_gke_backup_backup_plan.',
      oldProvider:
        'This configuration requires google provider {constraint}, older than 5.0, where a GKE cluster has no deletion protection: Terraform may delete {cluster}, and no Backup for GKE plan covers it. One mistaken destroy or forced replacement deletes every workload and Kubernetes object in it. Upgrade to provider 5.0 or later (deletion_protection then defaults to true), or add lifecycle { prevent_destroy = true }.',
      keepDeletionProtection: 'Set deletion_protection = true (Terraform then refuses to destroy or replace the cluster).',
    },
    incident: 'UniSuper on Google Cloud, May 2024: a blank parameter defaulted to deletion',
    reads: ['google_container_cluster.name', 'google_container_cluster.deletion_protection', 'google_gke_backup_backup_plan.cluster'],
    since: '0.1.0',
  },

  check(cluster: Block, ctx) {
    if (preventsDestroy(cluster, ctx) || hasBackupPlan(cluster, ctx)) return;
    const name = describeCluster(cluster, ctx);
    const setting = boolSetting(ctx, cluster, 'deletion_protection', true);
    if (setting.state === 'default' && setting.attribute === undefined) {
      // Absent: protected on provider 5.0 and later, unprotected before. Only a version constraint that rules out
      // 5.0 says which; otherwise the default cannot be known here, and the rule stays silent.
      const constraint = providerVersionBelow(ctx, 'google', PROTECTED_BY_DEFAULT_SINCE);
      if (constraint !== undefined)
        ctx.report({ at: cluster, messageId: 'oldProvider', severity: 'info', data: { cluster: name, constraint: `"${constraint}"` } });
      return;
    }
    if (setting.state !== 'known' || setting.value) return;
    const attribute = setting.attribute;
    ctx.report({
      at: attribute.expr,
      messageId: 'unprotected',
      data: { cluster: name },
      suggest:
        attribute.expr.kind === 'literal'
          ? [{ messageId: 'keepDeletionProtection', edits: (fixer) => fixer.setAttribute(cluster, 'deletion_protection', 'true') }]
          : [],
    });
  },
});

/** A Backup for GKE plan of this module backs the cluster up: its backups outlive the cluster. */
function hasBackupPlan(cluster: Block, ctx: RuleContext<MessageId>): boolean {
  const address = addressOf(cluster);
  return ctx.module.resourcesOfType('google_gke_backup_backup_plan').some((plan) => {
    const target = getAttribute(plan, 'cluster');
    return target !== undefined && ctx.referencesIn(target.expr).some((reference) => reference.address === address);
  });
}

/** `the GKE cluster "prod"`, or `this GKE cluster` when its name is not known. */
function describeCluster(cluster: Block, ctx: RuleContext<MessageId>): string {
  const name = ctx.attributeValue(cluster, 'name');
  const known = name.known ? asString(name.value) : undefined;
  return known !== undefined ? `the GKE cluster "${known}"` : 'this GKE cluster';
}
