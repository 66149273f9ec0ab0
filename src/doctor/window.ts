/** The doctor's evidence window: `--since 24h` (m, h, d, w) or an ISO-8601 start, up to now. */

import { UserError } from '../errors.js';
import type { DoctorWindow } from './types.js';

export const DEFAULT_SINCE = '24h';

/** CloudWatch keeps metrics 15 months; GetMetricData reads at most that far back. */
const MAX_MS = 455 * 86_400_000;

export function doctorWindow(since: string = DEFAULT_SINCE, now: Date = new Date()): DoctorWindow {
  const text = since.trim();
  const m = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(text);
  let startMs: number;
  if (m) {
    startMs = now.getTime() - Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  } else if (/^\d{4}-\d{2}-\d{2}/.test(text) && Number.isFinite(Date.parse(text))) {
    startMs = Date.parse(text);
  } else {
    throw new UserError(`gceb doctor: --since '${since}' is neither a duration nor a date.`, { hint: 'Examples: --since 30m, --since 24h, --since 7d, --since 2026-01-31T00:00:00Z.' });
  }
  if (startMs >= now.getTime()) throw new UserError(`gceb doctor: --since '${since}' is not in the past.`, { hint: 'Examples: --since 24h, --since 7d.' });
  if (now.getTime() - startMs > MAX_MS) throw new UserError(`gceb doctor: --since '${since}' reaches further back than CloudWatch keeps metrics (455 days).`);
  return { start: new Date(startMs).toISOString(), end: now.toISOString(), since: text };
}
