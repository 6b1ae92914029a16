// Rules written as data in the editor: the rule files of each workspace folder (its `.premortem/rules` and
// those of its parents up to the repository's top), loaded with the built-in rules and loaded again when one
// changes. A rule file that cannot be used gets a diagnostic at the line and key at fault, and linting goes
// on with every other rule.
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { RuleMeta, RuleModule } from '../../../rules/api';
import { RULES } from '../../../rules/index';
import { findRuleFiles } from '../core/data-rules/find-rule-files';
import { loadRuleSet, rulesOf } from '../core/data-rules/rule-set';
import { allRuleMetas } from '../core/scan';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { setDataRulePages } from './rule-links';
import type { Publisher } from './publisher';
import type { WorkspaceState } from './workspace-state';

const BUILTIN_IDS: ReadonlySet<string> = new Set(allRuleMetas(RULES).map((meta) => meta.id));

export class RuleFileStore {
  private all: readonly RuleModule[] = RULES;
  private metas: readonly RuleMeta[] = allRuleMetas(RULES);
  /** Rule files with a diagnostic published, to withdraw it once they are fixed or gone. */
  private withProblems = new Set<string>();

  constructor(
    private readonly state: WorkspaceState,
    private readonly publisher: Publisher,
    private readonly log: (message: string) => void,
  ) {}

  /** Built-in and rule-file rules, to lint with. */
  rules(): readonly RuleModule[] {
    return this.all;
  }

  /** Their metadata, to check `.premortem.json` and explain findings with. */
  ruleMetas(): readonly RuleMeta[] {
    return this.metas;
  }

  /** Loads every workspace folder's rule files again and publishes (or withdraws) their diagnostics. */
  reload(): void {
    const files = findRuleFiles(this.state.folders, '/');
    const set = loadRuleSet(files, BUILTIN_IDS);
    this.all = [...RULES, ...rulesOf(set)];
    this.metas = allRuleMetas(this.all);
    setDataRulePages(
      new Map(set.loaded.map((loaded) => [loaded.rule.meta.id, { file: this.state.uriOf(loaded.file), incidentUrl: loaded.rule.meta.incidentUrl }])),
    );
    const now = new Set<string>();
    for (const error of set.errors) {
      now.add(error.file);
      this.log(error.message);
      const at = { line: error.line - 1, character: error.column - 1 };
      this.publisher.publishRaw(this.state.uriOf(error.file), [
        {
          range: { start: at, end: { line: at.line, character: at.character + 1 } },
          severity: DiagnosticSeverity.Error,
          source: DIAGNOSTIC_SOURCE,
          code: 'rule-file',
          message: `${error.key === '' ? '' : `${error.key}: `}${error.problem}. premortem lints with the other rules until this is fixed.`,
        },
      ]);
    }
    for (const file of this.withProblems) if (!now.has(file)) this.publisher.publishRaw(this.state.uriOf(file), []);
    this.withProblems = now;
  }
}
