/**
 * Bounded outputs: strings longer than a limit are cut, with the original
 * length noted, wherever event values reach a report (`actual`, examples,
 * exports), so one 50 MB value cannot make a 50 MB report.
 */
import type { PatternFailure } from '../pattern/index.js';

/** Characters of one value kept in reports. */
export const MAX_SHOWN_VALUE_CHARS = 1_000;

/** A string cut to `max` characters with a note of its length; anything else unchanged. */
export function boundString(text: string, max = MAX_SHOWN_VALUE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [truncated: ${text.length} characters]`;
}

/** A copy of a JSON value whose every long string (and key) is cut; shares what needs no change. */
export function boundValue<T>(value: T, max = MAX_SHOWN_VALUE_CHARS): T {
  if (typeof value === 'string') return boundString(value, max) as T;
  if (value === null || typeof value !== 'object') return value;
  if (!needsBounding(value, max)) return value;
  if (Array.isArray(value)) return value.map((v) => boundValue(v, max)) as T;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[boundString(k, max)] = boundValue(v, max);
  return out as T;
}

function needsBounding(value: unknown, max: number, depth = 0): boolean {
  if (typeof value === 'string') return value.length > max;
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => needsBounding(v, max, depth + 1));
  for (const [k, v] of Object.entries(value)) if (k.length > max || needsBounding(v, max, depth + 1)) return true;
  return false;
}

/** Failures whose event values (`actual`, nested branches) are bounded. */
export function boundFailures(failures: readonly PatternFailure[], max = MAX_SHOWN_VALUE_CHARS): PatternFailure[] {
  return failures.map((f) => {
    const bounded: PatternFailure = { ...f, hint: boundString(f.hint, max * 2) };
    if (f.actual !== undefined) bounded.actual = boundValue(f.actual, max);
    if (f.branches !== undefined) bounded.branches = f.branches.map((b) => ({ index: b.index, failures: boundFailures(b.failures, max) }));
    return bounded;
  });
}
