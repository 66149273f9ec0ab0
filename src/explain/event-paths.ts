/**
 * The event's own field paths, the way EventBridge sees them: arrays are
 * flattened (no index in the path), dotted keys are just keys.
 */
export interface EventLeaf {
  path: string;
  /** Values at that path, flattened across arrays. */
  values: unknown[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The last event walked and its paths: explaining one event asks for them once per hint (many rules, many hints). Read-only. */
let lastEvent: object | undefined;
let lastPaths: Map<string, unknown[]> | undefined;
/** findSimilarPaths' answers for the last event, by wanted path. */
let lastSimilar = new Map<string, string[]>();

/** Every path in the event (objects included), each with its values. Callers must not change the map or its lists. */
export function eventPaths(event: unknown): Map<string, unknown[]> {
  if (event === lastEvent && lastPaths !== undefined) return lastPaths;
  const out = new Map<string, unknown[]>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, path);
      return;
    }
    if (path !== '') {
      const list = out.get(path);
      if (list) list.push(value);
      else out.set(path, [value]);
    }
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
    }
  };
  visit(event, '');
  if (typeof event === 'object' && event !== null) {
    lastEvent = event;
    lastPaths = out;
    lastSimilar = new Map();
  }
  return out;
}

/** The values at `path` (dot-joined), flattened across arrays; `undefined` when absent. */
export function valuesAt(event: unknown, path: string): unknown[] | undefined {
  return eventPaths(event).get(path);
}

/** The keys of the object(s) at `path`, or of the event itself for ''. */
export function keysAt(event: unknown, path: string): string[] {
  const values = path === '' ? [event] : valuesAt(event, path) ?? [];
  const keys = new Set<string>();
  for (const value of values) if (isObject(value)) Object.keys(value).forEach((k) => keys.add(k));
  return [...keys];
}

/** The longest prefix of `path` that exists in the event ('' when even the first segment is missing). */
export function deepestExistingParent(event: unknown, path: string): string {
  const segments = path.split('.');
  for (let n = segments.length - 1; n > 0; n--) {
    const prefix = segments.slice(0, n).join('.');
    if (valuesAt(event, prefix) !== undefined) return prefix;
  }
  return '';
}

const GENERIC_NAMES = new Set(['id', 'name', 'type', 'value', 'values', 'key', 'code', 'state', 'status', 'version', 'time', 'date']);

function lastSegment(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? path : path.slice(i + 1);
}

function commonPrefixSegments(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n]!.toLowerCase() === b[n]!.toLowerCase()) n++;
  return n;
}

/**
 * Where the field the pattern wanted really is: event paths whose last segment
 * equals the wanted one (ignoring case), or the same path in another case.
 * Nearest first: exact-case last segment, then most shared leading segments,
 * then least difference in depth.
 */
export function findSimilarPaths(event: unknown, wanted: string): readonly string[] {
  const paths = eventPaths(event);
  const known = paths === lastPaths ? lastSimilar.get(wanted) : undefined;
  if (known !== undefined) return known;
  const similar = similarPaths(paths, wanted);
  if (paths === lastPaths) lastSimilar.set(wanted, similar);
  return similar;
}

/** The end of a path that findSimilarPaths compares, lower-cased: its last segment, or the last two for a generic name (`id`, `name`): alone it says little. */
export function similarityTail(wanted: string): string {
  const wantedSegments = wanted.split('.');
  const tail = GENERIC_NAMES.has(lastSegment(wanted).toLowerCase()) && wantedSegments.length >= 2 ? 2 : 1;
  return wantedSegments.slice(-tail).join('.').toLowerCase();
}

/**
 * Which of `wanted` (similarityTails) the event's paths have: each key's
 * last segment lower-cased (a dotted key is several segments), and a generic
 * one also after the segment before it. findSimilarPaths finds nothing for a
 * path whose tail the event does not have.
 */
export function similarityTailsIn(event: unknown, wanted: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown, parent: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, parent);
      return;
    }
    if (!isObject(value)) return;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const lower = lowerKey(key);
      const dot = lower.lastIndexOf('.');
      const last = dot < 0 ? lower : lower.slice(dot + 1);
      if (wanted.has(last)) found.add(last);
      if (GENERIC_NAMES.has(last)) {
        const before = dot < 0 ? parent : lower.slice(lower.lastIndexOf('.', dot - 1) + 1, dot);
        if (before !== '' && wanted.has(`${before}.${last}`)) found.add(`${before}.${last}`);
      }
      visit(value[key], last);
    }
  };
  visit(event, '');
  return found;
}

/** Keys lower-cased, remembered: events of one kind repeat their keys. */
const MAX_LOWER_KEYS = 10_000;
const lowerKeys = new Map<string, string>();

function lowerKey(key: string): string {
  let lower = lowerKeys.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (key.length <= 100) {
      if (lowerKeys.size >= MAX_LOWER_KEYS) lowerKeys.clear();
      lowerKeys.set(key, lower);
    }
  }
  return lower;
}

function similarPaths(paths: Map<string, unknown[]>, wanted: string): string[] {
  const wantedSegments = wanted.split('.');
  const wantedLast = lastSegment(wanted);
  const wantedTail = similarityTail(wanted);
  const tail = wantedTail.split('.').length;
  const candidates: Array<{ path: string; score: number[] }> = [];
  for (const path of paths.keys()) {
    if (path === wanted) continue;
    const last = lastSegment(path);
    const segments = path.split('.');
    if (segments.length < tail || segments.slice(-tail).join('.').toLowerCase() !== wantedTail) continue;
    candidates.push({
      path,
      score: [
        path.toLowerCase() === wanted.toLowerCase() ? 0 : 1,
        last === wantedLast ? 0 : 1,
        -commonPrefixSegments(segments, wantedSegments),
        Math.abs(segments.length - wantedSegments.length),
        segments.length,
      ],
    });
  }
  candidates.sort((x, y) => {
    for (let i = 0; i < x.score.length; i++) if (x.score[i] !== y.score[i]) return x.score[i]! - y.score[i]!;
    return x.path < y.path ? -1 : x.path > y.path ? 1 : 0;
  });
  return candidates.map((c) => c.path);
}
