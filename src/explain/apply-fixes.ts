import type { FailureFix, PatternFailure } from '../pattern/explain-types.js';
import { copyOwn, getOwn, isNode, isSafeKey, setOwn, type Node } from './own-properties.js';

export interface AppliedFixes {
  /** A copy of the pattern with the fixes in place; the input is not changed. */
  pattern: unknown;
  applied: FailureFix[];
  /** Fixes that could not be placed in the pattern (a leaf in the way, an unsafe key, no fixable `$or` branch). */
  skipped: FailureFix[];
}

/**
 * Puts each failure's proposed fix into a copy of the pattern: the conditions
 * at the failing path go (`fix.replaces`), `fix.expected` comes at `fix.path`.
 * Path segments follow the pattern's own spelling: nested objects or dotted
 * keys (`"detail.eventBody": {...}`); missing levels are created, emptied
 * levels removed. For an `$or` none of whose branches matches, the fixes of its
 * nearest branch whose every failure has one go into that branch.
 *
 * Safe by construction: the copy is made of fresh objects from own
 * properties only, and no path steps through `__proto__`, `constructor` or
 * `prototype`.
 */
export function applyFixes(pattern: unknown, failures: readonly PatternFailure[]): AppliedFixes {
  const copy = copyOwn(pattern);
  const applied: FailureFix[] = [];
  const skipped: FailureFix[] = [];
  if (!isNode(copy)) {
    skipped.push(...allFixes(failures));
    return { pattern: copy, applied, skipped };
  }
  applyAt(copy, '', failures, applied, skipped);
  return { pattern: copy, applied, skipped };
}

/** Every fix a list of failures proposes, those of `$or` branches included. */
export function allFixes(failures: readonly PatternFailure[]): FailureFix[] {
  const out: FailureFix[] = [];
  for (const f of failures) {
    if (f.code === 'no-branch-matched') for (const b of f.branches ?? []) out.push(...allFixes(b.failures));
    else if (f.fix) out.push(f.fix);
  }
  return out;
}

/** Every failure of the list (recursively) has a fix: the list can be fixed as a whole. */
export function everyFailureFixable(failures: readonly PatternFailure[]): boolean {
  return failures.length > 0 && failures.every((f) =>
    f.code === 'no-branch-matched' ? (f.branches ?? []).some((b) => everyFailureFixable(b.failures)) : f.fix !== undefined,
  );
}

/** `scope` is the object at `base` (the pattern, or one `$or` branch); paths are full, dot-joined. */
function applyAt(scope: Node, base: string, failures: readonly PatternFailure[], applied: FailureFix[], skipped: FailureFix[]): void {
  const leafFixes = failures.filter((f) => f.code !== 'no-branch-matched' && f.fix).map((f) => ({ fix: f.fix!, failing: f.path }));
  // Removals first, so that a fix writing where another one's wrong path was is not undone.
  for (const { fix, failing } of leafFixes) {
    const from = fix.replaces ?? (fix.path !== failing ? failing : undefined);
    if (from === undefined || from === fix.path) continue;
    const segments = relative(base, from);
    if (segments && segments.every(isSafeKey)) removeLeaf(scope, segments);
  }
  for (const { fix } of leafFixes) {
    const segments = relative(base, fix.path);
    const placeable = segments !== undefined && segments.length > 0 && segments.every(isSafeKey) && !segments.some((s) => s.startsWith('$'));
    if (placeable && place(scope, segments, copyOwn(fix.expected) as unknown[])) applied.push(fix);
    else skipped.push(fix);
  }
  for (const failure of failures) {
    if (failure.code !== 'no-branch-matched') continue;
    const branch = (failure.branches ?? []).find((b) => everyFailureFixable(b.failures));
    const orSegments = relative(base, failure.path);
    const holder = orSegments ? nodeAt(scope, orSegments) : undefined;
    const list = holder ? getOwn(holder, '$or') : undefined;
    const target = branch && Array.isArray(list) ? list[branch.index] : undefined;
    if (!branch || !isNode(target)) {
      skipped.push(...allFixes([failure]));
      continue;
    }
    applyAt(target, failure.path, branch.failures, applied, skipped);
  }
}

/** The segments of `path` below `base` ('' = the root); undefined when `path` is not under `base`. */
function relative(base: string, path: string): string[] | undefined {
  if (path === base) return [];
  if (base === '') return path.split('.');
  return path.startsWith(`${base}.`) ? path.slice(base.length + 1).split('.') : undefined;
}

/** The longest run of leading segments that is an own key of `node` (dotted keys); 0 when none is. */
function ownRun(node: Node, segments: readonly string[]): number {
  for (let n = segments.length; n >= 1; n--) if (Object.hasOwn(node, segments.slice(0, n).join('.'))) return n;
  return 0;
}

function nodeAt(node: Node, segments: readonly string[]): Node | undefined {
  if (segments.length === 0) return node;
  const n = ownRun(node, segments);
  if (n === 0) return undefined;
  const child = getOwn(node, segments.slice(0, n).join('.'));
  return isNode(child) ? nodeAt(child, segments.slice(n)) : undefined;
}

/** Removes the leaf at `segments`, then every object it leaves empty (a pattern has no empty objects). */
function removeLeaf(node: Node, segments: readonly string[]): boolean {
  const n = ownRun(node, segments);
  if (n === 0) return false;
  const key = segments.slice(0, n).join('.');
  const child = getOwn(node, key);
  if (n === segments.length) {
    if (!Array.isArray(child)) return false;
    delete node[key];
    return true;
  }
  if (!isNode(child) || !removeLeaf(child, segments.slice(n))) return false;
  if (Object.keys(child).length === 0) delete node[key];
  return true;
}

function place(node: Node, segments: readonly string[], value: unknown[]): boolean {
  const n = ownRun(node, segments);
  if (n > 0) {
    const key = segments.slice(0, n).join('.');
    const child = getOwn(node, key);
    if (n === segments.length) {
      if (isNode(child)) return false; // an object of fields is in the way
      setOwn(node, key, value);
      return true;
    }
    return isNode(child) ? place(child, segments.slice(n), value) : false;
  }
  const [first, ...rest] = segments;
  if (first === undefined) return false;
  if (rest.length === 0) {
    setOwn(node, first, value);
    return true;
  }
  const child: Node = {};
  setOwn(node, first, child);
  return place(child, rest, value);
}
