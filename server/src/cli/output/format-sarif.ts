// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Field choices follow GitHub's
// "SARIF support for code scanning": every result names its rule by id and index, carries one
// physical location relative to %SRCROOT%, and a partial fingerprint so alerts survive edits. The
// fingerprint is the finding's identity, as `--new-since` and baselines match findings (rule, module
// directory, address, module instance, message data), so code scanning and the pull-request report agree
// on which findings are new: a block that moves, even to another file of its module, keeps its alert.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range, RuleMeta, Severity } from '../../../../rules/api';
import { identitiesOf, identityKey, parsedFiles, type FileLookup } from '../../core/changes/finding-identity';
import type { Finding } from '../../core/finding';
import { docUrl, REPOSITORY_URL } from '../../core/doc-url';
import { isDataRuleMeta } from '../../core/data-rules/compile-rule';
import { scanNotes } from '../../core/scan-notes';
import { repositoryTopOf } from '../../core/workspace-boundary';
import { displayPath, inReportOrder, type FormatInput } from './format-input';
import { rulePage } from './rule-page';

const SCHEMA_URL = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';
/** Bump the version when the hashed fields change, so old and new alerts are not matched by accident. */
export const FINGERPRINT_KEY = 'premortem/v2';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

interface ReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly helpUri?: string;
  /** The rule's page: code scanning shows it beside the alert. */
  readonly help?: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[] };
}

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

interface PhysicalLocation {
  readonly artifactLocation: ArtifactLocation;
  readonly region: {
    readonly startLine: number;
    readonly startColumn: number;
    readonly endLine: number;
    readonly endColumn: number;
  };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly { readonly physicalLocation: PhysicalLocation }[];
  readonly relatedLocations?: readonly {
    readonly id: number;
    readonly physicalLocation: PhysicalLocation;
    readonly message: { readonly text: string };
  }[];
  readonly partialFingerprints: { readonly [key: string]: string };
  /** `resource`: for a finding about what a plan does to a resource, its address. */
  readonly properties?: { readonly resource: string };
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly [
    {
      readonly tool: {
        readonly driver: {
          readonly name: string;
          readonly informationUri: string;
          readonly version: string;
          readonly semanticVersion: string;
          readonly rules: readonly ReportingDescriptor[];
        };
      };
      readonly originalUriBaseIds: { readonly [id: string]: { readonly uri: string } };
      readonly columnKind: 'utf16CodeUnits';
      readonly results: readonly SarifResult[];
      /** Run-level notes (the module calls premortem could not see into), as tool execution notifications. */
      readonly invocations?: readonly {
        readonly executionSuccessful: boolean;
        readonly toolExecutionNotifications: readonly {
          readonly descriptor: { readonly id: string };
          readonly level: 'note';
          readonly message: { readonly text: string };
          readonly locations: readonly { readonly physicalLocation: PhysicalLocation }[];
        }[];
      }[];
    },
  ];
}

/** `lookup` parses a finding's file to find the address it is about (default: from the disk, each file once). */
export function formatSarif(input: FormatInput, lookup: FileLookup = parsedFiles()): string {
  const rules = ruleDescriptors(input);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const findings = inReportOrder(input.result.findings, input.cwd);
  // Code scanning resolves paths against the repository's top, wherever in it the scan ran.
  const root = repositoryTopOf(input.cwd) ?? input.cwd;
  const fingerprints = fingerprintsOf(findings, root, lookup);
  const log: SarifLog = {
    $schema: SCHEMA_URL,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'premortem',
            informationUri: REPOSITORY_URL,
            version: input.version,
            semanticVersion: input.version,
            rules,
          },
        },
        // The spec requires an absolute base that ends with a slash.
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(root) } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding, index) => toResult(finding, ruleIndex.get(finding.ruleId)!, fingerprints[index]!, root)),
        ...invocations(input, root),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function invocations(input: FormatInput, root: string): Pick<SarifLog['runs'][0], 'invocations'> {
  const notes = scanNotes(input.result);
  if (notes.length === 0) return {};
  return {
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: notes.map((note) => ({
          descriptor: { id: note.id },
          level: 'note' as const,
          message: { text: note.message },
          locations: note.calls.map((call) => ({ physicalLocation: physicalLocation(call.file, call.range, root) })),
        })),
      },
    ],
  };
}

/**
 * One descriptor per rule that ran, in the given order. A finding whose rule is not listed still gets
 * a minimal descriptor, because GitHub resolves every result's rule through `ruleIndex`.
 */
function ruleDescriptors(input: FormatInput): ReportingDescriptor[] {
  const descriptors: ReportingDescriptor[] = [];
  const seen = new Set<string>();
  for (const rule of input.rules) {
    if (seen.has(rule.id)) continue;
    seen.add(rule.id);
    descriptors.push(describeRule(rule));
  }
  for (const finding of input.result.findings) {
    if (seen.has(finding.ruleId)) continue;
    seen.add(finding.ruleId);
    descriptors.push({
      id: finding.ruleId,
      name: pascalCase(finding.ruleId),
      shortDescription: { text: finding.ruleId },
      fullDescription: { text: finding.ruleId },
      helpUri: docUrl(finding.ruleId),
      ...help(finding.ruleId),
      defaultConfiguration: { level: LEVELS[finding.severity] },
      properties: { tags: [] },
    });
  }
  return descriptors;
}

/** `help` from the rule's shipped page; none for a rule without one. */
function help(ruleId: string): Pick<ReportingDescriptor, 'help'> {
  const markdown = rulePage(ruleId);
  return markdown === undefined ? {} : { help: { text: markdown, markdown } };
}

function describeRule(rule: RuleMeta): ReportingDescriptor {
  // A rule written as data has no page here; its incident's post-mortem, when it names one, explains it.
  const data = isDataRuleMeta(rule) ? rule : undefined;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    ...(data ? (data.incidentUrl !== undefined ? { helpUri: data.incidentUrl } : {}) : { helpUri: docUrl(rule.id), ...help(rule.id) }),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { tags: [rule.category] },
  };
}

function toResult(finding: Finding, ruleIndex: number, fingerprint: string, cwd: string): SarifResult {
  const related = finding.related ?? [];
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.file, finding.range, cwd) }],
    ...(related.length > 0 && {
      relatedLocations: related.map((item, index) => ({
        id: index + 1,
        physicalLocation: physicalLocation(item.file, item.range, cwd),
        message: { text: item.message },
      })),
    }),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(finding.resource !== undefined && { properties: { resource: finding.resource } }),
  };
}

// Range and SARIF agree: 1-based lines and columns, UTF-16 code units, end column exclusive.
function physicalLocation(file: string, range: Range, cwd: string): PhysicalLocation {
  return {
    artifactLocation: artifactLocation(file, cwd),
    region: {
      startLine: range.start.line,
      startColumn: range.start.column,
      endLine: range.end.line,
      endColumn: range.end.column,
    },
  };
}

function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const relative = displayPath(file, cwd);
  // Only a file on another Windows drive has no relative path; it gets an absolute URI and no base.
  if (path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * A hash of what identifies a finding apart from its position: its identities (one per module instance it
 * names), relative to the SARIF's base. Never lines or file names within a module, so an alert keeps its
 * identity when lines are inserted above it or its block moves to another file of the module. Identical
 * findings are told apart by their order. `findings` must be in report order.
 */
function fingerprintsOf(findings: readonly Finding[], cwd: string, lookup: FileLookup): string[] {
  const occurrences = new Map<string, number>();
  return findings.map((finding) => {
    const identity = JSON.stringify(identitiesOf(finding, cwd, lookup).map(identityKey));
    const occurrence = occurrences.get(identity) ?? 0;
    occurrences.set(identity, occurrence + 1);
    return createHash('sha256')
      .update(JSON.stringify([identity, occurrence]))
      .digest('hex');
  });
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
