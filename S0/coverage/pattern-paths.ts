import { patternLeaves } from '../explain/pattern-leaves.js';

/**
 * The field paths an EventBridge pattern tests (dotted keys split, `$or`
 * alternatives followed), each once, in first-seen order.
 */
export function patternLeafPaths(pattern: unknown): string[] {
  return [...new Set(patternLeaves(pattern).map((leaf) => leaf.path))];
}

/** A coverage path as EventBridge addresses it: arrays are flattened, so `a[].b` is `a.b`. */
export function patternAddress(coveragePath: string): string {
  return coveragePath.replace(/\[\]/g, '');
}
