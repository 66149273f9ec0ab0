/**
 * Which rules an event is "about": a rule's failures are only interesting on
 * events that pass its top-level `source` and `detail-type` conditions (all
 * events, when it has none); the others are "other topics". Decided once per
 * distinct (source, detail-type) and remembered.
 */
import type { CompiledPattern, Condition, Scalar } from '../pattern/index.js';
import type { TopicMissClasses } from './miss-classes.js';

export const TOPIC_PATHS = ['source', 'detail-type'] as const;
const MAX_REMEMBERED_TOPICS = 10_000;

interface TopicLeaf {
  conditions: Condition[];
  absentMatches: boolean;
}

/** One distinct (source, detail-type): the rules it is about, and how many events had it. */
export interface TopicEntry {
  rules: Int32Array;
  events: number;
  /** A remembered topic (plain-string source and detail-type): its events' rules pass their topic conditions. */
  remembered: boolean;
  /** The main job's miss classes of this topic's events (made on first use). */
  misses?: TopicMissClasses;
}

export class TopicGate {
  /** Per rule: its conditions on source and on detail-type (undefined: none). */
  private readonly gates: Array<[TopicLeaf | undefined, TopicLeaf | undefined]>;
  /** By source, then detail-type. */
  private readonly known = new Map<string, Map<string, TopicEntry>>();
  private knownCount = 0;
  /** Per rule, events about it whose topic was not remembered (the limit was reached, or not strings). */
  private readonly unremembered: Float64Array;

  constructor(compiled: ReadonlyArray<CompiledPattern | undefined>) {
    this.gates = compiled.map((c) => {
      const at = (path: string): TopicLeaf | undefined => {
        if (c === undefined) return undefined;
        let found: TopicLeaf | undefined;
        for (const e of c.parsed.entries) if (e.kind === 'leaf' && e.leaf.path === path) found = { conditions: e.leaf.conditions, absentMatches: e.leaf.absentMatches };
        return found;
      };
      return [at(TOPIC_PATHS[0]), at(TOPIC_PATHS[1])];
    });
    this.unremembered = new Float64Array(compiled.length);
  }

  /** Whether rule `r` has topic conditions at all (else every event is about it). */
  hasTopic(r: number): boolean {
    const [s, d] = this.gates[r]!;
    return s !== undefined || d !== undefined;
  }

  /** The rules this event is about; counts the event under its topic. */
  entryFor(event: Record<string, unknown>): TopicEntry {
    const source = event.source;
    const detailType = event['detail-type'];
    if (typeof source === 'string' && typeof detailType === 'string') {
      let byType = this.known.get(source);
      let entry = byType?.get(detailType);
      if (entry === undefined) {
        entry = { rules: this.rulesAbout(source, detailType), events: 0, remembered: true };
        if (this.knownCount >= MAX_REMEMBERED_TOPICS) return this.once(entry.rules);
        if (byType === undefined) this.known.set(source, (byType = new Map()));
        byType.set(detailType, entry);
        this.knownCount++;
      }
      entry.events++;
      return entry;
    }
    // Not plain strings (arrays, numbers...): decided on the spot.
    return this.once(this.rulesAbout(source, detailType));
  }

  private once(rules: Int32Array): TopicEntry {
    for (const r of rules) this.unremembered[r]!++;
    return { rules, events: 1, remembered: false };
  }

  /** Per rule, how many events were about it. */
  relevantCounts(): Float64Array {
    const counts = Float64Array.from(this.unremembered);
    for (const byType of this.known.values()) for (const entry of byType.values()) for (const r of entry.rules) counts[r]! += entry.events;
    return counts;
  }

  private rulesAbout(source: unknown, detailType: unknown): Int32Array {
    const out: number[] = [];
    this.gates.forEach(([s, d], r) => {
      if (passes(s, source) && passes(d, detailType)) out.push(r);
    });
    return Int32Array.from(out);
  }
}

function passes(leaf: TopicLeaf | undefined, value: unknown): boolean {
  if (leaf === undefined) return true;
  const values: unknown[] = Array.isArray(value) ? value.flat(Infinity) : value === undefined ? [] : [value];
  const scalars = values.filter((v): v is Scalar => v === null || typeof v !== 'object');
  if (scalars.length === 0) return leaf.absentMatches;
  return scalars.some((v) => leaf.conditions.some((c) => c.test(v)));
}
