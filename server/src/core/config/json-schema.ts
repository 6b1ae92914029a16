// Validation of JSON values against the JsonSchema subset of rules/api.ts, with messages written for
// the person editing the file, and default-filling for rule option objects. Ajv validates; this file only
// words its errors ("must be one of …", "unknown property (did you mean …)") and orders them as the file reads.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../../../../rules/api';
import { didYouMean } from '../closest-name';

export interface SchemaProblem {
  /** Where the problem is: `rules.some-rule.options.maxAge`, `exclude[2]`; empty for the value itself. */
  readonly path: string;
  readonly message: string;
}

/** A schema whose root may hold the `definitions` that its `$ref`s (`#/definitions/name`) point to. */
export interface SchemaDocument extends JsonSchema {
  readonly definitions?: { readonly [name: string]: JsonSchema };
}

/**
 * Every problem found, in document order; empty when `value` conforms to `schema`. `root` is the document
 * `schema` is part of, whose definitions its `$ref`s point to.
 */
export function validateJson(value: unknown, schema: JsonSchema, path = '', root: SchemaDocument = schema): SchemaProblem[] {
  return problemsOf(value, schema, root, path);
}

// allErrors: every problem, not the first. verbose: each error carries its schema and data, to word it.
// strictTypes off: a keyword without a `type` beside it (`{ minimum: 5 }`) is valid JSON Schema.
// validateSchema off: checking our own schemas against the meta-schema at run time costs a compile of the
// meta-schema on every start; test/core/json-schema.test.ts checks them once instead.
// Made on first use, so that a run without a config file does not pay for it.
let ajv: Ajv | undefined;

/** Compiled validators: by schema object, and by its text for schemas rebuilt on every load (the config's). */
const byObject = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();

function validatorFor(schema: JsonSchema, root: SchemaDocument): ValidateFunction {
  let validate = byObject.get(schema);
  if (validate !== undefined) return validate;
  // A part of the document is compiled with the document's definitions, so that its $refs resolve.
  const document = schema === root || root.definitions === undefined ? schema : { ...schema, definitions: root.definitions };
  // Without descriptions and defaults, which do not validate, schemas of the same shape share one validator.
  const text = JSON.stringify(document, (key, value: unknown) => (key === 'description' || key === 'default' ? undefined : value));
  validate = byText.get(text);
  if (validate === undefined) {
    ajv ??= new Ajv({ allErrors: true, verbose: true, strictTypes: false, validateSchema: false });
    validate = ajv.compile(JSON.parse(text) as JsonSchema);
    if (byText.size > 200) byText.clear();
    byText.set(text, validate);
  }
  byObject.set(schema, validate);
  return validate;
}

function problemsOf(value: unknown, schema: JsonSchema, root: SchemaDocument, path: string): SchemaProblem[] {
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schema, root);
  } catch (error) {
    const missing = (error as { missingRef?: unknown }).missingRef;
    if (typeof missing === 'string') return [{ path, message: `schema error: cannot resolve $ref "${missing}"` }];
    throw error;
  }
  if (validate(value)) return [];
  const errors = relevant(validate.errors ?? []);
  const problems: { problem: SchemaProblem; order: number }[] = [];
  const order = documentOrder(value);
  for (const error of errors) {
    const segments = pointerSegments(error.instancePath);
    const at = pathOf(value, segments, path);
    // An unknown property is Ajv's complaint about its object, but reads where the property is.
    const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty : undefined;
    const rank = order.get(extra === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(extra)}`) ?? 0;
    for (const problem of problemsOfError(error, at, root)) problems.push({ problem, order: rank });
  }
  // Stable: the problems of one place keep Ajv's order (required before the properties' own problems).
  return problems.sort((a, b) => a.order - b.order).map((p) => p.problem);
}

/**
 * The errors worth reporting: a oneOf's branch errors are dropped (the oneOf error is reworded from its
 * branches), and so is every other complaint about a value of the wrong type by the schema that wants
 * another type (Ajv's allErrors checks `enum` even after `type` failed).
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  errors.forEach((error, index) => {
    if (error.keyword !== 'oneOf') return;
    // Ajv lists a failed oneOf right after its branches' errors, all at or below the oneOf's place.
    for (let i = index - 1; i >= 0 && isWithin((errors[i] as ErrorObject).instancePath, error.instancePath); i--) {
      dropped.add(errors[i] as ErrorObject);
    }
  });
  const wrongType = errors.filter((error) => error.keyword === 'type' && !dropped.has(error));
  return errors.filter(
    (error) => !dropped.has(error) && !wrongType.some((t) => t !== error && t.parentSchema === error.parentSchema && t.instancePath === error.instancePath),
  );
}

function isWithin(pointer: string, parent: string): boolean {
  return pointer === parent || pointer.startsWith(`${parent}/`);
}

function problemsOfError(error: ErrorObject, path: string, root: SchemaDocument): SchemaProblem[] {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as JsonSchema;
  switch (error.keyword) {
    case 'type':
      return [{ path, message: `must be ${TYPE_NOUNS[params['type'] as JsonType] ?? String(params['type'])}` }];
    case 'enum':
      return [{ path, message: `must be one of ${(params['allowedValues'] as unknown[]).map(show).join(', ')}` }];
    case 'minimum':
      return [{ path, message: `must be at least ${String(params['limit'])}` }];
    case 'maximum':
      return [{ path, message: `must be at most ${String(params['limit'])}` }];
    case 'minLength': {
      const limit = params['limit'] as number;
      return [{ path, message: limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long` }];
    }
    case 'pattern':
      return [{ path, message: `must match the pattern /${String(params['pattern'])}/` }];
    case 'required':
      return [{ path: childPath(path, params['missingProperty'] as string), message: 'is required' }];
    case 'additionalProperties': {
      const name = params['additionalProperty'] as string;
      return [{ path: childPath(path, name), message: unknownProperty(name, parent.properties ?? {}) }];
    }
    case 'oneOf':
      return oneOfProblems(error.data, parent.oneOf ?? [], params['passingSchemas'] !== null, path, root);
    default:
      return [{ path, message: error.message ?? `fails the ${error.keyword} check` }];
  }
}

/** A value that matches no form is reported against the form the user evidently meant: the one of its JSON type. */
function oneOfProblems(value: unknown, branches: readonly JsonSchema[], ambiguous: boolean, path: string, root: SchemaDocument): SchemaProblem[] {
  if (ambiguous) return [{ path, message: 'is ambiguous: it matches more than one of the allowed forms' }];
  const sameType = branches.filter((branch) => {
    const type = deref(branch, root)?.type;
    return type === undefined || problemsOf(value, { type }, root, path).length === 0;
  });
  if (sameType.length === 0) {
    return [{ path, message: `must be ${joinAlternatives(branches.flatMap((branch) => describe(branch, root)))}` }];
  }
  return sameType.map((branch) => problemsOf(value, branch, root, path)).reduce((best, problems) => (problems.length < best.length ? problems : best));
}

/** The JSON pointer of every place in `value`, numbered in the order the file reads. */
function documentOrder(value: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const visit = (node: unknown, pointer: string): void => {
    order.set(pointer, order.size);
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${pointer}/${i}`));
    else if (isPlainObject(node)) {
      for (const [key, item] of Object.entries(node)) visit(item, `${pointer}/${escapePointer(key)}`);
    }
  };
  visit(value, '');
  return order;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointerSegments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The problem path of a JSON pointer: array indices as `[2]`, object keys as `.name` or `["a.b"]`. */
function pathOf(value: unknown, segments: readonly string[], start: string): string {
  let path = start;
  let node = value;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      path = childPath(path, Number(segment));
      node = node[Number(segment)];
    } else {
      path = childPath(path, segment);
      node = isPlainObject(node) ? node[segment] : undefined;
    }
  }
  return path;
}

/**
 * A copy of an options object with missing properties filled in, nested objects included: a configured
 * value wins over the `defaults` object, which wins over the schema's `default`s.
 */
export function applyDefaults(schema: JsonSchema, value: object | undefined, defaults: object = {}): Record<string, unknown> {
  return fill(schema, value ?? {}, defaults) as Record<string, unknown>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `rules` + `my-rule` → `rules.my-rule`; keys that are not name-like are quoted: `tags["a.b"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z0-9_$-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function unknownProperty(name: string, properties: { readonly [name: string]: JsonSchema }): string {
  const known = Object.keys(properties);
  const hint = didYouMean(name, known);
  if (hint !== undefined) return `unknown property${hint}`;
  if (known.length === 0) return 'unknown property (none are allowed here)';
  if (known.length <= 8) return `unknown property (expected ${joinAlternatives(known.map(show))})`;
  return 'unknown property';
}

function resolveRef(ref: string, root: SchemaDocument): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let target: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isPlainObject(target) || !Object.hasOwn(target, key)) return undefined;
    target = target[key];
  }
  return isPlainObject(target) ? (target as JsonSchema) : undefined;
}

function deref(schema: JsonSchema, root: SchemaDocument): JsonSchema | undefined {
  return schema.$ref === undefined ? schema : resolveRef(schema.$ref, root);
}

/** How a form reads in "must be …": its enum values, or its type. */
function describe(schema: JsonSchema, root: SchemaDocument): string[] {
  const target = deref(schema, root);
  if (target?.enum !== undefined) return target.enum.map(show);
  if (target?.type !== undefined) return [TYPE_NOUNS[target.type]];
  return target?.oneOf?.flatMap((branch) => describe(branch, root)) ?? [];
}

type JsonType = NonNullable<JsonSchema['type']>;

const TYPE_NOUNS: Readonly<Record<JsonType, string>> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'null',
};

function show(value: unknown): string {
  return JSON.stringify(value);
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function fill(schema: JsonSchema, value: unknown, fallback: unknown): unknown {
  const given = value !== undefined ? value : fallback !== undefined ? fallback : schema.default;
  if (given === undefined) return undefined;
  const filled: unknown = structuredClone(given);
  if (!isPlainObject(filled) || schema.properties === undefined) return filled;
  const fallbackObject = value !== undefined && isPlainObject(fallback) ? fallback : {};
  for (const [name, propertySchema] of Object.entries(schema.properties)) {
    const own = Object.hasOwn(filled, name) ? filled[name] : undefined;
    const fallbackValue = Object.hasOwn(fallbackObject, name) ? fallbackObject[name] : undefined;
    const result = fill(propertySchema, own, fallbackValue);
    if (result !== undefined) filled[name] = result;
  }
  return filled;
}
