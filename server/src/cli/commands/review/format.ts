// `premortem review` output: one pull-request comment in markdown (with a hidden marker line, so a bot can
// find and update its own comment, and cut to fit GitHub's comment limit), or the same content as JSON.
import * as path from 'node:path';
import type { Severity } from '../../../../../rules/api';
import { docUrl } from '../../../core/doc-url';
import type { Comparison, Finding } from '../../../core/finding';
import type { ChangeReport } from '../../../core/plan/plan-blast-radius';
import { blastRadiusMarkdown } from '../blast-radius/format';
import { DRIFT_LEGEND, driftModuleMarkdown } from '../drift/format';
import type { DriftModule } from '../drift/report';
import { displayPath, inReportOrder } from '../../output/format-input';
import { toJsonFinding } from '../../output/format-json';
import type { ReviewFormat } from './options';

export const REVIEW_MARKER = '<!-- premortem-review -->';
/** GitHub rejects a comment body longer than this. */
export const COMMENT_LIMIT = 65_536;

export interface ReviewInput {
  /** The findings to report: new ones only with --new-since or --baseline. Plan-action findings carry `resource`. */
  readonly findings: readonly Finding[];
  readonly comparedWith?: Comparison;
  /** With a plan: each change's blast radius. */
  readonly changes?: readonly ChangeReport[];
  /** Modules whose environments disagree, each with only the variables they disagree on. */
  readonly drift: readonly DriftModule[];
  readonly cwd: string;
  /** File links are made from paths relative to this directory (the repository's top). */
  readonly top: string;
  readonly linkBase?: string;
  readonly version: string;
}

export function formatReview(format: ReviewFormat, input: ReviewInput): string {
  return format === 'json' ? formatReviewJson(input) : formatReviewMarkdown(input);
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const HEADINGS: Readonly<Record<Severity, string>> = { error: '🛑 Errors', warning: '⚠️ Warnings', info: 'ℹ️ Info' };

export function formatReviewMarkdown(input: ReviewInput, limit = COMMENT_LIMIT): string {
  const planActions = input.findings.filter((f) => f.resource !== undefined);
  const others = input.findings.filter((f) => f.resource === undefined);
  const lines: string[] = [REVIEW_MARKER, '## premortem review', '', headline(input), ''];
  if (input.changes) {
    lines.push('### What this plan deletes or replaces', '');
    if (planActions.length === 0) lines.push('Nothing in this plan destroys data or capacity that premortem knows to be at risk.', '');
    for (const f of ordered(planActions, input.cwd))
      lines.push(`- ${severityMark(f.severity)} \`${code(f.resource!)}\`: ${escapeMarkdown(f.message)} (${ruleLink(f)}, ${fileLink(f, input)})`);
    if (planActions.length > 0) lines.push('');
  }
  lines.push(input.comparedWith ? '### New findings' : '### Findings', '');
  if (others.length === 0) lines.push(input.comparedWith ? 'None: this change adds no findings.' : 'None.', '');
  for (const severity of SEVERITIES) {
    const group = ordered(
      others.filter((f) => f.severity === severity),
      input.cwd,
    );
    if (group.length === 0) continue;
    // Info is hygiene: folded, so errors and warnings lead.
    if (severity === 'info') lines.push(`<details><summary>${HEADINGS[severity]} (${group.length})</summary>`, '');
    else lines.push(`#### ${HEADINGS[severity]} (${group.length})`, '');
    for (const f of group) lines.push(`- ${fileLink(f, input)} ${ruleLink(f)}: ${escapeMarkdown(f.message)}`);
    lines.push('', ...(severity === 'info' ? ['</details>', ''] : []));
  }
  if (input.changes) {
    lines.push('### Blast radius of each change', '');
    lines.push(...blastRadiusMarkdown({ changes: input.changes, cwd: input.cwd, version: input.version }), '');
  }
  if (input.drift.length > 0) {
    lines.push('### Environments that disagree', '');
    for (const module of input.drift) lines.push(...driftModuleMarkdown(module, input.cwd, '####'));
    lines.push(DRIFT_LEGEND, '');
  }
  return fitToLimit(lines, `<sub>premortem ${input.version}</sub>`, limit);
}

function headline(input: ReviewInput): string {
  const counts = SEVERITIES.map((severity) => {
    const n = input.findings.filter((f) => f.severity === severity).length;
    return severity === 'info' ? `${n} info` : `${n} ${severity}${n === 1 ? '' : 's'}`;
  }).join(', ');
  const noun = input.comparedWith ? 'new finding' : 'finding';
  const found =
    input.findings.length === 0 ? `✅ **No ${noun}s**` : `**${input.findings.length} ${noun}${input.findings.length === 1 ? '' : 's'}** (${counts})`;
  const compared = input.comparedWith;
  if (!compared) return `${found}.`;
  const parts: string[] = [];
  if (compared.revision) {
    const { name, commit, changedFiles } = compared.revision;
    parts.push(`since \`${code(name)}\` (${commit.slice(0, 12)}), with ${changedFiles} Terraform file${changedFiles === 1 ? '' : 's'} changed`);
  }
  if (compared.baseline !== undefined) parts.push(`beyond the baseline \`${code(compared.baseline)}\``);
  const one = compared.notNew === 1;
  const left =
    compared.notNew > 0 ? `; ${compared.notNew} finding${one ? '' : 's'} that ${one ? 'was' : 'were'} there before ${one ? 'is' : 'are'} not shown` : '';
  return `${found} ${parts.join(' and ')}${left}.`;
}

/**
 * The lines joined, cut where the next line would take the comment past `limit` (closing any folded
 * section left open), with a note that says so, then the footer.
 */
export function fitToLimit(lines: readonly string[], footer: string, limit: number): string {
  const note = (left: number): string =>
    `> [!NOTE]\n> This comment is cut here: ${left} more line${left === 1 ? '' : 's'} would take it past GitHub's limit of ${COMMENT_LIMIT.toLocaleString('en-US')} characters. Run \`premortem review\` for the whole report; code scanning has every finding.`;
  const whole = `${lines.join('\n')}\n${footer}\n`;
  if (whole.length <= limit) return whole;
  const reserve = note(lines.length).length + footer.length + '\n</details>\n'.length * 4 + 8;
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > limit - reserve) break;
    kept.push(line);
    size += line.length + 1;
  }
  let open = 0;
  for (const line of kept) open += (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
  const closing = Array.from({ length: Math.max(0, open) }, () => '</details>');
  return `${[...kept, ...closing, '', note(lines.length - kept.length)].join('\n')}\n\n${footer}\n`;
}

function ordered(findings: readonly Finding[], cwd: string): Finding[] {
  return inReportOrder(findings, cwd);
}

function severityMark(severity: Severity): string {
  return severity === 'error' ? '🛑 **error**' : severity === 'warning' ? '⚠️ **warning**' : 'ℹ️ **info**';
}

function ruleLink(finding: Finding): string {
  return `[\`${code(finding.ruleId)}\`](${docUrl(finding.ruleId)})`;
}

function fileLink(finding: Finding, input: ReviewInput): string {
  const line = finding.range.start.line;
  const label = `\`${code(`${displayPath(finding.file, input.cwd)}:${line}`)}\``;
  if (input.linkBase === undefined) return label;
  const fromTop = path.relative(input.top, finding.file).split(path.sep).map(encodeURIComponent).join('/');
  return `[${label}](${input.linkBase}/${fromTop}#L${line})`;
}

/** Text for inside a code span: a backtick would end it. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/** A message as markdown text: characters markdown or HTML would act on are escaped, and it stays on one line. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

function formatReviewJson(input: ReviewInput): string {
  const json = (f: Finding): object => ({ ...toJsonFinding(f, input.cwd), helpUri: docUrl(f.ruleId) });
  const findings = ordered(input.findings, input.cwd);
  const report = {
    version: input.version,
    ...(input.comparedWith ? { comparedWith: input.comparedWith } : {}),
    findings: findings.filter((f) => f.resource === undefined).map(json),
    planActions: findings.filter((f) => f.resource !== undefined).map(json),
    ...(input.changes
      ? {
          blastRadius: input.changes.map((c) => ({
            address: c.address,
            actions: c.actions,
            dependents: c.dependents,
            findings: ordered(c.findings, input.cwd).map(json),
          })),
        }
      : {}),
    drift: input.drift.map((m) => ({
      dir: displayPath(m.dir, input.cwd) || '.',
      layout: m.layout,
      disagreements: m.variables.flatMap((v) => v.disagreements).map(json),
    })),
    summary: {
      findings: input.findings.length,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, input.findings.filter((f) => f.severity === s).length])),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
