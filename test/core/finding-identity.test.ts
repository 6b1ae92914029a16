// Finding identities: what a finding is about, and which findings of one scan another scan lacks.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { addressAt } from '../../server/src/core/changes/finding-address';
import { findingsNotIn, identitiesOf, identityKey } from '../../server/src/core/changes/finding-identity';
import type { Finding } from '../../server/src/core/finding';
import { parseFile } from '../../server/src/core/parse';

const MAIN = `locals {
  tags = { team = "edge" }
  name = "web"
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = local.name
}

module "edge" {
  source = "./edge"
}
`;

test('addressAt names the block, local value or var-file assignment a range lies in', () => {
  const file = parseFile('/repo/live/main.tf', MAIN);
  const at = (needle: string): string | undefined => {
    const offset = MAIN.indexOf(needle);
    const position = { line: 0, column: 0, offset };
    return addressAt(file, { start: position, end: position });
  };
  assert.equal(at('team'), 'local.tags');
  assert.equal(at('"web"'), 'local.name');
  assert.equal(at('region'), 'provider.aws');
  assert.equal(at('local.name'), 'aws_s3_bucket.logs');
  assert.equal(at('./edge'), 'module.edge');
  const vars = parseFile('/repo/live/envs/prod.tfvars', 'size = "large"\n');
  const start = { line: 1, column: 1, offset: 0 };
  assert.equal(addressAt(vars, { start, end: start }), 'prod.tfvars:var.size');
});

function finding(overrides: Partial<Finding>): Finding {
  const position = { line: 1, column: 1, offset: MAIN.indexOf('bucket =') };
  return {
    ruleId: 'r',
    severity: 'warning',
    message: 'm',
    messageId: 'id',
    file: '/repo/live/main.tf',
    range: { start: position, end: position },
    ...overrides,
  };
}

test('identities hold rule, module directory, address, instance and data; never lines or file names', () => {
  const file = parseFile('/repo/live/main.tf', MAIN);
  const [identity] = identitiesOf(finding({ data: { z: 1, a: 'x' } }), '/repo', () => file);
  assert.deepEqual(identity, { rule: 'r', module: 'live', address: 'aws_s3_bucket.logs', messageId: 'id', data: { a: 'x', z: 1 } });
  const moved = identitiesOf(finding({ file: '/repo/live/storage.tf', data: { a: 'x', z: 1 }, message: 'reworded' }), '/repo', () =>
    parseFile('/repo/live/storage.tf', `\n\n${MAIN}`),
  );
  assert.equal(identityKey(moved[0]!), identityKey(identity!), 'moved to another file, lines later, reworded: the same finding');
  const elsewhere = identitiesOf(finding({ file: '/repo/other/main.tf', data: { a: 'x', z: 1 } }), '/repo', () => file);
  assert.notEqual(identityKey(elsewhere[0]!), identityKey(identity!), 'another module directory: another finding');
  const instances = identitiesOf(finding({ instances: ['module.b.x', 'module.a.x', 'module.a.x'] }), '/repo', () => file);
  assert.deepEqual(
    instances.map((i) => i.instance),
    ['module.a.x', 'module.b.x'],
    'one identity per instance',
  );
  const syntax = identitiesOf(finding({ message: 'Missing closing brace' }), path.sep, () => undefined);
  assert.equal(syntax[0]!.message, 'Missing closing brace', 'nothing else says what a finding without data or address is');
});

test('findingsNotIn counts identities and needs every instance of a finding to have been there', () => {
  const keys = (item: string): string[] => item.split('+');
  assert.deepEqual(findingsNotIn(['a', 'a', 'b'], keys, ['a', 'b']), ['a'], 'a second "a" is new');
  assert.deepEqual(findingsNotIn(['a+b', 'c'], keys, ['a', 'c']), ['a+b'], 'an instance "b" the old side lacked makes it new');
  assert.deepEqual(findingsNotIn(['a+b'], keys, ['b', 'a']), []);
  assert.deepEqual(findingsNotIn(['a+a'], keys, ['a']), ['a+a']);
});
