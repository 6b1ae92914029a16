// Rules written as data in the editor: the rule files of each workspace folder (its `.premortem/rules`,
// those of its parents up to the repository's top, and those of the folders below it), loaded with the
// built-in rules. Each rule applies to the documents at or below the folder that holds its `.premortem/`
// (the rule checks its scope itself, as in the CLI). They are found again when one is added, deleted or
// saved, and an open rule file is checked again as it is edited (after the lint delay, as a .tf document
// is), with its unsaved text: a broken rule file gets a diagnostic at the line and key at fault while one
// types, a fixed one loses it, and linting goes on with every other rule meanwhile.
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { RuleMeta, RuleModule } from '../../../rules/api';
import { RULES } from '../../../rules/index';
import { findRuleFiles, isPlacedRuleFile, sortRuleFiles } from '../core/data-rules/find-rule-files';
import { loadRuleSet, rulesOf } from '../core/data-rules/rule-set';
import { isInside } from '../core/path-inside';
import { allRuleMetas } from '../core/scan';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { setDataRulePages } from './rule-links';
import type { Publisher } from './publisher';
import type { SettingsStore } from './settings';
import { uriToPath } from './uris';
import type { WorkspaceState } from './workspace-state';

const BUILTIN_IDS: ReadonlySet<string> = new Set(allRuleMetas(RULES).map((meta) => meta.id));

export class RuleFileStore {
  private all: readonly RuleModule[] = RULES;
  private metas: readonly RuleMeta[] = allRuleMetas(RULES);
  /** Rule files with a diagnostic published, to withdraw it once they are fixed or gone. */
  private withProblems = new Set<string>();
  /** The rule files found on disk at the last search. */
  private found: readonly string[] = [];
  /** Open rule files' text, by path: what the editor shows, saved or not. */
  private readonly unsaved = new Map<string, string>();
  private digest = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: WorkspaceState,
    private readonly publisher: Publisher,
    private readonly log: (message: string) => void,
    private readonly settings?: SettingsStore,
    /** Called when an edit changed the rules (not only a broken file's text): lint what is shown again. */
    private readonly rulesEdited: () => Promise<void> = async () => {},
  ) {}

  /** Built-in and rule-file rules, to lint with. */
  rules(): readonly RuleModule[] {
    return this.all;
  }

  /** Their metadata, to check `.premortem.json` and explain findings with. */
  ruleMetas(): readonly RuleMeta[] {
    return this.metas;
  }

  /** Finds every workspace folder's rule files again, loads them and publishes (or withdraws) their diagnostics. */
  reload(): void {
    this.found = findRuleFiles(this.state.folders, '/');
    this.load();
  }

  /** Whether a document is a rule file (`.premortem/rules/*.{yaml,yml,json}`): the store handles it, not the linter. */
  isRuleDocument(uri: string): boolean {
    const file = uriToPath(uri);
    return file !== undefined && isPlacedRuleFile(file);
  }

  /** A rule file opened or edited: checked again after the lint delay (a burst of edits is checked once). */
  async edited(uri: string, text: string): Promise<void> {
    const file = uriToPath(uri);
    if (file === undefined) return;
    this.unsaved.set(file, text);
    const settings = await this.settings?.get(uri);
    // `onSave` (or premortem off): the save's file event loads the rule files again.
    if (settings !== undefined && (!settings.enable || settings.run !== 'onType')) return;
    this.checkAfter(settings?.lintDelayMs ?? 0);
  }

  /** A rule file closed: unsaved edits are gone, so the disk's text counts again. */
  closed(uri: string): void {
    const file = uriToPath(uri);
    if (file === undefined || !this.unsaved.delete(file)) return;
    this.checkAfter(0);
  }

  private checkAfter(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.load()) this.rulesEdited().catch((error: unknown) => this.log(`Linting again after a rule file changed failed: ${String(error)}`));
    }, delayMs);
  }

  /** Loads the rule files (open ones with their unsaved text); true when the rules changed. */
  private load(): boolean {
    // An open rule file not saved yet is not on disk; one in a workspace folder counts all the same.
    const drafts = [...this.unsaved.keys()].filter((file) => !this.found.includes(file) && this.state.folders.some((folder) => isInside(file, folder)));
    const set = loadRuleSet(sortRuleFiles([...this.found, ...drafts]), BUILTIN_IDS, (file) => this.unsaved.get(file));
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
      const problem = error.problemRelativeTo(this.state.rootFor(error.file));
      this.publisher.publishRaw(this.state.uriOf(error.file), [
        {
          range: { start: at, end: { line: at.line, character: at.character + 1 } },
          severity: DiagnosticSeverity.Error,
          source: DIAGNOSTIC_SOURCE,
          code: 'rule-file',
          message: `${error.key === '' ? '' : `${error.key}: `}${problem}. premortem lints with the other rules until this is fixed.`,
          ...(error.related !== undefined
            ? {
                relatedInformation: [
                  {
                    location: { uri: this.state.uriOf(error.related), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
                    message: 'The rule that has this id',
                  },
                ],
              }
            : {}),
        },
      ]);
    }
    for (const file of this.withProblems) if (!now.has(file)) this.publisher.publishRaw(this.state.uriOf(file), []);
    this.withProblems = now;
    const changed = set.digest !== this.digest;
    this.digest = set.digest;
    return changed;
  }
}
