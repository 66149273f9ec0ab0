import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

/** The repository root: the default working directory of a CLI run. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunCliOptions {
  /** The whole environment the command sees (default: empty, so the host's never leaks in). */
  env?: NodeJS.ProcessEnv;
  /** Default: the repository root. */
  cwd?: string;
  /** Text or bytes on stdin, or a stream (default: empty). */
  stdin?: string | Buffer | Readable;
  signal?: AbortSignal;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `gceb <argv>` in-process through main(), with captured stdout and stderr (neither a TTY). */
export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: stdinStream(options.stdin),
    env: { ...options.env },
    cwd: options.cwd ?? REPO_ROOT,
    signal: options.signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A sink that keeps every chunk as it is written, so nothing is still in flight when main() returns. */
function collector() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function stdinStream(input: RunCliOptions['stdin']): Readable {
  if (input instanceof Readable) return input;
  if (input === undefined || input.length === 0) return Readable.from([]);
  return Readable.from([Buffer.from(input)]);
}
