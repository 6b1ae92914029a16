// Inputs built to break a parser: deep nesting, endless chains, unclosed everything, binary noise and a
// very large file. Each must return (no throw, no stack overflow), bound its errors and leave a
// well-formed tree. Speed is measured by `npm run bench`, not here; the timeouts only guard against hangs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SourceFile } from '../../rules/api';
import { parseJsonConfig } from '../../server/src/core/json/json-config';
import { parseFile, parseHcl } from '../../server/src/core/parse';
import { MAX_ERRORS_PER_FILE } from '../../server/src/core/parse-errors';
import { outline } from '../support/hcl-sketch';
import { binaryNoise, createRandom } from '../support/mutations';
import { treeProblems } from '../support/tree-check';

const HANG_GUARD = { timeout: 20_000 };
const NOISE_SEED = 7;

/** The parsers themselves: parseFile would stop binary noise before them, and they must survive it anyway. */
function survive(text: string, path = '/test/stress.tf'): SourceFile {
  const file = path.endsWith('.json') ? parseJsonConfig(path, text) : parseHcl(path, text);
  assert.ok(file.errors.length <= MAX_ERRORS_PER_FILE + 1, `${file.errors.length} errors`);
  assert.deepEqual(treeProblems(file), []);
  return file;
}

function messages(file: SourceFile): string {
  return file.errors.map((e) => e.message).join(' | ');
}

/** An attribute holding `expression`, followed by one that must survive. */
function attributeThenAnother(expression: string): string {
  return `a = ${expression}\nafter = 1\n`;
}

describe('deep nesting', () => {
  const N = 10_000;
  const cases: readonly { name: string; expression: string }[] = [
    { name: `${N} nested "[" closed`, expression: '['.repeat(N) + ']'.repeat(N) },
    { name: `${N} nested "[" unclosed`, expression: '['.repeat(N) },
    { name: `${N} nested "(" closed`, expression: '('.repeat(N) + '1' + ')'.repeat(N) },
    { name: `${N} nested "(" unclosed`, expression: '('.repeat(N) },
    { name: `${N} nested "{" closed`, expression: '{ a = '.repeat(N) + '1' + ' }'.repeat(N) },
    { name: `${N} nested "{" unclosed`, expression: '{'.repeat(N) },
    { name: `${N} nested calls unclosed`, expression: 'f('.repeat(N) },
    { name: `${N / 2} nested templates`, expression: '"${'.repeat(N / 2) + 'x' + '}"'.repeat(N / 2) },
    { name: `${N / 2} nested for expressions`, expression: '[for x in '.repeat(N / 2) + 'y' + ' : x]'.repeat(N / 2) },
    { name: `${N / 2} nested conditionals`, expression: 'x ? '.repeat(N / 2) + '1' + ' : 2'.repeat(N / 2) },
    { name: '20,000 "!"', expression: '!'.repeat(20_000) + 'x' },
    { name: '20,000 "-"', expression: '-'.repeat(20_000) + '1' },
  ];
  for (const c of cases) {
    test(`${c.name}: reported once, and the next attribute survives`, HANG_GUARD, () => {
      const file = survive(attributeThenAnother(c.expression));
      assert.ok(file.errors.length >= 1 && file.errors.length <= 3, messages(file));
      assert.match(file.errors[0]!.message, /nested too deeply/);
      assert.deepEqual(
        file.body.attributes.map((a) => a.name),
        ['a', 'after'],
      );
    });
  }

  test('5,000 unclosed "${" in a string', HANG_GUARD, () => {
    const file = survive('a = "' + '${'.repeat(5_000) + '\nafter = 1\n');
    assert.ok(file.errors.length >= 1);
    assert.ok(file.body.attributes.some((a) => a.name === 'a'));
  });

  test('5,000 nested "%{if}" without "%{endif}"', HANG_GUARD, () => {
    const file = survive('a = "' + '%{if x}'.repeat(5_000) + '"\nafter = 1\n');
    assert.match(file.errors[0]!.message, /"if" directive/);
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['a', 'after'],
    );
  });

  test('5,000 nested "%{if}" in a heredoc', HANG_GUARD, () => {
    const file = survive('a = <<EOT\n' + '%{if x}\n'.repeat(5_000) + 'EOT\nafter = 1\n');
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['a', 'after'],
    );
  });

  test('5,000 nested blocks, closed', HANG_GUARD, () => {
    const depth = 5_000;
    const text = Array.from({ length: depth }, (_, i) => `${' '.repeat(i % 40)}b${i} {\n`).join('') + '}\n'.repeat(depth) + 'after = 1\n';
    const file = survive(text);
    assert.match(messages(file), /nested too deeply/);
    assert.equal(file.body.blocks[0]!.type, 'b0');
  });

  test('5,000 nested blocks, unclosed', HANG_GUARD, () => {
    const file = survive('b {\n'.repeat(5_000));
    assert.ok(file.errors.length >= 1);
  });
});

describe('long flat input', () => {
  test('a 100,000-operand "+" chain', HANG_GUARD, () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => `x${i}`).join(' + ');
    const file = survive(attributeThenAnother(chain));
    assert.equal(file.errors.length, 1, messages(file));
    assert.match(file.errors[0]!.message, /too many operators/);
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['a', 'after'],
    );
  });

  test('a 1,000-operand chain is fine and left-associative', HANG_GUARD, () => {
    const file = survive(attributeThenAnother(Array.from({ length: 1_000 }, (_, i) => `x${i}`).join(' - ')));
    assert.deepEqual(file.errors, []);
    const expr = file.body.attributes[0]!.expr;
    assert.ok(expr.kind === 'binary' && expr.right.kind === 'variable' && expr.right.name === 'x999');
  });

  test('100,000 attribute steps and 50,000 indexes', HANG_GUARD, () => {
    assert.deepEqual(survive(attributeThenAnother('x' + '.y'.repeat(100_000))).errors, []);
    assert.deepEqual(survive(attributeThenAnother('x' + '[0]'.repeat(50_000))).errors, []);
  });

  test('a 200,000-item tuple', HANG_GUARD, () => {
    assert.deepEqual(survive(attributeThenAnother('[' + '1,'.repeat(200_000) + ']')).errors, []);
  });

  test('100,000 block labels', HANG_GUARD, () => {
    const file = survive('resource ' + '"x" '.repeat(100_000) + '{\n}\n');
    assert.equal(file.body.blocks[0]!.labels.length, 100_000);
  });

  test('100,000 "/*" without a newline', HANG_GUARD, () => {
    survive('/*'.repeat(100_000));
  });

  test('a million empty lines', HANG_GUARD, () => {
    assert.deepEqual(
      survive('\n'.repeat(1_000_000) + 'a = 1\n').body.attributes.map((a) => a.name),
      ['a'],
    );
  });
});

describe('unclosed constructs by the thousand', () => {
  test('3,000 unclosed heredocs', HANG_GUARD, () => {
    const file = survive('a = <<EOT\n'.repeat(3_000));
    assert.match(file.errors[0]!.message, /heredoc/);
  });

  test('3,000 attributes each opening a heredoc that never closes', HANG_GUARD, () => {
    survive(Array.from({ length: 3_000 }, (_, i) => `a${i} = <<EOT${i}\ntext\n`).join(''));
  });

  test('100,000 quotes', HANG_GUARD, () => {
    survive('"'.repeat(100_000));
  });

  test('10,000 "{" at the top level', HANG_GUARD, () => {
    survive('{'.repeat(10_000));
    survive('{'.repeat(10_000) + '}'.repeat(10_000));
  });
});

describe('garbage and size', () => {
  test(`200 KB of binary noise (seed ${NOISE_SEED})`, HANG_GUARD, () => {
    const noise = binaryNoise(createRandom(NOISE_SEED), 200 * 1024);
    const file = survive(noise);
    assert.equal(file.errors.length, MAX_ERRORS_PER_FILE + 1);
  });

  test(`200 KB of binary noise through parseFile is one non-text problem (seed ${NOISE_SEED})`, HANG_GUARD, () => {
    const file = parseFile('/test/stress.tf', binaryNoise(createRandom(NOISE_SEED), 200 * 1024));
    assert.deepEqual(
      file.errors.map((e) => e.kind),
      ['not-text'],
    );
  });

  test(`200 KB of binary noise as .tf.json (seed ${NOISE_SEED})`, HANG_GUARD, () => {
    survive(binaryNoise(createRandom(NOISE_SEED), 200 * 1024), '/test/stress.tf.json');
  });

  test('noise between real blocks does not take them down', HANG_GUARD, () => {
    const block = (name: string): string => `resource "aws_s3_bucket" "${name}" {\n  bucket = "${name}"\n}\n`;
    const noise = binaryNoise(createRandom(NOISE_SEED), 2_000).replace(/[{}[\]()"<]/g, '.');
    const file = survive(block('first') + '\n' + noise + '\n\n' + block('last'));
    const items = outline(file.body);
    assert.equal(items[0], 'resource "aws_s3_bucket" "first" {bucket="first"}');
    assert.equal(items[items.length - 1], 'resource "aws_s3_bucket" "last" {bucket="last"}');
  });

  test('a 2 MB file of repeated real-looking blocks', HANG_GUARD, () => {
    const block = (i: number): string =>
      [
        `resource "aws_s3_bucket" "b${i}" {`,
        `  bucket = "logs-\${var.env}-${i}"`,
        `  count  = var.enabled ? 1 : 0`,
        `  tags = merge(local.tags, {`,
        `    Name = "b${i}"`,
        `  })`,
        `  dynamic "rule" {`,
        `    for_each = { for k, v in var.rules : k => v if v.enabled }`,
        `    content {`,
        `      id = rule.key`,
        `    }`,
        `  }`,
        `  lifecycle {`,
        `    prevent_destroy = true`,
        `  }`,
        `}`,
        ``,
      ].join('\n');
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 2 * 1024 * 1024; i++) {
      parts.push(block(i));
      size += parts[parts.length - 1]!.length;
    }
    const file = survive(parts.join(''));
    assert.deepEqual(file.errors, []);
    assert.equal(file.body.blocks.length, parts.length);
  });
});
