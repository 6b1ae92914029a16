// Generates the Terraform plan fixtures under test/fixtures/plans/<scenario>/ offline: real `terraform plan`
// output (`terraform show -json`) with the AWS provider from a local mirror and fake credentials.
// A blast-radius scenario has v1/ and v2/:
//   plan-create.json  v1/ planned from an empty state (every action a create)
//   plan-update.json  v2/ planned from a state that holds v1 as applied (updates, replacements, deletes)
// A scan scenario has root/ and scenario.json ({ planArgs, downloaded }):
//   plan.json         root/ planned from an empty state with planArgs (say -var-file=prod.tfvars), with the
//                     `.terraform/` folder named by `downloaded` in place while planning (registry modules as
//                     terraform init leaves them, which the fixture itself does not have)
// The "applied" state is built from v1's planned values, with the ids and ARNs the provider would compute
// filled in with fakes, then re-planned until nothing in v1 changes. Run: node scripts/generate-plans.mjs [scenario...]
// (every scenario when none is named)
//   PREMORTEM_TF_PLUGIN_DIR  the folder that holds registry.terraform.io/ (default: /opt/tf-plugins)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'test', 'fixtures', 'plans');
const pluginDir = process.env.PREMORTEM_TF_PLUGIN_DIR || '/opt/tf-plugins';
if (!existsSync(join(pluginDir, 'registry.terraform.io'))) {
  console.error(`generate-plans: no provider mirror at ${pluginDir}; set PREMORTEM_TF_PLUGIN_DIR`);
  process.exit(2);
}
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';

function terraform(cwd, ...args) {
  return execFileSync('terraform', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
  });
}

function plan(work) {
  terraform(work, 'plan', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin');
  const json = JSON.parse(terraform(work, 'show', '-json', 'plan.bin'));
  delete json.timestamp; // the only field that changes from run to run
  return json;
}

/**
 * A fake for an attribute the provider computes: ids and ARNs that look like the real thing, else the empty
 * value of the attribute's type (a null there would make the provider plan it again on every run).
 */
function fakeValue(resource, attribute, schemas) {
  const name = `${resource.name}${resource.index === undefined ? '' : `-${resource.index}`}`;
  const service = resource.type.split('_')[1];
  if (attribute === 'id') return `${name}-id`;
  if (attribute === 'arn' || attribute.endsWith('_arn')) return `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;
  if (attribute === 'url') return `https://${service}.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
  if (attribute === 'domain_name') return `${name}.cloudfront.net`;
  if (attribute === 'dns_name') return `${name}-1234567890.${REGION}.elb.amazonaws.com`;
  if (attribute === 'zone_id') return `Z${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
  if (attribute === 'public_ip') return `198.51.100.${[...name].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 250, 0) + 1}`;
  const schema = (resource.mode === 'data' ? schemas.data_source_schemas : schemas.resource_schemas)[resource.type]?.block;
  const type = schema?.attributes?.[attribute]?.type;
  if (type === 'string') return '';
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type)) return type[0] === 'map' || type[0] === 'object' ? {} : [];
  return schema?.block_types?.[attribute] ? [] : null;
}

function providerSchemas(work) {
  const all = JSON.parse(terraform(work, 'providers', 'schema', '-json'));
  return all.provider_schemas['registry.terraform.io/hashicorp/aws'];
}

/** [module address ('' for the root), resource] for every resource of planned values. */
function* resourcesOf(module, address = '') {
  for (const resource of module?.resources ?? []) yield [address, resource];
  for (const child of module?.child_modules ?? []) yield* resourcesOf(child, child.address);
}

/** Terraform's JSON notation for the type of a plain value, as a state file records outputs. */
function typeOf(value) {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(typeOf)];
  if (value === null) return 'string';
  return ['object', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))];
}

/**
 * The resources each resource refers to, as `terraform apply` records them in state (`dependencies`):
 * taken from the plan's configuration, module addresses in front.
 */
function dependenciesFromConfiguration(planJson) {
  const dependencies = new Map();
  const walk = (module, prefix) => {
    for (const resource of module?.resources ?? []) {
      const refs = new Set();
      for (const expression of Object.values(resource.expressions ?? {})) collectReferences(expression, refs);
      const resources = [...refs].filter((r) => /^(data\.)?[a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(r)).map((r) => `${prefix}${r}`);
      dependencies.set(`${prefix}${resource.address}`, [...new Set(resources)].sort());
    }
    for (const [name, call] of Object.entries(module?.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk(planJson.configuration?.root_module, '');
  return dependencies;
}

function collectReferences(expression, out) {
  if (Array.isArray(expression)) return expression.forEach((e) => collectReferences(e, out));
  if (!expression || typeof expression !== 'object') return;
  for (const reference of expression.references ?? []) out.add(reference);
  for (const [key, value] of Object.entries(expression)) if (key !== 'references') collectReferences(value, out);
}

/**
 * The paths a state file marks sensitive, from planned values' `sensitive_values` (`{ password: true }`): a state
 * without them makes Terraform plan an update of every resource with a sensitive attribute, to mark it.
 */
function sensitivePaths(marks, path = []) {
  if (marks === true) return [path];
  if (!marks || typeof marks !== 'object') return [];
  return Object.entries(marks).flatMap(([key, mark]) =>
    sensitivePaths(mark, [...path, Array.isArray(marks) ? { type: 'index', value: { value: Number(key), type: 'number' } } : { type: 'get_attr', value: key }]),
  );
}

/** A version 4 state file holding every resource of a plan's planned values, as if it had been applied. */
function stateFromPlan(planJson, schemas, dependencies) {
  const unknown = new Map(planJson.resource_changes.map((c) => [c.address, c.change.after_unknown ?? {}]));
  const groups = new Map();
  for (const [moduleAddress, resource] of resourcesOf(planJson.planned_values.root_module)) {
    const attributes = { ...resource.values };
    for (const [attribute, isUnknown] of Object.entries(unknown.get(resource.address) ?? {})) {
      if (isUnknown === true) attributes[attribute] = fakeValue(resource, attribute, schemas);
    }
    const key = `${moduleAddress}|${resource.mode}|${resource.type}|${resource.name}`;
    if (!groups.has(key)) {
      groups.set(key, {
        ...(moduleAddress ? { module: moduleAddress } : {}),
        mode: resource.mode,
        type: resource.type,
        name: resource.name,
        provider: `provider["${resource.provider_name}"]`,
        instances: [],
      });
    }
    groups.get(key).instances.push({
      ...(resource.index === undefined ? {} : { index_key: resource.index }),
      schema_version: resource.schema_version,
      attributes,
      sensitive_attributes: sensitivePaths(resource.sensitive_values),
      dependencies:
        dependencies.get(`${moduleAddress ? `${moduleAddress}.` : ''}${resource.mode === 'data' ? 'data.' : ''}${resource.type}.${resource.name}`) ?? [],
    });
  }
  const outputs = {};
  for (const [name, output] of Object.entries(planJson.planned_values.outputs ?? {})) {
    if ('value' in output) outputs[name] = { value: output.value, type: typeOf(output.value), ...(output.sensitive ? { sensitive: true } : {}) };
  }
  return {
    version: 4,
    terraform_version: planJson.terraform_version,
    serial: 1,
    lineage: '00000000-0000-4000-8000-000000000000',
    outputs,
    resources: [...groups.values()],
    check_results: null,
  };
}

const changed = (planJson) => planJson.resource_changes.filter((c) => !c.change.actions.every((a) => a === 'no-op' || a === 'read'));

function copyConfig(from, to) {
  for (const entry of readdirSync(to)) if (entry.endsWith('.tf') || entry === 'modules') rmSync(join(to, entry), { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

/** A scan scenario: the root planned once, with its extra arguments and downloaded modules. */
function scanScenario(scenario, dir) {
  const { planArgs = [], downloaded } = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), `premortem-plan-${scenario}-`));
  try {
    cpSync(join(dir, 'root'), work, { recursive: true });
    if (downloaded) cpSync(join(dir, downloaded), join(work, '.terraform'), { recursive: true });
    // The downloaded modules stand for what terraform init fetched: init must not try to fetch them again.
    terraform(work, 'init', '-backend=false', '-input=false', `-plugin-dir=${pluginDir}`, ...(downloaded ? ['-get=false'] : []));
    terraform(work, 'plan', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin', ...planArgs);
    const json = JSON.parse(terraform(work, 'show', '-json', 'plan.bin'));
    delete json.timestamp;
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(json, null, 2) + '\n');
    console.log(`${scenario}: plan.json, ${changed(json).length} changes`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const scenarios = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!scenarios.includes(name)) {
    console.error(`generate-plans: no scenario ${name} in ${root}`);
    process.exit(2);
  }
}

for (const scenario of scenarios.filter((name) => wanted.length === 0 || wanted.includes(name))) {
  const dir = join(root, scenario);
  if (existsSync(join(dir, 'scenario.json'))) {
    scanScenario(scenario, dir);
    continue;
  }
  const work = mkdtempSync(join(tmpdir(), `premortem-plan-${scenario}-`));
  try {
    copyConfig(join(dir, 'v1'), work);
    terraform(work, 'init', '-backend=false', '-input=false', `-plugin-dir=${pluginDir}`);
    const create = plan(work);
    const schemas = providerSchemas(work);
    const dependencies = dependenciesFromConfiguration(create);
    writeFileSync(join(dir, 'plan-create.json'), JSON.stringify(create, null, 2) + '\n');

    // Apply v1 on paper: fill in what the provider computes, then re-plan until v1 is steady.
    let applied = create;
    for (let round = 0; round < 4; round++) {
      writeFileSync(join(work, 'terraform.tfstate'), JSON.stringify(stateFromPlan(applied, schemas, dependencies), null, 2));
      applied = plan(work);
      if (changed(applied).length === 0) break;
    }
    const leftover = changed(applied).map((c) => `${c.address} ${c.change.actions.join('+')}`);
    if (leftover.length > 0) console.warn(`${scenario}: v1 still plans changes after its state was built: ${leftover.join(', ')}`);

    copyConfig(join(dir, 'v2'), work);
    terraform(work, 'init', '-backend=false', '-input=false', `-plugin-dir=${pluginDir}`);
    const update = plan(work);
    writeFileSync(join(dir, 'plan-update.json'), JSON.stringify(update, null, 2) + '\n');
    console.log(
      `${scenario}: plan-create ${changed(create).length} changes, plan-update ${changed(update)
        .map((c) => `${c.address} ${c.change.actions.join('+')}`)
        .join(', ')}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
