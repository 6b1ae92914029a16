import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RuleMeta } from '../../rules/api';
import { buildConfigSchema, DEFAULT_STATIC_ASSET_PATTERNS } from '../../server/src/core/config/config-schema';
import {
  ConfigError,
  defaultConfig,
  findConfigFile,
  isRuleEnabled,
  loadConfigFile,
  type ResolvedConfig,
  ruleOptions,
  ruleSeverity,
} from '../../server/src/core/config/config';
import { validateJson } from '../../server/src/core/config/json-schema';

function meta(id: string, overrides: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title: `Check ${id}.`,
    description: 'A hazard.',
    category: 'availability',
    severity: 'warning',
    recommended: true,
    appliesTo: [],
    fixable: 'none',
    messages: { found: 'Found.' },
    incident: 'An outage.',
    since: '0.1.0',
    ...overrides,
  };
}

const queueRule = meta('aws-sqs-no-dead-letter-queue', {
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxAge: { type: 'number', minimum: 1 },
        names: { type: 'array', items: { type: 'string' } },
      },
      required: ['maxAge'],
    },
    defaults: { maxAge: 14, names: [] },
  },
});
const optionalRule = meta('aws-rds-no-deletion-protection', { recommended: false, severity: 'error' });
const syntaxError = meta('syntax-error', { severity: 'error', category: 'correctness' });
const unusedSuppression = meta('unused-suppression', { severity: 'info', category: 'correctness' });
const RULES: readonly RuleMeta[] = [queueRule, optionalRule, syntaxError, unusedSuppression];

let root: string;
before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-config-')));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

let fileCount = 0;
const temporaryRepositories: string[] = [];
after(() => temporaryRepositories.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function writeConfig(text: string): string {
  const dir = path.join(root, `case-${++fileCount}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, '.premortem.json');
  fs.writeFileSync(file, text);
  return file;
}

describe('findConfigFile', () => {
  test('finds the file in the start directory', () => {
    const dir = path.join(root, 'find-here');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '.premortem.json'), '{}');
    assert.equal(findConfigFile(dir), path.join(dir, '.premortem.json'));
  });

  test('walks up to a parent directory', () => {
    const top = path.join(root, 'find-up');
    const deep = path.join(top, 'a', 'b', 'c');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(top, '.premortem.json'), '{}');
    assert.equal(findConfigFile(deep), path.join(top, '.premortem.json'));
  });

  test('prefers the nearest file', () => {
    const top = path.join(root, 'find-nearest');
    const inner = path.join(top, 'inner');
    fs.mkdirSync(inner, { recursive: true });
    fs.writeFileSync(path.join(top, '.premortem.json'), '{}');
    fs.writeFileSync(path.join(inner, '.premortem.json'), '{}');
    assert.equal(findConfigFile(inner), path.join(inner, '.premortem.json'));
  });

  test('ignores a directory of that name', () => {
    const top = path.join(root, 'find-dir');
    fs.mkdirSync(path.join(top, '.premortem.json'), { recursive: true });
    const found = findConfigFile(top);
    assert.ok(found === undefined || !found.startsWith(top), `unexpected ${found}`);
  });
});

describe('loadConfigFile: a complete file', () => {
  test('resolves every key', () => {
    const file = writeConfig(
      JSON.stringify({
        $schema: './premortem.schema.json',
        rules: {
          'aws-sqs-no-dead-letter-queue': { severity: 'error', options: { maxAge: 3 } },
          'aws-rds-no-deletion-protection': 'on',
          'syntax-error': 'off',
        },
        exclude: ['examples/**', '**/fixtures/**'],
        staticAssetPatterns: ['*.js', '/static/*'],
        inlineIgnores: false,
      }),
    );
    const config = loadConfigFile(file, RULES);
    assert.equal(config.file, file);
    assert.equal(config.dir, path.dirname(file));
    assert.deepEqual(config.exclude, ['examples/**', '**/fixtures/**']);
    assert.deepEqual(config.settings.staticAssetPatterns, ['*.js', '/static/*']);
    assert.equal(config.inlineIgnores, false);
    assert.deepEqual(
      [...config.rules],
      [
        ['aws-sqs-no-dead-letter-queue', { enabled: true, severity: 'error', options: { maxAge: 3 } }],
        ['aws-rds-no-deletion-protection', { enabled: true }],
        ['syntax-error', { enabled: false }],
      ],
    );
  });

  test('environments keep their module globs and var files', () => {
    const environments = [{ modules: ['components/*'], varFiles: { prod: ['environments/prod/prod.tfvars'], stg: ['environments/stg/stg.tfvars'] } }];
    const file = writeConfig(JSON.stringify({ environments }));
    for (const name of ['prod/prod.tfvars', 'stg/stg.tfvars']) {
      fs.mkdirSync(path.join(path.dirname(file), 'environments', path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(path.dirname(file), 'environments', name), '');
    }
    assert.deepEqual(loadConfigFile(file, RULES).environments, environments);
  });

  test('an environment var file named by a literal path must exist; a {module} template may match nothing', () => {
    const templated = [{ modules: ['components/*'], varFiles: { prod: ['vars/prod/{module}.tfvars'], stg: ['vars/stg/{module}.tfvars'] } }];
    assert.equal(loadConfigFile(writeConfig(JSON.stringify({ environments: templated })), RULES).environments.length, 1);
    const literal = [{ modules: ['components/*'], varFiles: { prod: ['vars/prod/{module}.tfvars', 'vars/prod/common.tfvars'] } }];
    const file = writeConfig(JSON.stringify({ environments: literal }));
    assert.throws(
      () => loadConfigFile(file, RULES),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.key, 'environments[0].varFiles.prod[1]');
        assert.equal(error.message, `${file}: environments[0].varFiles.prod[1]: var file not found: vars/prod/common.tfvars`);
        return true;
      },
    );
  });

  test("every var file must stay inside the workspace: the repository, else the config's directory", () => {
    const outsideFile = path.join(os.tmpdir(), `premortem-outside-${process.pid}.tfvars`);
    fs.writeFileSync(outsideFile, 'password = "x"\n');
    try {
      for (const named of ['../outside.tfvars', outsideFile, 'envs/../../{module}.tfvars', 'link/prod.tfvars']) {
        const file = writeConfig(JSON.stringify({ environments: [{ modules: ['*'], varFiles: { prod: [named], stg: ['stg.tfvars'] } }] }));
        const dir = path.dirname(file);
        fs.writeFileSync(path.join(dir, 'stg.tfvars'), '');
        fs.writeFileSync(path.join(dir, '..', 'outside.tfvars'), '');
        fs.symlinkSync(os.tmpdir(), path.join(dir, 'link'));
        assert.throws(
          () => loadConfigFile(file, RULES),
          (error: unknown) => {
            assert.ok(error instanceof ConfigError, String(error));
            assert.equal(error.key, 'environments[0].varFiles.prod[0]');
            assert.match(error.message, new RegExp(`var file outside the workspace \\(${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
            return true;
          },
          named,
        );
      }
      // Inside a repository, a sibling folder of the config's directory is inside the workspace.
      const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-repository-'));
      fs.mkdirSync(path.join(repository, '.git'));
      fs.mkdirSync(path.join(repository, 'shared'));
      fs.mkdirSync(path.join(repository, 'live'));
      fs.writeFileSync(path.join(repository, 'shared', 'prod.tfvars'), '');
      fs.writeFileSync(path.join(repository, 'live', 'stg.tfvars'), '');
      const file = path.join(repository, 'live', '.premortem.json');
      fs.writeFileSync(file, JSON.stringify({ environments: [{ modules: ['*'], varFiles: { prod: ['../shared/prod.tfvars'], stg: ['stg.tfvars'] } }] }));
      temporaryRepositories.push(repository);
      assert.equal(loadConfigFile(file, RULES).environments.length, 1);
    } finally {
      fs.rmSync(outsideFile, { force: true });
    }
  });

  test('an empty object takes every default', () => {
    const file = writeConfig('{}');
    assert.deepEqual(loadConfigFile(file, RULES), { ...defaultConfig(path.dirname(file)), file });
  });

  test('a byte-order mark is tolerated', () => {
    const file = writeConfig('\uFEFF{ "inlineIgnores": false }');
    assert.equal(loadConfigFile(file, RULES).inlineIgnores, false);
  });
});

interface SettingCase {
  readonly name: string;
  readonly setting: unknown;
  readonly enabled: boolean;
  readonly severity: string | undefined;
  readonly options: object;
}

const settingCases: readonly SettingCase[] = [
  { name: 'not mentioned: the default', setting: undefined, enabled: true, severity: undefined, options: { maxAge: 14, names: [] } },
  { name: '"off" disables', setting: 'off', enabled: false, severity: undefined, options: { maxAge: 14, names: [] } },
  { name: '"on" keeps the default severity', setting: 'on', enabled: true, severity: undefined, options: { maxAge: 14, names: [] } },
  { name: '"error" overrides the severity', setting: 'error', enabled: true, severity: 'error', options: { maxAge: 14, names: [] } },
  { name: '"info" overrides the severity', setting: 'info', enabled: true, severity: 'info', options: { maxAge: 14, names: [] } },
  {
    name: 'an object without severity enables with options',
    setting: { options: { names: ['dlq'] } },
    enabled: true,
    severity: undefined,
    options: { maxAge: 14, names: ['dlq'] },
  },
  {
    name: 'an object with severity "off" disables',
    setting: { severity: 'off', options: { maxAge: 2 } },
    enabled: false,
    severity: undefined,
    options: { maxAge: 2, names: [] },
  },
  { name: 'an object with a severity', setting: { severity: 'warning' }, enabled: true, severity: 'warning', options: { maxAge: 14, names: [] } },
];

describe('rule settings', () => {
  for (const c of settingCases) {
    test(c.name, () => {
      const rules = c.setting === undefined ? {} : { 'aws-sqs-no-dead-letter-queue': c.setting };
      const config = loadConfigFile(writeConfig(JSON.stringify({ rules })), RULES);
      assert.equal(isRuleEnabled(config, queueRule), c.enabled);
      assert.equal(ruleSeverity(config, queueRule), c.severity);
      assert.deepEqual(ruleOptions(config, queueRule), c.options);
    });
  }

  test('without a config, recommended rules run and others do not', () => {
    const config: ResolvedConfig = defaultConfig(root);
    assert.equal(isRuleEnabled(config, queueRule), true);
    assert.equal(isRuleEnabled(config, optionalRule), false);
    assert.equal(ruleSeverity(config, optionalRule), undefined);
    assert.deepEqual(ruleOptions(config, optionalRule), {});
    assert.deepEqual(config.settings.staticAssetPatterns, DEFAULT_STATIC_ASSET_PATTERNS);
    assert.equal(config.inlineIgnores, true);
    assert.equal(config.file, undefined);
  });

  test('a rule that is not recommended can be switched on', () => {
    const config = loadConfigFile(writeConfig('{ "rules": { "aws-rds-no-deletion-protection": "on" } }'), RULES);
    assert.equal(isRuleEnabled(config, optionalRule), true);
  });

  test('the pseudo-rules are configured like any other', () => {
    const config = loadConfigFile(writeConfig('{ "rules": { "syntax-error": "off", "unused-suppression": "warning" } }'), RULES);
    assert.equal(isRuleEnabled(config, syntaxError), false);
    assert.equal(ruleSeverity(config, unusedSuppression), 'warning');
  });
});

interface ErrorCase {
  readonly name: string;
  readonly text: string;
  readonly key: string | undefined;
  readonly message: string;
}

const LEVELS = '"off", "on", "error", "warning", "info"';

const errorCases: readonly ErrorCase[] = [
  { name: 'an unknown rule id', text: '{ "rules": { "aws-foo": "on" } }', key: 'rules.aws-foo', message: 'unknown rule id' },
  {
    name: 'a misspelt rule id gets a suggestion',
    text: '{ "rules": { "aws-sqs-no-deadletter-queue": "on" } }',
    key: 'rules.aws-sqs-no-deadletter-queue',
    message: 'unknown rule id (did you mean "aws-sqs-no-dead-letter-queue"?)',
  },
  {
    name: 'an unknown top-level key',
    text: '{ "inlineIgnore": false }',
    key: 'inlineIgnore',
    message: 'unknown property (did you mean "inlineIgnores"?)',
  },
  {
    name: 'an unknown level',
    text: '{ "rules": { "syntax-error": "warn" } }',
    key: 'rules.syntax-error',
    message: `must be one of ${LEVELS}`,
  },
  {
    name: 'a setting of the wrong type',
    text: '{ "rules": { "syntax-error": true } }',
    key: 'rules.syntax-error',
    message: `must be ${LEVELS} or an object`,
  },
  {
    name: 'an unknown severity in the object form',
    text: '{ "rules": { "aws-sqs-no-dead-letter-queue": { "severity": "fatal" } } }',
    key: 'rules.aws-sqs-no-dead-letter-queue.severity',
    message: `must be one of ${LEVELS}`,
  },
  {
    name: 'an option of the wrong type',
    text: '{ "rules": { "aws-sqs-no-dead-letter-queue": { "options": { "maxAge": "old" } } } }',
    key: 'rules.aws-sqs-no-dead-letter-queue.options.maxAge',
    message: 'must be a number',
  },
  {
    name: 'an option out of range',
    text: '{ "rules": { "aws-sqs-no-dead-letter-queue": { "options": { "maxAge": 0 } } } }',
    key: 'rules.aws-sqs-no-dead-letter-queue.options.maxAge',
    message: 'must be at least 1',
  },
  {
    name: 'an unknown option',
    text: '{ "rules": { "aws-sqs-no-dead-letter-queue": { "options": { "maxAgee": 3 } } } }',
    key: 'rules.aws-sqs-no-dead-letter-queue.options.maxAgee',
    message: 'unknown property (did you mean "maxAge"?)',
  },
  {
    name: 'options for a rule that has none',
    text: '{ "rules": { "syntax-error": { "options": {} } } }',
    key: 'rules.syntax-error.options',
    message: 'this rule has no options',
  },
  { name: 'exclude must be an array', text: '{ "exclude": "examples" }', key: 'exclude', message: 'must be an array' },
  { name: 'an empty exclude pattern', text: '{ "exclude": ["a", ""] }', key: 'exclude[1]', message: 'must not be empty' },
  {
    name: 'a static asset pattern must be a string',
    text: '{ "staticAssetPatterns": [1] }',
    key: 'staticAssetPatterns[0]',
    message: 'must be a string',
  },
  { name: 'inlineIgnores must be a boolean', text: '{ "inlineIgnores": "no" }', key: 'inlineIgnores', message: 'must be true or false' },
  { name: 'environments must be an array', text: '{ "environments": {} }', key: 'environments', message: 'must be an array' },
  {
    name: 'an environments entry needs its var files',
    text: '{ "environments": [{ "modules": ["a"] }] }',
    key: 'environments[0].varFiles',
    message: 'is required',
  },
  {
    name: 'an environment lists var files',
    text: '{ "environments": [{ "modules": ["a"], "varFiles": { "prod": "prod.tfvars" } }] }',
    key: 'environments[0].varFiles.prod',
    message: 'must be an array',
  },
  {
    name: 'an unknown key in an environments entry',
    text: '{ "environments": [{ "modules": ["a"], "varFiles": {}, "varfile": "x" }] }',
    key: 'environments[0].varfile',
    message: 'unknown property (did you mean "varFiles"?)',
  },
  { name: 'the top level must be an object', text: '[]', key: undefined, message: 'the file must hold a JSON object' },
  {
    name: 'invalid JSON: a trailing comma',
    text: '{\n  "rules": {},\n  }',
    key: undefined,
    message: 'invalid JSON at line 3, column 3: Unexpected token } (trailing comma)',
  },
  {
    name: 'invalid JSON: a missing colon',
    text: '{\n  "exclude" []\n}',
    key: undefined,
    message: 'invalid JSON at line 2, column 13: Expected ":" after property name, found [',
  },
  {
    name: 'invalid JSON: a missing comma',
    text: '{\n  "exclude": []\n  "inlineIgnores": true\n}',
    key: undefined,
    message: 'invalid JSON at line 3, column 3: Expected "," or "}" after property value, found "',
  },
  {
    name: 'invalid JSON: a misspelt literal',
    text: '{ "inlineIgnores": flase }',
    key: undefined,
    message: 'invalid JSON at line 1, column 20: Unexpected token flase',
  },
  {
    name: 'invalid JSON: an unquoted property name',
    text: '{ rules: {} }',
    key: undefined,
    message: 'invalid JSON at line 1, column 3: Expected a double-quoted property name, found rules',
  },
  {
    name: 'invalid JSON: an unterminated string',
    text: '{ "exclude": ["examples/**\n] }',
    key: undefined,
    message: 'invalid JSON at line 1, column 15: Unterminated string',
  },
  {
    name: 'invalid JSON: a comment',
    text: '{\n  // no comments\n}',
    key: undefined,
    message: 'invalid JSON at line 2, column 3: Unexpected token / (comments are not allowed in JSON)',
  },
  { name: 'invalid JSON: an empty file', text: '', key: undefined, message: 'invalid JSON at line 1, column 1: Unexpected end of input' },
  {
    name: 'invalid JSON: an unclosed object',
    text: '{ "rules": {}',
    key: undefined,
    message: 'invalid JSON at line 1, column 14: Unexpected end of input',
  },
  {
    name: 'invalid JSON: a bad number',
    text: '{ "x": 01 }',
    key: undefined,
    message: 'invalid JSON at line 1, column 8: Invalid number',
  },
  {
    name: 'invalid JSON: content after the value',
    text: '{} {}',
    key: undefined,
    message: 'invalid JSON at line 1, column 4: Unexpected content after the end of the JSON value',
  },
];

describe('loadConfigFile: errors name the file, the key and the problem', () => {
  for (const c of errorCases) {
    test(c.name, () => {
      const file = writeConfig(c.text);
      const expectedLine = c.key === undefined ? `${file}: ${c.message}` : `${file}: ${c.key}: ${c.message}`;
      assert.throws(
        () => loadConfigFile(file, RULES),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, expectedLine);
          assert.equal(error.file, file);
          assert.equal(error.key, c.key);
          assert.equal(error.problem, c.message);
          return true;
        },
      );
    });
  }

  test('a missing file', () => {
    const file = path.join(root, 'nowhere', '.premortem.json');
    assert.throws(() => loadConfigFile(file, RULES), { message: `${file}: cannot read the config file: file not found` });
  });
});

describe('buildConfigSchema', () => {
  test('the schema accepts what the loader accepts', () => {
    const schema = buildConfigSchema(RULES);
    const valid = {
      $schema: 'x',
      rules: { 'aws-sqs-no-dead-letter-queue': { options: { names: ['a'] } }, 'syntax-error': 'off' },
      exclude: ['a'],
      staticAssetPatterns: ['*.css'],
      inlineIgnores: true,
    };
    assert.deepEqual(validateJson(valid, schema), []);
  });

  test('has one property per rule id, sorted, with the rule described', () => {
    const schema = buildConfigSchema(RULES);
    const rules = schema.properties?.['rules'];
    assert.deepEqual(Object.keys(rules?.properties ?? {}), [
      'aws-rds-no-deletion-protection',
      'aws-sqs-no-dead-letter-queue',
      'syntax-error',
      'unused-suppression',
    ]);
    assert.match(rules?.properties?.['aws-rds-no-deletion-protection']?.description ?? '', /Default: off, severity error\./);
  });

  test('marks deprecated rules', () => {
    const schema = buildConfigSchema([meta('old-rule', { deprecated: true, replacedBy: ['new-rule'] })]);
    assert.match(schema.properties?.['rules']?.properties?.['old-rule']?.description ?? '', /Deprecated: use new-rule instead\./);
  });

  test('is plain JSON', () => {
    const schema = buildConfigSchema(RULES);
    assert.deepEqual(JSON.parse(JSON.stringify(schema)), schema);
  });
});
