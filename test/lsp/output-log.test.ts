// What the premortem output shows: the server's version and start, the .premortem.json files it reads,
// scan summaries with timings and errors (window/logMessage, always); each lint with its module and time,
// and error stacks, only at trace level ($/logTrace, while premortem.trace.server is on).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { UNLOCKED, withServer } from './harness';

const VERSION = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

test('the output names the version at start, the config files read, and the scan with its timings', async () => {
  await withServer({ files: { '.premortem.json': '{ "rules": {} }', 'live/main.tf': UNLOCKED } }, async (h) => {
    await h.waitFor(() => h.logs.some((l) => l.includes('language server started')), 'the start line');
    assert.match(
      h.logs[0]!,
      new RegExp(
        `^premortem ${VERSION.replace(/\./g, '\\.')} language server started \\(Node v\\d+[^)]*\\) for workspace folder ${h.dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\\.$`,
      ),
    );
    await h.scan('scan-1');
    assert.ok(h.logs.includes(`Reading ${h.path('.premortem.json')}`), h.logs.join('\n'));
    const summary = h.logs.find((l) => l.startsWith('Scanned '));
    assert.match(summary ?? '', /^Scanned 1 module, 1 file in \d+ ms \(discovery \d+ ms, linting \d+ ms\): 0 errors, 1 warning, 0 info\.$/);
    assert.deepEqual(h.traces, [], 'nothing at trace level while tracing is off');
  });
});

test('at trace level each lint is logged with its module and time', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.trace('messages');
    h.open('main.tf');
    await h.publish('main.tf', (p) => p.version === 1);
    await h.waitFor(() => h.traces.some((t) => t.startsWith('Linted ')), 'a lint line');
    assert.match(
      h.traces.find((t) => t.startsWith('Linted '))!,
      new RegExp(`^Linted ${h.dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} \\(1 module, 1 file\\) in \\d+ ms: 1 finding$`),
    );
    h.trace('off');
    const traced = h.traces.length;
    const version = h.change('main.tf', UNLOCKED + '# more\n');
    await h.publish('main.tf', (p) => p.version === version);
    assert.equal(h.traces.length, traced, 'tracing off again');
  });
});

test('an error is one line in the output, with its stack at trace level', async () => {
  await withServer({ files: { 'main.tf': UNLOCKED } }, async (h) => {
    h.trace('messages');
    // A malformed request: the handler fails on it.
    await assert.rejects(h.connection.sendRequest('premortem/blastRadius', { uri: 42 }), /premortem could not answer premortem\/blastRadius/);
    const line = h.logs.find((l) => l.startsWith('premortem/blastRadius failed: '));
    assert.ok(line, h.logs.join('\n'));
    assert.ok(!line.includes('\n    at '), 'no stack in the output line');
    await h.waitFor(() => h.traces.some((t) => t.startsWith('premortem/blastRadius failed: ') && /\n\s+at /.test(t)), 'the stack at trace level');
  });
});

// Root lists any directory whatever its mode, so this needs an ordinary user (CI machines that run as root skip it).
const isRoot = process.getuid?.() === 0;

test(
  'a directory the scan cannot list is named in the output and counted in the scan result',
  { skip: isRoot && 'running as root, which reads any directory' },
  async () => {
    await withServer({ files: { 'live/main.tf': UNLOCKED, 'locked/main.tf': UNLOCKED } }, async (h) => {
      fs.chmodSync(h.path('locked'), 0o000);
      try {
        const result = await h.scan('scan-unreadable');
        assert.deepEqual(
          result.unreadableDirectories?.map((u) => [u.dir, u.reason.split(':')[0]]),
          [[h.path('locked'), 'EACCES']],
        );
        assert.ok(
          h.logs.some((l) => l.startsWith(`Scan: cannot read ${h.path('locked')} (EACCES`) && l.endsWith('so nothing in it was checked.')),
          h.logs.join('\n'),
        );
      } finally {
        fs.chmodSync(h.path('locked'), 0o755);
      }
    });
  },
);

test('a scan that reads every directory reports none unreadable', async () => {
  await withServer({ files: { 'live/main.tf': UNLOCKED } }, async (h) => {
    const result = await h.scan('scan-readable');
    assert.equal(result.unreadableDirectories, undefined);
    assert.ok(!h.logs.some((l) => l.startsWith('Scan: cannot read')), h.logs.join('\n'));
  });
});
