// Shared single points of failure. Heroku, 20 October 2025: an outage of its cloud provider's Virginia region
// took down Heroku's control plane, which ran in that one region, so customers everywhere could not deploy,
// scale or recover for most of a day. A production stack whose every provider configuration and module is in
// one region stops with that region, and nothing of it elsewhere can take over.
import { asString, defineRule, getAttribute, type Block, type Environment, type Expression, type Module, type RuleContext } from './api';
import { deploysThisModule, inWords, isProductionName, valueIn } from './support/environments';

type MessageId = 'singleRegion';

type Ctx = RuleContext<MessageId>;

/** Other clouds with their own regions: a stack that uses one is not wholly in an AWS region. */
const OTHER_CLOUDS: ReadonlySet<string> = new Set([
  'google',
  'google-beta',
  'azurerm',
  'azapi',
  'oci',
  'alicloud',
  'ibm',
  'digitalocean',
  'linode',
  'hcloud',
  'scaleway',
  'vultr',
  'exoscale',
  'openstack',
  'vsphere',
  'tencentcloud',
  'huaweicloud',
]);

/** An argument that places what a module call or resource creates in a region. */
const REGION_ARGUMENT = /^(?:.*_)?region$/;

/** A region's name: `eu-west-1`, `us-gov-west-1`, `ap-southeast-4`. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

interface Placement {
  /** Where the region is written: a provider's `region`, a module argument, or the environment's var file. */
  readonly at: Expression;
  readonly region: string;
}

export default defineRule<MessageId>({
  meta: {
    id: 'aws-production-single-region',
    title: 'Know that a production stack runs in one region',
    description:
      'A production stack whose every AWS provider configuration and module is in one region stops when that region has an outage, and nothing of it elsewhere can take over.',
    category: 'availability',
    severity: 'info',
    recommended: true,
    appliesTo: [{ block: 'provider' }, { block: 'module' }, { block: 'resource' }],
    fixable: 'none',
    messages: {
      singleRegion:
        'The production environment {environment} runs this whole stack in {region}: {what}. When that region has an outage, nothing of the stack runs elsewhere to take over, and no apply can move it. If the service must outlive a regional outage, deploy a copy in a second region (another provider alias, or a second production environment) with a way to fail over to it.',
    },
    incident: 'Heroku, October 2025: a control plane in a single region',
    reads: [],
    since: '0.2.0',
    runsOn: 'roots',
  },

  checkModule(module: Module, ctx) {
    if (module.resources.length === 0 && module.moduleCalls.size === 0) return;
    if (usesOtherClouds(module)) return;
    const providers = module.providers.filter((p) => p.labels[0] === 'aws');
    if (providers.length === 0) return; // the region comes from the environment or a profile: unknown
    for (const group of module.environments) {
      if (deploysThisModule(group, module)) {
        const production = group.environments.filter((e) => isProductionName(e.name));
        const placements = production.map((environment) => placementsOf(module, providers, ctx, environment));
        // Several production environments in different regions are a multi-region deployment.
        const regions = new Set(placements.flatMap((p) => (p ? p.map((x) => x.region) : [])));
        if (placements.some((p) => p === undefined) || regions.size !== 1) continue;
        production.forEach((environment, i) => report(environment.name, placements[i]!, providers.length, module, ctx));
        continue;
      }
      // Sibling environment directories: this root is one environment's stack, evaluated as it stands.
      const own = group.environments.filter((e) => e.own);
      if (group.kind !== 'module-call' || own.length !== 1 || !isProductionName(own[0]!.name)) continue;
      const placements = placementsOf(module, providers, ctx, undefined);
      if (placements && new Set(placements.map((p) => p.region)).size === 1) report(own[0]!.name, placements, providers.length, module, ctx);
      return; // one finding per root, however many modules it calls
    }
  },
});

function usesOtherClouds(module: Module): boolean {
  if (module.providers.some((p) => OTHER_CLOUDS.has(p.labels[0] ?? ''))) return true;
  const prefix = (type: string | undefined): string => (type ?? '').split('_')[0]!;
  return [...module.resources, ...module.dataSources].some((b) => OTHER_CLOUDS.has(prefix(b.labels[0])) || (b.labels[0] ?? '').startsWith('google_'));
}

/**
 * Where the stack is placed in one environment: every AWS provider's region, and every region a module call or
 * resource is given; undefined when any of them cannot be known.
 */
function placementsOf(module: Module, providers: readonly Block[], ctx: Ctx, environment: Environment | undefined): Placement[] | undefined {
  const placements: Placement[] = [];
  const place = (expr: Expression): boolean => {
    const value = environment ? valueIn(expr, environment, ctx) : ctx.valueOf(expr);
    const region = value.known ? asString(value.value) : undefined;
    if (region === undefined || !REGION.test(region)) return false;
    placements.push({ at: (environment && value.known && 'from' in value && value.from) || expr, region });
    return true;
  };
  for (const provider of providers) {
    const region = getAttribute(provider, 'region');
    if (!region || !place(region.expr)) return undefined;
  }
  for (const block of [...module.moduleCalls.values(), ...module.resources]) {
    for (const attribute of block.body.attributes) {
      if (REGION_ARGUMENT.test(attribute.name) && !place(attribute.expr)) return undefined;
    }
    // A DynamoDB global table's replicas live in other regions.
    if (block.labels[0] === 'aws_dynamodb_table' && block.body.blocks.some((b) => b.type === 'replica' || b.type === 'dynamic')) return undefined;
  }
  return placements;
}

function report(environment: string, placements: readonly Placement[], providers: number, module: Module, ctx: Ctx): void {
  const first = placements[0]!;
  const calls = module.moduleCalls.size;
  const parts = [
    `${providers === 1 ? 'its one AWS provider configuration' : `all ${providers} AWS provider configurations`} ${providers === 1 ? 'is' : 'are'} there`,
  ];
  if (calls > 0) parts.push(`${calls === 1 ? 'its one module call uses' : `its ${calls} module calls use`} them`);
  ctx.report({
    at: first.at,
    messageId: 'singleRegion',
    data: { environment, region: first.region, what: inWords(parts) },
    related: placements.slice(1, 6).map((p) => ({ at: p.at, message: `This is in ${p.region} too.` })),
  });
}
