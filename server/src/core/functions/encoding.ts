// Encoding functions: JSON, base64, URL query escaping, and the string hash functions.
import { createHash } from 'node:crypto';
import { type Value } from '../../../../rules/api';
import { EvalError } from '../eval-error';
import { arity, known, notNull, stringArg } from './args';
import { decodeJson, encodeJson } from './json';

export function jsonencode(args: readonly Value[]): Value {
  arity('jsonencode', args, 1);
  return encodeJson(args[0] as Value);
}

export function jsondecode(args: readonly Value[]): Value {
  arity('jsondecode', args, 1);
  return decodeJson(stringArg(args[0] as Value, 'str'));
}

export function base64encode(args: readonly Value[]): Value {
  arity('base64encode', args, 1);
  return Buffer.from(stringArg(args[0] as Value, 'str'), 'utf8').toString('base64');
}

// Go's base64.StdEncoding: padding required, '\r' and '\n' ignored, nothing else tolerated.
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function base64decode(args: readonly Value[]): Value {
  arity('base64decode', args, 1);
  const text = stringArg(notNull(known(args[0] as Value), 'str'), 'str');
  const compact = text.replace(/[\r\n]/g, '');
  if (!STRICT_BASE64.test(compact)) throw new EvalError(`Invalid function argument: failed to decode base64 data "${text}".`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    throw new EvalError('Invalid function argument: the result of decoding the provided string is not valid UTF-8.');
  }
}

/** Go's url.QueryEscape: everything but letters, digits and `-_.~` is %-escaped, and spaces become `+`. */
export function urlencode(args: readonly Value[]): Value {
  arity('urlencode', args, 1);
  let out = '';
  for (const byte of Buffer.from(stringArg(args[0] as Value, 'str'), 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/^[A-Za-z0-9\-_.~]$/.test(char)) out += char;
    else if (char === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function stringHash(name: string, algorithm: string, encoding: 'hex' | 'base64'): (args: readonly Value[]) => Value {
  return (args) => {
    arity(name, args, 1);
    return createHash(algorithm)
      .update(stringArg(args[0] as Value, 'str'), 'utf8')
      .digest(encoding);
  };
}

export const md5 = stringHash('md5', 'md5', 'hex');
export const sha1 = stringHash('sha1', 'sha1', 'hex');
export const sha256 = stringHash('sha256', 'sha256', 'hex');
export const sha512 = stringHash('sha512', 'sha512', 'hex');
export const base64sha256 = stringHash('base64sha256', 'sha256', 'base64');
export const base64sha512 = stringHash('base64sha512', 'sha512', 'base64');
