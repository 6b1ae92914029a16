// A baseline: the findings a team has accepted for now, so that a scan reports only the ones it lacks.
// Written as sorted, stable JSON, one entry per identity with a count, so a change to it reads well in a
// diff. Paths are relative to the baseline file's folder, so it holds on any machine and in any checkout.
import { identityKey, type FindingIdentity } from './finding-identity';

export const BASELINE_FORMAT = 1;

export interface BaselineEntry extends FindingIdentity {
  /** How many findings share this identity. */
  readonly count: number;
}

/** A file that is not a baseline premortem wrote; the CLI exits with its usage-error code. */
export class BaselineError extends Error {}

export function baselineEntries(identities: readonly FindingIdentity[]): BaselineEntry[] {
  const counted = new Map<string, { identity: FindingIdentity; count: number }>();
  for (const identity of identities) {
    const key = identityKey(identity);
    const entry = counted.get(key);
    if (entry) entry.count++;
    else counted.set(key, { identity, count: 1 });
  }
  return [...counted.entries()]
    .sort(
      ([keyA, a], [keyB, b]) =>
        compare(a.identity.module, b.identity.module) ||
        compare(a.identity.address ?? '', b.identity.address ?? '') ||
        compare(a.identity.rule, b.identity.rule) ||
        compare(keyA, keyB),
    )
    .map(([, { identity, count }]) => ({ ...identity, count }));
}

export function formatBaseline(entries: readonly BaselineEntry[]): string {
  return `${JSON.stringify({ premortemBaseline: BASELINE_FORMAT, findings: entries }, null, 2)}\n`;
}

/** The identity keys a baseline holds, each as many times as its count. */
export function parseBaseline(text: string, file: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${file} is not JSON (${(error as Error).message}); write a baseline with "premortem baseline --output ${file}"`);
  }
  const root = json as { premortemBaseline?: unknown; findings?: unknown };
  if (typeof json !== 'object' || json === null || root.premortemBaseline !== BASELINE_FORMAT || !Array.isArray(root.findings)) {
    throw new BaselineError(`${file} is not a premortem baseline (format ${BASELINE_FORMAT}); write one with "premortem baseline --output ${file}"`);
  }
  const keys: string[] = [];
  root.findings.forEach((entry: unknown, index: number) => {
    const identity = readEntry(entry);
    if (!identity) throw new BaselineError(`${file}: findings[${index}] is not a baseline entry (rule, module, messageId and count are required)`);
    for (let n = 0; n < identity.count; n++) keys.push(identityKey(identity));
  });
  return keys;
}

function readEntry(entry: unknown): BaselineEntry | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Record<string, unknown>;
  const isString = (value: unknown): value is string => typeof value === 'string';
  if (!isString(e['rule']) || !isString(e['module']) || !isString(e['messageId'])) return undefined;
  const count = e['count'] ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return undefined;
  if (e['address'] !== undefined && !isString(e['address'])) return undefined;
  if (e['message'] !== undefined && !isString(e['message'])) return undefined;
  if (e['instance'] !== undefined && !isString(e['instance'])) return undefined;
  const data = e['data'];
  if (data !== undefined && !(typeof data === 'object' && data !== null && Object.values(data).every((v) => isString(v) || typeof v === 'number')))
    return undefined;
  return {
    rule: e['rule'],
    module: e['module'],
    ...(isString(e['address']) ? { address: e['address'] } : {}),
    ...(isString(e['instance']) ? { instance: e['instance'] } : {}),
    messageId: e['messageId'],
    ...(data !== undefined ? { data: data as Record<string, string | number> } : {}),
    ...(isString(e['message']) ? { message: e['message'] } : {}),
    count,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
