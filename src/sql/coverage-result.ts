/** The rows of the coverage queries (src/sql/coverage.ts) → the local engine's CoverageResult, so reports, charts and exports are the same. */
import { enumValueList, ENUM_VALUE_LENGTH, ENUM_VALUE_LIMIT } from '../coverage/stats.js';
import { redactValue } from '../coverage/redact.js';
import { VALUE_TYPES, type CoverageResult, type FieldCoverage, type TopicCoverage, type ValueType } from '../coverage/types.js';
import { MASK, PRESENT_BITS } from './coverage.js';
import { compareText, pathText, type FieldPath } from './coverage-paths.js';

export interface CoverageRows {
  /** The masks query's rows, with the index of each chunk's first path. */
  masks: Array<{ offset: number; rows: Array<Record<string, unknown>> }>;
  values: Array<{ offset: number; rows: Array<Record<string, unknown>> }>;
  /** Per detail-type and path: estimated distinct values and the first values, for paths whose values were not counted one by one. */
  cardinality: Array<{ offset: number; rows: Array<Record<string, unknown>> }>;
}

export interface CoverageResultOptions {
  examples?: number;
  redact?: boolean;
  maxPathsPerTopic?: number;
  exactLimit?: number;
  hllPrecision?: number;
  skipped?: number;
  /** Values counted one by one up to about this many per field (see MeasureOptions). */
  exactBound?: number;
}

interface Counts {
  seen: number;
  present: number;
  empty: number;
  types: number[];
}

interface Values {
  distinct: number;
  ranked: Array<{ rank: number; value: string | number | boolean; count: number; kind: string }>;
}

const TYPE_MASKS = VALUE_TYPES.map((t) => MASK[t]);

function decode(key: string): { pid: number; kind: string; value: string | number | boolean } {
  const colon = key.indexOf(':');
  const kind = key.charAt(colon + 1);
  const text = key.slice(colon + 3);
  return { pid: Number(key.slice(0, colon)), kind, value: kind === 'n' ? Number(text) : kind === 'b' ? text === 'true' : text };
}

export function coverageFromRows(paths: readonly FieldPath[], rows: CoverageRows, options: CoverageResultOptions = {}): CoverageResult {
  const exampleCount = options.examples ?? 3;
  const redact = options.redact === true;
  const maxPaths = options.maxPathsPerTopic ?? 2000;
  const events = new Map<string, number>();
  const counts = new Map<string, Map<number, Counts>>();
  const values = new Map<string, Map<number, Values>>();
  for (const chunk of rows.masks) {
    for (const row of chunk.rows) {
      const dt = String(row.dt);
      events.set(dt, Number(row.events));
      let byPath = counts.get(dt);
      if (!byPath) counts.set(dt, (byPath = new Map()));
      for (const [column, text] of Object.entries(row)) {
        if (!/^h\d+$/.test(column) || text === null || text === undefined) continue;
        const c: Counts = { seen: 0, present: 0, empty: 0, types: VALUE_TYPES.map(() => 0) };
        for (const [mask, n] of Object.entries(JSON.parse(String(text)) as Record<string, number>)) {
          const m = Number(mask);
          const k = Number(n);
          c.seen += k;
          if (m & PRESENT_BITS) c.present += k;
          if (m & MASK.empty) c.empty += k;
          TYPE_MASKS.forEach((bit, i) => {
            if (m & bit) c.types[i]! += k;
          });
        }
        if (c.seen > 0) byPath.set(chunk.offset + Number(column.slice(1)), c);
      }
    }
  }
  for (const chunk of rows.values) {
    for (const row of chunk.rows) {
      const dt = String(row.dt);
      const { pid, kind, value } = decode(String(row.k));
      let byPath = values.get(dt);
      if (!byPath) values.set(dt, (byPath = new Map()));
      const id = chunk.offset + pid;
      let v = byPath.get(id);
      if (!v) byPath.set(id, (v = { distinct: Number(row.distinct_n), ranked: [] }));
      v.ranked.push({ rank: Number(row.rn), value, count: Number(row.n), kind });
    }
  }

  const estimated = new Map<string, Map<number, { approx: number; firsts: string[] }>>();
  for (const chunk of rows.cardinality) {
    for (const row of chunk.rows) {
      const dt = String(row.dt);
      let byPath = estimated.get(dt);
      if (!byPath) estimated.set(dt, (byPath = new Map()));
      byPath.set(chunk.offset + Number(row.pid), { approx: Number(row.approx), firsts: row.firsts ? (JSON.parse(String(row.firsts)) as string[]) : [] });
    }
  }

  const topics: TopicCoverage[] = [];
  for (const dt of [...events.keys()].sort(compareText)) {
    const total = events.get(dt)!;
    const fields: FieldCoverage[] = [];
    const byPath = counts.get(dt) ?? new Map<number, Counts>();
    const vals = values.get(dt) ?? new Map<number, Values>();
    const ids = [...byPath.keys()].sort((a, b) => a - b);
    for (const id of ids.slice(0, maxPaths)) {
      const c = byPath.get(id)!;
      const path = pathText(paths[id]!);
      const v = vals.get(id);
      const ranked = (v?.ranked ?? []).sort((a, b) => a.rank - b.rank);
      const types: Partial<Record<ValueType, number>> = {};
      VALUE_TYPES.forEach((t, i) => {
        if (c.types[i]! > 0) types[t] = c.types[i]!;
      });
      const field: FieldCoverage = {
        path,
        present: c.present,
        null: c.seen - c.present,
        absent: total - c.seen,
        presence: total === 0 ? 0 : c.present / total,
        empty: c.empty,
        types,
        distinct: { count: v?.distinct ?? 0, exact: true },
        examples: ranked.slice(0, exampleCount).map((r) => (redact ? redactValue(path, r.value) : r.value)),
      };
      const estimate = v === undefined ? estimated.get(dt)?.get(id) : undefined;
      if (estimate) {
        field.distinct = { count: estimate.approx, exact: false };
        field.examples = [...new Set(estimate.firsts)].slice(0, exampleCount).map((k) => decode(k).value).map((value) => (redact ? redactValue(path, value) : value));
      }
      const enumLike = v !== undefined && !types.number && v.distinct <= ENUM_VALUE_LIMIT && ranked.length === v.distinct && ranked.every((r) => r.kind === 'b' || String(r.value).length <= ENUM_VALUE_LENGTH);
      if (enumLike) field.values = enumValueList(path, ranked.map((r) => [r.value as string | boolean, r.count]), redact);
      fields.push(field);
    }
    topics.push({ detailType: dt, events: total, fields, droppedPaths: Math.max(0, ids.length - maxPaths) });
  }
  return {
    events: [...events.values()].reduce((a, b) => a + b, 0),
    skipped: options.skipped ?? 0,
    topics,
    options: { exactLimit: options.exactLimit ?? 1000, hllPrecision: options.hllPrecision ?? 12, examples: exampleCount, redacted: redact, maxPathsPerTopic: maxPaths },
    distinctMethod: `exact where a field has at most about ${options.exactBound ?? 2000} distinct values per topic, else the SQL engine's HyperLogLog estimate (approx_count_distinct)`,
  };
}
