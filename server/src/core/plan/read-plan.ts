// Reads what `terraform show -json <planfile>` prints: the resource changes (with their actions, in
// Terraform's instance address form), the instance keys the plan knows, and the dependencies the prior
// state records (the only trace of what a deleted resource was feeding).
import { unescapeLiteral } from '../hcl/string-literal';
import { UserError } from '../user-error';

export type PlanAction = 'create' | 'read' | 'update' | 'delete' | 'no-op' | 'forget';

export interface PlannedChange {
  /** `aws_cloudfront_distribution.site["eu"]`, `module.app[0].aws_lb.main`. */
  readonly address: string;
  /** The same without the resource's own instance key: `aws_cloudfront_distribution.site`. */
  readonly resourceAddress: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly actions: readonly PlanAction[];
}

export interface TerraformPlan {
  readonly changes: readonly PlannedChange[];
  /** Keys of every instance the plan names, by address without the instance's own key. */
  readonly instanceKeys: ReadonlyMap<string, readonly (string | number)[]>;
  /** `depends_on` of each resource instance in the prior state. */
  readonly priorDependencies: ReadonlyMap<string, readonly string[]>;
  /** Root module outputs whose value changes. */
  readonly changedOutputs: ReadonlySet<string>;
}

/** A file that is not a plan in Terraform's JSON form; the CLI exits with its usage-error code. */
export class PlanError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

export interface RawChange {
  readonly address?: unknown;
  readonly mode?: unknown;
  readonly type?: unknown;
  readonly index?: unknown;
  readonly change?: { readonly actions?: unknown };
}

/** A module of a plan's state (`prior_state.values.root_module`, `planned_values.root_module`), as read. */
export interface RawStateModule<Resource> {
  readonly resources?: readonly Resource[];
  readonly child_modules?: readonly RawStateModule<Resource>[];
}

type RawModule = RawStateModule<{ readonly address?: unknown; readonly index?: unknown; readonly depends_on?: unknown }>;

/**
 * The plan's JSON as a `T` (its fields still to be checked); a PlanError when it is not JSON, or has no
 * `format_version` or fails `looksRight` (then it is not what `terraform show -json` prints).
 */
export function parsePlanJson<T extends { readonly format_version?: unknown }>(text: string, file: string, looksRight: (plan: T) => boolean): T {
  const howTo = `make it with "terraform show -json <planfile> > ${file}"`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanError(`${file}: not JSON (${(error as Error).message}); ${howTo}`);
  }
  const plan = json as T;
  if (typeof plan !== 'object' || plan === null || typeof plan.format_version !== 'string' || !looksRight(plan))
    throw new PlanError(`${file}: not a Terraform plan in JSON form; ${howTo}`);
  return plan;
}

export function readPlan(text: string, file: string): TerraformPlan {
  const plan = parsePlanJson<{
    format_version?: unknown;
    resource_changes?: unknown;
    output_changes?: Record<string, { actions?: unknown }>;
    prior_state?: { values?: { root_module?: RawModule } };
  }>(text, file, (p) => p.resource_changes === undefined || Array.isArray(p.resource_changes));
  const changes: PlannedChange[] = [];
  const instanceKeys = new Map<string, (string | number)[]>();
  for (const raw of (plan.resource_changes ?? []) as RawChange[]) {
    const change = readChange(raw, file);
    changes.push(change);
    addModuleKeys(instanceKeys, change.address);
    if (typeof raw.index === 'string' || typeof raw.index === 'number') addKey(instanceKeys, change.resourceAddress, raw.index);
  }
  const priorDependencies = new Map<string, string[]>();
  for (const resource of stateResources(plan.prior_state?.values?.root_module)) {
    if (typeof resource.address !== 'string' || !Array.isArray(resource.depends_on)) continue;
    priorDependencies.set(
      resource.address,
      resource.depends_on.filter((d): d is string => typeof d === 'string'),
    );
  }
  const changedOutputs = new Set<string>();
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    if (Array.isArray(change?.actions) && !change.actions.every((a) => a === 'no-op')) changedOutputs.add(`output.${name}`);
  }
  return { changes, instanceKeys, priorDependencies, changedOutputs };
}

const ACTIONS = new Set<PlanAction>(['create', 'read', 'update', 'delete', 'no-op', 'forget']);

/** A resource change's address, type, mode and actions, checked; a PlanError when one is missing or unknown. */
export function readChange(raw: RawChange, file: string): PlannedChange {
  const actions = raw.change?.actions;
  if (
    typeof raw.address !== 'string' ||
    typeof raw.type !== 'string' ||
    (raw.mode !== 'managed' && raw.mode !== 'data') ||
    !Array.isArray(actions) ||
    !actions.every((a) => ACTIONS.has(a as PlanAction))
  ) {
    throw new PlanError(`${file}: a resource change without an address, type, mode or known actions (${JSON.stringify(raw.address ?? null)})`);
  }
  return { address: raw.address, resourceAddress: withoutLastKey(raw.address), mode: raw.mode, type: raw.type, actions: actions as PlanAction[] };
}

/** The resources of a state module and of every module below it. */
export function* stateResources<Resource>(module: RawStateModule<Resource> | undefined): Generator<Resource> {
  if (!module) return;
  for (const resource of module.resources ?? []) yield resource;
  for (const child of module.child_modules ?? []) yield* stateResources(child);
}

/** `module.app["eu"].aws_x.y[0]` → `module.app["eu"].aws_x.y`. */
export function withoutLastKey(address: string): string {
  const segments = splitAddress(address);
  const last = segments[segments.length - 1];
  if (last?.startsWith('[')) segments.pop();
  return segments.join('');
}

/** Each module call on the way to a resource, with its key: `module.app["eu"]` records `eu` for `module.app`. */
function addModuleKeys(keys: Map<string, (string | number)[]>, address: string): void {
  const segments = splitAddress(address);
  let prefix = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1];
    // A name run that ends in `module.<name>` and is followed by a key is a call instance.
    const key = next && !segment.startsWith('[') && /(^|\.)module\.[^.]+$/.test(segment) ? parseInstanceKey(next) : undefined;
    if (key !== undefined) addKey(keys, prefix + segment, key);
    prefix += segment;
  }
}

function addKey(keys: Map<string, (string | number)[]>, address: string, key: string | number): void {
  const list = keys.get(address);
  if (!list) keys.set(address, [key]);
  else if (!list.includes(key)) list.push(key);
}

/** The key of an index segment as Terraform writes it in an address (`["eu"]`, `[0]`); undefined for anything else. */
export function parseInstanceKey(segment: string): string | number | undefined {
  const inner = segment.slice(1, -1);
  if (/^\d+$/.test(inner)) return Number(inner);
  return inner.length >= 2 && inner.startsWith('"') && inner.endsWith('"') ? unescapeLiteral(inner.slice(1, -1), true).value : undefined;
}

/**
 * Splits an address into name runs and index segments, respecting quoted keys:
 * `module.a["x.y"].aws_b.c[0]` → [`module.a`, `["x.y"]`, `.aws_b.c`, `[0]`].
 */
export function splitAddress(address: string): string[] {
  const segments: string[] = [];
  let start = 0;
  let i = 0;
  while (i < address.length) {
    if (address[i] === '[') {
      if (i > start) segments.push(address.slice(start, i));
      let j = i + 1;
      if (address[j] === '"') {
        j++;
        while (j < address.length && address[j] !== '"') j += address[j] === '\\' ? 2 : 1;
        j++;
      }
      while (j < address.length && address[j] !== ']') j++;
      segments.push(address.slice(i, j + 1));
      i = start = j + 1;
      continue;
    }
    i++;
  }
  if (start < address.length) segments.push(address.slice(start));
  return segments;
}
