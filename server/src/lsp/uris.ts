// File URIs and paths. The engine speaks absolute paths; the protocol speaks URIs. Open documents keep
// the exact URI the client sent (see WorkspaceState.uriOf), so only other files go through pathToUri.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The path of a `file:` URI, or undefined for any other scheme (untitled buffers, git, virtual files). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

export { isInside } from '../core/path-inside';
