// Text to syntax tree, for every file format the engine reads. Parsing never throws: problems become
// the file's `errors`, and the tree holds everything that could still be understood.
import type { Body, Comment, ParseError, SourceFile } from '../../../rules/api';
import { fileWithProblem, nonTextProblem } from './file-problems';
import { lex, releaseTokens } from './hcl/lexer';
import { LineMap, startOffset } from './hcl/line-map';
import { Parser } from './hcl/parser';
import { toParseErrors } from './parse-errors';
import { parseJsonConfig } from './json/json-config';

const NO_ERRORS: readonly ParseError[] = [];

/** A file that is not text (binary, git-crypt, not UTF-8) is one problem, not hundreds of syntax errors. */
let parsed = 0;

/** How many files this process has parsed (`scan --cache --debug` says so: a tree the cache held parses nothing). */
export function filesParsed(): number {
  return parsed;
}

export function parseFile(path: string, text: string): SourceFile {
  parsed++;
  const notText = nonTextProblem(text);
  if (notText !== undefined) return fileWithProblem(path, text, 'not-text', notText);
  return path.endsWith('.json') ? parseJsonConfig(path, text) : parseHcl(path, text);
}

export function parseHcl(path: string, text: string): SourceFile {
  const lines = new LineMap(text);
  const lexed = lex(text);
  let output = new Parser(text, lexed, lines, path, false).parseFile();
  let usedLex = lexed;
  let guidedLex: ReturnType<typeof lex> | undefined;
  if (output.errors.length + lexed.errors.length > 0) {
    // A second pass lets indentation decide where unclosed brackets end, so one typo does not swallow
    // the rest of the file. It wins unless it finds more problems than the strict pass, or if it rescues
    // intact top-level blocks the strict pass swallowed (which then never had a chance to report theirs).
    guidedLex = lex(text, { guided: true });
    const guided = new Parser(text, guidedLex, lines, path, true).parseFile();
    if (
      guided.errors.length + guidedLex.errors.length <= output.errors.length + lexed.errors.length ||
      intactBlocksOnlyIn(guided.body, output.body) > intactBlocksOnlyIn(output.body, guided.body)
    ) {
      output = guided;
      usedLex = guidedLex;
    }
  }
  // The trees hold no reference to the tokens, so their arrays can serve the next file.
  releaseTokens(lexed.tokens);
  if (guidedLex) releaseTokens(guidedLex.tokens);
  const comments: Comment[] = usedLex.comments.map((c) => ({ text: text.slice(c.start, c.end), range: lines.range(c.start, c.end) }));
  const errors = usedLex.errors.length + output.errors.length === 0 ? NO_ERRORS : toParseErrors([...usedLex.errors, ...output.errors], lines);
  return { path, text, format: 'hcl', body: output.body, comments, errors };
}

/** Undamaged top-level blocks of `body` that start where no top-level item of `other` starts. */
function intactBlocksOnlyIn(body: Body, other: Body): number {
  const starts = new Set(other.items.map((item) => startOffset(item.range)));
  let count = 0;
  for (const block of body.blocks) if (!block.damaged && !starts.has(startOffset(block.range))) count++;
  return count;
}
