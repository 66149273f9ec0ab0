import { formatProgress } from '../coverage/analyze.js';
import type { ReadProgress } from '../events/index.js';
import type { CliIO } from './types.js';

/** On a terminal: one line redrawn at most every TTY_EVERY_MS. Elsewhere (logs, CI): nothing for the first QUIET_MS, then a line every LOG_EVERY_MS. */
const TTY_EVERY_MS = 250;
const QUIET_MS = 30_000;
const LOG_EVERY_MS = 10_000;

export interface ProgressLine {
  /** Bytes read so far (readEvents' progress). */
  read(progress: ReadProgress): void;
  /** Events tested so far. */
  events(count: number): void;
  /** Clears the terminal line. */
  done(): void;
}

/**
 * Progress of a long read, like `gceb coverage`'s: events, bytes of total,
 * events/s, ETA. `GCEB_PROGRESS_MS=quiet,every` overrides the log-mode
 * intervals (tests use it).
 */
export function progressLine(io: CliIO, options: { enabled: boolean; label: string }): ProgressLine {
  if (!options.enabled) return { read() {}, events() {}, done() {} };
  const tty = io.stderr.isTTY === true;
  const [quietMs, everyMs] = intervals(io.env.GCEB_PROGRESS_MS);
  const started = Date.now();
  let last = tty ? 0 : started + quietMs - everyMs;
  let shown = false;
  let latest: ReadProgress = { source: '', bytesRead: 0, totalBytes: undefined };
  let count = 0;
  const maybeShow = () => {
    const now = Date.now();
    if (now - last < (tty ? TTY_EVERY_MS : everyMs)) return;
    last = now;
    const line = `${options.label}: ${formatProgress({ ...latest, events: count, elapsedMs: now - started })}`;
    if (tty) {
      shown = true;
      io.stderr.write(`\r\u001b[2K${line}`);
    } else io.stderr.write(`${line}\n`);
  };
  return {
    read(progress) {
      latest = progress;
    },
    events(n) {
      count = n;
      if ((n & 63) === 0) maybeShow();
    },
    done() {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

function intervals(spec: string | undefined): [number, number] {
  if (!spec) return [QUIET_MS, LOG_EVERY_MS];
  const [quiet, every] = (spec ?? '').split(',').map(Number);
  return [Number.isFinite(quiet) && quiet! >= 0 ? quiet! : QUIET_MS, Number.isFinite(every) && every! > 0 ? every! : LOG_EVERY_MS];
}
