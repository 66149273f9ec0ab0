import type { CliIO } from './types.js';
import { parseTimeBound, type RemoteInputOptions } from '../events/index.js';

/** Flags every command reading `--events` shares for the inputs that live in AWS (`s3://`, `logs:`). */
export const eventInputFlags = {
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

export const EVENT_INPUT_USAGE = `Events in AWS (--events):
  s3://BUCKET/PREFIX/    Firehose archives (gzip or not, NDJSON or concatenated JSON); --since/--until
                         select the YYYY/MM/DD/HH/ hour folders (UTC)
  logs:GROUP[:STREAM]    CloudWatch Logs: a catch-all rule's log group, or bus-logging records
                         (IncludeDetail FULL); --since/--until bound the log events' time
  --since T, --until T   2024-05-01, 2024-05-01T10, or an ISO date-time (UTC unless a zone is given)`;

/** The remote-input options from the flags and the environment; status lines go to stderr, at most one every 2 s. */
export function remoteInputOptions(values: { since?: string; until?: string }, io: CliIO, region?: string): RemoteInputOptions {
  let last = 0;
  return {
    env: io.env,
    ...(region ? { region } : {}),
    ...(values.since !== undefined ? { since: parseTimeBound(values.since, '--since') } : {}),
    ...(values.until !== undefined ? { until: parseTimeBound(values.until, '--until') } : {}),
    onStatus: (line, options) => {
      const now = Date.now();
      if (!options?.final && now - last < 2000) return;
      last = now;
      io.stderr.write(`gceb: ${line}\n`);
    },
  };
}
