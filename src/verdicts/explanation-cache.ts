/**
 * Full explanations (hints, fixes), built only for what a report or stream
 * shows and remembered per (rule, topic, failing leaves and the event's
 * values there): most misses repeat a handful of shapes. Misses whose values
 * are long, and misses beyond the bound, are explained afresh.
 */
import { adviseFailure } from '../explain/hints.js';
import { explainCompiled, type CompiledPattern, type PatternFailure, type Scalar } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
import { rawValuesAt } from '../pattern/flatten.js';
import { boundFailures } from './bound.js';
import type { MissShape } from './failure-classes.js';

const MAX_ENTRIES = 20_000;
const MAX_KEY_CHARS = 2_000;

export class ExplanationCache {
  private readonly entries = new Map<string, PatternFailure[]>();
  hits = 0;
  misses = 0;

  /** The (bounded) failures of rule `r` on the loaded event, whose miss has `shape`. */
  failures(r: number, compiled: CompiledPattern, event: object, detailType: string, shape: MissShape, values: EventValues): PatternFailure[] {
    const key = keyOf(r, detailType, shape, values, event);
    if (key !== undefined) {
      const known = this.entries.get(key);
      if (known !== undefined) {
        this.hits++;
        return known;
      }
    }
    this.misses++;
    const failures = boundFailures(shape.complex ? explainCompiled(compiled, event).failures : leafFailures(shape, event, values));
    if (key !== undefined) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, failures);
    }
    return failures;
  }
}

function keyOf(r: number, detailType: string, shape: MissShape, values: EventValues, event: object): string | undefined {
  let key = `${r}\u0001${detailType}\u0001${shape.classes.join(',')}`;
  for (const leaf of shape.failingLeaves) {
    key += `\u0001${leaf.pathId}=`;
    const first = values.first[leaf.pathId];
    // A missing field's hint names what its parent holds instead.
    if (first === undefined) {
      const parent = parentKeys(event, leaf.segments);
      if (parent === undefined) return undefined; // an object where a value is wanted: the failure quotes it
      key += `\u0003${parent}`;
    } else {
      key += scalarKey(first);
      const more = values.more === null ? undefined : values.more[leaf.pathId];
      if (more !== undefined) for (const v of more) key += `\u0002${scalarKey(v)}`;
    }
    if (key.length > MAX_KEY_CHARS) return undefined;
  }
  return key;
}

function scalarKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `${typeof v}${String(v)}`;
}

/**
 * explainCompiled's failures for a miss of top-level leaves only, built from
 * the values already gathered (no second walk of the event): the same bare
 * failure per leaf (code, expected, actual), advised by the same hints.
 */
function leafFailures(shape: MissShape, event: object, values: EventValues): PatternFailure[] {
  return shape.leaves.map(({ leaf, code }) => {
    let bare: Omit<PatternFailure, 'hint' | 'fix'>;
    if (code === 'missing-field') bare = { path: leaf.path, code, expected: leaf.expected };
    else if (code === 'object-value') {
      const objects = rawValuesAt(event, leaf.segments).filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
      bare = { path: leaf.path, code, expected: leaf.expected, actual: objects };
    } else {
      const first = values.first[leaf.pathId] as Scalar;
      const more = values.more === null ? undefined : values.more[leaf.pathId];
      bare = { path: leaf.path, code, expected: leaf.expected, actual: more === undefined ? [first] : [first, ...more] };
    }
    const advice = adviseFailure(bare, { event });
    const failure: PatternFailure = { ...bare, hint: advice.hint };
    if (advice.fix) failure.fix = advice.fix;
    return failure;
  });
}

/** The keys of the deepest object on the way to `segments` (where a missing field would be). */
function parentKeys(event: object, segments: readonly string[]): string | undefined {
  let node: unknown = event;
  let depth = 0;
  for (const segment of segments) {
    const next = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') break;
    node = next;
    depth++;
  }
  if (depth === segments.length) return undefined;
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? `${depth}:${Object.keys(node).join('\u0002')}` : `${depth}:`;
}
