// Where rule files apply, as ESLint's cascading config: a rule file in `<dir>/.premortem/rules` is found from
// any scanned path at, above or below `<dir>`, and reports only on modules at or below `<dir>`. Two files
// that claim one id are an error on the nested (or later) one, naming the other.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../rules/index';
import { findRuleFiles, scopeOf } from '../../server/src/core/data-rules/find-rule-files';
import { loadRuleSet, rulesOf } from '../../server/src/core/data-rules/rule-set';
import { scan } from '../../server/src/core/scan';
import { writeWorkspace } from '../support/workspace';

/** A rule that reports every queue, with its own id. */
function everyQueue(id: string): string {
  return `id: ${id}\ntitle: Every queue\nseverity: warning\nincident:\n  name: test\nresource: aws_sqs_queue\nwhen:\n  attribute: name\n  present: true\nmessage: "a queue"\n`;
}
const QUEUE = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n';
const MODULES = ['.', 'teams/payments', 'teams/payments/api', 'teams/payments-old', 'teams/other'];

function repo(ruleFiles: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> = {}): string {
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n', ...ruleFiles, ...extra };
  for (const dir of MODULES) files[path.join(dir, 'main.tf')] = QUEUE;
  return writeWorkspace(files);
}

test('rule files are found in the scanned paths, their parents up to the repository top, and the folders below', () => {
  const dir = repo(
    {
      '.premortem/rules/top.yaml': everyQueue('acme/top'),
      'teams/payments/.premortem/rules/pay.yaml': everyQueue('acme/pay'),
      'teams/payments/api/.premortem/rules/api.yml': everyQueue('acme/api'),
      'teams/other/.premortem/rules/other.json': JSON.stringify({}),
    },
    {
      // What module discovery skips holds no rule file of the repository's own.
      'node_modules/pkg/.premortem/rules/x.yaml': everyQueue('x/a'),
      'teams/payments/.terraform/modules/m/.premortem/rules/x.yaml': everyQueue('x/b'),
      '.premortem/rules/notes.txt': 'not a rule file',
    },
  );
  const cases: { scanned: string[]; found: string[] }[] = [
    {
      scanned: ['.'],
      found: [
        '.premortem/rules/top.yaml',
        'teams/other/.premortem/rules/other.json',
        'teams/payments/.premortem/rules/pay.yaml',
        'teams/payments/api/.premortem/rules/api.yml',
      ],
    },
    {
      scanned: ['teams/payments'],
      found: ['.premortem/rules/top.yaml', 'teams/payments/.premortem/rules/pay.yaml', 'teams/payments/api/.premortem/rules/api.yml'],
    },
    // A file stands for its folder alone: no walk below it.
    { scanned: ['teams/payments/main.tf'], found: ['.premortem/rules/top.yaml', 'teams/payments/.premortem/rules/pay.yaml'] },
    { scanned: ['teams/other', 'teams/payments-old'], found: ['.premortem/rules/top.yaml', 'teams/other/.premortem/rules/other.json'] },
  ];
  for (const { scanned, found } of cases) {
    const files = findRuleFiles(scanned, dir).map((f) => path.relative(dir, f).split(path.sep).join('/'));
    assert.deepEqual(files, found, scanned.join(' '));
  }
});

test('the scope of a rule file is the folder that holds its .premortem', () => {
  const cases: [string, string | undefined][] = [
    ['/repo/.premortem/rules/a.yaml', '/repo'],
    ['/repo/teams/payments/.premortem/rules/a.json', '/repo/teams/payments'],
    // A file named on the command line, elsewhere: every scanned module.
    ['/repo/rules/a.yaml', undefined],
    ['/repo/.premortem/a.yaml', undefined],
  ];
  for (const [file, scope] of cases) assert.equal(scopeOf(path.resolve(file)), scope === undefined ? undefined : path.resolve(scope), file);
});

test('a rule file reports only on the modules at or below its folder', async () => {
  const cases: { ruleAt: string; reported: string[] }[] = [
    { ruleAt: '.', reported: ['.', 'teams/other', 'teams/payments', 'teams/payments-old', 'teams/payments/api'] },
    // Not `teams/payments-old`: inside means a folder below, not a name that starts alike.
    { ruleAt: 'teams/payments', reported: ['teams/payments', 'teams/payments/api'] },
    { ruleAt: 'teams/payments/api', reported: ['teams/payments/api'] },
    { ruleAt: 'teams/other', reported: ['teams/other'] },
  ];
  for (const { ruleAt, reported } of cases) {
    const dir = repo({ [path.join(ruleAt, '.premortem/rules/q.yaml')]: everyQueue('acme/every-queue') });
    // From the top, and from a scan of one module with the rule file above it: the same scope.
    for (const scanned of ['.', 'teams/payments/api']) {
      const set = loadRuleSet(findRuleFiles([scanned], dir), new Set());
      const outcome = await scan({ paths: [scanned], cwd: dir, rules: [...RULES, ...rulesOf(set)], onlyRules: ['acme/every-queue'] });
      const modules = outcome.findings.map((f) => path.relative(dir, path.dirname(f.file)).split(path.sep).join('/') || '.').sort();
      const expected = scanned === '.' ? reported : reported.filter((m) => m === 'teams/payments/api');
      assert.deepEqual(modules, expected, `rule in ${ruleAt}, scanning ${scanned}`);
    }
  }
});

test('two rule files with one id: the outer (or first by path) is kept, the other is an error naming both', () => {
  const cases: { files: Record<string, string>; kept: string; refused: string; at?: string }[] = [
    {
      files: { '.premortem/rules/a.yaml': everyQueue('acme/q'), 'teams/payments/.premortem/rules/a.yaml': everyQueue('acme/q') },
      kept: '.premortem/rules/a.yaml',
      refused: 'teams/payments/.premortem/rules/a.yaml',
    },
    {
      // Even in folders apart: an id names one rule for `.premortem.json`, --rule, ignore comments and SARIF.
      files: { 'teams/payments/.premortem/rules/a.yaml': everyQueue('acme/q'), 'teams/other/.premortem/rules/b.yaml': everyQueue('acme/q') },
      kept: 'teams/other/.premortem/rules/b.yaml',
      refused: 'teams/payments/.premortem/rules/a.yaml',
    },
    {
      files: { 'teams/payments/.premortem/rules/a.yaml': everyQueue('acme/q'), 'teams/payments/.premortem/rules/b.yaml': everyQueue('acme/q') },
      kept: 'teams/payments/.premortem/rules/a.yaml',
      refused: 'teams/payments/.premortem/rules/b.yaml',
    },
    {
      // The error stands on the refused file's `id` key, wherever it is written.
      files: { '.premortem/rules/a.yaml': everyQueue('acme/q'), '.premortem/rules/b.yaml': `# a copy\n\n${everyQueue('acme/q')}` },
      kept: '.premortem/rules/a.yaml',
      refused: '.premortem/rules/b.yaml',
      at: '3:1',
    },
  ];
  for (const { files, kept, refused, at = '1:1' } of cases) {
    const dir = repo(files);
    const set = loadRuleSet(findRuleFiles(['.'], dir), new Set());
    assert.deepEqual(
      set.loaded.map((l) => path.relative(dir, l.file).split(path.sep).join('/')),
      [kept],
    );
    assert.deepEqual(
      set.errors.map((e) => e.relativeTo(dir)),
      [`${path.join(refused)}:${at} id: "acme/q" is already the id of the rule in ${path.join(kept)}; give this rule its own id`],
    );
  }
});
