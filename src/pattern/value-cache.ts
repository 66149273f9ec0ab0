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

  /** Per path: result rows; a value's row starts at the offset `entry` returns. */
  results(pathId: number): Uint8Array {
    return this.rows[pathId]!;
  }

  /**
   * Offset in `results(pathId)` of the row for this value (all 0 when new;
   * the caller fills it in as it tests), or -1 when the path is not cached.
   */
  entry(pathId: number, value: string): number {
    const keys = this.keys[pathId]!;
    if (keys === null) return -1;
    if (++this.lookups[pathId]! === WINDOW) {
      if (this.hits[pathId]! < WINDOW / 2) {
        this.keys[pathId] = null;
        return -1;
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
        return slot * this.slotsPerPath[pathId]!;
      }
      if (key === undefined) break;
      slot = (slot + 1) & MASK;
      if (i === PROBES - 1) slot = home;
    }
    keys[slot] = value;
    const width = this.slotsPerPath[pathId]!;
    const offset = slot * width;
    this.rows[pathId]!.fill(0, offset, offset + width);
    return offset;
  }
}

function slotOf(value: string): number {
  return cheapHash(value) & MASK;
}
