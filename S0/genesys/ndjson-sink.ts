import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';

/** Where NDJSON lines go. `writeLine` writes one whole line; `commit`/`abort` finish. */
export interface NdjsonSink {
  writeLine(value: unknown): void;
  commit(): Promise<void>;
  abort(): Promise<void>;
  readonly lines: number;
}

/** Writes each line with one synchronous write, so an interrupt never leaves half a line. */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off);
}

/**
 * `live`: lines appear in the target as they come (capture: `tail -f` works); an
 * interrupted run keeps every whole line written so far.
 * `atomic`: lines go to a temporary file renamed over the target on commit (fetch:
 * the target is the old file or the complete new one, never a part).
 */
export function openNdjsonFile(path: string, mode: 'live' | 'atomic'): NdjsonSink {
  mkdirSync(dirname(path), { recursive: true });
  const target = mode === 'atomic' ? join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`) : path;
  const fd = openSync(target, 'w');
  let lines = 0;
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    fsyncSync(fd);
    closeSync(fd);
  };
  return {
    get lines() {
      return lines;
    },
    writeLine(value) {
      writeAll(fd, `${JSON.stringify(value)}\n`);
      lines += 1;
    },
    async commit() {
      close();
      if (mode === 'atomic') renameSync(target, path);
    },
    async abort() {
      close();
      if (mode === 'atomic') rmSync(target, { force: true });
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
    async abort() {},
  };
}
