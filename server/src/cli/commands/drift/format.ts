// `premortem drift --format text|json|markdown`: the report as a matrix per module (variables by
// environments), the disagreements marked in the cells of the environment that differs and listed below.
import type { Severity, Value } from '../../../../../rules/api';
import type { Finding } from '../../../core/finding';
import type { DriftFormat } from './options';
import { disagreeingOnly, driftFindings, relativePath, type DriftCell, type DriftModule, type DriftReport } from './report';

export interface DriftFormatInput {
  readonly report: DriftReport;
  readonly cwd: string;
  readonly version: string;
  /** Text and markdown: every module and variable (`--all`), not only those that disagree. JSON always has all. */
  readonly all?: boolean;
}

const LAYOUT_NAMES: Readonly<Record<DriftModule['layout'], string>> = {
  'var-file': 'var files',
  'module-call': 'module calls',
  terragrunt: 'Terragrunt inputs',
  config: 'var files named in .premortem.json',
};

const MISSING = '—';
const UNKNOWN_TEXT = '?';

function shortValue(value: Value, max = 24): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === null || typeof value !== 'object') text = String(value);
  else if (Array.isArray(value)) {
    const items = (value as readonly Value[]).map((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '…'));
    text = `[${items.join(', ')}]`;
    if (text.length > max) text = `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  } else {
    const keys = Object.keys(value);
    text = `{${keys.length} key${keys.length === 1 ? '' : 's'}}`;
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cellText(cell: DriftCell): string {
  if (cell.state === 'missing') return MISSING;
  const text = cell.state === 'unknown' ? UNKNOWN_TEXT : shortValue(cell.value);
  return cell.inherited ? `${text}*` : text;
}

/** Environments with a disagreement about a variable (the environment named in each finding). */
function flagged(disagreements: readonly Finding[]): Set<string> {
  return new Set(disagreements.map((f) => String(f.data?.['environment'] ?? '')));
}

function counts(findings: readonly Finding[]): Record<Severity, number> {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  return bySeverity;
}

function location(finding: Finding, cwd: string): string {
  return `${relativePath(finding.file, cwd)}:${finding.range.start.line}:${finding.range.start.column}`;
}

function summaryLine(report: DriftReport): string {
  const findings = driftFindings(report);
  const c = counts(findings);
  const modules = `${report.modules.length} module${report.modules.length === 1 ? '' : 's'} with environments`;
  if (findings.length === 0) return `No disagreements · ${modules}`;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(findings.length, 'disagreement')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) · ${modules}`;
}

/** What text and markdown show: by default only the rows that disagree, since agreeing rows are most of a large workspace. */
function shownModules(input: DriftFormatInput): readonly DriftModule[] {
  return input.all ? input.report.modules : disagreeingOnly(input.report.modules);
}

/** Says what the default view left out, and how to see it. */
function hiddenNote(input: DriftFormatInput, shown: readonly DriftModule[]): string | undefined {
  const rows = (modules: readonly DriftModule[]): number => modules.reduce((n, m) => n + m.variables.length, 0);
  const hiddenRows = rows(input.report.modules) - rows(shown);
  if (input.all || hiddenRows === 0) return undefined;
  return `${hiddenRows} variable${hiddenRows === 1 ? '' : 's'} on which the environments agree ${hiddenRows === 1 ? 'is' : 'are'} not shown (premortem drift --all shows every row).`;
}

// ---------------------------------------------------------------------------------------------
// Text

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function formatDriftText(input: DriftFormatInput): string {
  const { report, cwd } = input;
  const out: string[] = [];
  const shown = shownModules(input);
  for (const module of shown) {
    const envs = module.environments.map((e) => e.name);
    out.push(`${relativePath(module.dir, cwd)} (${LAYOUT_NAMES[module.layout]})`);
    const nameWidth = Math.max(...envs.map((e) => [...e].length));
    for (const e of module.environments) {
      out.push(`  ${pad(e.name, nameWidth)}  ${e.files.map((f) => relativePath(f, cwd)).join(' + ')}${e.complete ? '' : ' (may get more values elsewhere)'}`);
      if (e.note !== undefined) out.push(`  ${pad('', nameWidth)}  ${e.note}`);
    }
    out.push('');
    const rows = module.variables.map((v) => {
      const marks = flagged(v.disagreements);
      return [v.name, ...envs.map((env) => cellText(v.values[env]!) + (marks.has(env) ? ' !' : ''))];
    });
    const header = ['variable', ...envs];
    const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)));
    if (rows.length === 0) out.push('  (the environments set no variable in these files)');
    else
      for (const row of [header, ...rows])
        out.push(
          `  ${row
            .map((c, i) => pad(c, widths[i]!))
            .join('  ')
            .trimEnd()}`,
        );
    const disagreements = module.variables.flatMap((v) => v.disagreements);
    if (disagreements.length > 0) out.push('');
    for (const f of disagreements) out.push(`  ! ${location(f, cwd)}  ${f.severity}  ${f.message}`);
    out.push('');
  }
  for (const f of report.otherFindings) out.push(`! ${location(f, cwd)}  ${f.severity}  ${f.message}`);
  const hidden = hiddenNote(input, shown);
  if (hidden) out.push(hidden);
  if (shown.length > 0)
    out.push(
      `Legend: ${MISSING} not set  ${UNKNOWN_TEXT} not known before apply  * set by a file every environment loads  ! disagreement (listed below its table)`,
    );
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

export function formatDriftMarkdown(input: DriftFormatInput): string {
  const { report, cwd } = input;
  const out: string[] = ['## premortem: environment drift', ''];
  if (report.modules.length === 0) {
    out.push('No module with environments was found.', '');
  }
  const shown = shownModules(input);
  for (const module of shown) out.push(...driftModuleMarkdown(module, cwd, '###'));
  for (const f of report.otherFindings) out.push(`- ⚠️ **${f.severity}** \`${location(f, cwd)}\`: ${escapeCell(f.message)}`);
  const hidden = hiddenNote(input, shown);
  if (hidden) out.push(hidden, '');
  if (shown.length > 0) out.push(DRIFT_LEGEND, '');
  out.push(`**${summaryLine(report)}**`);
  return `${out.join('\n')}\n`;
}

export const DRIFT_LEGEND = `${MISSING} not set · ${UNKNOWN_TEXT} not known before apply · \\* set by a file every environment loads · ⚠️ the environment that differs`;

/** One module's matrix, its disagreements listed below it, and which files each environment is. */
export function driftModuleMarkdown(module: DriftModule, cwd: string, heading: string): string[] {
  const out: string[] = [];
  const envs = module.environments.map((e) => e.name);
  out.push(`${heading} \`${relativePath(module.dir, cwd)}\` (${LAYOUT_NAMES[module.layout]})`, '');
  if (module.variables.length === 0) out.push('The environments set no variable in these files.');
  else {
    out.push(`| variable | ${envs.map(escapeCell).join(' | ')} |`);
    out.push(`| --- |${envs.map(() => ' --- |').join('')}`);
  }
  for (const v of module.variables) {
    const marks = flagged(v.disagreements);
    const cells = envs.map((env) => {
      const cell = v.values[env]!;
      const text = cell.state === 'set' ? `\`${escapeCell(cellText(cell))}\`` : escapeCell(cellText(cell));
      return marks.has(env) ? `⚠️ **${text}**` : text;
    });
    out.push(`| \`${escapeCell(v.name)}\` | ${cells.join(' | ')} |`);
  }
  out.push('');
  const disagreements = module.variables.flatMap((v) => v.disagreements);
  for (const f of disagreements) out.push(`- ⚠️ **${f.severity}** \`${location(f, cwd)}\`: ${escapeCell(f.message)}`);
  if (disagreements.length > 0) out.push('');
  out.push(
    `<sub>Files: ${module.environments.map((e) => `${escapeCell(e.name)} = ${e.files.map((f) => `\`${relativePath(f, cwd)}\``).join(' + ')}`).join('; ')}</sub>`,
    '',
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** UNKNOWN cannot appear in a cell (such values are `unknown`), so a value maps to JSON as it is. */
function jsonCell(cell: DriftCell, cwd: string): object {
  if (cell.state === 'missing') return { state: 'missing' };
  const where = { inherited: cell.inherited, file: relativePath(cell.file, cwd), line: cell.line };
  return cell.state === 'unknown' ? { state: 'unknown', ...where } : { state: 'set', value: cell.value, ...where };
}

function jsonFinding(f: Finding, cwd: string): object {
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    environment: f.data?.['environment'],
    message: f.message,
    file: relativePath(f.file, cwd),
    range: { start: { line: f.range.start.line, column: f.range.start.column }, end: { line: f.range.end.line, column: f.range.end.column } },
  };
}

export function formatDriftJson(input: DriftFormatInput): string {
  const { report, cwd } = input;
  const findings = driftFindings(report);
  const json = {
    version: input.version,
    modules: report.modules.map((m) => ({
      dir: relativePath(m.dir, cwd),
      layout: m.layout,
      environments: m.environments.map((e) => ({
        name: e.name,
        kind: e.kind,
        files: e.files.map((f) => relativePath(f, cwd)),
        complete: e.complete,
        ...(e.note !== undefined ? { note: e.note } : {}),
      })),
      variables: m.variables.map((v) => ({
        name: v.name,
        ...(v.declared !== undefined ? { declared: v.declared } : {}),
        required: v.required,
        ...(v.sensitive ? { sensitive: true } : {}),
        values: Object.fromEntries(Object.entries(v.values).map(([env, cell]) => [env, jsonCell(cell, cwd)])),
        disagreements: v.disagreements.map((f) => jsonFinding(f, cwd)),
      })),
    })),
    otherFindings: report.otherFindings.map((f) => jsonFinding(f, cwd)),
    summary: { modules: report.modules.length, disagreements: findings.length, bySeverity: counts(findings) },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function formatDrift(format: DriftFormat, input: DriftFormatInput): string {
  return format === 'json' ? formatDriftJson(input) : format === 'markdown' ? formatDriftMarkdown(input) : formatDriftText(input);
}
