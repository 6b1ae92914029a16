// Which finding is which across two revisions, or between a scan and a baseline: the rule, the module
// directory, the address of what it is about (with the module instance it names) and the message's data.
// Never lines or file names within a module: a block that only moved, even to another file, keeps its
// findings. A finding about several instances of a module has an identity per instance, so a new call of
// a module makes a finding new only for the instance it adds.
import * as path from 'node:path';
import type { SourceFile } from '../../../../rules/api';
import type { Finding } from '../finding';
import { readFromDisk, readSourceFile, type SourceReader } from '../load-module';
import { addressAt } from './finding-address';

export interface FindingIdentity {
  readonly rule: string;
  /** The directory of the finding's file, relative to the base (the repository, or a baseline's folder), `/`-separated; `.` for the base itself. */
  readonly module: string;
  readonly address?: string;
  /** The module instance it is about (`module.edge["eu"].aws_cloudfront_distribution.this`), for a finding in a child module's instances. */
  readonly instance?: string;
  readonly messageId: string;
  /** The message's data. */
  readonly data?: Readonly<Record<string, string | number>>;
  /**
   * The message, only for a finding with neither data nor address (a syntax error at the top level), which
   * would otherwise say nothing of what it is about. Elsewhere rewording a message must not make it new.
   */
  readonly message?: string;
}

/** Parses a finding's file, to find what its range lies in; undefined when the file cannot be read. */
export type FileLookup = (file: string) => SourceFile | undefined;

/** Reads each file once (the findings of one file share its parse). */
export function parsedFiles(reader: SourceReader = readFromDisk): FileLookup {
  const parsed = new Map<string, SourceFile | undefined>();
  return (file) => {
    if (!parsed.has(file)) parsed.set(file, readSourceFile(file, reader));
    return parsed.get(file);
  };
}

/** The identity keys of each finding (one per instance it names), relative to `base`. */
export function identityKeys(findings: readonly Finding[], base: string, fileOf: FileLookup = parsedFiles()): string[][] {
  return findings.map((finding) => identitiesOf(finding, base, fileOf).map(identityKey));
}

export function identitiesOf(finding: Finding, base: string, fileOf: FileLookup): FindingIdentity[] {
  const source = fileOf(finding.file);
  const address = finding.resource ?? (source ? addressAt(source, finding.range) : undefined);
  const module = path.relative(base, path.dirname(finding.file)).split(path.sep).join('/') || '.';
  const hasData = finding.data !== undefined && Object.keys(finding.data).length > 0;
  const identity = (instance: string | undefined): FindingIdentity => ({
    rule: finding.ruleId,
    module,
    ...(address !== undefined ? { address } : {}),
    ...(instance !== undefined ? { instance } : {}),
    messageId: finding.messageId,
    ...(hasData ? { data: sortedRecord(finding.data!) } : {}),
    ...(!hasData && address === undefined ? { message: finding.message } : {}),
  });
  const instances = [...new Set(finding.instances ?? [])].sort();
  return instances.length > 0 ? instances.map(identity) : [identity(undefined)];
}

/** One string per identity, the same whatever order its fields and data were built in. */
export function identityKey(identity: FindingIdentity): string {
  return JSON.stringify([
    identity.rule,
    identity.module,
    identity.address ?? null,
    identity.instance ?? null,
    identity.messageId,
    identity.data ? sortedRecord(identity.data) : null,
    identity.message ?? null,
  ]);
}

/**
 * The findings `previous` did not have: those with an identity (of one of their instances) that it lacks.
 * Identities are counted, not just compared: when a change adds a second finding just like an old one,
 * one of the two is new.
 */
export function findingsNotIn<T>(current: readonly T[], keysOf: (item: T) => readonly string[], previousKeys: Iterable<string>): T[] {
  const left = new Map<string, number>();
  for (const key of previousKeys) left.set(key, (left.get(key) ?? 0) + 1);
  return current.filter((item) => {
    const needed = new Map<string, number>();
    for (const key of keysOf(item)) needed.set(key, (needed.get(key) ?? 0) + 1);
    if ([...needed].some(([key, count]) => (left.get(key) ?? 0) < count)) return true;
    for (const [key, count] of needed) left.set(key, left.get(key)! - count);
    return false;
  });
}

function sortedRecord<V>(record: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
