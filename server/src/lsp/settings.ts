// Editor settings, read per resource through workspace/configuration, validated against the defaults
// (a value of the wrong type or out of range falls back to the default), and cached until the client
// says the configuration changed.
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS, type EditorSettings, type RunMode } from '../protocol';

/** A debounce longer than this is a typo; it would make the editor look broken. */
const MAX_LINT_DELAY_MS = 10_000;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<EditorSettings>>();

  constructor(
    private readonly connection: Connection,
    /** Whether the client answers workspace/configuration; defaults apply otherwise. */
    private readonly clientAnswers: () => boolean,
  ) {}

  /** The settings for a document or folder URI. */
  get(scopeUri: string): Promise<EditorSettings> {
    let settings = this.cache.get(scopeUri);
    if (!settings) {
      settings = this.fetch(scopeUri);
      this.cache.set(scopeUri, settings);
    }
    return settings;
  }

  clear(): void {
    this.cache.clear();
  }

  private async fetch(scopeUri: string): Promise<EditorSettings> {
    if (!this.clientAnswers()) return DEFAULT_SETTINGS;
    try {
      const [raw] = (await this.connection.workspace.getConfiguration([{ scopeUri, section: SETTINGS.section }])) as unknown[];
      return validateSettings(raw);
    } catch (error) {
      this.connection.console.warn(`Could not read the premortem settings (${error instanceof Error ? error.message : String(error)}); using the defaults.`);
      return DEFAULT_SETTINGS;
    }
  }
}

/** Typed settings from whatever the client sent: anything missing or malformed takes its default. */
export function validateSettings(raw: unknown): EditorSettings {
  const section = isObject(raw) ? raw : {};
  const enable = section[SETTINGS.enable];
  const run = section[SETTINGS.run];
  const delay = section[SETTINGS.lintDelayMs];
  // VS Code nests dotted names (`scan.exclude` arrives as `scan: { exclude }`); accept the flat form too.
  const scan = section['scan'];
  const exclude = isObject(scan) ? scan['exclude'] : section[SETTINGS.scanExclude];
  const codeLens = section['codeLens'];
  const blastRadiusLens = isObject(codeLens) ? codeLens['blastRadius'] : section[SETTINGS.codeLensBlastRadius];
  return {
    enable: typeof enable === 'boolean' ? enable : DEFAULT_SETTINGS.enable,
    run: run === 'onType' || run === 'onSave' ? (run as RunMode) : DEFAULT_SETTINGS.run,
    lintDelayMs:
      typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(Math.round(delay), MAX_LINT_DELAY_MS) : DEFAULT_SETTINGS.lintDelayMs,
    scanExclude: Array.isArray(exclude) ? exclude.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : DEFAULT_SETTINGS.scanExclude,
    codeLensBlastRadius: typeof blastRadiusLens === 'boolean' ? blastRadiusLens : DEFAULT_SETTINGS.codeLensBlastRadius,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
