// Turns what a rule reported into a Finding: the range to underline, the message, related locations,
// and suggestions and fixes as verified text edits (an edit that would leave a file that no longer
// parses, or that overlaps itself, is dropped).
import {
  isRange,
  type Block,
  type Fixer,
  type Node,
  type Range,
  type RelatedLocation,
  type RuleMeta,
  type Severity,
  type SourceFile,
  type TextEdit,
} from '../../../../rules/api';
import { applyEdits } from './apply-edits';
import type { Finding, RelatedInformation, SuggestionResult } from '../finding';
import { FixError, TextFixer } from './fixer';
import { formatMessage } from './message';
import { parseFile } from '../parse';
import type { RawReport } from './rule-context';

export class RuleContractError extends Error {}

export interface ConversionContext {
  readonly fileOf: (path: string) => SourceFile | undefined;
  /** The user's severity for the rule, if configured. */
  readonly configuredSeverity: Severity | undefined;
}

/** Where to underline: an expression or argument as is; a block by its header, never the whole block. */
export function rangeOf(at: Node | Range): Range {
  if (isRange(at)) return at;
  if ('node' in at && at.node === 'block') return at.headerRange;
  return at.range;
}

function fileOfNode(at: Node | Range, explicit: string | undefined, current: Block | undefined): string {
  if (!isRange(at)) return at.file;
  const file = explicit ?? current?.file;
  if (file === undefined) throw new RuleContractError('a report at a bare Range in checkModule must name its file');
  return file;
}

/** The report is about something missing from a block whose syntax is broken: not trustworthy. */
export function isAboutDamagedBlock(raw: RawReport): boolean {
  const at = raw.descriptor.at;
  return !isRange(at) && 'node' in at && at.node === 'block' && at.damaged;
}

export function toFinding(raw: Pick<RawReport, 'rule' | 'descriptor' | 'block'>, context: ConversionContext): Finding {
  const { rule, descriptor } = raw;
  const meta = rule.meta as RuleMeta;
  const template = meta.messages[descriptor.messageId];
  if (template === undefined) throw new RuleContractError(`${meta.id} reported an unknown message id "${descriptor.messageId}"`);
  const file = fileOfNode(descriptor.at, descriptor.file, raw.block);
  const finding: {
    -readonly [K in keyof Finding]: Finding[K];
  } = {
    ruleId: meta.id,
    severity: context.configuredSeverity ?? descriptor.severity ?? meta.severity,
    message: formatMessage(template, descriptor.data),
    messageId: descriptor.messageId,
    file,
    range: rangeOf(descriptor.at),
  };
  if (descriptor.data && Object.keys(descriptor.data).length > 0) finding.data = descriptor.data;
  if (descriptor.related && descriptor.related.length > 0) {
    finding.related = descriptor.related.map((r) => toRelated(r, file));
  }
  if (descriptor.suggest && descriptor.suggest.length > 0) {
    if (meta.fixable === 'none') throw new RuleContractError(`${meta.id} offers suggestions but declares fixable "none"`);
    const suggestions: SuggestionResult[] = [];
    for (const suggestion of descriptor.suggest) {
      const suggestionTemplate = meta.messages[suggestion.messageId];
      if (suggestionTemplate === undefined) throw new RuleContractError(`${meta.id} suggested an unknown message id "${suggestion.messageId}"`);
      const edits = verifiedEdits(suggestion.edits, file, context);
      if (edits) suggestions.push({ messageId: suggestion.messageId, message: formatMessage(suggestionTemplate, suggestion.data), edits });
    }
    if (suggestions.length > 0) finding.suggestions = suggestions;
  }
  if (descriptor.fix) {
    if (meta.fixable !== 'safe')
      throw new RuleContractError(`${meta.id} reported a fix but declares fixable "${meta.fixable}"; plan-changing edits must be suggestions`);
    const edits = verifiedEdits(descriptor.fix, file, context);
    if (edits) finding.fix = edits;
  }
  return finding;
}

function toRelated(related: RelatedLocation, fallbackFile: string): RelatedInformation {
  const at = related.at;
  const file = isRange(at) ? (related.file ?? fallbackFile) : at.file;
  return { file, range: rangeOf(at), message: related.message };
}

/** Runs a rule's edit function and keeps the result only if every edited file still parses as well as before. */
function verifiedEdits(produce: (fixer: Fixer) => void, file: string, context: ConversionContext): TextEdit[] | undefined {
  const fixer = new TextFixer(context.fileOf, file);
  let edits: TextEdit[];
  try {
    produce(fixer);
    edits = fixer.finish();
  } catch (error) {
    if (error instanceof FixError) return undefined;
    throw error;
  }
  if (edits.length === 0) return undefined;
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  for (const [path, fileEdits] of byFile) {
    const original = context.fileOf(path);
    if (!original) return undefined;
    const edited = parseFile(path, applyEdits(original.text, fileEdits));
    if (edited.errors.length > original.errors.length) return undefined;
  }
  return edits;
}
