import type { PatternFailure } from '../pattern/explain-types.js';
import { applyFixes, everyFailureFixable } from './apply-fixes.js';
import { getOwn, isNode, isSafeKey } from './own-properties.js';

/** The outcome of checking the proposed fixes of one explanation as a whole. */
export interface ProposedFixes {
  /** The failures, with their fixes when the fixes together make a matching pattern, without any fix otherwise. */
  failures: PatternFailure[];
  /** The pattern with every fix applied (only when there are fixes). */
  fixedPattern?: unknown;
  /** Why no fix is proposed (only when there are failures and no fixes). */
  noFix?: string;
}

/**
 * A fix is a pattern that matches: keeps the fixes only when applying all of
 * them yields a pattern that `matchesEvent`, keeps every condition that held
 * and changes nothing but the failing conditions and the fixes' own paths.
 * Otherwise proposes nothing and says why.
 */
export function proposeFixes(pattern: unknown, failures: PatternFailure[], matchesEvent: (pattern: unknown) => boolean): ProposedFixes {
  if (failures.length === 0) return { failures };
  const without = (noFix: string): ProposedFixes => ({ failures: failures.map(withoutFix), noFix });
  if (!everyFailureFixable(failures)) return without('no correction is known for every failing condition: change the pattern by hand (see the hints)');
  const { pattern: fixed, skipped } = applyFixes(pattern, failures);
  if (skipped.length > 0) return without('a proposed fix cannot be placed in the pattern as written: change it by hand (see the hints)');
  let matches = false;
  try {
    matches = matchesEvent(fixed);
  } catch {
    matches = false;
  }
  if (!matches) return without('the proposed corrections together do not make the pattern match this event: change it by hand (see the hints)');
  if (!onlyFailingChanged(pattern, fixed, failures)) return without('a proposed fix would change a condition that holds: change the pattern by hand (see the hints)');
  return { failures, fixedPattern: fixed };
}

function withoutFix(failure: PatternFailure): PatternFailure {
  const { fix: _fix, ...rest } = failure;
  if (!rest.branches) return rest;
  return { ...rest, branches: rest.branches.map((b) => ({ index: b.index, failures: b.failures.map(withoutFix) })) };
}

/**
 * Leaves of a pattern keyed by where they are: `$or` branches get their own
 * scope (`<scope>$or@<path>#<index>/`), so a leaf of one branch is never taken
 * for a leaf of another. Dotted keys and nested objects give the same key.
 */
export function scopedLeaves(pattern: unknown, scope = '', prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (!isNode(pattern)) return out;
  for (const key of Object.keys(pattern)) {
    const value = getOwn(pattern, key);
    if (key === '$or' && Array.isArray(value)) {
      value.forEach((branch, index) => scopedLeaves(branch, `${scope}$or@${prefix}#${index}/`, prefix, out));
      continue;
    }
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) out.set(`${scope}${path}`, JSON.stringify(value));
    else scopedLeaves(value, scope, path, out);
  }
  return out;
}

/** The scoped keys a set of fixes may touch: each failing leaf and each fix's target. */
function touchedKeys(failures: readonly PatternFailure[], scope = '', into = new Set<string>()): Set<string> {
  for (const f of failures) {
    if (f.code === 'no-branch-matched') {
      const branch = (f.branches ?? []).find((b) => everyFailureFixable(b.failures));
      if (branch) touchedKeys(branch.failures, `${scope}$or@${f.path}#${branch.index}/`, into);
      continue;
    }
    into.add(`${scope}${f.path}`);
    if (f.fix) into.add(`${scope}${f.fix.path}`);
    if (f.fix?.replaces) into.add(`${scope}${f.fix.replaces}`);
  }
  return into;
}

function onlyFailingChanged(before: unknown, after: unknown, failures: readonly PatternFailure[]): boolean {
  const touched = touchedKeys(failures);
  const old = scopedLeaves(before);
  const now = scopedLeaves(after);
  for (const [key, conditions] of old) if (!touched.has(key) && now.get(key) !== conditions) return false;
  for (const key of now.keys()) if (!old.has(key) && !touched.has(key)) return false;
  for (const key of touched) if (key.split(/[./]/).some((segment) => !isSafeKey(segment))) return false;
  return true;
}
