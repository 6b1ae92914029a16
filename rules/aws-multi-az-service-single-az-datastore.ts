// Shared single points of failure. Cloudflare, 2 November 2023: services built to survive the loss of a data
// centre went down with one, because they depended on systems that ran in that data centre only. In AWS terms:
// an autoscaling group or ECS service spread over several Availability Zones whose instances or tasks are
// given the address of a single-AZ database or a one-node cache. When that zone fails, every zone of the
// service loses its database at once.
import {
  addressOf,
  asBool,
  asNumber,
  asString,
  getAttribute,
  defineRule,
  type Attribute,
  type Block,
  type Expression,
  type Module,
  type RelatedLocation,
  type RuleContext,
} from './api';
import { referenceRoots } from './support/expression-roots';
import { listItems } from './support/list-items';
import { followReference } from './support/references';
import { maySet } from './support/settings';
import { allSubnetInstances, instanceAddress, namedInstance, subnetZone } from './support/zones';

type MessageId = 'singleAzDatabase' | 'singleNodeCache' | 'noFailoverCache' | 'singleAzDependency' | 'enableMultiAz';

type Ctx = RuleContext<MessageId>;

/** The attributes of a datastore that hand out where to connect. */
const CONNECTION_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  aws_db_instance: new Set(['address', 'endpoint']),
  aws_elasticache_cluster: new Set(['cache_nodes', 'cluster_address', 'configuration_endpoint']),
  aws_elasticache_replication_group: new Set(['primary_endpoint_address', 'reader_endpoint_address', 'configuration_endpoint_address']),
};

/** Data sources that render a launch script from values passed to them. */
const RENDERERS: ReadonlySet<string> = new Set(['data.template_file', 'data.cloudinit_config', 'data.template_cloudinit_config']);

const MAX_DEPTH = 6;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-multi-az-service-single-az-datastore',
    title: 'Do not make a multi-AZ service depend on a single-AZ database or cache',
    description:
      'An autoscaling group or ECS service spread over several Availability Zones survives the loss of one only if what it connects to does too. A single-AZ database or a one-node cache it is given the address of fails with its zone and takes every zone of the service down with it.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [
      {
        block: 'resource',
        labels: [
          'aws_autoscaling_group',
          'aws_ecs_service',
          'aws_launch_template',
          'aws_launch_configuration',
          'aws_ecs_task_definition',
          'aws_db_instance',
          'aws_elasticache_cluster',
          'aws_elasticache_replication_group',
        ],
      },
    ],
    fixable: 'suggestion',
    messages: {
      singleAzDatabase:
        'This database runs in one Availability Zone ({setting}), yet it serves {consumers}, spread over several zones: when its zone fails, all of them lose the database at once, and the zones they are spread over do not help. Set multi_az = true so RDS keeps a standby in another zone and fails over to it.',
      singleNodeCache:
        "This cache has a single node, yet it serves {consumers}, spread over several zones: when that node's zone fails, all of them lose the cache at once. Use a replication group with a replica in another zone and automatic_failover_enabled = true.",
      noFailoverCache:
        "This replication group has no automatic failover ({setting}), yet it serves {consumers}, spread over several zones: when the primary's zone fails, nothing is promoted and all of them lose it at once. Keep two or more nodes and set automatic_failover_enabled = true and multi_az_enabled = true.",
      singleAzDependency:
        '{consumer}, spread over several zones, connects to {datastore} through this reference, and {datastore} does not survive the loss of its zone ({setting}): when that zone fails, every zone of {consumer} loses it at once. Make {datastore} Multi-AZ (multi_az = true, or a replication group with automatic failover).',
      enableMultiAz: 'Set multi_az = true (RDS creates the standby without downtime; it doubles the instance cost).',
    },
    incident: 'Cloudflare, November 2023: high-availability services with hidden single-site dependencies',
    reads: [
      'aws_autoscaling_group.vpc_zone_identifier',
      'aws_autoscaling_group.availability_zones',
      'aws_autoscaling_group.max_size',
      'aws_autoscaling_group.launch_template.id',
      'aws_autoscaling_group.launch_template.name',
      'aws_autoscaling_group.launch_configuration',
      'aws_autoscaling_group.mixed_instances_policy.launch_template.launch_template_specification.launch_template_id',
      'aws_autoscaling_group.mixed_instances_policy.launch_template.launch_template_specification.launch_template_name',
      'aws_ecs_service.task_definition',
      'aws_ecs_service.desired_count',
      'aws_ecs_service.network_configuration.subnets',
      'aws_subnet.availability_zone',
      'aws_subnet.availability_zone_id',
      'aws_db_instance.multi_az',
      'aws_db_instance.engine',
      'aws_db_instance.replicate_source_db',
      'aws_elasticache_cluster.num_cache_nodes',
      'aws_elasticache_cluster.replication_group_id',
      'aws_elasticache_replication_group.automatic_failover_enabled',
    ],
    since: '0.2.0',
  },

  checkModule(module: Module, ctx) {
    const consumersOf = new Map<string, { datastore: Block; consumers: Map<string, Consumer> }>();
    for (const consumer of multiAzConsumers(module, ctx)) {
      for (const use of datastoreUses(consumer.spec, ctx)) {
        const key = instanceAddress(use.datastore);
        const entry = consumersOf.get(key) ?? { datastore: use.datastore, consumers: new Map<string, Consumer>() };
        consumersOf.set(key, entry);
        if (!entry.consumers.has(consumer.address)) entry.consumers.set(consumer.address, { ...consumer, reference: use.reference });
      }
    }
    for (const { datastore, consumers } of consumersOf.values()) checkDatastore(datastore, [...consumers.values()], ctx);
  },
});

// ---------------------------------------------------------------------------------------------
// Services spread over several zones, and what their instances or tasks are configured from

interface Consumer {
  /** `aws_autoscaling_group.web`, `aws_ecs_service.api["eu"]`. */
  readonly address: string;
  readonly block: Block;
  /** The launch template, launch configuration or task definition (instance) it runs. */
  readonly spec: Block;
  /** Where the spec refers to the datastore. */
  readonly reference?: Expression;
}

function multiAzConsumers(module: Module, ctx: Ctx): Consumer[] {
  const consumers: Consumer[] = [];
  for (const group of module.resourcesOfType('aws_autoscaling_group')) {
    for (const instance of ctx.instances(group)) {
      if (!groupSpansZones(instance, ctx)) continue;
      for (const spec of launchSpecs(instance, ctx)) consumers.push({ address: instanceAddress(instance), block: instance, spec });
    }
  }
  for (const service of module.resourcesOfType('aws_ecs_service')) {
    for (const instance of ctx.instances(service)) {
      if (!serviceSpansZones(instance, ctx)) continue;
      const spec = taskDefinitionOf(instance, ctx);
      if (spec) consumers.push({ address: instanceAddress(instance), block: instance, spec });
    }
  }
  return consumers;
}

/** The task definition a service runs: `aws_ecs_task_definition.x.arn`, or `"${x.family}:${x.revision}"`. */
function taskDefinitionOf(service: Block, ctx: Ctx): Block | undefined {
  const expr = getAttribute(service, 'task_definition')?.expr;
  const direct = namedInstance(ctx, expr, service, 'aws_ecs_task_definition');
  if (direct || !expr) return direct;
  const named = new Set<Block>();
  for (const root of referenceRoots(expr)) {
    const instance = namedInstance(ctx, root, service, 'aws_ecs_task_definition');
    if (instance) named.add(instance);
  }
  return named.size === 1 ? [...named][0] : undefined;
}

function groupSpansZones(group: Block, ctx: Ctx): boolean {
  const max = ctx.attributeValue(group, 'max_size');
  const size = max.known ? asNumber(max.value) : undefined;
  if (size !== undefined && size < 2) return false;
  const subnets = getAttribute(group, 'vpc_zone_identifier');
  if (subnets) return spansZones(subnets.expr, group, ctx);
  const zones = getAttribute(group, 'availability_zones');
  const items = zones && listItems(zones.expr, group, ctx);
  if (!items) return false;
  const names = items.map((item) => asString(item.value));
  return names.every((n) => n !== undefined) && new Set(names).size >= 2;
}

function serviceSpansZones(service: Block, ctx: Ctx): boolean {
  const desired = ctx.attributeValue(service, 'desired_count');
  const count = desired.known ? asNumber(desired.value) : undefined;
  if (count !== undefined && count < 2) return false;
  const network = ctx.nestedBlocks(service, 'network_configuration')[0];
  const subnets = network && getAttribute(network, 'subnets');
  return subnets !== undefined && spansZones(subnets.expr, service, ctx);
}

/**
 * Two or more different subnets, and, for those this configuration declares with a known zone, two or more
 * zones. Subnets are told apart by their known IDs, else by the expressions that name them.
 */
function spansZones(expr: Expression, within: Block, ctx: Ctx): boolean {
  const all = allSubnetInstances(ctx, expr, within);
  if (all) return new Set(all.map((subnet) => subnetZone(ctx, subnet)?.zone ?? instanceAddress(subnet))).size >= 2;
  const items = listItems(expr, within, ctx);
  if (!items || items.length < 2) return false;
  const keys = new Set<string>();
  const zones = new Set<string>();
  let allZonesKnown = true;
  for (const item of items) {
    const id = asString(item.value);
    if (id !== undefined) keys.add(`id:${id}`);
    else if (item.expr) keys.add(`expr:${ctx.sourceText(item.expr).replace(/\s+/g, '')}`);
    else return false;
    const subnet = item.expr && namedInstance(ctx, item.expr, item.inPlace ? within : undefined, 'aws_subnet');
    const zone = subnet && subnetZone(ctx, subnet);
    if (zone) zones.add(zone.zone);
    else allZonesKnown = false;
  }
  if (keys.size < 2) return false;
  return !allZonesKnown || zones.size >= 2;
}

/** The launch templates and launch configurations a group launches from. */
function launchSpecs(group: Block, ctx: Ctx): Block[] {
  const specs: Block[] = [];
  const add = (block: Block | undefined): void => {
    if (block && !specs.includes(block)) specs.push(block);
  };
  for (const template of ctx.nestedBlocks(group, 'launch_template')) {
    add(
      namedInstance(ctx, getAttribute(template, 'id')?.expr, group, 'aws_launch_template') ??
        namedInstance(ctx, getAttribute(template, 'name')?.expr, group, 'aws_launch_template'),
    );
  }
  add(namedInstance(ctx, getAttribute(group, 'launch_configuration')?.expr, group, 'aws_launch_configuration'));
  for (const policy of ctx.nestedBlocks(group, 'mixed_instances_policy')) {
    for (const template of ctx.nestedBlocks(policy, 'launch_template')) {
      for (const specification of ctx.nestedBlocks(template, 'launch_template_specification')) {
        add(
          namedInstance(ctx, getAttribute(specification, 'launch_template_id')?.expr, group, 'aws_launch_template') ??
            namedInstance(ctx, getAttribute(specification, 'launch_template_name')?.expr, group, 'aws_launch_template'),
        );
      }
    }
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------
// Following a spec's references to the databases and caches whose address it hands out

interface Use {
  readonly datastore: Block;
  readonly reference: Expression;
}

function datastoreUses(spec: Block, ctx: Ctx): Use[] {
  const uses: Use[] = [];
  const seen = new Set<string>();
  const visitBlock = (block: Block, depth: number): void => {
    for (const attribute of block.body.attributes) visitExpression(attribute.expr, block, depth);
    for (const nested of block.body.blocks) visitBlock(nested, depth);
  };
  const visitExpression = (expr: Expression, within: Block, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const root of referenceRoots(expr)) {
      if (root.kind !== 'traversal' || root.source.kind !== 'variable') continue;
      const name = root.source.name;
      const first = root.steps[0];
      if (name === 'local' && first?.kind === 'attr') {
        const local = ctx.moduleOf(root).locals.get(first.name);
        if (local && !seen.has(`local.${first.name}`)) {
          seen.add(`local.${first.name}`);
          visitExpression(local.expr, within, depth + 1);
        }
        continue;
      }
      const resolved = followReference(root, ctx, within);
      if (!resolved) continue;
      const type = resolved.block.type === 'data' ? `data.${resolved.block.labels[0]}` : (resolved.block.labels[0] ?? '');
      if (RENDERERS.has(type)) {
        const key = addressOf(resolved.block) ?? type;
        if (!seen.has(key)) {
          seen.add(key);
          visitBlock(resolved.instance ?? resolved.block, depth + 1);
        }
        continue;
      }
      const connection = CONNECTION_ATTRIBUTES[type];
      const attribute = resolved.path[0];
      if (resolved.block.type !== 'resource' || !connection || typeof attribute !== 'string' || !connection.has(attribute)) continue;
      const datastore = resolved.instance ?? (ctx.instances(resolved.block).length === 1 ? ctx.instances(resolved.block)[0] : undefined);
      if (datastore) uses.push({ datastore, reference: root });
    }
  };
  visitBlock(spec, 0);
  return uses;
}

// ---------------------------------------------------------------------------------------------
// Whether the datastore survives the loss of a zone

interface Weakness {
  readonly messageId: 'singleAzDatabase' | 'singleNodeCache' | 'noFailoverCache';
  /** The argument that makes it so, when it is written. */
  readonly attribute?: Attribute;
  readonly setting: string;
  /** What the datastore's own finding offers: multi_az = true where the argument is a literal or absent. */
  readonly fixable: boolean;
}

/** Why the datastore does not survive the loss of its zone, or undefined when it does (or cannot be told). */
function weaknessOf(datastore: Block, ctx: Ctx): Weakness | undefined {
  const type = datastore.labels[0];
  if (type === 'aws_db_instance') {
    if (maySet(ctx, datastore, 'replicate_source_db')) return undefined;
    const engine = ctx.attributeValue(datastore, 'engine');
    if (!engine.known || (typeof engine.value === 'string' && engine.value.startsWith('aurora'))) return undefined;
    const multiAz = getAttribute(datastore, 'multi_az');
    const value = multiAz ? ctx.valueOf(multiAz.expr, datastore) : undefined;
    if (value && (!value.known || (value.value !== null && asBool(value.value) !== false))) return undefined;
    return {
      messageId: 'singleAzDatabase',
      ...(multiAz ? { attribute: multiAz } : {}),
      setting: multiAz ? `multi_az = ${ctx.sourceText(multiAz.expr)}` : 'multi_az is not set',
      fixable: !multiAz || multiAz.expr.kind === 'literal',
    };
  }
  if (type === 'aws_elasticache_cluster') {
    if (maySet(ctx, datastore, 'replication_group_id')) return undefined;
    const nodes = getAttribute(datastore, 'num_cache_nodes');
    const value = nodes && ctx.valueOf(nodes.expr, datastore);
    if (!nodes || !value?.known || asNumber(value.value) !== 1) return undefined;
    return { messageId: 'singleNodeCache', attribute: nodes, setting: 'num_cache_nodes = 1', fixable: false };
  }
  if (type === 'aws_elasticache_replication_group') {
    const failover = getAttribute(datastore, 'automatic_failover_enabled');
    const value = failover ? ctx.valueOf(failover.expr, datastore) : undefined;
    if (value && (!value.known || (value.value !== null && asBool(value.value) !== false))) return undefined;
    return {
      messageId: 'noFailoverCache',
      ...(failover ? { attribute: failover } : {}),
      setting: failover ? `automatic_failover_enabled = ${ctx.sourceText(failover.expr)}` : 'automatic_failover_enabled is not set',
      fixable: false,
    };
  }
  return undefined;
}

function checkDatastore(datastore: Block, consumers: readonly Consumer[], ctx: Ctx): void {
  const weakness = weaknessOf(datastore, ctx);
  if (!weakness) return;
  const address = instanceAddress(datastore);
  if (ctx.moduleOf(datastore) !== ctx.module) {
    // Declared in another module (a caller's, reached through a variable, or a child's output): the consumer's
    // reference is what this module can change, and no other lint sees both sides.
    for (const consumer of consumers) {
      if (!consumer.reference || ctx.moduleOf(consumer.reference) !== ctx.module) continue;
      ctx.report({
        at: consumer.reference,
        messageId: 'singleAzDependency',
        data: { datastore: address, setting: weakness.setting, consumer: consumer.address },
        related: [
          {
            at: weakness.attribute?.expr ?? datastore.headerRange,
            ...(weakness.attribute ? {} : { file: datastore.file }),
            message: `${address} is declared here.`,
          },
        ],
      });
    }
    return;
  }
  const related: RelatedLocation[] = consumers.slice(0, 5).map((c) => ({
    at: c.reference ?? c.block.headerRange,
    ...(c.reference ? {} : { file: c.block.file }),
    message: `${c.address} runs ${instanceAddress(c.spec)}, which connects to ${address} here.`,
  }));
  const attribute = weakness.attribute;
  ctx.report({
    at: attribute?.expr ?? datastore.headerRange,
    ...(attribute ? {} : { file: datastore.file }),
    messageId: weakness.messageId,
    data: { setting: weakness.setting, consumers: describe(consumers.map((c) => c.address)) },
    related,
    suggest: weakness.fixable ? [{ messageId: 'enableMultiAz', edits: (fixer) => fixer.setAttribute(datastore, 'multi_az', 'true') }] : [],
  });
}

function describe(names: readonly string[]): string {
  if (names.length <= 3) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
}
