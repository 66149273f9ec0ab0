import { createReadStream } from 'node:fs';
import { addAbortSignal, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { resolveInputs, type EventInput } from './inputs.js';
import { RecordSplitter } from './splitter.js';
import { unwrapRecord } from './unwrap.js';
import type { RemoteInputOptions } from './remote.js';

export interface EventRecord {
  event: unknown;
  /** File path, or 'stdin'. */
  source: string;
  /** 1-based line where the record starts. */
  line: number;
}

export interface ReadProblem {
  source: string;
  /** 1-based; 0 for a problem with the input itself (an unreadable folder, a broken symlink). */
  line: number;
  message: string;
}

export interface ReadEventsOptions {
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  onProblem?: (problem: ReadProblem) => void;
  signal?: AbortSignal;
  /** Called as raw (possibly compressed) bytes are read; `totalBytes` is known for files. */
  onProgress?: (progress: ReadProgress) => void;
  /** Records larger than this are reported and skipped. Default 64 MiB. */
  maxRecordBytes?: number;
  /** Bytes per read. Default 256 KiB. */
  chunkBytes?: number;
  /**
   * Bytes split into records at a time (default: a whole read). The records
   * of one piece are parsed together and live until the last is consumed:
   * smaller pieces keep fewer alive at once, without more reads.
   */
  parseBytes?: number;
  /** For `s3://` and `logs:` inputs: AWS access, --since/--until, status lines. */
  remote?: RemoteInputOptions;
}

export interface ReadProgress {
  source: string;
  bytesRead: number;
  /** Sum of all input files' sizes; undefined when reading stdin. */
  totalBytes: number | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Streams the events of every input (see `resolveInputs`), in order, with
 * bounded memory. The format of each input is detected from its content
 * (NDJSON, JSON array, object(s), CloudWatch exports; gzip by magic bytes).
 * Malformed or truncated records go to `onProblem` and are skipped.
 * Throws UserError (before yielding anything) for a missing input.
 */
export async function* readEvents(inputs: string | readonly string[], options: ReadEventsOptions = {}): AsyncGenerator<EventRecord> {
  const sources = await resolveInputs(inputs, {
    cwd: options.cwd,
    ...(options.remote ? { remote: options.remote } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onProblem: (p) => options.onProblem?.({ source: p.path, line: 0, message: p.message }),
  });
  const totalBytes = sources.some((s) => s.kind === 'stdin') ? undefined : sources.reduce((sum, s) => sum + (s.size ?? 0), 0);
  let bytesBefore = 0;
  for (const input of sources) {
    options.signal?.throwIfAborted();
    const splitter = new RecordSplitter({ maxRecordBytes: options.maxRecordBytes });
    const report = (line: number, message: string) => options.onProblem?.({ source: input.path, line, message });
    if (input.kind === 'records') {
      for await (const item of input.records(options.signal)) {
        options.signal?.throwIfAborted();
        const reportAt = (line: number, message: string) => options.onProblem?.({ source: item.source, line, message });
        if (item.kind === 'problem') reportAt(item.line, item.message);
        else yield* unwrapped(item.value, item.source, item.line, reportAt);
      }
      continue;
    }
    let bytesRead = 0;
    const onBytes = (n: number) => {
      bytesRead += n;
      options.onProgress?.({ source: input.path, bytesRead: bytesBefore + bytesRead, totalBytes });
    };
    try {
      const piece = options.parseBytes ?? Infinity;
      for await (const chunk of decodedChunks(input, options, onBytes)) {
        options.signal?.throwIfAborted();
        for (let at = 0; at < chunk.length; at += piece) {
          for (const out of splitter.push(piece >= chunk.length ? chunk : chunk.subarray(at, at + piece))) {
            if (out.kind === 'problem') report(out.line, out.message);
            else yield* unwrapped(out.value, input.path, out.line, report);
          }
        }
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      report(splitter.line, `reading stopped: ${describeReadError(error)}; the records before this point were kept`);
    }
    for (const out of splitter.end()) {
      if (out.kind === 'problem') report(out.line, out.message);
      else yield* unwrapped(out.value, input.path, out.line, report);
    }
    bytesBefore += input.size ?? bytesRead;
  }
}

function* unwrapped(value: unknown, source: string, line: number, report: (line: number, message: string) => void): Generator<EventRecord> {
  for (const item of unwrapRecord(value)) {
    if (item.kind === 'event') yield { event: item.event, source, line };
    else report(line, `line ${line}: ${item.message}; skipped`);
  }
}

/** The input's bytes, gunzipped when they start with the gzip magic number. */
async function* decodedChunks(input: EventInput, options: ReadEventsOptions, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const stdin = input.kind === 'stdin' ? options.stdin ?? process.stdin : undefined;
  // Ctrl-C must not wait for the next line on a quiet stdin.
  if (stdin instanceof Readable && options.signal) addAbortSignal(options.signal, stdin);
  const raw: AsyncIterable<Buffer | Uint8Array | string> =
    input.kind === 'remote'
      ? await input.open(options.signal)
      : stdin !== undefined
      ? (stdin as AsyncIterable<Buffer | string>)
      : createReadStream(input.path, { highWaterMark: options.chunkBytes ?? 256 * 1024, signal: options.signal });
  const iterator = raw[Symbol.asyncIterator]();
  // Enough bytes to see the gzip magic number, however the source chunks its data.
  let firstChunk: Buffer = Buffer.alloc(0);
  while (firstChunk.length < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = toBuffer(next.value);
    onBytes(chunk.length);
    firstChunk = firstChunk.length === 0 ? chunk : Buffer.concat([firstChunk, chunk]);
  }
  if (firstChunk.length === 0) return;
  async function* rest(): AsyncGenerator<Buffer> {
    yield firstChunk;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const chunk = toBuffer(next.value);
      onBytes(chunk.length);
      yield chunk;
    }
  }
  if (firstChunk[0] === GZIP_MAGIC[0] && firstChunk[1] === GZIP_MAGIC[1]) {
    const gunzip = createGunzip();
    const source = Readable.from(rest(), { objectMode: false });
    source.on('error', (error) => gunzip.destroy(error));
    source.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } finally {
      source.destroy();
    }
    return;
  }
  try {
    yield* rest();
  } finally {
    await iterator.return?.();
  }
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function describeReadError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'Z_BUF_ERROR' || e?.code === 'Z_DATA_ERROR') return `the gzip data is truncated or corrupt (${e.message})`;
  if (e?.code === 'EISDIR') return 'it is a folder';
  if (e?.code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(error);
}
