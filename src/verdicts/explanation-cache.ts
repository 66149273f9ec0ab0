/**
 * Full explanations (hints, fixes), built only for what a report or stream
 * shows and remembered per (rule, topic, failing leaves and the event's
 * values there): most misses repeat a handful of shapes. Misses whose values
 * are long, and misses beyond the bound, are explained afresh.
 */
import { explainCompiled, type CompiledPattern, type PatternFailure } from '../pattern/index.js';
import type { EventValues } from '../pattern/event-values.js';
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
    const key = keyOf(r, detailType, shape, values);
    if (key !== undefined) {
      const known = this.entries.get(key);
      if (known !== undefined) {
        this.hits++;
        return known;
      }
    }
    this.misses++;
    const failures = boundFailures(explainCompiled(compiled, event).failures);
    if (key !== undefined) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, failures);
    }
    return failures;
  }
}

function keyOf(r: number, detailType: string, shape: MissShape, values: EventValues): string | undefined {
  let key = `${r}\u0001${detailType}\u0001${shape.classes.join(',')}`;
  for (const pathId of shape.failingPaths) {
    key += `\u0001${pathId}=`;
    const first = values.first[pathId];
    if (first === undefined) continue;
    key += scalarKey(first);
    const more = values.more === null ? undefined : values.more[pathId];
    if (more !== undefined) for (const v of more) key += `\u0002${scalarKey(v)}`;
    if (key.length > MAX_KEY_CHARS) return undefined;
  }
  return key;
}

function scalarKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : `${typeof v}${String(v)}`;
}
