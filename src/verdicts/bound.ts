/**
 * Bounded outputs: strings longer than a limit are cut, with the original
 * length noted, wherever event values reach a report (`actual`, examples,
 * exports), so one 50 MB value cannot make a 50 MB report.
 */
import type { PatternFailure, PatternMatch } from '../pattern/index.js';

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

/** Characters of one event kept whole in a report (a nearest miss shown in full); beyond it each object or array ends with a note. */
export const MAX_SHOWN_EVENT_CHARS = 100_000;
/** Nesting levels of an event kept in a report; deeper values are replaced by a note. */
export const MAX_SHOWN_EVENT_DEPTH = 64;
/** The key of the note that ends an object cut short. */
export const TRUNCATED_KEY = '…';

/**
 * A copy of an event for a report: every string and key cut as by
 * `boundValue`, objects null-prototype, and at most about `budget`
 * characters of JSON in all: once it is spent, each open object gets a
 * `"…"` key and each array a last string saying how many entries were left
 * out. `truncated` says whether anything was cut.
 */
export function boundEvent(event: unknown, budget = MAX_SHOWN_EVENT_CHARS): { event: unknown; truncated: boolean } {
  const state = { left: budget, truncated: false };
  return { event: boundWithin(event, state, 0), truncated: state.truncated };
}

interface Budget {
  left: number;
  truncated: boolean;
}

function boundWithin(value: unknown, state: Budget, depth: number): unknown {
  if (typeof value === 'string') {
    const shown = boundString(value);
    if (shown !== value) state.truncated = true;
    state.left -= shown.length + 2;
    return shown;
  }
  if (value === null || typeof value !== 'object') {
    state.left -= String(value).length;
    return value;
  }
  const entries = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (depth >= MAX_SHOWN_EVENT_DEPTH && entries > 0) {
    state.truncated = true;
    return `[truncated: nested deeper than ${MAX_SHOWN_EVENT_DEPTH} levels]`;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (state.left <= 0) break;
      out.push(boundWithin(item, state, depth + 1));
      state.left -= 1;
    }
    if (out.length < value.length) {
      state.truncated = true;
      out.push(`… [truncated: ${value.length - out.length} more item(s)]`);
    }
    return out;
  }
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let kept = 0;
  for (const [k, v] of Object.entries(value)) {
    if (state.left <= 0) break;
    const key = boundString(k);
    if (key !== k) state.truncated = true;
    state.left -= key.length + 4;
    out[key] = boundWithin(v, state, depth + 1);
    kept++;
  }
  if (kept < entries) {
    state.truncated = true;
    out[TRUNCATED_KEY] = `[truncated: ${entries - kept} more key(s)]`;
  }
  return out;
}

/** Matched leaves whose event values are bounded. */
export function boundMatches(matched: readonly PatternMatch[], max = MAX_SHOWN_VALUE_CHARS): PatternMatch[] {
  return matched.map((m) => ({ path: m.path, expected: m.expected, actual: boundValue(m.actual, max) }));
}
