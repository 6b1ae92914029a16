// What a scan says about itself besides its findings: the module calls it could not see into, the trees
// cut at the instance limit, the links it did not follow out of the workspace, and the `.tf` files a
// `.tofu` file replaces. They are never findings (one per call would drown the report); the CLI's summary
// line, the JSON and SARIF run notes and the editor's status all say it once, in these words.
import type { OpaqueModuleCall, ScanResult } from './finding';
import { shadowingFileName } from './configuration-files';
import { MAX_INSTANCES } from './instances/lint-tree';

export interface ScanNote {
  readonly id: 'opaque-modules' | 'instance-limit' | 'links-outside' | 'shadowed-files';
  readonly message: string;
  /** For `opaque-modules`: the calls. */
  readonly calls: readonly OpaqueModuleCall[];
}

/** What tells one call from another, however many trees reach it. */
export function opaqueCallKey(call: OpaqueModuleCall): string {
  return `${call.file}\u0000${call.range.start.offset}`;
}

/** The summary line's words for `n` calls premortem cannot see into. */
export function opaqueCallsSummary(n: number): string {
  return `${n} remote module call${n === 1 ? '' : 's'} not downloaded (terraform init lets premortem see inside)`;
}

export function scanNotes(result: ScanResult): ScanNote[] {
  const notes: ScanNote[] = [];
  const calls = result.opaqueCalls ?? [];
  if (calls.length > 0) {
    const n = calls.length;
    const message = `${n} module call${n === 1 ? ' uses a' : 's use'} remote source${n === 1 ? '' : 's'} that terraform init has not downloaded, so premortem cannot see inside ${n === 1 ? 'it' : 'them'}. Run terraform init (or scan with --plan) to check what ${n === 1 ? 'it creates' : 'they create'}.`;
    notes.push({ id: 'opaque-modules', message, calls });
  }
  const truncated = result.truncatedTrees ?? [];
  if (truncated.length > 0) {
    const message = `${truncated.length} root module${truncated.length === 1 ? ' calls' : 's call'} more than ${MAX_INSTANCES} module instances; premortem linted the first ${MAX_INSTANCES} of ${truncated.length === 1 ? 'it' : 'each'}: ${truncated.join(', ')}.`;
    notes.push({ id: 'instance-limit', message, calls: [] });
  }
  const links = result.linksOutside ?? [];
  if (links.length > 0) {
    const shown = links.slice(0, MAX_LINKS_NAMED).join(', ') + (links.length > MAX_LINKS_NAMED ? `, and ${links.length - MAX_LINKS_NAMED} more` : '');
    const message = `${links.length} symbolic link${links.length === 1 ? ' leads' : 's lead'} outside the workspace (the repository, or the scanned path outside git) and ${links.length === 1 ? 'was' : 'were'} not followed: ${shown}.`;
    notes.push({ id: 'links-outside', message, calls: [] });
  }
  const shadowed = result.shadowedFiles ?? [];
  if (shadowed.length > 0) {
    const named = shadowed.map((file) => `${file} (by ${shadowingFileName(file)})`);
    const shown = named.slice(0, MAX_LINKS_NAMED).join(', ') + (named.length > MAX_LINKS_NAMED ? `, and ${named.length - MAX_LINKS_NAMED} more` : '');
    const message = `${shadowed.length} .tf file${shadowed.length === 1 ? ' is' : 's are'} replaced by a .tofu file of the same name, which OpenTofu loads instead, so premortem checked the .tofu file: ${shown}.`;
    notes.push({ id: 'shadowed-files', message, calls: [] });
  }
  return notes;
}

/** Links named in the note; a tree of links (a vendored folder) would otherwise fill the summary. */
const MAX_LINKS_NAMED = 5;
