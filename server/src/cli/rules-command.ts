// `premortem rules`: the rules that run here, built-in and written as data; `premortem rules test`: the
// rule files' embedded examples, pass or fail, as ESLint's RuleTester reports them.
import * as path from 'node:path';
import type { RuleMeta } from '../../../rules/api';
import { RULES } from '../../../rules/index';
import { runExamples } from '../core/data-rules/examples';
import type { LoadedRule } from '../core/data-rules/load-rule-file';
import type { RulesArguments } from './rules-args';
import { loadUserRules, reportRuleFileErrors } from './user-rules';

export interface RuleListing {
  readonly id: string;
  readonly title: string;
  readonly severity: RuleMeta['severity'];
  readonly category: RuleMeta['category'];
  readonly incident: string;
  /** `builtin`, or the rule file's path relative to the working directory. */
  readonly source: string;
  /** The folder (relative to the working directory) whose modules a rule file's rule applies to; null: every scanned module. */
  readonly scope: string | null;
}

export function runRules(args: RulesArguments, cwd: string): number {
  // Examples run each rule alone, so a rule file may restate a built-in rule there (as test fixtures do).
  const user = loadUserRules(args.paths, cwd, args.action === 'test' ? new Set() : undefined);
  const broken = reportRuleFileErrors(user.set, cwd);
  if (args.action === 'test') {
    const failed = testExamples(user.set.loaded, cwd);
    return broken ? 2 : failed ? 1 : 0;
  }
  const listing: RuleListing[] = [
    ...RULES.map((rule) => listed(rule.meta as RuleMeta, 'builtin', null)),
    ...user.set.loaded.map((loaded) =>
      listed(loaded.rule.meta, relative(loaded.file, cwd), loaded.scope === undefined ? null : path.relative(cwd, loaded.scope) || '.'),
    ),
  ];
  process.stdout.write(args.format === 'json' ? `${JSON.stringify(listing, null, 2)}\n` : formatListing(listing));
  return broken ? 2 : 0;
}

function listed(meta: RuleMeta, source: string, scope: string | null): RuleListing {
  return { id: meta.id, title: meta.title, severity: meta.severity, category: meta.category, incident: meta.incident, source, scope };
}

function formatListing(listing: readonly RuleListing[]): string {
  const width = Math.max(...listing.map((r) => r.id.length));
  const lines = listing.map(
    (r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}${r.source === 'builtin' ? '' : `  (${r.source}; ${scopeText(r.scope)})`}`,
  );
  const users = listing.filter((r) => r.source !== 'builtin').length;
  return `${lines.join('\n')}\n\n${listing.length - users} built-in rules, ${users} from rule files\n`;
}

function scopeText(scope: string | null): string {
  return scope === null ? 'applies to every module' : `applies to modules under ${scope === '.' ? '.' : scope.split(path.sep).join('/')}/`;
}

/** Runs every example; prints one line per rule file and one per failing example. True when one failed. */
function testExamples(loaded: readonly LoadedRule[], cwd: string): boolean {
  let failures = 0;
  let examples = 0;
  for (const rule of loaded) {
    const results = runExamples(rule);
    examples += results.length;
    const failed = results.filter((r) => r.failure !== undefined);
    failures += failed.length;
    const summary =
      results.length === 0 ? 'no examples' : failed.length === 0 ? `${results.length} examples pass` : `${failed.length} of ${results.length} examples fail`;
    process.stdout.write(`${failed.length === 0 ? 'ok  ' : 'FAIL'}  ${rule.rule.meta.id} (${relative(rule.file, cwd)}): ${summary}\n`);
    for (const result of failed) process.stdout.write(`        ${result.kind} example "${result.name}": ${result.failure}\n`);
  }
  process.stdout.write(`\n${loaded.length} rule files, ${examples} examples, ${failures} failed\n`);
  return failures > 0;
}

function relative(file: string, cwd: string): string {
  return path.relative(cwd, file) || file;
}
