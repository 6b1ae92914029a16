// Whether a path lies inside a directory, by path alone (symlinks are not resolved).
import * as path from 'node:path';

/** Whether `file` lies inside `dir`, or is `dir`. (`..foo` is a name inside, `../foo` is not.) */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
