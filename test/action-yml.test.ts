// action.yml is read by GitHub only when someone runs the action, so its mistakes are checked here: it
// parses as YAML, every input it uses is declared (and every declared one used), the environment it hands
// the script is the one the script reads, and its outputs are ones the script writes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseArguments } from '../server/src/cli/commands/index';
import { INPUT_VARIABLES, OUTPUTS, reportArguments, sarifArguments, type CliInputs } from '../server/src/cli/github/action';

// js-yaml is in node_modules already (a dependency of @vscode/vsce and @vscode/test-cli, pinned by
// package-lock.json); a YAML parser only for this test is not worth a dependency of our own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string, options?: { filename?: string }): unknown };

const ROOT = path.resolve(__dirname, '..', '..');
const TEXT = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
  readonly env?: Record<string, string>;
}

interface Action {
  readonly name: string;
  readonly description: string;
  readonly inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  readonly outputs: Record<string, { description: string; value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

let parsed: Action | undefined;
/** Parsed on first use, so a YAML error fails the first test with its line and column. */
function action(): Action {
  return (parsed ??= yaml.load(TEXT, { filename: 'action.yml' }) as Action);
}

/** Every `inputs.<name>` in the file's expressions (comments left out). */
function inputsUsed(text: string): Set<string> {
  const code = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
  return new Set([...code.matchAll(/\$\{\{[^}]*\}\}/g)].flatMap((expression) => [...expression[0].matchAll(/\binputs\.([A-Za-z_][\w-]*)/g)].map((m) => m[1]!)));
}

test('action.yml parses as YAML into a composite action with a name, a description and steps', () => {
  const ACTION = action();
  assert.equal(typeof ACTION.name, 'string');
  assert.equal(typeof ACTION.description, 'string');
  assert.equal(ACTION.runs.using, 'composite');
  assert.ok(ACTION.runs.steps.length > 0);
  for (const step of ACTION.runs.steps) {
    if (step.run !== undefined) assert.ok(step.shell, `a run step of a composite action needs a shell: ${step.name ?? step.run}`);
    else assert.match(step.uses ?? '', /^[\w-]+\/[\w/-]+@v\d+$/, 'a step uses an action pinned to a major version');
  }
  for (const [name, input] of Object.entries(ACTION.inputs)) {
    assert.equal(typeof input.description, 'string', `input ${name} has a description`);
    assert.ok(input.default === undefined || typeof input.default === 'string', `input ${name}'s default is a string, as GitHub passes it`);
  }
});

test('every input action.yml uses is declared, and every declared input is used', () => {
  const ACTION = action();
  const used = inputsUsed(TEXT);
  const declared = new Set(Object.keys(ACTION.inputs));
  assert.deepEqual(
    [...used].filter((name) => !declared.has(name)),
    [],
    'used but not declared',
  );
  assert.deepEqual(
    [...declared].filter((name) => !used.has(name)),
    [],
    'declared but never used',
  );
});

test('the script step gets exactly the environment the script reads, each from the input of its name', () => {
  const ACTION = action();
  const step = ACTION.runs.steps.find((s) => s.id === 'premortem');
  assert.ok(step?.env, 'a step with id premortem and an env');
  assert.match(step.run ?? '', /node "\$GITHUB_ACTION_PATH\/dist\/action\.js"/);
  assert.deepEqual(Object.keys(step.env).sort(), [...INPUT_VARIABLES].sort());
  for (const [variable, value] of Object.entries(step.env)) {
    const input =
      variable === 'GITHUB_TOKEN'
        ? 'github-token'
        : variable
            .replace(/^INPUT_/, '')
            .toLowerCase()
            .replace(/_/g, '-');
    assert.equal(value, `\${{ inputs.${input} }}`);
  }
  assert.match(fs.readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8'), /outfile: 'dist\/action\.js'/, 'the build makes the bundle the step runs');
});

test('the outputs and the upload step read only outputs the script writes', () => {
  const ACTION = action();
  const read = [...TEXT.matchAll(/steps\.premortem\.outputs\.([\w-]+)/g)].map((m) => m[1]!);
  assert.ok(read.length > 0);
  for (const name of read) assert.ok((OUTPUTS as readonly string[]).includes(name), `the script writes no output ${name}`);
  for (const [name, output] of Object.entries(ACTION.outputs)) assert.equal(output.value, `\${{ steps.premortem.outputs.${name} }}`);
  const upload = ACTION.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'the SARIF is uploaded');
  assert.match(upload.if ?? '', /always\(\)/, 'even when the step before failed for new findings');
  assert.equal(upload.with?.['sarif_file'], '${{ steps.premortem.outputs.sarif-file }}');
});

test("the command lines the action builds are ones premortem's option tables accept", () => {
  // The example of the args input's description, with every input that becomes an option set.
  const example = /e\.g\. (--[^)]*)\)/.exec(action().inputs['args']!.description)?.[1];
  assert.ok(example, 'the args input gives an example');
  for (const command of ['review', 'scan'] as const) {
    const inputs: CliInputs = { command, paths: ['infra', 'live'], plan: 'plan.json', config: 'ci.premortem.json', failOn: 'error', args: example.split(' ') };
    const report = parseArguments(reportArguments(inputs, 'out/report', 'abc123', 'https://github.com/o/r/blob/abc123'));
    assert.deepEqual(
      [
        report.command,
        'newSince' in report && report.newSince,
        'plan' in report && report.plan,
        'config' in report && report.config,
        'failOn' in report && report.failOn,
      ],
      [command, 'abc123', 'plan.json', 'ci.premortem.json', 'error'],
    );
    assert.deepEqual('varFiles' in report && report.varFiles, ['prod.tfvars']);
    const sarif = parseArguments(sarifArguments(inputs, 'out/premortem.sarif'));
    assert.deepEqual([sarif.command, 'format' in sarif && sarif.format], ['scan', 'sarif']);
  }
});
