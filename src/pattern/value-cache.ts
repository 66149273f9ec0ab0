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
import { cheapHash } from './string-table.js';

const SLOTS = 64;
const MASK = SLOTS - 1;
const PROBES = 4;
const WINDOW = 512;

export class ValueResultCache {
  private readonly keys: Array<Array<string | undefined> | null>;
  /** Per path: SLOTS result rows of that path's condition count, allocated once. */
  private readonly rows: Uint8Array[];
  private readonly hits: Int32Array;
  private readonly lookups: Int32Array;

  constructor(private readonly slotsPerPath: Int32Array) {
    const n = slotsPerPath.length;
    this.keys = Array.from(slotsPerPath, (k) => (k > 0 ? new Array<string | undefined>(SLOTS).fill(undefined) : null));
    this.rows = Array.from(slotsPerPath, (k) => new Uint8Array(SLOTS * k));
    this.hits = new Int32Array(n);
    this.lookups = new Int32Array(n);
  }

  /** The results row holding this value's condition results (filled in by the caller as it tests), or undefined when not cached. */
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
        return this.row(pathId, slot);
      }
      if (key === undefined) break;
      slot = (slot + 1) & MASK;
      if (i === PROBES - 1) slot = home;
    }
    keys[slot] = value;
    const row = this.row(pathId, slot);
    row.fill(0);
    return row;
  }

  private row(pathId: number, slot: number): Uint8Array {
    const width = this.slotsPerPath[pathId]!;
    return this.rows[pathId]!.subarray(slot * width, slot * width + width);
  }
}

function slotOf(value: string): number {
  return cheapHash(value) & MASK;
}
