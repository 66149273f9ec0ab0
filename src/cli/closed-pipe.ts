/**
 * stdout closed by its reader (`gceb test --format ndjson | head -1`): not
 * an error of the user's nor a bug. The run stops quietly with the status a
 * shell gives a process ended by SIGPIPE.
 */
export const CLOSED_PIPE_EXIT_CODE = 141;

export class ClosedPipe extends Error {
  override name = 'ClosedPipe';
  constructor() {
    super('stdout was closed');
  }
}

export function isClosedPipe(error: unknown): boolean {
  if (error instanceof ClosedPipe) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}
