// Validation of JSON values against the JsonSchema subset of rules/api.ts, with messages written for
// the person editing the file, and default-filling for rule option objects.
import type { JsonSchema } from '../../../rules/api';
import { didYouMean } from './closest-name';

export interface SchemaProblem {
  /** Where the problem is: `rules.some-rule.options.maxAge`, `exclude[2]`; empty for the value itself. */
  readonly path: string;
  readonly message: string;
}

/** A schema whose root may hold the `definitions` that its `$ref`s (`#/definitions/name`) point to. */
export interface SchemaDocument extends JsonSchema {
  readonly definitions?: { readonly [name: string]: JsonSchema };
}

/** Every problem found, in document order; empty when `value` conforms to `schema`. */
export function validateJson(value: unknown, schema: SchemaDocument, path = ''): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(value, schema, path, schema, problems);
  return problems;
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

function check(value: unknown, schema: JsonSchema, path: string, root: SchemaDocument, out: SchemaProblem[]): void {
  if (schema.$ref !== undefined) {
    const target = resolveRef(schema.$ref, root);
    if (target === undefined) out.push({ path, message: `schema error: cannot resolve $ref "${schema.$ref}"` });
    else check(value, target, path, root, out);
    return;
  }
  if (schema.oneOf !== undefined) checkOneOf(value, schema.oneOf, path, root, out);
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    out.push({ path, message: `must be ${TYPE_NOUNS[schema.type]}` });
    return;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value as never)) {
    out.push({ path, message: `must be one of ${schema.enum.map(show).join(', ')}` });
    return;
  }
  if (typeof value === 'number') checkNumber(value, schema, path, out);
  else if (typeof value === 'string') checkString(value, schema, path, out);
  else if (Array.isArray(value)) checkArray(value, schema, path, root, out);
  else if (isPlainObject(value)) checkObject(value, schema, path, root, out);
}

function checkOneOf(
  value: unknown,
  branches: readonly JsonSchema[],
  path: string,
  root: SchemaDocument,
  out: SchemaProblem[],
): void {
  const results = branches.map((branch) => ({ branch, problems: validateBranch(value, branch, path, root) }));
  const passing = results.filter((result) => result.problems.length === 0);
  if (passing.length === 1) return;
  if (passing.length > 1) {
    out.push({ path, message: 'is ambiguous: it matches more than one of the allowed forms' });
    return;
  }
  // Report against the form the user evidently meant (the one of the same JSON type), else list the forms.
  const sameType = results.filter((result) => {
    const type = deref(result.branch, root)?.type;
    return type === undefined || hasType(value, type);
  });
  if (sameType.length === 0) {
    out.push({ path, message: `must be ${joinAlternatives(branches.flatMap((branch) => describe(branch, root)))}` });
    return;
  }
  const closest = sameType.reduce((best, result) => (result.problems.length < best.problems.length ? result : best));
  out.push(...closest.problems);
}

function validateBranch(value: unknown, branch: JsonSchema, path: string, root: SchemaDocument): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  check(value, branch, path, root, problems);
  return problems;
}

function checkNumber(value: number, schema: JsonSchema, path: string, out: SchemaProblem[]): void {
  if (schema.minimum !== undefined && value < schema.minimum) out.push({ path, message: `must be at least ${schema.minimum}` });
  if (schema.maximum !== undefined && value > schema.maximum) out.push({ path, message: `must be at most ${schema.maximum}` });
}

function checkString(value: string, schema: JsonSchema, path: string, out: SchemaProblem[]): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    const message = schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long`;
    out.push({ path, message });
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    out.push({ path, message: `must match the pattern /${schema.pattern}/` });
  }
}

function checkArray(value: readonly unknown[], schema: JsonSchema, path: string, root: SchemaDocument, out: SchemaProblem[]): void {
  if (schema.items === undefined) return;
  value.forEach((item, index) => check(item, schema.items as JsonSchema, childPath(path, index), root, out));
}

function checkObject(
  value: Record<string, unknown>,
  schema: JsonSchema,
  path: string,
  root: SchemaDocument,
  out: SchemaProblem[],
): void {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(value, name)) out.push({ path: childPath(path, name), message: 'is required' });
  }
  for (const [name, item] of Object.entries(value)) {
    const propertySchema = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (propertySchema !== undefined) check(item, propertySchema, childPath(path, name), root, out);
    else if (schema.additionalProperties === false) out.push({ path: childPath(path, name), message: unknownProperty(name, properties) });
    else if (typeof schema.additionalProperties === 'object') check(item, schema.additionalProperties, childPath(path, name), root, out);
  }
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

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
  }
}

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
