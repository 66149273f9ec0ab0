import { closeSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { UserError } from '../errors.js';

/** Where NDJSON lines go. `writeLine` writes one whole line; `commit`/`abort` finish. */
export interface NdjsonSink {
  writeLine(value: unknown): void;
  commit(): Promise<void>;
  /**
   * Stops without committing. Atomic files are removed, unless `keepPartial`:
   * then the whole lines written so far move to `<path>.partial`, whose path is returned.
   */
  abort(options?: { keepPartial?: boolean }): Promise<string | undefined>;
  readonly lines: number;
  /** Where the lines are when a write failed or a partial file was kept. */
  readonly keptIn?: string;
}

/**
 * A write to an NDJSON file failed (disk full, quota, I/O error). The file was
 * cut back to its last whole line; `kept` lines remain in `keptIn`.
 */
export class NdjsonWriteError extends UserError {
  override name = 'NdjsonWriteError';
  constructor(
    readonly path: string,
    readonly keptIn: string,
    readonly kept: number,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(
      `Could not write to ${path}: ${describeWriteError(cause)}. ` +
        `${keptIn === path ? `The file was cut back to its last whole line and keeps ${kept} ${kept === 1 ? 'line' : 'lines'}.` : `The ${kept} whole ${kept === 1 ? 'line' : 'lines'} written before it ${kept === 1 ? 'is' : 'are'} in ${keptIn}; ${path} was not changed.`}`,
      { hint: code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some space (or write elsewhere with --out) and run again.' : 'Check the output path and the disk, then run again.', cause },
    );
  }
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return 'the disk is full (ENOSPC)';
  if (code === 'EDQUOT') return 'the disk quota is exhausted (EDQUOT)';
  if (code === 'EFBIG') return 'the file is too large for this file system (EFBIG)';
  if (code === 'EIO') return 'an I/O error (EIO)';
  return error instanceof Error ? error.message : String(error);
}

/**
 * `live`: lines appear in the target as they come (capture: `tail -f` works); an
 * interrupted run keeps every whole line written so far.
 * `atomic`: lines go to a temporary file renamed over the target on commit (fetch:
 * the target is the old file or the complete new one, never a part).
 *
 * A failed write (ENOSPC...) never leaves part of a line: the file is truncated
 * back to the end of the last whole line and `NdjsonWriteError` says how many
 * lines were kept where (in atomic mode, in `<path>.partial`, the target untouched).
 * Every later `writeLine` throws the same error.
 */
export function openNdjsonFile(path: string, mode: 'live' | 'atomic'): NdjsonSink {
  mkdirSync(dirname(path), { recursive: true });
  const target = mode === 'atomic' ? join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`) : path;
  const fd = openSync(target, 'w');
  let lines = 0;
  /** File size at the end of the last whole line. */
  let wholeBytes = 0;
  let open = true;
  let failure: NdjsonWriteError | undefined;
  let keptIn: string | undefined;
  const close = (sync: boolean) => {
    if (!open) return;
    open = false;
    try {
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  const fail = (error: unknown): NdjsonWriteError => {
    try {
      ftruncateSync(fd, wholeBytes);
    } catch {
      // truncating to a smaller size needs no space; if even that fails, the error below still says what was kept
    }
    try {
      close(false);
    } catch {
      // already reporting a write error
    }
    let where = path;
    if (mode === 'atomic') {
      where = `${path}.partial`;
      try {
        renameSync(target, where);
      } catch {
        where = target;
      }
    }
    return new NdjsonWriteError(path, where, lines, (error as NodeJS.ErrnoException)?.code, error);
  };
  return {
    get lines() {
      return lines;
    },
    writeLine(value) {
      if (failure) throw failure;
      const buf = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
      try {
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off);
      } catch (error) {
        failure = fail(error);
        throw failure;
      }
      wholeBytes += buf.length;
      lines += 1;
    },
    async commit() {
      if (failure) return;
      try {
        close(true);
      } catch (error) {
        // the data may not have reached the disk: say so instead of reporting success
        throw new NdjsonWriteError(path, target, lines, (error as NodeJS.ErrnoException)?.code, error);
      }
      if (mode === 'atomic') renameSync(target, path);
    },
    async abort(options = {}) {
      if (failure) return failure.keptIn;
      close(false);
      if (mode !== 'atomic') return path;
      if (options.keepPartial) {
        keptIn = `${path}.partial`;
        renameSync(target, keptIn);
        return keptIn;
      }
      rmSync(target, { force: true });
      return undefined;
    },
    get keptIn() {
      return failure?.keptIn ?? keptIn;
    },
  };
}

export function streamNdjson(stream: Writable): NdjsonSink {
  let lines = 0;
  return {
    get lines() {
      return lines;
    },
    writeLine(value) {
      stream.write(`${JSON.stringify(value)}\n`);
      lines += 1;
    },
    async commit() {},
    async abort() {
      return undefined;
    },
  };
}
