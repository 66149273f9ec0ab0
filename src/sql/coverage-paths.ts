/**
 * The field paths coverage SQL measures, as segment lists (a key, or null for
 * "an element of an array"), so keys with dots stay keys. They come from a
 * sample pass over parsed events. A path that no event of a topic holds is
 * harmless: SQL finds it in no event there and leaves it out.
 */
import { NO_DETAIL_TYPE } from '../coverage/stats.js';

/** A key, or null for an array's elements (`[]` in coverage paths). */
export type Segment = string | null;
export type FieldPath = readonly Segment[];

/** The coverage path text, as the local engine writes it: `detail.items[].id`. */
export function pathText(path: FieldPath): string {
  let text = '';
  for (const s of path) text = s === null ? `${text}[]` : text === '' ? s : `${text}.${s}`;
  return text;
}

/** Bound on the paths of all topics measured together (each topic keeps at most maxPathsPerTopic). */
export const MAX_MEASURED_PATHS = 20_000;

/** A set of field paths, each once, with a bound on how many are kept. */
export class PathSet {
  private readonly byKey = new Map<string, FieldPath>();
  /** Paths not kept because the bound was reached. */
  dropped = 0;
  constructor(readonly limit = Infinity) {}

  add(path: FieldPath): void {
    if (path.length === 0) return;
    const key = JSON.stringify(path);
    if (this.byKey.has(key)) return;
    if (this.byKey.size >= this.limit) {
      this.dropped++;
      return;
    }
    this.byKey.set(key, path);
  }

  has(path: FieldPath): boolean {
    return this.byKey.has(JSON.stringify(path));
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Sorted by path text (the order of the local engine's fields). */
  paths(): FieldPath[] {
    return [...this.byKey.values()].sort((a, b) => compareText(pathText(a), pathText(b)) || compareText(JSON.stringify(a), JSON.stringify(b)));
  }
}

/** Code-unit order, as the local engine sorts topics and paths. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The detail-type coverage groups an event by. */
export function coverageDetailType(event: Record<string, unknown>): string {
  const dt = event['detail-type'];
  return typeof dt === 'string' ? dt : NO_DETAIL_TYPE;
}

/** Adds every field path of a parsed event (a JSON object) to `into`. */
export function addEventPaths(event: Record<string, unknown>, into: PathSet): void {
  const walk = (value: unknown, path: Segment[]): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (value.length === 0) return;
      const element = [...path, null];
      into.add(element);
      for (const item of value) walk(item, element);
      return;
    }
    for (const key of Object.keys(value)) {
      const child = [...path, key];
      into.add(child);
      walk((value as Record<string, unknown>)[key], child);
    }
  };
  walk(event, []);
}
