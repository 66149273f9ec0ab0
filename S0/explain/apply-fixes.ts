import type { FailureFix, PatternFailure } from '../pattern/explain-types.js';

export interface AppliedFixes {
  /** A copy of the pattern with the fixes in place; the input is not changed. */
  pattern: unknown;
  applied: FailureFix[];
  /** Fixes whose path could not be placed in the pattern (e.g. inside an `$or` branch). */
  skipped: FailureFix[];
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Puts each failure's proposed fix (`fix.path` ← `fix.expected`) into a copy of
 * the pattern. Path segments follow the pattern's own spelling: nested objects
 * or dotted keys (`"detail.eventBody": {...}`); missing levels are created.
 */
export function applyFixes(pattern: unknown, failures: readonly PatternFailure[]): AppliedFixes {
  const copy = structuredClone(pattern);
  const applied: FailureFix[] = [];
  const skipped: FailureFix[] = [];
  for (const { fix } of failures) {
    if (!fix) continue;
    const segments = fix.path.split('.');
    // A fix inside an `$or` cannot say which branch it belongs to.
    if (isNode(copy) && fix.path !== '' && !segments.some((s) => s.startsWith('$')) && place(copy, segments, fix.expected)) applied.push(fix);
    else skipped.push(fix);
  }
  return { pattern: copy, applied, skipped };
}

function place(node: Node, segments: string[], value: unknown[]): boolean {
  // The longest run of segments that is an existing key (dotted keys), else create the first segment.
  for (let n = segments.length; n >= 1; n--) {
    const key = segments.slice(0, n).join('.');
    if (!(key in node)) continue;
    if (n === segments.length) {
      node[key] = value;
      return true;
    }
    const child = node[key];
    if (isNode(child)) return place(child, segments.slice(n), value);
    return false;
  }
  const [first, ...rest] = segments;
  if (first === undefined) return false;
  if (rest.length === 0) {
    node[first] = value;
    return true;
  }
  const child: Node = {};
  node[first] = child;
  return place(child, rest, value);
}
