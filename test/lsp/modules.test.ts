// Modules in the editor: a file of a child module is linted through the workspace's roots that call it,
// with their values, and what those trees find is published where the value is written, in the callers'
// files too. A module that nothing calls is linted on its own. The language status counts the remote
// module calls premortem cannot see into.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { withServer, type Publish } from './harness';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'modules');

/** A fixture workspace's files by relative path (`.terraform/` included, as terraform init leaves it). */
function fixture(name: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(path.join(FIXTURES, name), full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(path.join(FIXTURES, name));
  return files;
}

const codes = (p: Publish): string[] => p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`);

test('a child module opened alone is linted through its caller: the instance the caller turns on is checked', async () => {
  await withServer({ files: fixture('secondary-switched-on'), settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('modules/workers/main.tf');
    const published = await h.publish('modules/workers/main.tf', (p) => p.version === 1);
    assert.deepEqual(codes(published), ['25:19 aws-hardcoded-ami-id']);
    assert.match(published.diagnostics[0]!.message, /^module\.workers\.aws_instance\.secondary\[0\]: The AMI ami-0c55b159cbfafe1f0 is hard-coded/);
    const related = published.diagnostics[0]!.relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri === h.uri('live/main.tf') && /brings module\.workers\.aws_instance\.secondary\[0\] into being/.test(r.message)),
    );
  });
});

test('an edit to the caller turns the instance off, and the module’s finding goes away', async () => {
  await withServer({ files: fixture('secondary-switched-on'), settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('modules/workers/main.tf');
    await h.publish('modules/workers/main.tf', (p) => p.diagnostics.length === 1);
    h.open('live/main.tf');
    await h.publish('live/main.tf');
    const mark = h.mark;
    h.change('live/main.tf', h.text('live/main.tf').replace('create_secondary = true', 'create_secondary = false'));
    const after = await h.publish('modules/workers/main.tf', () => true, mark);
    assert.deepEqual(codes(after), []);
  });
});

test('an edit to a child module is reported where the caller wrote the value, in the caller’s file', async () => {
  const files = fixture('cdn-routes-from-caller');
  // The dynamic behaviour forwards no cookies at first (the default behaviour's `forward = "none"` stays as it is).
  files['modules/edge/main.tf'] = files['modules/edge/main.tf']!.replace('forward = route.value.cookies', 'forward = "none" # routes');
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('modules/edge/main.tf');
    await h.publish('modules/edge/main.tf', (p) => p.version === 1);
    assert.deepEqual(codes(h.lastPublish('live/main.tf')!), [], 'the module forwards no cookies yet');
    const mark = h.mark;
    h.change('modules/edge/main.tf', h.text('modules/edge/main.tf').replace('forward = "none" # routes', 'forward = route.value.cookies'));
    const caller = await h.publish('live/main.tf', (p) => p.diagnostics.length > 0, mark);
    assert.deepEqual(codes(caller), ['18:37 aws-cloudfront-static-path-forwards-cookies']);
    assert.equal(caller.version, undefined, 'the caller is not open');
    assert.deepEqual(codes(h.lastPublish('modules/edge/main.tf')!), []);
  });
});

test('a module two roots call shows one diagnostic for a literal both reach, naming both instances', async () => {
  const files = fixture('blue-green');
  for (const [name, text] of Object.entries(fixture('blue-green'))) if (name.startsWith('live/')) files[name.replace('live/', 'live-eu/')] = text;
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('modules/worker/main.tf');
    // Both trees are linted together and the module's file is published once, with what both found.
    const published = await h.publish('modules/worker/main.tf', (p) => p.version === 1);
    assert.deepEqual(codes(published), ['12:19 aws-hardcoded-ami-id']);
    assert.match(published.diagnostics[0]!.message, /^module\.blue\.aws_instance\.bastion and module\.green\.aws_instance\.bastion: /);
    assert.equal(h.publishesFor('modules/worker/main.tf').length, 1);
    assert.deepEqual(codes(await h.publish('live/main.tf')), ['24:14 aws-hardcoded-ami-id']);
    assert.deepEqual(codes(await h.publish('live-eu/main.tf')), ['24:14 aws-hardcoded-ami-id']);
  });
});

test('a module no workspace root calls is linted on its own defaults', async () => {
  const files = fixture('safe-caller-risky-default');
  delete files['live/main.tf'];
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('modules/bastion/main.tf');
    const published = await h.publish('modules/bastion/main.tf', (p) => p.version === 1);
    assert.deepEqual(codes(published), ['8:19 aws-hardcoded-ami-id']);
  });
});

test('the language status counts the remote module calls of the trees being edited', async () => {
  await withServer({ files: fixture('network-not-initialised'), settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('main.tf');
    await h.waitFor(() => h.statuses.some((s) => s.opaqueModuleCalls === 2), 'a status with two calls');
    assert.match(h.statuses[h.statuses.length - 1]!.message!, /^2 remote module calls not downloaded \(terraform init lets premortem see inside\)$/);
    h.close('main.tf');
    await h.waitFor(() => h.statuses[h.statuses.length - 1]!.opaqueModuleCalls === 0, 'the status to clear');
  });
});

const WORKER =
  'variable "ami" {\n  default = "ami-0c55b159cbfafe1f0"\n}\n\nresource "aws_instance" "w" {\n  ami           = var.ami\n  instance_type = "t3.micro"\n}\n';
const LOOKUP = 'data "aws_ami" "x" {\n  most_recent = true\n  owners      = ["amazon"]\n}\n';

test('a module linted on its own loses that lint when a caller starts calling it, and gets it back when the caller stops', async () => {
  await withServer({ files: { 'mod/main.tf': WORKER, 'live/main.tf': LOOKUP }, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('mod/main.tf');
    assert.deepEqual(codes(await h.publish('mod/main.tf', (p) => p.version === 1)), ['6:19 aws-hardcoded-ami-id'], 'its default, on its own');
    h.open('live/main.tf');
    await h.publish('live/main.tf');
    let mark = h.mark;
    h.change('live/main.tf', `${LOOKUP}\nmodule "m" {\n  source = "../mod"\n  ami    = data.aws_ami.x.id\n}\n`);
    await h.publish('mod/main.tf', (p) => p.diagnostics.length === 0, mark);
    mark = h.mark;
    h.change('mod/main.tf', WORKER + '\n');
    const edited = await h.publish('mod/main.tf', (p) => p.version === 2, mark);
    assert.deepEqual(codes(edited), [], 'the caller looks the image up');
    mark = h.mark;
    h.change('live/main.tf', `${LOOKUP}\nmodule "m" {\n  source = "../mod"\n  count  = 0\n  ami    = data.aws_ami.x.id\n}\n`);
    const alone = await h.publish('mod/main.tf', (p) => p.diagnostics.length === 1, mark);
    assert.match(alone.diagnostics[0]!.message, /^The AMI ami-0c55b159cbfafe1f0 is hard-coded/, 'no instance of it any more: its own lint, on its defaults');
  });
});

test('a suppression in a module that one caller’s instance uses is not reported unused because of another caller', async () => {
  const module =
    'variable "ami" {\n  type = string\n}\n\nresource "aws_instance" "w" {\n  # premortem-ignore: aws-hardcoded-ami-id -- the pinned image is this module\'s test image\n  ami           = var.ami\n  instance_type = "t3.micro"\n}\n';
  const files = {
    'mod/main.tf': module,
    'r1/main.tf': 'module "m" {\n  source = "../mod"\n  ami    = "ami-0c55b159cbfafe1f0"\n}\n',
    'r2/main.tf': `${LOOKUP}\nmodule "m" {\n  source = "../mod"\n  ami    = data.aws_ami.x.id\n}\n`,
  };
  await withServer({ files, settings: { lintDelayMs: 0 } }, async (h) => {
    h.open('mod/main.tf');
    const published = await h.publish('mod/main.tf', (p) => p.version === 1);
    assert.deepEqual(codes(published), []);
    assert.deepEqual(codes(await h.publish('r1/main.tf')), [], 'the suppression in the module silences the caller’s literal');
  });
});
