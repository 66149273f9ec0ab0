import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { SAMPLE_EVENTS_FILE } from '../sample/paths.js';
import { isRemoteSpec, type RemoteInputOptions } from './remote.js';
import { remoteInputs, type RemoteEventInput } from './remote-inputs.js';

/** One place events are read from: a file, standard input, an S3 object or a CloudWatch Logs group. */
export type EventInput = { kind: 'file'; path: string; size: number } | { kind: 'stdin'; path: 'stdin'; size?: undefined } | RemoteEventInput;

/** File names a folder's event files may have (each also with `.gz`); files without an extension (Firehose objects) too. */
export const EVENT_FILE_EXTENSIONS = ['.json', '.ndjson', '.jsonl', '.log', '.txt'];

/** A folder entry that could not be read (unreadable subfolder, broken symlink, symlink loop): reported and skipped. */
export interface InputProblem {
  path: string;
  message: string;
}

/**
 * Resolves input specs to the files they stand for: `sample` → the built-in
 * sample, `-` → stdin, `s3://bucket/prefix/` → its objects, `logs:GROUP[:PREFIX]` → the group,
 * a folder → its event files (recursive, sorted; symlinks followed, each real folder walked
 * once), a file → itself. Every spec is checked before any is read, so a typo in the last
 * one fails at once. Entries of a folder that cannot be read go to `onProblem` and are skipped.
 */
export async function resolveInputs(
  inputs: string | readonly string[],
  options: { cwd?: string; remote?: RemoteInputOptions; signal?: AbortSignal; onProblem?: (problem: InputProblem) => void } = {},
): Promise<EventInput[]> {
  const specs = typeof inputs === 'string' ? [inputs] : [...inputs];
  if (specs.length === 0) {
    throw new UserError('No events to read: give a file, a folder, `-` for stdin or `sample`.');
  }
  const cwd = options.cwd ?? process.cwd();
  const result: EventInput[] = [];
  for (const spec of specs) {
    if (spec === '-') {
      result.push({ kind: 'stdin', path: 'stdin' });
      continue;
    }
    if (isRemoteSpec(spec)) {
      result.push(...(await remoteInputs(spec, { ...options.remote, ...(options.signal ? { signal: options.signal } : {}) })));
      continue;
    }
    const path = spec === 'sample' ? SAMPLE_EVENTS_FILE : resolve(cwd, spec);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UserError(
        spec === 'sample' ? `The built-in sample events file is missing: ${path}` : `Events file or folder not found: ${spec} (looked at ${path})`,
        { hint: spec === 'sample' ? 'Regenerate it with `npm run sample`.' : 'Check the path; use `-` to read events from stdin or `sample` for the built-in sample.' },
      );
    }
    if (info.isDirectory()) {
      const files = await eventFilesIn(path, new Set(), options.onProblem ?? (() => {}));
      if (files.length === 0) {
        throw new UserError(`The folder ${spec} holds no event files.`, {
          hint: `Event files end in ${EVENT_FILE_EXTENSIONS.join(', ')} (optionally .gz) or have no extension.`,
        });
      }
      result.push(...files);
    } else {
      result.push({ kind: 'file', path, size: info.size });
    }
  }
  return result;
}

export function isEventFileName(name: string): boolean {
  if (name.startsWith('.')) return false;
  const base = name.toLowerCase().endsWith('.gz') ? name.slice(0, -3) : name;
  const ext = extname(base).toLowerCase();
  return ext === '' || EVENT_FILE_EXTENSIONS.includes(ext);
}

/**
 * The event files under `dir`. Symlinks are followed (to files and to
 * folders); `visited` holds the real paths of the folders walked, so a link
 * back up the tree is walked once, not forever.
 */
async function eventFilesIn(dir: string, visited: Set<string>, onProblem: (problem: InputProblem) => void): Promise<EventInput[]> {
  let real: string;
  let entries;
  try {
    real = await realpath(dir);
    if (visited.has(real)) {
      onProblem({ path: dir, message: 'symbolic link loop (this folder was already read); skipped' });
      return [];
    }
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (visited.size === 0) throw error;
    onProblem({ path: dir, message: `cannot read this folder (${describeFsError(error)}); skipped` });
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: EventInput[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let kind: 'dir' | 'file' | 'other' = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
    let size: number | undefined;
    if (entry.isSymbolicLink() || kind === 'file') {
      try {
        const info = await stat(path);
        kind = info.isDirectory() ? 'dir' : info.isFile() ? 'file' : 'other';
        size = info.size;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const what = entry.isSymbolicLink() && code === 'ENOENT' ? 'broken symbolic link (its target does not exist)' : entry.isSymbolicLink() && code === 'ELOOP' ? 'symbolic link loop' : describeFsError(error);
        onProblem({ path, message: `${what}; skipped` });
        continue;
      }
    }
    if (kind === 'dir') out.push(...(await eventFilesIn(path, visited, onProblem)));
    else if (kind === 'file' && isEventFileName(entry.name)) out.push({ kind: 'file', path, size: size ?? 0 });
  }
  return out;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symbolic link loop';
  return error instanceof Error ? error.message : String(error);
}
