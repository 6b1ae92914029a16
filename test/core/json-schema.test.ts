import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonSchema } from '../../rules/api';
import Ajv from 'ajv';
import { RULES } from '../../rules';
import { buildConfigSchema } from '../../server/src/core/config/config-schema';
import { applyDefaults, type SchemaDocument, type SchemaProblem, validateJson } from '../../server/src/core/config/json-schema';

const severity: JsonSchema = { type: 'string', enum: ['error', 'warning', 'info'] };

interface ValidationCase {
  readonly name: string;
  readonly schema: SchemaDocument;
  readonly value: unknown;
  readonly path?: string;
  readonly expected: readonly SchemaProblem[];
}

const validationCases: readonly ValidationCase[] = [
  { name: 'a matching string passes', schema: { type: 'string' }, value: 'x', expected: [] },
  { name: 'a wrong type is named', schema: { type: 'string' }, value: 3, expected: [{ path: '', message: 'must be a string' }] },
  { name: 'an integer rejects fractions', schema: { type: 'integer' }, value: 1.5, expected: [{ path: '', message: 'must be an integer' }] },
  { name: 'an integer accepts whole numbers', schema: { type: 'integer' }, value: 7, expected: [] },
  { name: 'a number rejects strings', schema: { type: 'number' }, value: '7', expected: [{ path: '', message: 'must be a number' }] },
  { name: 'a boolean reads as true or false', schema: { type: 'boolean' }, value: 'yes', expected: [{ path: '', message: 'must be true or false' }] },
  { name: 'an object rejects arrays', schema: { type: 'object' }, value: [], expected: [{ path: '', message: 'must be an object' }] },
  { name: 'an array rejects objects', schema: { type: 'array' }, value: {}, expected: [{ path: '', message: 'must be an array' }] },
  { name: 'null is its own type', schema: { type: 'null' }, value: 0, expected: [{ path: '', message: 'must be null' }] },
  {
    name: 'an enum lists its values',
    schema: severity,
    value: 'fatal',
    expected: [{ path: '', message: 'must be one of "error", "warning", "info"' }],
  },
  {
    name: 'a nested path joins names with dots',
    schema: { type: 'object', properties: { rules: { type: 'object', additionalProperties: { type: 'object', properties: { severity } } } } },
    value: { rules: { 'aws-sqs-no-dead-letter-queue': { severity: 'fatal' } } },
    expected: [{ path: 'rules.aws-sqs-no-dead-letter-queue.severity', message: 'must be one of "error", "warning", "info"' }],
  },
  {
    name: 'a key that is not name-like is quoted',
    schema: { type: 'object', additionalProperties: { type: 'number' } },
    value: { 'a.b c': 'x' },
    expected: [{ path: '["a.b c"]', message: 'must be a number' }],
  },
  {
    name: 'the starting path prefixes every problem',
    schema: { type: 'object', properties: { maxAge: { type: 'number' } } },
    value: { maxAge: 'old' },
    path: 'rules.x.options',
    expected: [{ path: 'rules.x.options.maxAge', message: 'must be a number' }],
  },
  { name: 'minimum', schema: { type: 'number', minimum: 1 }, value: 0, expected: [{ path: '', message: 'must be at least 1' }] },
  { name: 'maximum', schema: { type: 'number', maximum: 10 }, value: 11, expected: [{ path: '', message: 'must be at most 10' }] },
  { name: 'minLength 1 reads as not empty', schema: { type: 'string', minLength: 1 }, value: '', expected: [{ path: '', message: 'must not be empty' }] },
  {
    name: 'a longer minLength gives the count',
    schema: { type: 'string', minLength: 3 },
    value: 'ab',
    expected: [{ path: '', message: 'must be at least 3 characters long' }],
  },
  {
    name: 'pattern',
    schema: { type: 'string', pattern: '^[a-z]+$' },
    value: 'ABC',
    expected: [{ path: '', message: 'must match the pattern /^[a-z]+$/' }],
  },
  {
    name: 'a missing required property is named',
    schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    value: {},
    expected: [{ path: 'name', message: 'is required' }],
  },
  {
    name: 'an unknown property suggests a close name',
    schema: { type: 'object', additionalProperties: false, properties: { inlineIgnores: { type: 'boolean' } } },
    value: { inlineIgnore: true },
    expected: [{ path: 'inlineIgnore', message: 'unknown property (did you mean "inlineIgnores"?)' }],
  },
  {
    name: 'an unknown property lists a few allowed names',
    schema: { type: 'object', additionalProperties: false, properties: { a: {}, b: {} } },
    value: { zzzzzz: 1 },
    expected: [{ path: 'zzzzzz', message: 'unknown property (expected "a" or "b")' }],
  },
  {
    name: 'an unknown property where none are allowed',
    schema: { type: 'object', additionalProperties: false },
    value: { x: 1 },
    expected: [{ path: 'x', message: 'unknown property (none are allowed here)' }],
  },
  {
    name: 'additional properties are checked against their schema',
    schema: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    value: { a: 1, b: -1 },
    expected: [{ path: 'b', message: 'must be at least 0' }],
  },
  {
    name: 'array items carry their index',
    schema: { type: 'object', properties: { exclude: { type: 'array', items: { type: 'string' } } } },
    value: { exclude: ['a', 2, 'c', false] },
    expected: [
      { path: 'exclude[1]', message: 'must be a string' },
      { path: 'exclude[3]', message: 'must be a string' },
    ],
  },
  {
    name: 'a $ref to definitions is followed',
    schema: { type: 'array', items: { $ref: '#/definitions/level' }, definitions: { level: severity } },
    value: ['error', 'loud'],
    expected: [{ path: '[1]', message: 'must be one of "error", "warning", "info"' }],
  },
  {
    name: 'an unresolvable $ref is reported, not thrown',
    schema: { $ref: '#/definitions/missing' },
    value: 1,
    expected: [{ path: '', message: 'schema error: cannot resolve $ref "#/definitions/missing"' }],
  },
  {
    name: 'oneOf passes when one form matches',
    schema: { oneOf: [severity, { type: 'object' }] },
    value: { anything: true },
    expected: [],
  },
  {
    name: 'oneOf reports against the form of the same type',
    schema: { oneOf: [severity, { type: 'object', properties: { severity } }] },
    value: { severity: 'loud' },
    expected: [{ path: 'severity', message: 'must be one of "error", "warning", "info"' }],
  },
  {
    name: 'oneOf lists every form when no type fits',
    schema: { oneOf: [{ $ref: '#/definitions/level' }, { type: 'object' }], definitions: { level: severity } },
    value: 3,
    expected: [{ path: '', message: 'must be "error", "warning", "info" or an object' }],
  },
  {
    name: 'oneOf rejects a value that matches two forms',
    schema: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
    value: 3,
    expected: [{ path: '', message: 'is ambiguous: it matches more than one of the allowed forms' }],
  },
  {
    name: 'problems come in the order the file reads, whatever the schema order',
    schema: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' }, b: { type: 'string' } } },
    value: { b: 1, zz: true, a: 2 },
    expected: [
      { path: 'b', message: 'must be a string' },
      { path: 'zz', message: 'unknown property (expected "a" or "b")' },
      { path: 'a', message: 'must be a string' },
    ],
  },
  {
    name: 'a value of the wrong type gets no complaint about its other keywords',
    schema: severity,
    value: 3,
    expected: [{ path: '', message: 'must be a string' }],
  },
  {
    name: 'oneOf inside an array item and behind a $ref',
    schema: {
      type: 'array',
      items: { oneOf: [{ $ref: '#/definitions/level' }, { type: 'object', additionalProperties: false, properties: { severity } }] },
      definitions: { level: severity },
    },
    value: ['info', { severity: 'info', sevrity: 'x' }, 'loud'],
    expected: [
      { path: '[1].sevrity', message: 'unknown property (did you mean "severity"?)' },
      { path: '[2]', message: 'must be one of "error", "warning", "info"' },
    ],
  },
  { name: 'keywords without a type still apply', schema: { minimum: 5 }, value: 3, expected: [{ path: '', message: 'must be at least 5' }] },
];

// The validator skips the meta-schema check at run time, so the schemas it is given are checked here.
test('the config schema and every rule options schema (it embeds them) are valid JSON Schema (draft-07)', () => {
  const ajv = new Ajv({ strictTypes: false });
  const schemas = [buildConfigSchema(RULES.map((rule) => rule.meta)), ...RULES.flatMap((rule) => (rule.meta.options ? [rule.meta.options.schema] : []))];
  for (const schema of schemas) assert.equal(ajv.validateSchema(schema), true, ajv.errorsText(ajv.errors));
});

describe('validateJson', () => {
  for (const c of validationCases) {
    test(c.name, () => {
      assert.deepEqual(validateJson(c.value, c.schema, c.path), c.expected);
    });
  }
});

interface DefaultsCase {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly value: object | undefined;
  readonly defaults?: object;
  readonly expected: Record<string, unknown>;
}

const optionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    maxAge: { type: 'number', default: 30 },
    names: { type: 'array', items: { type: 'string' } },
    limits: { type: 'object', properties: { low: { type: 'number', default: 1 }, high: { type: 'number', default: 9 } } },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const defaultsCases: readonly DefaultsCase[] = [
  { name: 'schema defaults fill an absent value', schema: optionsSchema, value: undefined, expected: { maxAge: 30 } },
  {
    name: 'the defaults object wins over schema defaults',
    schema: optionsSchema,
    value: {},
    defaults: { maxAge: 7, names: ['a'] },
    expected: { maxAge: 7, names: ['a'] },
  },
  {
    name: 'a configured value wins over both',
    schema: optionsSchema,
    value: { maxAge: 1, names: [] },
    defaults: { maxAge: 7, names: ['a'] },
    expected: { maxAge: 1, names: [] },
  },
  {
    name: 'a nested object is filled property by property',
    schema: optionsSchema,
    value: { limits: { high: 5 } },
    defaults: { limits: { low: 2, high: 3 } },
    expected: { maxAge: 30, limits: { low: 2, high: 5 } },
  },
  {
    name: 'a map without declared properties is replaced, not merged',
    schema: optionsSchema,
    value: { tags: { team: 'a' } },
    defaults: { tags: { owner: 'b' } },
    expected: { maxAge: 30, tags: { team: 'a' } },
  },
  {
    name: 'properties the schema does not declare are kept',
    schema: optionsSchema,
    value: { extra: true },
    expected: { maxAge: 30, extra: true },
  },
];

describe('applyDefaults', () => {
  for (const c of defaultsCases) {
    test(c.name, () => {
      assert.deepEqual(applyDefaults(c.schema, c.value, c.defaults), c.expected);
    });
  }

  test('returns a copy, leaving its inputs untouched', () => {
    const value = { limits: { high: 5 } };
    const defaults = { names: ['a'] };
    const result = applyDefaults(optionsSchema, value, defaults);
    (result['names'] as string[]).push('b');
    (result['limits'] as Record<string, number>)['low'] = 0;
    assert.deepEqual(value, { limits: { high: 5 } });
    assert.deepEqual(defaults, { names: ['a'] });
  });
});
