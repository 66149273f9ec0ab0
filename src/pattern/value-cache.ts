/**
 * Remembers, per path, which leaves recently seen string values satisfy.
 * Condition tests are pure functions of the value, so a value that repeats
 * (a detail-type, a media type, a queue id) is evaluated once. Values are
 * found in a small open-addressed table by a hash of a few characters and
 * compared with `===`: cheaper than a Map, which would hash the whole of
 * every fresh event string. A path whose values rarely repeat (ids,
 * timestamps, topic names holding ids) has its cache switched off.
 */
const SLOTS = 64;
const MASK = SLOTS - 1;
const PROBES = 4;
const WINDOW = 512;
const EMPTY = new Int32Array(0);

export class ValueResultCache {
  private readonly keys: Array<Array<string | undefined> | null>;
  private readonly results: Int32Array[][];
  private readonly hits: Int32Array;
  private readonly lookups: Int32Array;

  constructor(pathCount: number) {
    this.keys = Array.from({ length: pathCount }, () => new Array<string | undefined>(SLOTS).fill(undefined));
    this.results = Array.from({ length: pathCount }, () => new Array<Int32Array>(SLOTS).fill(EMPTY));
    this.hits = new Int32Array(pathCount);
    this.lookups = new Int32Array(pathCount);
  }

  enabled(pathId: number): boolean {
    return this.keys[pathId] !== null;
  }

  /** The cached leaves for this value; undefined on a miss (then `store` what was computed). */
  get(pathId: number, value: string): Int32Array | undefined {
    const keys = this.keys[pathId]!;
    if (++this.lookups[pathId]! === WINDOW) {
      if (this.hits[pathId]! < WINDOW / 2) {
        this.keys[pathId] = null;
        return undefined;
      }
      this.lookups[pathId] = 0;
      this.hits[pathId] = 0;
    }
    let slot = slotOf(value);
    for (let i = 0; i < PROBES; i++) {
      const key = keys[slot];
      if (key === value) {
        this.hits[pathId]++;
        return this.results[pathId]![slot];
      }
      if (key === undefined) return undefined;
      slot = (slot + 1) & MASK;
    }
    return undefined;
  }

  store(pathId: number, value: string, leaves: Int32Array): void {
    const keys = this.keys[pathId];
    if (keys === null || keys === undefined) return;
    const home = slotOf(value);
    let slot = home;
    for (let i = 0; i < PROBES; i++) {
      if (keys[slot] === undefined) break;
      slot = (slot + 1) & MASK;
      if (i === PROBES - 1) slot = home;
    }
    keys[slot] = value;
    this.results[pathId]![slot] = leaves;
  }
}

function slotOf(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  return (n * 31 + value.charCodeAt(0) * 7 + value.charCodeAt(n - 1) * 13 + value.charCodeAt(n >> 1) * 3 + value.charCodeAt((n * 3) >> 2)) & MASK;
}
