/**
 * Remembers, per path and recently seen string value, the results of that
 * path's conditions (0 = not yet known, 1 = false, 2 = true). Condition
 * tests are pure functions of the value, so a value that repeats (a
 * detail-type, a media type, a queue id) is tested once. Values are found in
 * a small open-addressed table by a hash of a few characters and compared
 * with `===`, which is cheaper than a Map (that would hash the whole of every
 * fresh event string). A path whose values rarely repeat (ids, timestamps,
 * topic names holding ids) has its cache switched off.
 */
const SLOTS = 64;
const MASK = SLOTS - 1;
const PROBES = 4;
const WINDOW = 512;
const EMPTY = new Uint8Array(0);

export class ValueResultCache {
  private readonly keys: Array<Array<string | undefined> | null>;
  private readonly entries: Uint8Array[][];
  private readonly hits: Int32Array;
  private readonly lookups: Int32Array;

  constructor(private readonly slotsPerPath: Int32Array) {
    const n = slotsPerPath.length;
    this.keys = Array.from(slotsPerPath, (k) => (k > 0 ? new Array<string | undefined>(SLOTS).fill(undefined) : null));
    this.entries = Array.from({ length: n }, () => new Array<Uint8Array>(SLOTS).fill(EMPTY));
    this.hits = new Int32Array(n);
    this.lookups = new Int32Array(n);
  }

  /** The condition results for this value (filled in by the caller as it tests), or undefined when not cached. */
  entry(pathId: number, value: string): Uint8Array | undefined {
    const keys = this.keys[pathId]!;
    if (keys === null) return undefined;
    if (++this.lookups[pathId]! === WINDOW) {
      if (this.hits[pathId]! < WINDOW / 2) {
        this.keys[pathId] = null;
        return undefined;
      }
      this.lookups[pathId] = 0;
      this.hits[pathId] = 0;
    }
    const home = slotOf(value);
    let slot = home;
    for (let i = 0; i < PROBES; i++) {
      const key = keys[slot];
      if (key === value) {
        this.hits[pathId]++;
        return this.entries[pathId]![slot];
      }
      if (key === undefined) break;
      slot = (slot + 1) & MASK;
      if (i === PROBES - 1) slot = home;
    }
    const entry = new Uint8Array(this.slotsPerPath[pathId]!);
    keys[slot] = value;
    this.entries[pathId]![slot] = entry;
    return entry;
  }
}

function slotOf(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  return (n * 31 + value.charCodeAt(0) * 7 + value.charCodeAt(n - 1) * 13 + value.charCodeAt(n >> 1) * 3 + value.charCodeAt((n * 3) >> 2)) & MASK;
}
