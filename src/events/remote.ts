// Event inputs that live in AWS: `s3://bucket/prefix/` (Firehose archives) and `logs:GROUP[:STREAM-PREFIX]`.
import { UserError } from '../errors.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** How remote inputs are reached and bounded; the CLI fills it from its flags and environment. */
export interface RemoteInputOptions {
  /** Credentials, region and endpoint overrides (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`). Default process.env. */
  env?: NodeJS.ProcessEnv;
  region?: string;
  profile?: string;
  /** Only archives (Firehose hour prefixes) and log events from this time on (inclusive). */
  since?: Date;
  /** ... and up to this time (inclusive). */
  until?: Date;
  /** A progress or summary line for a person (objects and bytes read, records without an event). */
  onStatus?: (line: string, options?: { final?: boolean }) => void;
  /** Ready clients (notebooks, tests); created from `env` when absent. */
  s3Client?: S3Client;
  logsClient?: CloudWatchLogsClient;
}

/** A record, or a problem, produced by a source that is not a byte stream (CloudWatch Logs). */
export type RemoteRecord =
  | { kind: 'record'; value: unknown; source: string; line: number }
  | { kind: 'problem'; source: string; line: number; message: string };

export function isRemoteSpec(spec: string): boolean {
  return spec.startsWith('s3://') || spec.startsWith('logs:');
}

/** `2024-05-01`, `2024-05-01T10`, `2024-05-01T10:30`, or an ISO date-time; UTC unless a zone is given. */
export function parseTimeBound(text: string, flag: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2})(:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  const iso = m ? `${m[1]}T${m[2] ?? '00'}${m[3] ?? ':00'}${m[4] ?? 'Z'}` : undefined;
  const at = iso === undefined ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(at)) {
    throw new UserError(`${flag} '${text}' is not a date or ISO date-time.`, { hint: 'Examples: 2024-05-01, 2024-05-01T10, 2024-05-01T10:30:00Z (UTC unless a zone is given).' });
  }
  return new Date(at);
}

/** A name from AWS (object key, log stream) safe to show on a terminal: control characters escaped. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
