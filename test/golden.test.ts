// Golden scenarios: the JSON report for each test/golden/<scenario>/workspace must equal expected.json.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../rules/index';
import { formatResult } from '../server/src/cli/output/formatters';
import { allRuleMetas, scan } from '../server/src/core/scan';

const GOLDEN = path.resolve(__dirname, '..', '..', 'test', 'golden');
const update = process.env['UPDATE_GOLDEN'] === '1';

for (const scenario of fs.readdirSync(GOLDEN).filter((name) => fs.existsSync(path.join(GOLDEN, name, 'workspace')))) {
  test(`golden: ${scenario}`, async () => {
    const cwd = path.join(GOLDEN, scenario, 'workspace');
    const outcome = await scan({ paths: ['.'], cwd, rules: RULES });
    assert.deepEqual(outcome.failures, []);
    const report = JSON.parse(formatResult('json', { result: outcome, rules: allRuleMetas(RULES), cwd, version: '0.0.0', color: false }));
    delete report.version;
    report.summary.durationMs = 0;
    const actual = JSON.stringify(report, null, 2) + '\n';
    const expectedFile = path.join(GOLDEN, scenario, 'expected.json');
    if (update) fs.writeFileSync(expectedFile, actual);
    assert.equal(actual, fs.readFileSync(expectedFile, 'utf8'));
  });
}
