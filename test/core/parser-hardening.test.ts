// Parser points from issue #17, each against the behaviour of HashiCorp's parser (file names cited; the
// inputs are ours): deep block nesting, the wording of block messages, NFC string literals, and JSON of
// the wrong shape kept apart from JSON syntax errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block, Expression, SourceFile } from '../../rules/api';
import { MAX_NESTING } from '../../server/src/core/hcl/parser';
import { parseFile } from '../../server/src/core/parse';
import { treeProblems } from '../support/tree-check';

/** `levels` blocks inside one another, each with an argument holding an interpolation and an object. */
function nestedBlocks(levels: number): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${'  '.repeat(i)}level "l${i}" {\n${'  '.repeat(i + 1)}tags = { name = "\${var.prefix}-${i}" }\n`;
  for (let i = levels - 1; i >= 0; i--) text += `${'  '.repeat(i)}}\n`;
  return text;
}

function depthOf(file: SourceFile): number {
  let depth = 0;
  for (let block: Block | undefined = file.body.blocks[0]; block; block = block.body.blocks[0]) depth++;
  return depth;
}

// hcl specsuite/tests/structure/blocks: nested blocks are plain structure, however deep. HCL sets no limit;
// ours (MAX_NESTING) keeps the recursion off the end of the stack.
test(`${MAX_NESTING} levels of valid nested blocks, each with an expression, parse without an error`, () => {
  const file = parseFile('/test/deep.tf', nestedBlocks(MAX_NESTING));
  assert.deepEqual(
    file.errors.map((e) => e.message),
    [],
  );
  assert.equal(depthOf(file), MAX_NESTING);
  assert.deepEqual(treeProblems(file), []);
});

test('blocks nested beyond the limit are one clear "nested too deeply" error, not a brace error per level', () => {
  for (const levels of [MAX_NESTING + 1, 1_000]) {
    const file = parseFile('/test/deep.tf', nestedBlocks(levels) + 'after = 1\n');
    assert.deepEqual(
      file.errors.map((e) => e.message),
      [`Blocks are nested too deeply here (more than ${MAX_NESTING} levels).`],
      `${levels} levels`,
    );
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['after'],
      'what follows still parses',
    );
  }
});

// The block type is quoted, so a type named like an English word still reads: not `This a block ...` or
// `This block block ...` (hcl hclsyntax/parser_test.go names the block type in its diagnostics too).
test('messages about a block quote its type', () => {
  const unclosed = parseFile('/test/main.tf', 'block {\n  a = 1\n');
  assert.equal(unclosed.errors[0]!.message, 'This "block" block has no closing brace "}".');
  const badLabel = parseFile('/test/main.tf', 'a "x" [ {\n}\n');
  assert.equal(badLabel.errors[0]!.message, 'Expected a quoted label or "{" for this "a" block, but found "[".');
});

// hcl specsuite/tests/expressions/primitive_literals.hcl (string_unicode_nonnorm): a string literal's value
// is in Unicode Normalization Form C, whatever form the file wrote it in.
test('string literals, labels, templates and heredocs are NFC-normalised; ranges still cover the source', () => {
  const decomposed = 'an\u0303os'; // "años" with n + combining tilde
  const text = `resource "x" "${decomposed}" {\n  quoted   = "${decomposed}"\n  escaped  = "${decomposed}\\n"\n  template = "\${x}-${decomposed}"\n  heredoc  = <<EOT\n${decomposed}\nEOT\n  indented = <<-EOT\n    ${decomposed} \${x}\n    EOT\n}\n`;
  const file = parseFile('/test/main.tf', text);
  assert.deepEqual(file.errors, []);
  const block = file.body.blocks[0]!;
  assert.equal(block.labels[1], 'años');
  const value = (name: string): Expression => block.body.attributes.find((a) => a.name === name)!.expr;
  assert.deepEqual(value('quoted'), { ...value('quoted'), kind: 'literal', value: 'años' });
  assert.equal((value('escaped') as { value: string }).value, 'años\n');
  const template = value('template') as Extract<Expression, { kind: 'template' }>;
  assert.deepEqual(
    template.parts.filter((p) => p.kind === 'text').map((p) => (p as { value: string }).value),
    ['-años'],
  );
  assert.equal((value('heredoc') as { value: string }).value, 'años\n');
  const indented = value('indented') as Extract<Expression, { kind: 'template' }>;
  assert.equal((indented.parts[0] as { value: string }).value, 'años ');
  const quoted = value('quoted');
  assert.equal(text.slice(quoted.range.start.offset, quoted.range.end.offset), `"${decomposed}"`);
});
