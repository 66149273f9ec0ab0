import { isAbsolute, relative } from 'node:path';

/**
 * A path as shown to the user: relative to `cwd` when inside it (so reports
 * do not carry local directory layouts), otherwise as given.
 */
export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
