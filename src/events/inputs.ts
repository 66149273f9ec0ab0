import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { SAMPLE_EVENTS_FILE } from '../sample/paths.js';
import { isRemoteSpec, type RemoteInputOptions } from './remote.js';
import { remoteInputs, type RemoteEventInput } from './remote-inputs.js';

/** One place events are read from: a file, standard input, an S3 object or a CloudWatch Logs group. */
export type EventInput = { kind: 'file'; path: string; size: number } | { kind: 'stdin'; path: 'stdin'; size?: undefined } | RemoteEventInput;

/** File names a folder's event files may have (each also with `.gz`); files without an extension (Firehose objects) too. */
export const EVENT_FILE_EXTENSIONS = ['.json', '.ndjson', '.jsonl', '.log', '.txt'];

/**
 * Resolves input specs to the files they stand for: `sample` → the built-in
 * sample, `-` → stdin, `s3://bucket/prefix/` → its objects, `logs:GROUP[:PREFIX]` → the group, a folder → its event files (recursive, sorted), a file
 * → itself. Every spec is checked before any is read, so a typo in the last
 * one fails at once.
 */
export async function resolveInputs(
  inputs: string | readonly string[],
  options: { cwd?: string; remote?: RemoteInputOptions; signal?: AbortSignal } = {},
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
      const files = await eventFilesIn(path);
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

async function eventFilesIn(dir: string): Promise<EventInput[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: EventInput[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await eventFilesIn(path)));
    else if (entry.isFile() && isEventFileName(entry.name)) out.push({ kind: 'file', path, size: (await stat(path)).size });
  }
  return out;
}
