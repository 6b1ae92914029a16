// regex, regexall and replace against Terraform itself: every case is evaluated by `terraform console` (one
// console for the whole table) and by our function library, and the two must agree on the value, or both fail
// with the same complaint. Skipped, with a message, where terraform is not installed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNKNOWN } from '../../../rules/api';
import { EvalError } from '../../../server/src/core/eval-error';
import { terraformConsole, terraformConsoleSkip } from '../../support/terraform-console';
import { call } from './harness';

type Case = readonly [fn: 'regex' | 'regexall' | 'replace', ...args: string[]];

const CASES: readonly Case[] = [
  // Result shapes: a string without groups, a list with unnamed groups, an object with named ones.
  ['regex', '[a-z]+', 'abc123'],
  ['regex', '(\\d+)-(\\d+)', 'x 10-20 30-40'],
  ['regex', '(?P<y>\\d{4})-(?P<m>\\d{2})', 'on 2024-01'],
  ['regex', '(?<y>\\d{4})-(?<m>\\d{2})', 'on 2024-01'],
  ['regex', '(a)|(b)', 'b'],
  ['regex', '(?P<a>a)|(?P<b>b)', 'b'],
  ['regex', '(?:a)(b)', 'ab'],
  ['regex', 'x*', ''],
  ['regex', 'x', 'abc'],
  ['regex', '(a)(?P<b>b)', 'ab'],
  ['regex', '(', 'a'],
  ['regexall', '\\d', 'a1b2'],
  ['regexall', 'x', 'abc'],
  ['regexall', '(\\w)(\\d)', 'a1 b2'],
  ['regexall', '(?P<k>\\w)=(?P<v>\\d)', 'a=1 b=2'],
  ['regexall', 'a*', 'baaac'],
  ['regexall', '', 'abc'],
  ['regexall', 'a|', 'bab'],
  ['regexall', 'a{2}{3}', 'aa'],
  // replace: plain text, and /.../ patterns with Go's $-expansion.
  ['replace', 'hello world', 'o', '0'],
  ['replace', 'hello world', '/o(\\w)/', '[$1]'],
  ['replace', 'a1b22c', '/\\d+/', '#'],
  ['replace', 'abc', '/b*/', '-'],
  ['replace', 'baaac', '/a*/', '-'],
  ['replace', 'ab', '/(a)/', '$1x'],
  ['replace', 'ab', '/(a)/', '${1}x'],
  ['replace', '2024-01', '/(?P<y>\\d+)-(?P<m>\\d+)/', '$m/$y'],
  ['replace', '2024-01', '/(?P<y>\\d+)-(?P<m>\\d+)/', '${m}.${y}.${z}.$2$1'],
  ['replace', 'a', '/a/', '$$'],
  ['replace', 'a', '/a/', 'x$'],
  ['replace', 'a', '/a/', '${'],
  ['replace', 'a', '/(a)/', '$01 $10 $1'],
  ['replace', 'b', '/(a)|b/', '[$1]'],
  ['replace', 'ab', '//', '-'],
  // Flags, anchors and classes.
  ['replace', 'Hello HELLO', '/(?i)hello/', 'x'],
  ['replace', 'aA Aa', '/a(?i:a)/', 'x'],
  ['replace', 'a\na', '/^a/', 'b'],
  ['replace', 'a\na', '/(?m)^a$/', 'b'],
  ['replace', 'a\na', '/a$/', 'b'],
  ['replace', 'aa', '/\\Aa|a\\z/', 'b'],
  ['replace', 'a\nb', '/a.b/', 'x'],
  ['replace', 'a\nb', '/(?s)a.b/', 'x'],
  ['replace', '<a><b>', '/<.+?>/', 'x'],
  ['replace', '<a><b>', '/(?U)<.+>/', 'x'],
  ['replace', 'aaaaa', '/a{2,3}/', 'b'],
  ['replace', 'a{2', '/a{/', 'x'],
  ['replace', 'a.b*c', '/\\Q.b*\\E/', '-'],
  ['replace', 'ab', '/a|ab/', 'x'],
  ['replace', 'a-b', '/\\x2d|\\x{62}/', '+'],
  ['replace', 'a\u00a0b c\td', '/\\s/', '_'],
  ['replace', 'é_1x', '/\\w/', 'w'],
  ['replace', 'foo éfoo', '/\\bfoo/', 'X'],
  ['replace', 'a1B-', '/[[:upper:][:digit:]]/', '#'],
  ['replace', 'a1B-', '/[[:^alpha:]]/', '#'],
  ['replace', 'a]b', '/[]a]/', 'x'],
  ['replace', 'a-b_c', '/[^a-z]/', '.'],
  // Unicode: code points not bytes or UTF-16 units, categories and scripts, simple case folding.
  ['replace', '😸a😸', '/./', '.'],
  ['replace', '😸ab😸', '/(b)/', '<$1>'],
  ['replace', 'a😸b', '/[^a]/', '-'],
  ['regexall', '.', 'é😸\u0301'],
  ['replace', 'aé1٣', '/\\pL/', 'L'],
  ['replace', 'aé1٣', '/\\p{Nd}/', 'D'],
  ['replace', 'xαβγ', '/\\p{Greek}+/', 'G'],
  ['replace', 'xαβγ', '/\\P{Greek}/', '-'],
  ['replace', 'xЖ', '/\\p{Cyrillic}/', 'C'],
  ['regex', '(?i)k', '\u212a'],
  ['regex', '(?i)ſ', 'S'],
  ['regex', '(?i)straße', 'STRASSE'],
  ['replace', 'ǅ ǆ Ǆ', '/(?i)ǆ/', 'x'],
  ['replace', 'Σσς', '/(?i)σ/', 'x'],
  ['replace', 'aBc', '/(?i)[^b]/', '-'],
  ['replace', 'aé', '/[\\p{Latin}&&a]/', 'x'],
  // Syntax Go rejects.
  ['replace', 'a', '/\\C/', 'x'],
  ['replace', 'a', '/(a)\\1/', 'x'],
  ['replace', 'a', '/(?=a)/', 'x'],
  ['replace', 'ab', '/(?<=a)b/', 'x'],
  ['replace', 'a', '/a**/', 'x'],
  ['replace', 'a', '/*a/', 'x'],
  ['replace', 'a', '/a{1001}/', 'x'],
  ['replace', 'a', '/[b-a]/', 'x'],
  ['replace', 'a', '/\\e/', 'x'],
  ['replace', 'a', '/a\\/', 'x'],
  ['replace', 'ab', '/(?P<n>a)(?P<n>b)/', 'x'],
  ['replace', 'a', '/\\p{Klingon}/', 'x'],
  ['replace', 'a', '/[[:foo:]]/', 'x'],
  ['replace', 'a', '/(?P<1a>a)/', 'x'],
  ['regex', '((((a{100}){100}){100}){100})', 'a'],
];

/** The case as a Terraform expression: HCL string literals, with template sequences escaped. */
function expression([fn, ...args]: Case): string {
  const literal = (s: string): string =>
    '"' +
    s
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(/\$\{/g, () => '$${')
      .replace(/%\{/g, '%%{') +
    '"';
  return `${fn}(${args.map(literal).join(', ')})`;
}

type Outcome = { readonly value: unknown } | { readonly error: string };

/** Our result for a case we do not claim to reproduce (the function gives an unknown value). */
const UNKNOWN_RESULT = { value: 'unknown' } as const;

function ours([fn, ...args]: Case): Outcome {
  try {
    const value = call(fn, args);
    if (value === UNKNOWN) return UNKNOWN_RESULT;
    return { value: JSON.parse(call('jsonencode', [value]) as string) as unknown };
  } catch (error) {
    if (error instanceof EvalError) return { error: error.message };
    throw error;
  }
}

/**
 * What our message complains of, to find in Terraform's (whose wording around it differs by function): Go's
 * syntax error code ("missing closing )"), or the text after our prefix.
 */
function complaint(message: string): string {
  const syntax = /error parsing regexp: (.*?): `/.exec(message);
  if (syntax) return syntax[1] as string;
  return message.replace(/^Invalid (function argument|value for "pattern" parameter): /, '').replace(/\.$/, '');
}

const skip = terraformConsoleSkip();

test('regex, regexall and replace agree with terraform console', { skip }, () => {
  const theirs = terraformConsole(CASES.map(expression));
  const disagreements: string[] = [];
  const notReproduced: string[] = [];
  CASES.forEach((c, i) => {
    const expected = theirs[i] as Outcome;
    const actual = ours(c);
    const where = expression(c);
    if (actual === UNKNOWN_RESULT) {
      notReproduced.push(where);
      return;
    }
    if ('value' in expected) {
      if (!('value' in actual)) disagreements.push(`${where}: terraform gives ${JSON.stringify(expected.value)}, we fail: ${actual.error}`);
      else if (JSON.stringify(actual.value) !== JSON.stringify(expected.value)) {
        disagreements.push(`${where}: terraform gives ${JSON.stringify(expected.value)}, we give ${JSON.stringify(actual.value)}`);
      }
    } else if (!('error' in actual)) {
      disagreements.push(`${where}: terraform fails (${expected.error}), we give ${JSON.stringify(actual.value)}`);
    } else if (!expected.error.replace(/\s+/g, ' ').includes(complaint(actual.error))) {
      disagreements.push(`${where}: terraform fails with "${expected.error}", we with "${actual.error}"`);
    }
  });
  assert.deepEqual(disagreements, []);
  // Only a duplicate group name, which Go accepts and re2js rejects, gives an unknown value.
  assert.deepEqual(notReproduced, ['replace("ab", "/(?P<n>a)(?P<n>b)/", "x")']);
  // The table exercises both outcomes.
  assert.ok(theirs.some((r) => 'error' in r) && theirs.some((r) => 'value' in r));
});
