// What a plan (`terraform show -json PLANFILE`) knows that the configuration alone cannot say: the root
// module's variables as the plan used them, the planned values of every resource and data source instance
// (what the plan cannot know stays unknown), the configuration of module calls whose code was never
// downloaded, and which values are sensitive.
import { UNKNOWN, type PlanObject, type ResourceChange, type Value } from '../../../../rules/api';
import { parsePlanJson, readChange, splitAddress, stateResources, type RawStateModule } from './read-plan';

/** One resource or data source instance as the plan has it. */
export interface PlannedInstance {
  /** `module.q.aws_sqs_queue.this[0]`. */
  readonly address: string;
  /** `module.q` (`''` in the root module). */
  readonly moduleAddress: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  /** The planned attributes (after the change), UNKNOWN where the plan cannot know them. */
  readonly values: { readonly [name: string]: Value };
}

/**
 * How the configuration writes one argument: a literal (`constant_value`), or the references it reads.
 * Nested blocks are lists of objects of these.
 */
export type PlannedExpression =
  { readonly constant_value?: unknown; readonly references?: readonly string[] } | readonly { readonly [name: string]: unknown }[];

/** A module's part of the plan's `configuration` section: calls, outputs, variables and arguments, without positions. */
export interface PlannedModuleConfig {
  readonly source?: string;
  /** The references of each output's expression. */
  readonly outputs: ReadonlyMap<string, readonly string[]>;
  readonly variables: ReadonlyMap<string, { readonly sensitive: boolean }>;
  readonly moduleCalls: ReadonlyMap<string, PlannedModuleConfig>;
  /** Resource and data source addresses (`aws_x.y`, `data.aws_z.w`). */
  readonly resources: readonly string[];
  /** How each resource's arguments are written, by its address. */
  readonly expressions: ReadonlyMap<string, { readonly [name: string]: PlannedExpression }>;
}

export interface PlanValues {
  /** The plan's file, for messages. */
  readonly file: string;
  /** The root module's input variables as the plan was made with them. */
  readonly variables: ReadonlyMap<string, Value>;
  /** Every resource and data source instance, by address. */
  readonly instances: ReadonlyMap<string, PlannedInstance>;
  /** The instances of each module instance, by its address (`''`, `module.q`, `module.app["eu"]`). */
  readonly byModule: ReadonlyMap<string, readonly PlannedInstance[]>;
  readonly root: PlannedModuleConfig;
  /** Values the plan marks sensitive (and the root's sensitive variables' values): never printed. */
  readonly sensitive: ReadonlySet<string>;
  /** Every resource change, no-ops included, with the values before and after (plain data: it crosses threads). */
  readonly changes: readonly ResourceChange[];
}

interface RawChange {
  readonly address?: unknown;
  readonly module_address?: unknown;
  readonly mode?: unknown;
  readonly type?: unknown;
  readonly name?: unknown;
  readonly index?: unknown;
  readonly action_reason?: unknown;
  readonly change?: {
    readonly before?: unknown;
    readonly before_sensitive?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly after_sensitive?: unknown;
    readonly actions?: unknown;
  };
}

interface RawResource {
  readonly address?: unknown;
  readonly mode?: unknown;
  readonly type?: unknown;
  readonly name?: unknown;
  readonly index?: unknown;
  readonly values?: unknown;
  readonly sensitive_values?: unknown;
}

interface RawConfigModule {
  readonly outputs?: Record<string, { readonly expression?: { readonly references?: unknown } }>;
  readonly variables?: Record<string, { readonly sensitive?: unknown }>;
  readonly module_calls?: Record<string, { readonly source?: unknown; readonly module?: RawConfigModule }>;
  readonly resources?: readonly { readonly address?: unknown; readonly expressions?: unknown }[];
}

export function readPlanValues(text: string, file: string): PlanValues {
  const plan = parsePlanJson<{
    format_version?: unknown;
    variables?: Record<string, { value?: unknown }>;
    planned_values?: { root_module?: RawStateModule<RawResource> };
    prior_state?: { values?: { root_module?: RawStateModule<RawResource> } };
    resource_changes?: unknown;
    configuration?: { root_module?: RawConfigModule };
  }>(text, file, (p) => typeof p.configuration === 'object' && p.configuration !== null);
  const sensitive = new Set<string>();
  const root = readConfig(plan.configuration!.root_module ?? {});
  const variables = new Map<string, Value>();
  for (const [name, variable] of Object.entries(plan.variables ?? {})) {
    const value = (variable?.value ?? null) as Value;
    variables.set(name, value);
    if (root.variables.get(name)?.sensitive) addLeaves(sensitive, value);
  }
  const instances = new Map<string, PlannedInstance>();
  // What was read or is known at plan time (data sources read during the plan among it)...
  for (const module of [plan.prior_state?.values?.root_module, plan.planned_values?.root_module]) {
    for (const resource of stateResources(module)) {
      const instance = fromState(resource, sensitive);
      if (instance) instances.set(instance.address, instance);
    }
  }
  // ...then each change's after-values, with what the plan cannot know marked unknown.
  const changes: ResourceChange[] = [];
  for (const change of (Array.isArray(plan.resource_changes) ? plan.resource_changes : []) as RawChange[]) {
    const instance = fromChange(change, sensitive);
    if (instance) instances.set(instance.address, instance);
    else if (typeof change.address === 'string') instances.delete(change.address); // deleted: not in the planned configuration
    changes.push(resourceChange(change, file, instance, sensitive));
  }
  const byModule = new Map<string, PlannedInstance[]>();
  for (const instance of instances.values()) {
    const list = byModule.get(instance.moduleAddress);
    if (list) list.push(instance);
    else byModule.set(instance.moduleAddress, [instance]);
  }
  return { file, variables, instances, byModule, root, sensitive, changes };
}

/** A change as rules see it: its actions as the plan has them, and its values before and after. */
function resourceChange(raw: RawChange, file: string, planned: PlannedInstance | undefined, sensitive: Set<string>): ResourceChange {
  const { address, mode, type, actions } = readChange(raw, file);
  const before = isObject(raw.change?.before) ? (raw.change!.before as PlanObject) : null;
  if (before) collectSensitive(sensitive, before, raw.change?.before_sensitive);
  return {
    address,
    moduleAddress: moduleAddressOf(address),
    mode,
    type,
    name: typeof raw.name === 'string' ? raw.name : '',
    ...(typeof raw.index === 'string' || typeof raw.index === 'number' ? { index: raw.index } : {}),
    actions,
    before,
    after: planned ? planned.values : null,
    ...(typeof raw.action_reason === 'string' ? { actionReason: raw.action_reason } : {}),
  };
}

function readConfig(raw: RawConfigModule, source?: string): PlannedModuleConfig {
  const outputs = new Map<string, readonly string[]>();
  for (const [name, output] of Object.entries(raw.outputs ?? {})) {
    const references = output?.expression?.references;
    outputs.set(name, Array.isArray(references) ? references.filter((r): r is string => typeof r === 'string') : []);
  }
  const variables = new Map<string, { sensitive: boolean }>();
  for (const [name, variable] of Object.entries(raw.variables ?? {})) variables.set(name, { sensitive: variable?.sensitive === true });
  const moduleCalls = new Map<string, PlannedModuleConfig>();
  for (const [name, call] of Object.entries(raw.module_calls ?? {}))
    moduleCalls.set(name, readConfig(call?.module ?? {}, typeof call?.source === 'string' ? call.source : undefined));
  const resources = (raw.resources ?? []).map((r) => r?.address).filter((a): a is string => typeof a === 'string');
  const expressions = new Map<string, { readonly [name: string]: PlannedExpression }>();
  for (const resource of raw.resources ?? []) {
    if (typeof resource?.address === 'string' && isObject(resource.expressions))
      expressions.set(resource.address, resource.expressions as { readonly [name: string]: PlannedExpression });
  }
  return { ...(source !== undefined ? { source } : {}), outputs, variables, moduleCalls, resources, expressions };
}

function fromState(raw: RawResource, sensitive: Set<string>): PlannedInstance | undefined {
  if (typeof raw.address !== 'string' || typeof raw.type !== 'string' || typeof raw.name !== 'string' || (raw.mode !== 'managed' && raw.mode !== 'data'))
    return undefined;
  const values = isObject(raw.values) ? (raw.values as Record<string, Value>) : {};
  collectSensitive(sensitive, values, raw.sensitive_values);
  return instance(raw.address, raw.mode, raw.type, raw.name, raw.index, values);
}

function fromChange(raw: RawChange, sensitive: Set<string>): PlannedInstance | undefined {
  const change = raw.change;
  if (typeof raw.address !== 'string' || typeof raw.type !== 'string' || typeof raw.name !== 'string' || (raw.mode !== 'managed' && raw.mode !== 'data'))
    return undefined;
  if (!change || !isObject(change.after)) return undefined;
  const values = withUnknowns(change.after as Value, change.after_unknown) as Record<string, Value>;
  collectSensitive(sensitive, values, change.after_sensitive);
  return instance(raw.address, raw.mode, raw.type, raw.name, raw.index, values);
}

function instance(address: string, mode: 'managed' | 'data', type: string, name: string, index: unknown, values: Record<string, Value>): PlannedInstance {
  return {
    address,
    moduleAddress: moduleAddressOf(address),
    mode,
    type,
    name,
    ...(typeof index === 'string' || typeof index === 'number' ? { index } : {}),
    values,
  };
}

/** `module.a["x"].module.b.aws_c.d[0]` → `module.a["x"].module.b` (`''` in the root module). */
export function moduleAddressOf(address: string): string {
  const tokens: string[] = [];
  for (const segment of splitAddress(address)) {
    if (segment.startsWith('[')) tokens.push(segment);
    else tokens.push(...segment.split('.').filter((part) => part !== ''));
  }
  let end = 0;
  for (let i = 0; tokens[i] === 'module' && tokens[i + 1] !== undefined; end = i) {
    i += 2;
    if (tokens[i]?.startsWith('[')) i++;
  }
  let out = '';
  for (const token of tokens.slice(0, end)) out += token.startsWith('[') || out === '' ? token : `.${token}`;
  return out;
}

/** The after-value with every part `after_unknown` marks replaced by UNKNOWN. */
function withUnknowns(value: Value, unknown: unknown): Value {
  if (unknown === true) return UNKNOWN;
  if (!unknown || typeof unknown !== 'object') return value;
  if (Array.isArray(value)) {
    const marks = unknown as unknown[];
    const items = value.map((item, i) => withUnknowns(item, marks[i]));
    // An element the plan adds but cannot know yet is listed in after_unknown only.
    for (let i = items.length; i < marks.length; i++) if (marks[i] === true) items.push(UNKNOWN);
    return items;
  }
  const out: Record<string, Value> = {};
  const source = isObject(value) ? (value as Record<string, Value>) : {};
  for (const [key, item] of Object.entries(source)) out[key] = withUnknowns(item, (unknown as Record<string, unknown>)[key]);
  for (const [key, mark] of Object.entries(unknown as Record<string, unknown>)) if (!(key in out) && mark === true) out[key] = UNKNOWN;
  return out;
}

/** Adds the leaves of `value` that `marks` (after_sensitive, sensitive_values) marks sensitive. */
function collectSensitive(into: Set<string>, value: Value, marks: unknown): void {
  if (marks === true) return addLeaves(into, value);
  if (!marks || typeof marks !== 'object' || value === UNKNOWN || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    (value as readonly Value[]).forEach((item, i) => collectSensitive(into, item, (marks as unknown[])[i]));
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, Value>)) collectSensitive(into, item, (marks as Record<string, unknown>)[key]);
}

/** Every string and number inside a value, as text. */
export function addLeaves(into: Set<string>, value: Value): void {
  if (value === UNKNOWN || value === null) return;
  if (typeof value === 'string' || typeof value === 'number') into.add(String(value));
  else if (typeof value === 'object')
    for (const item of Array.isArray(value) ? value : Object.values(value as Record<string, Value>)) addLeaves(into, item as Value);
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
