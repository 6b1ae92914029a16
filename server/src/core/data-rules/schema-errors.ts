// Validates a rule file against schemas/premortem-rule.schema.json with ajv and turns the first error into
// one line a person can act on: which key, what is wrong, and the likely key or value they meant.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import RULE_SCHEMA from '../../../../schemas/premortem-rule.schema.json';
import { didYouMean } from '../closest-name';
import { keyName, RuleFileError, type KeyPath } from './rule-file-error';
import type { SourcePositions } from './source-positions';

export { RULE_SCHEMA };

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  // Compiled once per process; unoptimised code compiles in about half the time and validates a few files.
  validator ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: false, code: { optimize: false } }).compile(RULE_SCHEMA);
  return validator;
}

/** The first problem the schema finds, or undefined when the value fits it. */
export function schemaError(file: string, value: unknown, positions: SourcePositions): RuleFileError | undefined {
  const check = validate();
  if (check(value)) return undefined;
  // `if`/`then` adds a summary after the real error; the real one is more precise. A misspelt key comes
  // first: it is also why a required key seems missing.
  const errors = (check.errors ?? []).filter((e) => e.keyword !== 'if');
  const error = errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
  if (!error) return new RuleFileError(file, 1, 1, '', 'does not fit the rule file schema');
  const at = pathOf(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const where = positions.of(at, extra);
    return new RuleFileError(
      file,
      where.line,
      where.column,
      keyName([...at, extra]),
      `unknown key${didYouMean(extra, known) ?? startOf(extra, known) ?? `; expected one of ${known.join(', ')}`}`,
    );
  }
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    const where = positions.of(at);
    return new RuleFileError(file, where.line, where.column, keyName(at), `missing "${missing}"`);
  }
  const where = positions.of(at);
  return new RuleFileError(file, where.line, where.column, keyName(at), problemOf(error));
}

function pathOf(instancePath: string): KeyPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'null',
};

function problemOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const schema = error.parentSchema as { description?: string } | undefined;
  switch (error.keyword) {
    case 'type': {
      const types = String(params['type']).split(',');
      return `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      return `must be one of ${allowed.join(', ')}${typeof error.data === 'string' ? (didYouMean(error.data, allowed) ?? '') : ''}`;
    }
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'pattern':
      return `${JSON.stringify(error.data)} is not allowed here${schema?.description ? `: ${lowerFirst(schema.description)}` : ''}`;
    case 'minItems':
      return 'must not be an empty list';
    case 'minLength':
      return 'must not be empty';
    default:
      return error.message ?? 'does not fit the rule file schema';
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** ` (did you mean "matches"?)` for `match`: a key cut short is a typo too. */
function startOf(name: string, candidates: readonly string[]): string | undefined {
  const found = candidates.find((c) => name.length >= 3 && (c.startsWith(name) || name.startsWith(c)));
  return found === undefined ? undefined : ` (did you mean "${found}"?)`;
}
