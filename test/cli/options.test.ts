// The option tables read through util.parseArgs: the forms a command line may take (`--x=v`, `-o v`, repeats,
// `--`, negative numbers) and one line for each mistake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS, parseArguments, usageFor } from '../../server/src/cli/commands/index';
import type { CommandSpec } from '../../server/src/cli/options/option-table';
import { parseOptions } from '../../server/src/cli/options/parse-options';
import { UsageError } from '../../server/src/cli/options/usage-error';

const TOOL = {
  name: 'tool',
  usage: ['tool [paths...]'],
  summary: 'A command for the tests',
  description: 'A command for the tests.',
  positionals: true,
  options: {
    level: { type: 'string', choices: ['low', 'high'], default: 'low', description: 'How loud' },
    tag: { type: 'string', short: 't', multiple: true, valueName: 'TAG', description: 'Tags' },
    count: { type: 'string', valueName: 'N', description: 'How many' },
    color: { type: 'boolean', negatable: true, description: 'Colour' },
    quiet: { type: 'boolean', short: 'q', description: 'Less' },
  },
} as const satisfies CommandSpec;

test('values: defaults, "=" forms, short aliases, repeats in order, the last of --x and --no-x', () => {
  assert.deepEqual(parseOptions(TOOL, []).values, { level: 'low', tag: [], count: undefined, color: undefined, quiet: false });
  const parsed = parseOptions(TOOL, ['a', '--level=high', '-t', 'x', '--tag=y', '-ty', 'b', '--no-color', '--color', '-q']);
  assert.deepEqual(parsed.values, { level: 'high', tag: ['x', 'y', 'y'], count: undefined, color: true, quiet: true });
  assert.deepEqual(parsed.positionals, ['a', 'b']);
  assert.equal(parsed.counts.get('tag'), 3);
  assert.equal(parseOptions(TOOL, ['--color', '--no-color']).values.color, false);
});

test('after "--" every word is a path, even one that looks like an option', () => {
  const parsed = parseOptions(TOOL, ['--quiet', '--', '--level', '-q']);
  assert.deepEqual(parsed.positionals, ['--level', '-q']);
  assert.equal(parsed.values.quiet, true);
  assert.equal(parsed.values.level, 'low');
});

test('a negative number is a value, not an option', () => {
  assert.equal(parseOptions(TOOL, ['--count', '-3']).values.count, '-3');
  assert.equal(parseOptions(TOOL, ['--count=-3']).values.count, '-3');
  assert.throws(() => parseArguments(['scan', '--jobs', '-1']), new UsageError('--jobs takes a whole number of threads, 1 or more, not "-1"'));
  assert.throws(() => parseArguments(['scan', '-j', '-2']), new UsageError('--jobs takes a whole number of threads, 1 or more, not "-2"'));
});

test('each mistake is one line, with "did you mean" where a name is close', () => {
  const cases: ReadonlyArray<readonly [readonly string[], string]> = [
    [['--levle', 'high'], 'unknown option "--levle" for tool (did you mean "--level"?); see premortem tool --help'],
    [['-x'], 'unknown option "-x" for tool; see premortem tool --help'],
    [['--level', 'hgh'], 'unknown level "hgh"'],
    [['--count'], '--count needs a value'],
    [['--count', '--quiet'], '--count needs a value'],
    [['--count', '-q'], '--count needs a value; write --count=-q for one that starts with "-"'],
    [['--quiet=yes'], '--quiet takes no value, not "yes"'],
  ];
  for (const [argv, message] of cases) {
    assert.throws(
      () => parseOptions({ ...TOOL, options: { ...TOOL.options, level: { ...TOOL.options.level, choiceNoun: 'level' } } }, argv),
      (error: unknown) => error instanceof UsageError && error.message.startsWith(message) && !error.message.includes('\n'),
      argv.join(' '),
    );
  }
  assert.throws(() => parseOptions(TOOL, ['--level', 'hgh']), new UsageError('--level takes low or high, not "hgh" (did you mean "high"?)'));
  assert.throws(() => parseArguments(['scan', '--format', 'jsn']), new UsageError('unknown format "jsn" (did you mean "json"?); use one of text, json, sarif'));
  assert.throws(
    () => parseArguments(['scan', '--formt=json']),
    new UsageError('unknown option "--formt" (did you mean "--format"?); see premortem scan --help'),
  );
});

test('scan options: every form reaches the arguments', () => {
  assert.deepEqual(
    parseArguments([
      'scan',
      'infra',
      '--format=json',
      '-o',
      'r.json',
      '--rule',
      'a,b',
      '--rule=c',
      '--var-file',
      'x.tfvars',
      '--var-file=y.tfvars',
      '-q',
      '-j',
      '2',
      '--no-color',
    ]),
    {
      command: 'scan',
      paths: ['infra'],
      format: 'json',
      output: 'r.json',
      failOn: 'warning',
      varFiles: ['x.tfvars', 'y.tfvars'],
      rules: ['a', 'b', 'c'],
      inlineIgnores: true,
      requireIgnoreReason: false,
      quiet: true,
      color: false,
      debug: false,
      jobs: 2,
      staged: false,
      allowEmpty: false,
      cache: false,
    },
  );
  assert.deepEqual(parseArguments(['scan', '--plan', '-']), { ...parseArguments(['scan']), plan: '-' });
  assert.throws(() => parseArguments(['scan', '--plan', 'a', '--plan=b']), new UsageError('--plan takes one plan; a plan belongs to one root module'));
  // After "--", --help is a path, not a request for help.
  const drift = parseArguments(['drift', 'a', '--', '--help']);
  assert.deepEqual(drift.command === 'drift' && drift.paths, ['a', '--help']);
});

test('a command that takes no paths says so', () => {
  const none = { ...TOOL, positionals: undefined } as unknown as CommandSpec;
  assert.throws(() => parseOptions(none, ['stray']), new UsageError('tool takes no paths, not "stray"; see premortem tool --help'));
});

test('every command has help, and only the commands listed have it', () => {
  for (const command of COMMANDS) assert.match(usageFor(command.name), new RegExp(`^Usage: premortem ${command.name} `));
  assert.throws(
    () => parseArguments(['help', 'revew']),
    new UsageError('no help for "revew" (did you mean "review"?); commands: scan, baseline, blast-radius, review, drift, rules'),
  );
});
