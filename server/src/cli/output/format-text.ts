// Human-readable output in the style of ESLint's "stylish": findings grouped by file (one finding whose
// message repeats at several places in a file is one row with every position), messages wrapped to a
// terminal's width, then a count per rule with its page, and a summary.
import * as path from 'node:path';
import type { Severity } from '../../../../rules/api';
import type { Comparison, Finding, ScanSummary } from '../../core/finding';
import { opaqueCallsSummary, scanNotes } from '../../core/scan-notes';
import { docUrl } from '../../core/doc-url';
import { isDataRuleMeta } from '../../core/data-rules/compile-rule';
import { displayPath, inReportOrder, type FormatInput } from './format-input';

type Style = (text: string) => string;

interface Palette {
  readonly file: Style;
  readonly ruleId: Style;
  readonly severity: Readonly<Record<Severity, Style>>;
  readonly problems: Readonly<Record<Severity, Style>>;
  readonly clean: Style;
}

// Each style closes only what it opened, so styles nest without resetting one another.
const sgr =
  (open: number, close: number): Style =>
  (text) =>
    `\x1b[${open}m${text}\x1b[${close}m`;
const bold = sgr(1, 22);
const red = sgr(31, 39);
const yellow = sgr(33, 39);
const cyan = sgr(36, 39);
const plain: Style = (text) => text;

const COLOURED: Palette = {
  file: sgr(4, 24),
  ruleId: sgr(2, 22),
  severity: { error: red, warning: yellow, info: cyan },
  problems: {
    error: (text) => bold(red(text)),
    warning: (text) => bold(yellow(text)),
    info: (text) => bold(cyan(text)),
  },
  clean: (text) => bold(sgr(32, 39)(text)),
};

const PLAIN: Palette = {
  file: plain,
  ruleId: plain,
  severity: { error: plain, warning: plain, info: plain },
  problems: { error: plain, warning: plain, info: plain },
  clean: plain,
};

interface Row {
  readonly position: string;
  readonly severity: Severity;
  readonly ruleId: string;
  readonly message: string;
}

export function formatText(input: FormatInput): string {
  const palette = input.color ? COLOURED : PLAIN;
  const compared = input.result.comparedWith;
  if (compared?.revision?.changedFiles === 0) return `${palette.clean('✔ No Terraform changed')} since ${printable(revisionName(compared))}\n`;
  const findings = inReportOrder(input.result.findings, input.cwd);
  const byFile = groupByFile(findings, input.cwd);
  const widths = columnWidths([...byFile.values()].flat());
  const blocks: string[] = [];
  for (const [file, rows] of byFile) {
    blocks.push([palette.file(printable(file)), ...rows.map((row) => formatRow(row, widths, palette, input.width))].join('\n'));
  }
  if (findings.length > 0) blocks.push(ruleSummary(findings, palette, input.rules, input.cwd));
  blocks.push(summaryLine(findings, byFile.size, input.result.summary, palette) + (compared ? `\n${printable(comparisonLine(compared))}` : ''));
  for (const note of scanNotes(input.result)) if (note.id !== 'opaque-modules') blocks.push(printable(note.message));
  return blocks.join('\n\n') + '\n';
}

type Widths = Readonly<Record<'position' | 'severity' | 'ruleId', number>>;

// One alignment for the whole report, so columns line up across files too.
function columnWidths(rows: readonly Row[]): Widths {
  const widths = { position: 0, severity: 0, ruleId: 0 };
  for (const row of rows) {
    widths.position = Math.max(widths.position, row.position.length);
    widths.severity = Math.max(widths.severity, row.severity.length);
    widths.ruleId = Math.max(widths.ruleId, row.ruleId.length);
  }
  return widths;
}

// Padding is added outside the colour codes, which take no width on screen.
function formatRow(row: Row, widths: Widths, palette: Palette, width: number | undefined): string {
  const lead =
    `  ${row.position.padEnd(widths.position)}` +
    `  ${palette.severity[row.severity](row.severity)}${' '.repeat(widths.severity - row.severity.length)}` +
    `  ${palette.ruleId(row.ruleId)}${' '.repeat(widths.ruleId - row.ruleId.length)}  `;
  const indent = 2 + widths.position + 2 + widths.severity + 2 + widths.ruleId + 2;
  return lead + wrap(row.message, width, indent);
}

/** Narrower than this, a message column would wrap a few words a line; it then starts on a line of its own. */
const MIN_MESSAGE_WIDTH = 40;

/**
 * The message broken at spaces to fit the terminal, continued under its first line. Not a terminal: one
 * line, so each finding stays one line for grep and CI logs.
 */
function wrap(message: string, width: number | undefined, indent: number): string {
  if (width === undefined || indent + message.length <= width) return message;
  const hanging = width - indent >= MIN_MESSAGE_WIDTH ? indent : 4;
  const room = Math.max(MIN_MESSAGE_WIDTH, width - hanging);
  const lines: string[] = [];
  let line = '';
  for (const word of message.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  const pad = ' '.repeat(hanging);
  return hanging === indent ? lines.join(`\n${pad}`) : `\n${pad}${lines.join(`\n${pad}`)}`;
}

/** How many findings each rule has, most first, each with its page: where to read why it matters. */
function ruleSummary(findings: readonly Finding[], palette: Palette, rules: FormatInput['rules'], cwd: string): string {
  const pageOf = (id: string): string => {
    const meta = rules.find((r) => r.id === id);
    // A rule written as data has no page here: its rule file says what it checks.
    return meta && isDataRuleMeta(meta) ? path.relative(cwd, meta.source) || meta.source : docUrl(id);
  };
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  const rows = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const countWidth = String(rows[0]![1]).length;
  const idWidth = Math.max(...rows.map(([id]) => id.length));
  return rows
    .map(([id, n]) => `  ${String(n).padStart(countWidth)}  ${palette.ruleId(printable(id))}${' '.repeat(idWidth - id.length)}  ${pageOf(id)}`)
    .join('\n');
}

function groupByFile(findings: readonly Finding[], cwd: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const finding of findings) {
    const file = displayPath(finding.file, cwd);
    const group = groups.get(file);
    if (group) group.push(toRow(finding));
    else groups.set(file, [toRow(finding)]);
  }
  for (const [file, rows] of groups) groups.set(file, mergeRepeats(rows));
  return groups;
}

/** Positions one merged row lists before it says how many more there are. */
const MAX_POSITIONS = 4;

/** Rows with the same rule, severity and message become one, at the first position, listing the others. */
function mergeRepeats(rows: readonly Row[]): Row[] {
  const byKey = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.severity}\u0000${row.ruleId}\u0000${row.message}`;
    const same = byKey.get(key);
    if (same) same.push(row);
    else byKey.set(key, [row]);
  }
  return [...byKey.values()].map((same) => {
    if (same.length === 1) return same[0]!;
    const shown = same
      .slice(0, MAX_POSITIONS)
      .map((r) => r.position)
      .join(', ');
    const more = same.length > MAX_POSITIONS ? ` (+${same.length - MAX_POSITIONS} more)` : '';
    return { ...same[0]!, position: same[0]!.position, message: `${same[0]!.message} [${same.length}×: ${shown}${more}]` };
  });
}

function toRow(finding: Finding): Row {
  return {
    position: `${finding.range.start.line}:${finding.range.start.column}`,
    severity: finding.severity,
    ruleId: printable(finding.ruleId),
    message: printable(finding.message),
  };
}

// Counts come from the findings shown, not from the summary, so the total always matches the lines above.
function summaryLine(findings: readonly Finding[], fileCount: number, summary: ScanSummary, palette: Palette): string {
  const opaque = summary.opaqueModuleCalls ? ` · ${opaqueCallsSummary(summary.opaqueModuleCalls)}` : '';
  const scanned = `${count(summary.modules, 'module')}, ${count(summary.files, 'file')} ` + `scanned in ${Math.round(summary.durationMs)} ms${opaque}`;
  if (findings.length === 0) return `${palette.clean('✔ No problems')} · ${scanned}`;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const infos = findings.length - errors - warnings;
  const worst: Severity = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'info';
  const problems =
    `✖ ${count(findings.length, 'problem')} ` + `(${count(errors, 'error')}, ${count(warnings, 'warning')}, ${infos} info) in ${count(fileCount, 'file')}`;
  return `${palette.problems[worst](problems)} · ${scanned}`;
}

function revisionName(compared: Comparison): string {
  const revision = compared.revision!;
  return revision.commit.startsWith(revision.name) ? revision.name.slice(0, 12) : `${revision.name} (${revision.commit.slice(0, 12)})`;
}

/** Says what the report left out, so a clean "new findings" run is not mistaken for a clean configuration. */
function comparisonLine(compared: Comparison): string {
  const had = [
    ...(compared.revision ? [`${revisionName(compared)} already had`] : []),
    ...(compared.baseline !== undefined ? [`the baseline ${compared.baseline} holds`] : []),
  ].join(' or ');
  const changed = compared.revision ? ` (${count(compared.revision.changedFiles, 'Terraform file')} changed since)` : '';
  return `Only new findings are shown: ${count(compared.notNew, 'finding')} that ${had} ${compared.notNew === 1 ? 'is' : 'are'} left out${changed}.`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// Messages quote configuration values; a control character in one must not move the cursor or restyle
// the terminal, nor break the one-finding-per-line layout.
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
