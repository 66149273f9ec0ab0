import { isPlainObject } from './conditions.js';

/** A leaf of a pattern as written: its dot-joined path and its condition list. */
export interface PatternLeaf {
  path: string;
  conditions: unknown[];
}

/**
 * The leaves of a (valid) pattern, `$or` branches included, in the pattern's
 * order. Dotted keys and nested objects give the same path. Not a matcher:
 * only used to show what a pattern asks for.
 */
export function patternLeaves(pattern: unknown, prefix = ''): PatternLeaf[] {
  if (!isPlainObject(pattern)) return [];
  const leaves: PatternLeaf[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      for (const branch of value) leaves.push(...patternLeaves(branch, prefix));
      continue;
    }
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) leaves.push({ path, conditions: value });
    else leaves.push(...patternLeaves(value, path));
  }
  return leaves;
}
