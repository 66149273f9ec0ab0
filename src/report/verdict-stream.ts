import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

/**
 * A file written piece by piece into a temporary file beside `path`, renamed
 * over `path` only by `commit()`: an interrupted run leaves no half-written
 * file (and `abort()` removes the temporary one).
 */
export class AtomicFileStream {
  private stream?: WriteStream;
  readonly tempPath: string;

  private constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  }

  static async create(path: string): Promise<AtomicFileStream> {
    await mkdir(dirname(path), { recursive: true });
    const file = new AtomicFileStream(path);
    file.stream = createWriteStream(file.tempPath, { flags: 'wx' });
    await once(file.stream, 'open');
    return file;
  }

  /** Writes, waiting when the stream's buffer is full. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (!this.stream!.write(chunk)) await once(this.stream!, 'drain');
  }

  async commit(): Promise<void> {
    const stream = this.stream!;
    stream.end();
    await once(stream, 'close');
    const handle = await open(this.tempPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempPath, this.path);
  }

  async abort(): Promise<void> {
    const stream = this.stream;
    if (stream && !stream.closed) {
      stream.destroy();
      await once(stream, 'close').catch(() => {});
    }
    await rm(this.tempPath, { force: true });
  }
}

/** Bytes of a chunk of lines; a line longer than a chunk is written alone. */
const LINE_CHUNK_BYTES = 256 * 1024;
/** A chunk is written once this long has passed since the last, however full (a slow run still shows its lines). */
const LINE_CHUNK_MS = 250;

/**
 * Lines encoded (UTF-8) straight into a chunk, written a chunk at a time:
 * one write per chunk instead of per event, and no joined string to flatten
 * first (one two-byte line would make a whole joined chunk two-byte).
 */
export class LineChunks {
  private chunk = Buffer.allocUnsafe(LINE_CHUNK_BYTES);
  private used = 0;
  private writtenAt = Date.now();

  constructor(private readonly write: (bytes: string | Uint8Array) => Promise<void>) {}

  async add(lines: readonly string[]): Promise<void> {
    for (const line of lines) {
      // (UTF-8 takes at most 3 bytes per UTF-16 unit)
      if (this.used + 3 * line.length > this.chunk.length) {
        await this.flush();
        if (3 * line.length > this.chunk.length) {
          await this.write(line);
          continue;
        }
      }
      this.used += this.chunk.write(line, this.used);
    }
    if (Date.now() - this.writtenAt >= LINE_CHUNK_MS) await this.flush();
  }

  /** Writes what has gathered. */
  async flush(): Promise<void> {
    const bytes = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafe(LINE_CHUNK_BYTES);
    this.used = 0;
    this.writtenAt = Date.now();
    if (bytes.length > 0) await this.write(bytes);
  }
}
