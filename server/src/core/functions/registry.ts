// The built-in Terraform functions the static evaluator can compute, by name.
import { UNKNOWN, type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import { isObject, makeObject, normalizeString } from '../value-ops';
import * as collection from './collection';
import * as conversion from './conversion';
import * as encoding from './encoding';
import { format, formatlist } from './format';
import * as maps from './maps';
import * as numeric from './numeric';
import { regex, regexall } from './regex';
import * as sets from './sets';
import * as string from './string';

/**
 * A pure Terraform function: returns the value Terraform would compute (UNKNOWN when that depends on something
 * not known here) and throws EvalError exactly where Terraform would report an error. Never throws anything else.
 */
export type TerraformFunction = (args: readonly Value[]) => Value;

/** The implementations before guarding: they throw EvalError, Indeterminate, or (only if buggy) anything else. */
export const IMPLEMENTATIONS: { readonly [name: string]: TerraformFunction } = {
  abs: numeric.abs,
  alltrue: collection.alltrue,
  anytrue: collection.anytrue,
  base64decode: encoding.base64decode,
  base64encode: encoding.base64encode,
  base64sha256: encoding.base64sha256,
  base64sha512: encoding.base64sha512,
  ceil: numeric.ceil,
  chomp: string.chomp,
  chunklist: collection.chunklist,
  coalesce: collection.coalesce,
  coalescelist: collection.coalescelist,
  compact: collection.compact,
  concat: collection.concat,
  contains: collection.contains,
  distinct: collection.distinct,
  element: collection.element,
  endswith: string.endswith,
  flatten: collection.flatten,
  floor: numeric.floor,
  format,
  formatlist,
  indent: string.indent,
  index: collection.index,
  join: string.join,
  jsondecode: encoding.jsondecode,
  jsonencode: encoding.jsonencode,
  keys: maps.keys,
  length: collection.length,
  lookup: maps.lookup,
  lower: string.lower,
  matchkeys: collection.matchkeys,
  max: numeric.max,
  md5: encoding.md5,
  merge: maps.merge,
  min: numeric.min,
  one: collection.one,
  parseint: numeric.parseint,
  pow: numeric.pow,
  range: numeric.range,
  regex,
  regexall,
  replace: string.replace,
  reverse: collection.reverse,
  setintersection: sets.setintersection,
  setsubtract: sets.setsubtract,
  setunion: sets.setunion,
  sha1: encoding.sha1,
  sha256: encoding.sha256,
  sha512: encoding.sha512,
  signum: numeric.signum,
  slice: collection.slice,
  sort: collection.sort,
  split: string.split,
  startswith: string.startswith,
  strcontains: string.strcontains,
  strrev: string.strrev,
  substr: string.substr,
  sum: numeric.sum,
  title: string.title,
  tobool: conversion.tobool,
  tolist: conversion.tolist,
  tomap: conversion.tomap,
  tonumber: conversion.tonumber,
  toset: conversion.toset,
  tostring: conversion.tostring,
  transpose: maps.transpose,
  trim: string.trim,
  trimprefix: string.trimprefix,
  trimspace: string.trimspace,
  trimsuffix: string.trimsuffix,
  upper: string.upper,
  urlencode: encoding.urlencode,
  values: maps.values,
  zipmap: maps.zipmap,
};

// Terraform holds every string in NFC; results built from parts (join, replace...) are normalized like it does.
function normalizeStrings(value: Value): Value {
  if (typeof value === 'string') return normalizeString(value);
  if (Array.isArray(value)) {
    const items = value.map(normalizeStrings);
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    const items = keys.map((key) => normalizeStrings(value[key] as Value));
    return items.every((item, i) => item === value[keys[i] as string]) ? value : makeObject(keys.map((key, i) => [key, items[i] as Value]));
  }
  return value;
}

// Anything but an EvalError (an unknown argument, a detail not reproduced exactly, or a bug) means "unknown".
function guarded(implementation: TerraformFunction): TerraformFunction {
  return (args) => {
    try {
      return normalizeStrings(implementation(args));
    } catch (error) {
      if (error instanceof EvalError) throw error;
      return UNKNOWN;
    }
  };
}

const entries = Object.entries(IMPLEMENTATIONS).map(([name, implementation]) => [name, guarded(implementation)] as const);

/** Every function by name, also under Terraform's `core::` namespace. */
export const FUNCTIONS: ReadonlyMap<string, TerraformFunction> = new Map([
  ...entries,
  ...entries.map(([name, implementation]) => [`core::${name}`, implementation] as const),
]);
