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
