// `premortem scan --format <name>`: picks the formatter that turns a scan result into output text.
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import type { FormatInput } from './format-input';

export type { FormatInput } from './format-input';

export type FormatName = 'text' | 'json' | 'sarif';

export const FORMAT_NAMES: readonly FormatName[] = ['text', 'json', 'sarif'];

const FORMATTERS: Readonly<Record<FormatName, (input: FormatInput) => string>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
};

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

export function formatResult(name: FormatName, input: FormatInput): string {
  return FORMATTERS[name](input);
}
