// Repository invariants: every rule has its code, doc page and test table; the registry is sorted; the
// generated files match the metadata; doc examples behave as they claim; imports point one way.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { addressOf, needsPlan, type RuleMeta } from '../rules/api';
import { RULES } from '../rules/index';
import { docUrl, DOCS_BRANCH, REPOSITORY_URL } from '../server/src/core/doc-url';
import { allRuleMetas } from '../server/src/core/scan';
import { CONFIG_SCHEMA, RULES_README, renderConfigSchema, renderRulesReadme } from './support/generated-docs';
import { parseFile } from '../server/src/core/parse';
import { PLANS, scanScenario } from './support/plan-rule-tester';
import { lintWith } from './support/rule-tester';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const metas = RULES.map((r) => r.meta as RuleMeta);

const DOC_HEADINGS = ['## Why this causes outages', '## Bad', '## Good', '## How to fix', '## When to ignore', '## References'];

test('rule ids are unique, kebab-case, provider-prefixed and sorted in the registry', () => {
  const ids = metas.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^(aws|azure|google|terraform|env)-[a-z0-9]+(-[a-z0-9]+)*$/);
  assert.deepEqual(ids, [...ids].sort());
});

for (const meta of metas) {
  test(`${meta.id}: code, doc page and test table exist with matching names`, () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'rules', `${meta.id}.ts`)), `rules/${meta.id}.ts`);
    assert.ok(fs.existsSync(path.join(ROOT, 'test', 'rules', `${meta.id}.test.ts`)), `test/rules/${meta.id}.test.ts`);
    const doc = read(`rules/${meta.id}.md`);
    assert.ok(doc.startsWith(`# ${meta.id}\n`), 'the doc page starts with "# <rule-id>"');
    const headings = doc.split('\n').filter((line) => line.startsWith('## '));
    const mandatory = headings.filter((h) => h !== '## Options');
    assert.deepEqual(mandatory, DOC_HEADINGS, 'doc headings, in order');
    if (meta.options) assert.ok(headings.includes('## Options'), 'a rule with options documents them');
  });

  test(`${meta.id}: a rule judges a plan (checkPlan) exactly when its metadata says so (runsOn: 'plan')`, () => {
    const rule = RULES.find((r) => r.meta.id === meta.id)!;
    assert.equal(typeof rule.checkPlan === 'function', needsPlan(rule));
  });

  test(`${meta.id}: metadata is complete and messages name no rule id`, () => {
    assert.ok(meta.title.length > 0 && meta.description.length > 0 && meta.incident.length > 0);
    assert.ok(meta.appliesTo.length > 0, 'appliesTo names the blocks the rule reads');
    for (const [id, message] of Object.entries(meta.messages)) {
      assert.match(id, /^[a-z][a-zA-Z0-9]*$/, `message id ${id} is camelCase`);
      assert.ok(!message.includes(meta.id), `message ${id} must not repeat the rule id`);
    }
  });

  const rule = RULES.find((r) => r.meta.id === meta.id)!;
  if (needsPlan(rule)) {
    // A rule about plan actions fires only on a plan: each example is a block of a plan fixture's v1/ or v2/
    // root, and the rule judges that resource in the fixture's update plan: a Bad one at the rule's severity,
    // a Good one not (a Good example may still get a warning that names its way back).
    test(`${meta.id}: the doc page's Bad and Good examples are blocks of a plan fixture, judged as they claim`, async () => {
      const doc = read(`rules/${meta.id}.md`);
      const examples = [...doc.matchAll(/```hcl (bad|good)\n([\s\S]*?)```/g)].map((m) => ({ kind: m[1]!, code: m[2]! }));
      assert.ok(examples.some((e) => e.kind === 'bad') && examples.some((e) => e.kind === 'good'), 'at least one bad and one good example');
      for (const [i, example] of examples.entries()) {
        const scenario = planFixtureHolding(example.code);
        assert.ok(scenario, `${example.kind} example ${i + 1} must be a block of a plan fixture's v1/ or v2/ root module`);
        const block = parseFile('example.tf', example.code).body.blocks.find((b) => b.type === 'resource');
        const address = block && addressOf(block);
        assert.ok(address, `${example.kind} example ${i + 1} declares a resource`);
        const findings = (await scanScenario(scenario, rule)).findings.filter(
          (f) => f.ruleId === meta.id && (f.resource === address || f.resource?.startsWith(`${address}[`)),
        );
        const fires = findings.some((f) => f.severity === meta.severity);
        assert.equal(
          fires,
          example.kind === 'bad',
          `${example.kind} example ${i + 1} (${address} in ${scenario}): ${findings.map((f) => `${f.severity} ${f.message}`).join('; ') || 'no finding'}`,
        );
      }
    });
    continue;
  }

  test(`${meta.id}: the doc page's Bad examples fire and Good examples stay silent`, () => {
    const doc = read(`rules/${meta.id}.md`);
    // A fence may name its file (```hcl bad envs/prod.tfvars); consecutive named blocks of one kind form one
    // example, a module with those files. An unnamed block is main.tf and starts an example of its own.
    const examples: { kind: string; named: boolean; files: Record<string, string> }[] = [];
    for (const m of doc.matchAll(/```hcl (bad|good)(?: ([^\n`]+))?\n([\s\S]*?)```/g)) {
      const [kind, file, code] = [m[1]!, m[2]?.trim(), m[3]!];
      const last = examples[examples.length - 1];
      if (file !== undefined && last?.named && last.kind === kind && !(file in last.files)) last.files[file] = code;
      else examples.push({ kind, named: file !== undefined, files: { [file ?? 'main.tf']: code } });
    }
    assert.ok(examples.some((e) => e.kind === 'bad') && examples.some((e) => e.kind === 'good'), 'at least one bad and one good example');
    examples.forEach((example, i) => {
      const { findings } = lintWith(rule, { name: `${example.kind} example ${i + 1}`, files: example.files });
      if (example.kind === 'bad') assert.ok(findings.length > 0, `bad example ${i + 1} must fire`);
      else
        assert.deepEqual(
          findings.map((f) => f.message),
          [],
          `good example ${i + 1} must stay silent`,
        );
    });
  });
}

test('every help link names a page that exists on the branch it points at', () => {
  for (const meta of allRuleMetas(RULES)) {
    const url = docUrl(meta.id);
    const prefix = `${REPOSITORY_URL}/blob/${DOCS_BRANCH}/`;
    assert.ok(url.startsWith(prefix), url);
    assert.ok(fs.existsSync(path.join(ROOT, url.slice(prefix.length))), `${meta.id}: ${url.slice(prefix.length)} exists`);
  }
});

/** The plan fixture scenario whose v1/ or v2/ root module holds this text in one of its files. */
function planFixtureHolding(code: string): string | undefined {
  for (const scenario of fs.readdirSync(PLANS).filter((name) => fs.existsSync(path.join(PLANS, name, 'plan-update.json')))) {
    for (const version of ['v1', 'v2']) {
      const dir = path.join(PLANS, scenario, version);
      if (fs.readdirSync(dir).some((name) => name.endsWith('.tf') && fs.readFileSync(path.join(dir, name), 'utf8').includes(code))) return scenario;
    }
  }
  return undefined;
}

test('rules/README.md matches the rule metadata (run npm run gen-docs)', () => {
  assert.equal(read(RULES_README), renderRulesReadme(metas));
});

test('the config JSON Schema matches the rule metadata (run npm run gen-docs)', () => {
  assert.equal(read(CONFIG_SCHEMA), renderConfigSchema(allRuleMetas(RULES)));
});

function sourceFiles(dir: string): string[] {
  const absolute = path.join(ROOT, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function imports(file: string): string[] {
  return [...read(file).matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

function resolved(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.normalize(path.join(path.dirname(file), specifier)) : specifier;
}

test('rules/ holds the rule SDK, the index and the rules; their helpers live in rules/support/', () => {
  const files = fs.readdirSync(path.join(ROOT, 'rules')).filter((f) => f.endsWith('.ts'));
  const expected = ['api.ts', 'index.ts', ...metas.map((m) => `${m.id}.ts`)];
  assert.deepEqual(files.sort(), expected.sort());
});

test('never-arrows: rules import only rules/api.ts and the helpers in rules/support/', () => {
  const api = path.join('rules', 'api');
  const support = path.join('rules', 'support') + path.sep;
  const index = path.join('rules', 'index.ts');
  for (const file of sourceFiles('rules')) {
    for (const spec of imports(file)) {
      const target = resolved(file, spec);
      // Only the index, which lists the rules, imports rule files.
      const isRule = file === index && path.dirname(target) === 'rules' && target !== api;
      assert.ok(target === api || target.startsWith(support) || isRule, `${file} imports ${spec}`);
    }
  }
});

test('never-arrows: the core imports neither vscode, the language server nor the adapters', () => {
  for (const file of sourceFiles('server/src/core')) {
    for (const spec of imports(file)) {
      const target = resolved(file, spec);
      assert.ok(!/^vscode/.test(target), `${file} imports ${spec}`);
      assert.ok(!target.startsWith(path.join('server', 'src', 'lsp')) && !target.startsWith(path.join('server', 'src', 'cli')), `${file} imports ${spec}`);
      assert.ok(!target.startsWith('rules') || target === path.join('rules', 'api'), `${file} imports ${spec}`);
    }
  }
});

test('never-arrows: the config knows nothing of the lint that reads it', () => {
  for (const file of sourceFiles('server/src/core/config')) {
    for (const spec of imports(file)) {
      assert.ok(!resolved(file, spec).startsWith(path.join('server', 'src', 'core', 'lint') + path.sep), `${file} imports ${spec}`);
    }
  }
});

test('never-arrows: the client imports from the server only its protocol file', () => {
  for (const file of sourceFiles('client/src')) {
    for (const spec of imports(file)) {
      const target = resolved(file, spec);
      if (target.startsWith('server') || target.startsWith('rules')) assert.equal(target, path.join('server', 'src', 'protocol'), `${file} imports ${spec}`);
    }
  }
});
