// The TextMate grammars in syntaxes/. vscode-tmgrammar-test checks the token snapshots and the `^` scope
// assertions of test/grammar/ (through scripts/test-grammar.mjs, which `npm run test:grammar` also runs);
// the in-process tests tokenize with vscode-textmate, the engine VS Code uses, and check what snapshots
// cannot: that real files leave nothing open, and that the grammars stay out of HashiCorp's grammar's way.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { corpusFiles, corpusSkipMessage, hclFixtureFiles, listFiles } from './support/corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN_SCOPE = 'source.premortem.terraform';
const VARS_SCOPE = 'source.premortem.terraform-vars';

function runScript(script: string, ...args: string[]): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `node ${script} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

test('syntaxes/*.tmLanguage.json are what syntaxes/terraform.grammar.mjs generates (npm run gen-grammar)', () => {
  runScript('scripts/gen-grammar.mjs', '--check');
});

test('token snapshots of test/grammar/* match (npm run test:grammar:update rewrites them; review the diff)', () => {
  runScript('scripts/test-grammar.mjs', '--only=snapshots');
});

test('scope assertions in test/grammar/assertions/* hold', () => {
  runScript('scripts/test-grammar.mjs', '--only=assertions');
});

// ── in-process, with vscode-textmate ────────────────────────────────────────────────────────────────

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
}
interface RawRule {
  name?: string;
  contentName?: string;
  include?: string;
  patterns?: RawRule[];
  captures?: Record<string, RawRule>;
  beginCaptures?: Record<string, RawRule>;
  endCaptures?: Record<string, RawRule>;
  repository?: Record<string, RawRule>;
}
interface RawGrammar extends RawRule {
  scopeName: string;
}
interface StateStack {
  readonly depth: number;
}
interface Grammar {
  tokenizeLine(line: string, stack: StateStack): { ruleStack: StateStack };
}
interface TextMate {
  INITIAL: StateStack;
  Registry: new (options: { onigLib: Promise<unknown>; loadGrammar(scopeName: string): Promise<unknown> }) => {
    loadGrammar(scopeName: string): Promise<Grammar | null>;
  };
  parseRawGrammar(content: string, filePath: string): unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

const contributions = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes
  .grammars;
const grammarFile = (scopeName: string): string => {
  const contribution = contributions.find((c) => c.scopeName === scopeName);
  assert.ok(contribution, `package.json contributes ${scopeName}`);
  return path.join(ROOT, contribution.path);
};
const readGrammar = (scopeName: string): RawGrammar => JSON.parse(fs.readFileSync(grammarFile(scopeName), 'utf8')) as RawGrammar;

/** Walks every rule of a grammar, with the path that leads to it. */
function* rules(rule: RawRule, at: string): Generator<[RawRule, string]> {
  yield [rule, at];
  for (const [i, child] of (rule.patterns ?? []).entries()) yield* rules(child, `${at}.patterns[${i}]`);
  for (const key of ['captures', 'beginCaptures', 'endCaptures', 'repository'] as const) {
    for (const [name, child] of Object.entries(rule[key] ?? {})) yield* rules(child, `${at}.${key}.${name}`);
  }
}

describe('grammar contributions and scope names (coexistence with HashiCorp Terraform)', () => {
  test('package.json contributes our grammars under our own scope names, one per language, matching the files', () => {
    assert.deepEqual(
      contributions.map((c) => [c.language, c.scopeName]),
      [
        ['terraform', MAIN_SCOPE],
        ['terraform-vars', VARS_SCOPE],
      ],
    );
    for (const c of contributions) assert.equal(readGrammar(c.scopeName).scopeName, c.scopeName, c.path);
  });

  test('every scope ends in .terraform, and includes stay inside our two grammars and resolve', () => {
    const main = readGrammar(MAIN_SCOPE);
    for (const grammar of [main, readGrammar(VARS_SCOPE)]) {
      // The grammar's own `name` is a display name, not a scope: walk its patterns and repository.
      const { patterns, repository } = grammar;
      for (const [rule, at] of rules({ ...(patterns && { patterns }), ...(repository && { repository }) }, grammar.scopeName)) {
        for (const scopes of [rule.name, rule.contentName]) {
          for (const scope of scopes?.split(' ') ?? []) {
            assert.match(scope, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.terraform$/, `${at}: ${scope}`);
          }
        }
        if (rule.include === undefined) continue;
        const [scope, key] = rule.include.startsWith('#') ? [grammar.scopeName, rule.include.slice(1)] : rule.include.split('#');
        assert.ok(scope === MAIN_SCOPE || scope === grammar.scopeName, `${at} includes ${rule.include}`);
        const target = scope === MAIN_SCOPE ? main : grammar;
        assert.ok(key === undefined || target.repository?.[key], `${at} includes ${rule.include}, which does not exist`);
      }
    }
  });
});

describe('real files tokenize back to the top level', () => {
  let grammars: { main: Grammar; vars: Grammar } | undefined;
  let INITIAL: StateStack;

  before(async () => {
    const fromTool = createRequire(require.resolve('vscode-tmgrammar-test/package.json'));
    const textmate = fromTool('vscode-textmate') as TextMate;
    const oniguruma = fromTool('vscode-oniguruma') as Oniguruma;
    const wasm = fs.readFileSync(path.join(path.dirname(fromTool.resolve('vscode-oniguruma')), 'onig.wasm'));
    const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }));
    const registry = new textmate.Registry({
      onigLib,
      loadGrammar: async (scopeName) => {
        const file = grammarFile(scopeName);
        return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
    });
    const main = await registry.loadGrammar(MAIN_SCOPE);
    const vars = await registry.loadGrammar(VARS_SCOPE);
    assert.ok(main && vars);
    grammars = { main, vars };
    INITIAL = textmate.INITIAL;
  });

  /** The files whose tokenization leaves a rule open at the end (a string, block, bracket, heredoc...). */
  function leftOpen(files: string[]): string[] {
    assert.ok(grammars);
    const open: string[] = [];
    for (const file of files) {
      const grammar = file.endsWith('.tfvars') ? grammars.vars : grammars.main;
      // VS Code drops a byte order mark before tokenizing.
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      let stack = INITIAL;
      for (const line of text.split(/\r\n|\r|\n/)) stack = grammar.tokenizeLine(line, stack).ruleStack;
      if (stack.depth !== 1) open.push(`${path.relative(ROOT, file)} (depth ${stack.depth})`);
    }
    return open;
  }

  test('the HCL fixtures, the examples and the grammar test files', () => {
    const isSource = (name: string): boolean => /\.(tf|tfvars|hcl|tf\.json)$/.test(name);
    const files = [
      ...hclFixtureFiles(),
      ...(listFiles(path.join(ROOT, 'examples'), isSource) ?? []),
      ...(listFiles(path.join(ROOT, 'test', 'grammar'), isSource) ?? []).filter((f) => !f.includes(`${path.sep}assertions${path.sep}`)),
    ];
    assert.ok(files.length > 60, `found ${files.length} files`);
    assert.deepEqual(leftOpen(files), []);
  });

  test('every file of the corpus', (t) => {
    const files = corpusFiles();
    if (!files) {
      t.skip(corpusSkipMessage());
      return;
    }
    assert.deepEqual(leftOpen(files), []);
  });
});
