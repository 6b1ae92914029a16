// Where a key or value of a rule file is written, from the YAML parser's source ranges (JSON is parsed as
// YAML too, so both formats name lines and columns the same way).
import { isMap, isNode, isSeq, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { KeyPath } from './rule-file-error';

export interface Located {
  readonly line: number;
  readonly column: number;
}

export interface ParsedRuleText {
  readonly value: unknown;
  readonly positions: SourcePositions;
  /** The first syntax error, if the text does not parse. */
  readonly syntaxError?: { readonly message: string } & Located;
}

export class SourcePositions {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The value at `at`, or the nearest written ancestor; with `key`, that key's own position in the map at `at`. */
  of(at: KeyPath, key?: string): Located {
    let node: unknown = this.document.contents;
    let found = node;
    for (const part of at) {
      node = isMap(node) || isSeq(node) ? node.get(part, true) : undefined;
      if (!isNode(node)) break;
      found = node;
    }
    if (key !== undefined && isMap(found)) {
      const pair = found.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
      if (pair && isNode(pair.key) && pair.key.range) return this.position(pair.key.range[0]);
    }
    return isNode(found) && found.range ? this.position(found.range[0]) : { line: 1, column: 1 };
  }

  private position(offset: number): Located {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

export function parseRuleText(text: string): ParsedRuleText {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const positions = new SourcePositions(document, lines);
  const error = document.errors[0];
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    return {
      value: undefined,
      positions,
      syntaxError: { message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), line, column: col },
    };
  }
  try {
    // Aliases let a rule repeat a condition; the cap stops a tiny file from expanding enormously.
    return { value: document.toJS({ maxAliasCount: 100 }), positions };
  } catch (thrown) {
    return { value: undefined, positions, syntaxError: { message: (thrown as Error).message.split('\n')[0]!, line: 1, column: 1 } };
  }
}
