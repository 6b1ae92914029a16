// Giving memory back after a very large document closes. Its text, parse and findings become garbage at
// once, but an idle server allocates nothing, so V8 never collects them: a 50 MB document left the server
// at 1.8 GB of RSS for as long as nobody typed. The client starts the server with --expose-gc, and the
// server collects once after such a close; without the flag (another client) nothing changes.

/** A closed document at least this long (UTF-16 units) is worth a collection: about a 4 MB file. */
export const LARGE_DOCUMENT_CHARS = 4 * 1024 * 1024;

const collect = (globalThis as { gc?: () => void }).gc;
let pending: NodeJS.Timeout | undefined;

/** A document of `length` characters closed: collects garbage soon after, when it was large. */
export function documentReleased(length: number): void {
  if (!collect || length < LARGE_DOCUMENT_CHARS || pending) return;
  // After the close has been handled (its trees forgotten, their diagnostics withdrawn).
  pending = setTimeout(() => {
    pending = undefined;
    collect();
  }, 100);
}
