// Shared single points of failure. The Plugin People, 1 August 2022: the one NAT node of the app's private
// network failed and every app node lost its outbound calls for four hours. Latitude, 30 May 2025: the one NAT
// Gateway serving a cluster ran out of bandwidth during a surge, so new instances could not pull their images.
// A NAT gateway lives in one Availability Zone; private subnets of other zones that route through it lose
// their way out when that zone fails, so the redundancy they were spread for is gone.
import { asBool, asString, defineRule, getAttribute, type Block, type Module, type RelatedLocation, type RuleContext } from './api';
import { listItems } from './support/list-items';
import { instanceAddress, isZone, namedInstance, subnetZone } from './support/zones';

type MessageId = 'sharedGateway' | 'singleNatGateway' | 'gatewayPerZone';

type Ctx = RuleContext<MessageId>;

/** Sources of the widely used VPC module (registry and GitHub), whose `single_nat_gateway` makes one gateway. */
const VPC_MODULE =
  /^(?:(?:registry\.terraform\.io\/)?terraform-aws-modules\/vpc\/aws|(?:git::)?(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-vpc(?:\.git)?)(?:\/\/[^?]*)?(?:\?.*)?$/;

/** How many zones a message lists before it says "and N more". */
const MAX_LISTED = 4;

export default defineRule<MessageId>({
  meta: {
    id: 'aws-nat-gateway-shared-across-zones',
    title: 'Give each Availability Zone its own NAT gateway',
    description:
      'A NAT gateway lives in one Availability Zone. Private subnets of other zones that route through it lose their outbound connections when that zone fails, or when the gateway runs out of capacity, so the zones they were spread over no longer keep each other up.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [
      { block: 'resource', labels: ['aws_nat_gateway', 'aws_route_table', 'aws_route', 'aws_route_table_association', 'aws_subnet'] },
      { block: 'module' },
    ],
    fixable: 'suggestion',
    messages: {
      sharedGateway:
        '{gateway} is the only way out for private subnets in {count} Availability Zones ({zones}): when its zone fails, or it runs out of capacity, every one of them loses its outbound connections at once. Give each zone its own NAT gateway and route its private subnets through it.',
      singleNatGateway:
        'single_nat_gateway = true makes one NAT gateway the only way out for the private subnets in {count} Availability Zones ({zones}): when its zone fails, every one of them loses its outbound connections at once. Set single_nat_gateway = false and one_nat_gateway_per_az = true.',
      gatewayPerZone: 'Set single_nat_gateway = false and one_nat_gateway_per_az = true (one NAT gateway and Elastic IP per zone, billed per hour).',
    },
    incident: 'The Plugin People, August 2022; Latitude, May 2025: one NAT for every private subnet',
    reads: [
      'aws_route_table.route',
      'aws_route.route_table_id',
      'aws_route.nat_gateway_id',
      'aws_route_table_association.route_table_id',
      'aws_route_table_association.subnet_id',
      'aws_subnet.availability_zone',
      'aws_subnet.availability_zone_id',
    ],
    since: '0.2.0',
  },

  checkModule(module: Module, ctx) {
    // Inside the VPC module its caller's arguments decide, and the call is where the finding belongs.
    if (!isVpcModule(module)) checkRouteTables(module, ctx);
    for (const call of module.moduleCalls.values()) checkVpcModule(call, ctx);
  },
});

// ---------------------------------------------------------------------------------------------
// Route tables written out as resources

interface GatewayUse {
  readonly gateway: Block;
  /** The zones of the subnets whose route tables send traffic to it, with where each is written. */
  readonly zones: Map<string, RelatedLocation>;
}

function checkRouteTables(module: Module, ctx: Ctx): void {
  // Route table instance → the NAT gateway instances it routes to.
  const gatewaysOf = new Map<string, Block[]>();
  const addRoute = (table: Block | undefined, gateway: Block | undefined): void => {
    if (!table || !gateway) return;
    const key = instanceAddress(table);
    gatewaysOf.set(key, [...(gatewaysOf.get(key) ?? []), gateway]);
  };
  for (const table of module.resourcesOfType('aws_route_table')) {
    for (const instance of ctx.instances(table)) {
      for (const route of ctx.nestedBlocks(instance, 'route')) {
        // A `dynamic "route"` element carries its iterator; a written one is evaluated in the table's instance.
        const within = route.instance ? route : instance;
        addRoute(instance, namedInstance(ctx, getAttribute(route, 'nat_gateway_id')?.expr, within, 'aws_nat_gateway'));
      }
    }
  }
  for (const route of module.resourcesOfType('aws_route')) {
    for (const instance of ctx.instances(route)) {
      const gateway = namedInstance(ctx, getAttribute(instance, 'nat_gateway_id')?.expr, instance, 'aws_nat_gateway');
      if (gateway) addRoute(namedInstance(ctx, getAttribute(instance, 'route_table_id')?.expr, instance, 'aws_route_table'), gateway);
    }
  }
  if (gatewaysOf.size === 0) return;

  const uses = new Map<string, GatewayUse>();
  for (const association of module.resourcesOfType('aws_route_table_association')) {
    for (const instance of ctx.instances(association)) {
      const table = namedInstance(ctx, getAttribute(instance, 'route_table_id')?.expr, instance, 'aws_route_table');
      const gateways = table && gatewaysOf.get(instanceAddress(table));
      if (!gateways) continue;
      const subnet = namedInstance(ctx, getAttribute(instance, 'subnet_id')?.expr, instance, 'aws_subnet');
      const zone = subnet && subnetZone(ctx, subnet);
      if (!subnet || !zone) continue;
      for (const gateway of gateways) {
        const key = instanceAddress(gateway);
        const use = uses.get(key) ?? { gateway, zones: new Map<string, RelatedLocation>() };
        uses.set(key, use);
        if (!use.zones.has(zone.zone))
          use.zones.set(zone.zone, { at: zone.at, message: `${instanceAddress(subnet)} is in ${zone.zone} and routes through ${key}.` });
      }
    }
  }
  for (const [address, use] of uses) {
    if (use.zones.size < 2) continue;
    const zones = [...use.zones.keys()].sort();
    ctx.report({
      at: use.gateway.headerRange,
      file: use.gateway.file,
      messageId: 'sharedGateway',
      data: { gateway: address, count: zones.length, zones: listZones(zones) },
      related: zones.map((z) => use.zones.get(z)!),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The terraform-aws-modules/vpc module with `single_nat_gateway = true`

function checkVpcModule(call: Block, ctx: Ctx): void {
  const source = getAttribute(call, 'source');
  const sourceText = source && ctx.valueOf(source.expr, call);
  const called = ctx.calledModule(call);
  const bySource = sourceText?.known === true && typeof sourceText.value === 'string' && VPC_MODULE.test(sourceText.value);
  if (!bySource && !(called && isVpcModule(called))) return;
  for (const instance of ctx.instances(call)) {
    if (knownBool(ctx, instance, 'enable_nat_gateway') !== true) continue;
    const single = getAttribute(instance, 'single_nat_gateway');
    if (!single || knownBool(ctx, instance, 'single_nat_gateway') !== true) continue;
    const zones = privateSubnetZones(ctx, instance);
    if (!zones || zones.length < 2) continue;
    const literal = single.expr.kind === 'literal';
    ctx.report({
      at: single.expr,
      messageId: 'singleNatGateway',
      data: { count: zones.length, zones: listZones(zones) },
      suggest: literal
        ? [
            {
              messageId: 'gatewayPerZone',
              edits: (fixer) => {
                fixer.replace(single.expr, 'false');
                fixer.setAttribute(call, 'one_nat_gateway_per_az', 'true');
              },
            },
          ]
        : [],
    });
  }
}

/** The terraform-aws-modules/vpc module, wherever it comes from: it declares both NAT gateway layout switches. */
function isVpcModule(module: Module): boolean {
  return (
    module.variables.has('single_nat_gateway') && module.variables.has('one_nat_gateway_per_az') && module.resource('aws_nat_gateway', 'this') !== undefined
  );
}

function knownBool(ctx: Ctx, block: Block, name: string): boolean | undefined {
  const value = ctx.attributeValue(block, name);
  return value.known ? asBool(value.value) : undefined;
}

/**
 * The distinct zones of the module's private subnets: the module puts private subnet i in `azs[i % n]`.
 * Undefined unless the zones are all known and the number of private subnets is.
 */
function privateSubnetZones(ctx: Ctx, call: Block): string[] | undefined {
  const azs = getAttribute(call, 'azs');
  const subnets = getAttribute(call, 'private_subnets');
  if (!azs || !subnets) return undefined;
  const zoneItems = listItems(azs.expr, call, ctx);
  const subnetItems = listItems(subnets.expr, call, ctx);
  if (!zoneItems || !subnetItems || zoneItems.length === 0) return undefined;
  const zones = zoneItems.map((item) => asString(item.value));
  if (zones.some((z) => z === undefined || !isZone(z))) return undefined;
  const used = new Set<string>();
  for (let i = 0; i < subnetItems.length; i++) used.add(zones[i % zones.length]!);
  return [...used].sort();
}

function listZones(zones: readonly string[]): string {
  if (zones.length <= MAX_LISTED) return zones.join(', ');
  return `${zones.slice(0, MAX_LISTED).join(', ')} and ${zones.length - MAX_LISTED} more`;
}
