// Regular expressions in rule files use RE2 syntax, as Terraform's regex() does, through re2js: linear
// time whatever the pattern, so a rule file cannot stall a lint.
import { RE2JS } from 're2js';

export interface CompiledRe2 {
  readonly pattern?: RE2JS;
  readonly problem?: string;
}

const compiled = new Map<string, CompiledRe2>();

export function compileRe2(source: string): CompiledRe2 {
  let result = compiled.get(source);
  if (!result) {
    try {
      result = { pattern: RE2JS.compile(source) };
    } catch (thrown) {
      result = { problem: (thrown as Error).message.replace(/^error parsing regexp: /, '') };
    }
    compiled.set(source, result);
  }
  return result;
}

/** Whether the pattern matches somewhere in the text (as Terraform's regex() searches). */
export function re2Finds(source: string, text: string): boolean {
  return compileRe2(source).pattern!.matcher(text).find();
}

/** The first group of the first match, or the whole match when the pattern has no group. */
export function re2Extract(source: string, text: string): string | undefined {
  const matcher = compileRe2(source).pattern!.matcher(text);
  if (!matcher.find()) return undefined;
  return matcher.groupCount() >= 1 ? (matcher.group(1) ?? undefined) : (matcher.group() ?? undefined);
}
