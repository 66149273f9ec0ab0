// Firehose archives in S3 as event inputs: one input per object, selected by the YYYY/MM/DD/HH/ prefixes of --since/--until.
import { UserError } from '../errors.js';
import { createS3Client, listS3Objects, openS3Object, type S3ObjectInfo } from '../aws/s3.js';
import { printable, type RemoteInputOptions } from './remote.js';

export interface S3Location {
  bucket: string;
  prefix: string;
}

/** An input that is one S3 object: read through the same decoding and splitting as a local file. */
export interface S3ObjectInput {
  kind: 'remote';
  /** `s3://bucket/key`: what problems name. */
  path: string;
  size: number;
  open(signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

export function parseS3Url(spec: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(spec);
  const bucket = m?.[1] ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UserError(`'${spec}' is not an S3 location: expected s3://bucket/prefix/.`, { hint: 'Bucket names are 3-63 lower-case letters, digits, dots and hyphens.' });
  }
  return { bucket, prefix: m?.[2] ?? '' };
}

const HOUR_MS = 3_600_000;
/** Up to this many hour prefixes are listed one by one; a longer window lists whole days. */
const MAX_HOUR_PREFIXES = 72;
const MAX_DAY_PREFIXES = 800;

const pad = (n: number) => String(n).padStart(2, '0');
const hourPath = (t: Date) => `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/${pad(t.getUTCHours())}/`;
const dayPath = (t: Date) => `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())}/`;

/**
 * The prefixes to list for a window: Firehose names objects `<prefix>YYYY/MM/DD/HH/...` after the
 * UTC hour they were delivered in. Without bounds, the prefix itself. `keep` tells whether a key's
 * hour falls in the window (keys without the date folders are outside any window).
 */
export function firehosePrefixes(prefix: string, since?: Date, until?: Date): { prefixes: string[]; keep: (key: string) => boolean } {
  if (!since && !until) return { prefixes: [prefix], keep: () => true };
  const from = since ? Math.floor(since.getTime() / HOUR_MS) * HOUR_MS : undefined;
  const to = until ? Math.floor(until.getTime() / HOUR_MS) * HOUR_MS : undefined;
  if (from !== undefined && to !== undefined && from > to) throw new UserError('--since is after --until.');
  const datePart = new RegExp(`^${escapeRegExp(prefix)}(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/`);
  const keep = (key: string) => {
    const m = datePart.exec(key);
    if (!m) return false;
    const hour = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
    return (from === undefined || hour >= from) && (to === undefined || hour <= to);
  };
  if (from === undefined || to === undefined) return { prefixes: [prefix], keep };
  const hours = (to - from) / HOUR_MS + 1;
  if (hours <= MAX_HOUR_PREFIXES) {
    return { prefixes: Array.from({ length: hours }, (_, i) => prefix + hourPath(new Date(from + i * HOUR_MS))), keep };
  }
  const days: string[] = [];
  for (let t = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate()); t <= to; t += 24 * HOUR_MS) {
    days.push(prefix + dayPath(new Date(t)));
    if (days.length > MAX_DAY_PREFIXES) return { prefixes: [prefix], keep };
  }
  return { prefixes: days, keep };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const mb = (bytes: number) => (bytes < 1_000_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`);

/**
 * Lists the objects of `s3://bucket/prefix/` in the window (every page) and returns one input per
 * object, in key order. Each input reports progress over objects and bytes through `onStatus`.
 */
export async function s3Inputs(spec: string, options: RemoteInputOptions & { signal?: AbortSignal }): Promise<S3ObjectInput[]> {
  const { bucket, prefix } = parseS3Url(spec);
  const shown = printable(prefix);
  const env = options.env ?? process.env;
  const client = options.s3Client ?? createS3Client({ env, ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}) });
  const { prefixes, keep } = firehosePrefixes(prefix, options.since, options.until);
  const objects: S3ObjectInfo[] = [];
  let listed = 0;
  let outside = 0;
  for (const p of prefixes) {
    for await (const object of listS3Objects(client, bucket, p, { env, ...(options.signal ? { signal: options.signal } : {}) })) {
      listed++;
      if (keep(object.key)) objects.push(object);
      else outside++;
      if (listed % 1000 === 0) options.onStatus?.(`listing s3://${bucket}/${shown}: ${listed.toLocaleString('en-US')} objects so far`);
    }
  }
  if (objects.length === 0) {
    const window = options.since || options.until ? ` between ${options.since?.toISOString() ?? 'the start'} and ${options.until?.toISOString() ?? 'now'}` : '';
    throw new UserError(`No objects under s3://${bucket}/${shown}${window}${outside ? ` (${outside} outside the window or without YYYY/MM/DD/HH/ folders)` : ''}.`, {
      hint: 'Check the bucket and prefix (Firehose writes <prefix>YYYY/MM/DD/HH/...), and --since/--until (UTC).',
    });
  }
  const totalBytes = objects.reduce((sum, o) => sum + o.size, 0);
  options.onStatus?.(`s3://${bucket}/${shown}: ${objects.length.toLocaleString('en-US')} objects, ${mb(totalBytes)} to read${outside ? ` (${outside} outside the window skipped)` : ''}`, { final: true });
  let bytesBefore = 0;
  return objects.map((object, index) => ({
    kind: 'remote' as const,
    path: `s3://${bucket}/${printable(object.key)}`,
    size: object.size,
    async open(signal?: AbortSignal) {
      const started = bytesBefore;
      bytesBefore += object.size;
      options.onStatus?.(`s3://${bucket}/${shown}: object ${index + 1} of ${objects.length}, ${mb(started)} of ${mb(totalBytes)}`);
      const body = await openS3Object(client, bucket, object.key, { env, ...(signal ? { signal } : {}) });
      if (index === objects.length - 1) {
        return (async function* () {
          yield* body;
          options.onStatus?.(`s3://${bucket}/${shown}: read ${objects.length} objects, ${mb(totalBytes)}`, { final: true });
        })();
      }
      return body;
    },
  }));
}
