import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM) by the entry script. */
  signal?: AbortSignal;
}

export interface Command {
  name: string;
  /** One line for `gceb --help`. */
  summary: string;
  /** Full text for `gceb <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throw UserError for problems the user can fix. */
  run(argv: string[], io: CliIO): Promise<number>;
}
