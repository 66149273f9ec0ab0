/**
 * A read-only string → value table for looking up event strings. A Map would
 * hash the whole of every fresh string that JSON.parse produced; this table
 * hashes only the length and four characters and confirms with `===`.
 * Built once; if the keys collide too much it falls back to a Map.
 */
const MAX_PROBES = 8;

export class StringTable<T> {
  private readonly keys: Array<string | undefined>;
  private readonly values: Array<T | undefined>;
  private readonly mask: number;
  private readonly map: ReadonlyMap<string, T> | null;

  constructor(readonly entries: ReadonlyMap<string, T>) {
    let size = 8;
    while (size < entries.size * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.values = new Array<T | undefined>(size).fill(undefined);
    let fits = true;
    for (const [key, value] of entries) {
      let slot = cheapHash(key) & this.mask;
      let probes = 0;
      while (this.keys[slot] !== undefined) {
        slot = (slot + 1) & this.mask;
        if (++probes >= MAX_PROBES) fits = false;
      }
      this.keys[slot] = key;
      this.values[slot] = value;
    }
    this.map = fits ? null : entries;
  }

  get(key: string): T | undefined {
    if (this.map !== null) return this.map.get(key);
    const keys = this.keys;
    let slot = cheapHash(key) & this.mask;
    for (;;) {
      const k = keys[slot];
      if (k === key) return this.values[slot];
      if (k === undefined) return undefined;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** Length and four characters: enough to spread pattern values, cheap for long event strings. */
export function cheapHash(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  return (Math.imul(n, 0x9e3779b1) ^ Math.imul(s.charCodeAt(0), 31) ^ Math.imul(s.charCodeAt(n - 1), 131) ^
    Math.imul(s.charCodeAt(n >> 1), 1031) ^ Math.imul(s.charCodeAt((n * 3) >> 2), 8191)) >>> 0;
}
