// Change windows. Datadog, 8 March 2023: an automatic OS security update, installed in the same 06:00-07:00 UTC
// window on every node, broke networking in all five regions at once. Heroku, 10 June 2025: an automated OS
// update ran across the production fleet and cut it off for most of a day. A maintenance window that is the
// same in every environment and region lets one bad update (an engine minor version, an OS patch) reach
// all of them in the same hour, before staging can show that it is bad.
import {
  addressOf,
  expansionOf,
  defineRule,
  getAttribute,
  type Block,
  type Environment,
  type EnvironmentGroup,
  type Expression,
  type Module,
  type RelatedLocation,
  type RuleContext,
} from './api';
import { deploysThisModule, inWords, isProductionName, stringIn, valueIn } from './support/environments';
import { referenceRoots } from './support/expression-roots';

type MessageId = 'sameWindow';

type Ctx = RuleContext<MessageId>;

/** One part of a window: an argument of the resource or of a nested block, and its value when absent. */
interface WindowPart {
  readonly path: readonly string[];
  /** The provider's value when the argument is absent; undefined: AWS picks a window (then nothing is compared). */
  readonly absent?: string;
}

/** Where each resource type keeps its fixed maintenance or update window. */
const WINDOWS: Readonly<Record<string, { readonly noun: string; readonly parts: readonly WindowPart[] }>> = {
  aws_db_instance: { noun: 'DB instance', parts: [{ path: ['maintenance_window'] }] },
  aws_rds_cluster: { noun: 'DB cluster', parts: [{ path: ['preferred_maintenance_window'] }] },
  aws_rds_cluster_instance: { noun: 'cluster instance', parts: [{ path: ['preferred_maintenance_window'] }] },
  aws_docdb_cluster: { noun: 'DocumentDB cluster', parts: [{ path: ['preferred_maintenance_window'] }] },
  aws_neptune_cluster: { noun: 'Neptune cluster', parts: [{ path: ['preferred_maintenance_window'] }] },
  aws_redshift_cluster: { noun: 'Redshift cluster', parts: [{ path: ['preferred_maintenance_window'] }] },
  aws_elasticache_cluster: { noun: 'cache cluster', parts: [{ path: ['maintenance_window'] }] },
  aws_elasticache_replication_group: { noun: 'replication group', parts: [{ path: ['maintenance_window'] }] },
  aws_memorydb_cluster: { noun: 'MemoryDB cluster', parts: [{ path: ['maintenance_window'] }] },
  aws_dax_cluster: { noun: 'DAX cluster', parts: [{ path: ['maintenance_window'] }] },
  aws_dms_replication_instance: { noun: 'replication instance', parts: [{ path: ['preferred_maintenance_window'] }] },
  aws_mq_broker: {
    noun: 'broker',
    parts: [
      { path: ['maintenance_window_start_time', 'day_of_week'] },
      { path: ['maintenance_window_start_time', 'time_of_day'] },
      { path: ['maintenance_window_start_time', 'time_zone'], absent: 'UTC' },
    ],
  },
  aws_ssm_maintenance_window: { noun: 'Systems Manager maintenance window', parts: [{ path: ['schedule'] }, { path: ['schedule_timezone'], absent: 'UTC' }] },
};

/** Variables that name an environment's region. */
const REGION_VARIABLE = /^(?:aws_)?region$/i;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-maintenance-window-same-everywhere',
    title: 'Stagger maintenance windows between environments',
    description:
      'A maintenance or update window that is the same in every environment and region lets one bad update reach all of them in the same hour, before a non-production environment can show that it is bad.',
    category: 'change-safety',
    severity: 'info',
    recommended: true,
    appliesTo: [{ block: 'resource', labels: Object.keys(WINDOWS) }],
    fixable: 'none',
    messages: {
      sameWindow:
        "Every environment of this configuration ({environments}) gives {resource} the same {what}, {window}{regions}: an update AWS applies in it (an engine minor version, an OS patch) reaches all of them in the same hour, and none of them can show that it is bad before it reaches production. Give the non-production environments a window a day or more before production's, and production regions windows hours apart.",
    },
    incident: 'Datadog, March 2023; Heroku, June 2025: the same automatic update window in every region at once',
    reads: [
      'aws_db_instance.maintenance_window',
      'aws_rds_cluster.preferred_maintenance_window',
      'aws_rds_cluster_instance.preferred_maintenance_window',
      'aws_docdb_cluster.preferred_maintenance_window',
      'aws_neptune_cluster.preferred_maintenance_window',
      'aws_redshift_cluster.preferred_maintenance_window',
      'aws_elasticache_cluster.maintenance_window',
      'aws_elasticache_replication_group.maintenance_window',
      'aws_memorydb_cluster.maintenance_window',
      'aws_dax_cluster.maintenance_window',
      'aws_dms_replication_instance.preferred_maintenance_window',
      'aws_mq_broker.maintenance_window_start_time.day_of_week',
      'aws_mq_broker.maintenance_window_start_time.time_of_day',
      'aws_mq_broker.maintenance_window_start_time.time_zone',
      'aws_ssm_maintenance_window.schedule',
      'aws_ssm_maintenance_window.schedule_timezone',
    ],
    since: '0.2.0',
    runsOn: 'roots',
  },

  checkModule(module: Module, ctx) {
    for (const group of module.environments) {
      if (!group.environments.some((e) => isProductionName(e.name))) continue;
      if (deploysThisModule(group, module)) {
        for (const resource of module.resources) checkResource(resource, group, ctx, undefined);
        continue;
      }
      // A called or Terragrunt source module: its file is not this lint's, so the finding goes on the first
      // production environment's call or inputs, from that environment's own lint only.
      const reporter = group.environments.find((e) => isProductionName(e.name));
      if (!group.resources || !reporter?.own) continue;
      for (const resource of group.resources) checkResource(resource, group, ctx, reporter);
    }
  },
});

function checkResource(resource: Block, group: EnvironmentGroup, ctx: Ctx, reporter: Environment | undefined): void {
  const window = WINDOWS[resource.labels[0] ?? ''];
  if (!window) return;
  // An environment may switch the resource off (`count = var.enabled ? 1 : 0`): then it shares nothing.
  const expansion = expansionOf(resource);
  if (expansion && referenceRoots(expansion.expr).some((r) => r.kind === 'traversal' && r.source.kind === 'variable' && r.source.name === 'var')) return;
  const written = window.parts.map((part) => argument(resource, part.path));
  // Only a window the configuration sets: where it sets none, AWS picks one per region at random.
  const first = written[0];
  if (!first) return;
  let shared: string | undefined;
  const related: RelatedLocation[] = [];
  for (const environment of group.environments) {
    const value = windowIn(written, window.parts, environment, group, ctx, related);
    if (value === undefined) return;
    if (shared !== undefined && value !== shared) return;
    shared = value;
  }
  if (shared === undefined) return;
  const data = {
    environments: inWords(group.environments.map((e) => e.name)),
    resource: reporter ? (addressOf(resource) ?? `this ${window.noun}`) : `this ${window.noun}`,
    what: window.parts.length > 1 ? 'maintenance window' : first.name,
    window: describeWindow(written, window.parts, group.environments[0]!, group, ctx),
    regions: regionsOf(group.environments),
  };
  if (!reporter) {
    ctx.report({ at: first.expr, messageId: 'sameWindow', data, related: related.slice(0, 6) });
    return;
  }
  const anchor = reporter.anchor;
  const where: RelatedLocation = { at: first.expr, message: `${data.resource} sets its ${data.what} here, in the module every environment deploys.` };
  ctx.report({
    ...('node' in anchor ? { at: anchor } : { at: anchor.range, file: anchor.file }),
    messageId: 'sameWindow',
    data,
    related: [where, ...related.slice(0, 5)],
  });
}

/** The argument at a path (`maintenance_window_start_time.day_of_week`: in the first nested block). */
function argument(block: Block, path: readonly string[]): { name: string; expr: Expression } | undefined {
  let current: Block | undefined = block;
  for (const step of path.slice(0, -1)) current = current?.body.blocks.find((b) => b.type === step);
  const attribute = current && getAttribute(current, path[path.length - 1]!);
  return attribute ? { name: attribute.name, expr: attribute.expr } : undefined;
}

/** The window in one environment, normalised for comparison, or undefined when any part is unknown. */
function windowIn(
  written: readonly ({ expr: Expression } | undefined)[],
  parts: readonly WindowPart[],
  environment: Environment,
  group: EnvironmentGroup,
  ctx: Ctx,
  related: RelatedLocation[],
): string | undefined {
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const arg = written[i];
    if (!arg) {
      if (parts[i]!.absent === undefined) return undefined;
      values.push(parts[i]!.absent!);
      continue;
    }
    const value = valueIn(arg.expr, environment, ctx, group);
    const text = value.known && typeof value.value === 'string' ? value.value : undefined;
    if (text === undefined || text.trim() === '') return undefined;
    if (value.known && value.from) related.push({ at: value.from, message: `${environment.name} sets it to ${text} here.` });
    values.push(text.trim().toLowerCase());
  }
  return values.join('|');
}

function describeWindow(
  written: readonly ({ expr: Expression } | undefined)[],
  parts: readonly WindowPart[],
  environment: Environment,
  group: EnvironmentGroup,
  ctx: Ctx,
): string {
  return parts
    .map((part, i) => {
      const arg = written[i];
      return arg ? (stringIn(arg.expr, environment, ctx, group) ?? '') : (part.absent ?? '');
    })
    .join(' ');
}

/** ` (in regions a and b)` when the environments set two or more regions, else nothing. */
function regionsOf(environments: readonly Environment[]): string {
  const regions = new Set<string>();
  for (const environment of environments) {
    for (const [name, entry] of environment.entries) {
      if (REGION_VARIABLE.test(name) && entry.value.known && typeof entry.value.value === 'string') regions.add(entry.value.value);
    }
  }
  return regions.size >= 2 ? ` (in regions ${inWords([...regions].sort())})` : '';
}
