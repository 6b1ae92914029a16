// `premortem blast-radius` output: text for a terminal, JSON for scripts, markdown for a pull-request comment.
import { countTypes } from '../../../core/graph/blast-radius';
import type { Finding } from '../../../core/finding';
import type { ChangeReport, ReportedDependent } from '../../../core/plan/plan-blast-radius';
import type { PlanAction } from '../../../core/plan/read-plan';
import type { BlastRadiusFormat } from './options';
import { displayPath, inReportOrder } from '../../output/format-input';
import { toJsonFinding, type JsonFinding } from '../../output/format-json';

export interface BlastRadiusInput {
  readonly changes: readonly ChangeReport[];
  readonly cwd: string;
  readonly version: string;
}

export interface JsonBlastRadiusReport {
  readonly version: string;
  readonly changes: readonly {
    readonly address: string;
    readonly actions: readonly PlanAction[];
    readonly dependents: readonly ReportedDependent[];
    readonly findings: readonly JsonFinding[];
  }[];
}

/** The textual formats; `svg` and `html` are drawn by format-picture.ts. */
export function formatBlastRadius(format: Exclude<BlastRadiusFormat, 'svg' | 'html'>, input: BlastRadiusInput): string {
  switch (format) {
    case 'json':
      return formatJsonReport(input);
    case 'markdown':
      return formatMarkdown(input);
    default:
      return formatTextReport(input);
  }
}

/** `update`, `create`, `delete`, or how a replacement is ordered. */
export function describeActions(actions: readonly PlanAction[]): string {
  if (actions.length === 2 && actions[0] === 'delete' && actions[1] === 'create') return 'replace (destroy, then create)';
  if (actions.length === 2 && actions[0] === 'create' && actions[1] === 'delete') return 'replace (create, then destroy)';
  return actions.join(', ');
}

function formatJsonReport(input: BlastRadiusInput): string {
  const report: JsonBlastRadiusReport = {
    version: input.version,
    changes: input.changes.map((change) => ({
      address: change.address,
      actions: change.actions,
      dependents: change.dependents,
      findings: inReportOrder(change.findings, input.cwd).map((f) => toJsonFinding(f, input.cwd)),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * For each finding, the change it is printed in full under: the first that it touches. A finding in a
 * resource that several changes reach (a queue replaced together with its consumer) is otherwise repeated
 * under each; later changes name it and point back.
 */
function firstListings(changes: readonly ChangeReport[]): Map<Finding, string> {
  const first = new Map<Finding, string>();
  for (const change of changes) for (const f of change.findings) if (!first.has(f)) first.set(f, change.address);
  return first;
}

function formatTextReport(input: BlastRadiusInput): string {
  const lines: string[] = [];
  const first = firstListings(input.changes);
  for (const change of input.changes) {
    lines.push(`${change.address} (${describeActions(change.actions)})`);
    if (change.dependents.length === 0) lines.push('  nothing in the configuration depends on it');
    else {
      lines.push(`  ${change.dependents.length} dependent${change.dependents.length === 1 ? '' : 's'}: ${countTypes(change.dependents.map((d) => d.type))}`);
      const width = Math.max(...change.dependents.map((d) => d.address.length));
      for (const d of change.dependents) {
        const through = d.path.length > 2 ? `  via ${d.path.slice(1, -1).join(' > ')}` : '';
        lines.push(`    ${d.address.padEnd(width)}  ${d.changes ? 'changes too' : 'unchanged'}${through}`);
      }
    }
    for (const f of inReportOrder(change.findings, input.cwd)) {
      const listed = first.get(f);
      const message = listed === change.address ? f.message : `(listed above, under ${listed})`;
      lines.push(`  ${displayPath(f.file, input.cwd)}:${f.range.start.line}:${f.range.start.column}  ${f.severity}  ${f.ruleId}  ${message}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(input.changes));
  return lines.join('\n') + '\n';
}

function summaryLine(changes: readonly ChangeReport[]): string {
  const findings = new Set(changes.flatMap((c) => c.findings)).size;
  const dependents = new Set(changes.flatMap((c) => c.dependents.map((d) => d.address))).size;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(changes.length, 'change')} reach ${plural(dependents, 'dependent')}; ${plural(findings, 'finding')} touch them`;
}

function formatMarkdown(input: BlastRadiusInput): string {
  return ['### premortem: blast radius of this plan', '', ...blastRadiusMarkdown(input)].join('\n') + '\n';
}

/** The blast radius as markdown lines, without a heading: a table of changes, then each one's details. */
export function blastRadiusMarkdown(input: BlastRadiusInput): string[] {
  const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines: string[] = [];
  if (input.changes.length === 0) return ['The plan changes no resources.'];
  const first = firstListings(input.changes);
  lines.push('| change | action | reaches | findings |', '| --- | --- | --- | --- |');
  for (const change of input.changes) {
    lines.push(
      `| ${code(change.address)} | ${describeActions(change.actions)} | ${cell(countTypes(change.dependents.map((d) => d.type))) || 'nothing'} | ${severityCounts(change)} |`,
    );
  }
  for (const change of input.changes.filter((c) => c.dependents.length > 0 || c.findings.length > 0)) {
    lines.push('', `<details><summary><code>${escapeHtml(change.address)}</code> (${describeActions(change.actions)})</summary>`, '');
    if (change.dependents.length > 0) {
      lines.push('| dependent | changes in this plan | through |', '| --- | --- | --- |');
      for (const d of change.dependents) {
        const through = d.path.length > 2 ? d.path.slice(1, -1).map(code).join(' → ') : 'direct';
        lines.push(`| ${code(d.address)} | ${d.changes ? 'yes' : 'no'} | ${cell(through)} |`);
      }
    }
    if (change.findings.length > 0) {
      lines.push('', '**Findings**', '');
      for (const f of inReportOrder(change.findings, input.cwd)) {
        const listed = first.get(f)!;
        const message = listed === change.address ? cell(f.message) : `listed above, under ${code(listed)}`;
        lines.push(`- **${f.severity}** ${code(f.ruleId)} ${code(`${displayPath(f.file, input.cwd)}:${f.range.start.line}`)}: ${message}`);
      }
    }
    lines.push('', '</details>');
  }
  lines.push('', summaryLine(input.changes) + '.');
  return lines;
}

function severityCounts(change: ChangeReport): string {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of change.findings) counts[f.severity]++;
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}${counts[s] === 1 ? '' : 's'}`);
  return parts.join(', ') || 'none';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
