/**
 * One run's files in one `--out` folder: a lock while a run writes there
 * (a second run fails with a plain message instead of mixing its files in),
 * a manifest that names the run and its files (files an earlier run left
 * and this one did not write are removed), and temporary files of killed
 * runs removed by the next run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from './atomic.js';

const LOCK = '.gceb-run.lock';
export const RUN_MANIFEST = '.gceb-run.json';
/** Temporary files of writeFileAtomic / AtomicFileStream: `.<name>.<12 hex>.tmp`. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

export interface OutDirRun {
  readonly dir: string;
  readonly runId: string;
  /** Temporary files of earlier runs that were removed. */
  readonly staleRemoved: readonly string[];
  /** Writes the manifest (this run's files) and removes the files an earlier run listed that this one did not write. */
  finish(files: readonly string[]): Promise<string[]>;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

interface LockInfo {
  pid: number;
  runId: string;
  command: string;
  startedAt: string;
}

export async function claimOutDir(dir: string, options: { command: string; subfolders?: readonly string[] }): Promise<OutDirRun> {
  await mkdir(dir, { recursive: true });
  const runId = `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
  const info: LockInfo = { pid: process.pid, runId, command: options.command, startedAt: new Date().toISOString() };
  const lockPath = join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = await readLock(lockPath);
      // A lock not yet written is a run that is just starting.
      const busy = holder !== undefined ? isAlive(holder.pid) : Date.now() - (await stat(lockPath).then((s) => s.mtimeMs, () => 0)) < 10_000;
      if (busy) {
        const who = holder ? `${holder.command}, pid ${holder.pid}, started ${holder.startedAt}` : 'just starting';
        throw new UserError(`gceb ${options.command}: another gceb run (${who}) is writing into ${dir}.`, {
          hint: 'Wait for it to finish, or give this run another --out folder.',
        });
      }
      await rm(lockPath, { force: true }); // its run was killed
    }
  }
  const staleRemoved: string[] = [];
  for (const sub of ['', ...(options.subfolders ?? [])]) {
    const folder = join(dir, sub);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!TEMP_FILE.test(name)) continue;
      await rm(join(folder, name), { force: true });
      staleRemoved.push(join(folder, name));
    }
  }
  let released = false;
  return {
    dir,
    runId,
    staleRemoved,
    async finish(files) {
      const mine = new Set(files.map((f) => relative(dir, f)));
      const removed: string[] = [];
      const earlier = await readManifest(join(dir, RUN_MANIFEST));
      for (const file of earlier) {
        if (mine.has(file) || file.startsWith('..') || file.includes('\0')) continue;
        await rm(join(dir, file), { force: true });
        removed.push(join(dir, file));
      }
      await writeFileAtomic(join(dir, RUN_MANIFEST), `${JSON.stringify({ tool: 'gceb', command: options.command, runId, startedAt: info.startedAt, finishedAt: new Date().toISOString(), files: [...mine].sort() }, null, 2)}\n`);
      return removed;
    },
    async release() {
      if (released) return;
      released = true;
      const holder = await readLock(lockPath);
      if (holder?.runId === runId) await rm(lockPath, { force: true });
    },
  };
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    return typeof data.pid === 'number' && typeof data.runId === 'string' ? (data as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

async function readManifest(path: string): Promise<string[]> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { files?: unknown };
    return Array.isArray(data.files) ? data.files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
