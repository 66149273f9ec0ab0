/**
 * Coverage → SQL: for a list of field paths, the aggregate queries that give
 * the local engine's coverage counts per `detail-type`, in either dialect.
 *
 * - `rowsSql`: per input row its `ok` (a JSON object the engine reads as
 *   JSON.parse does), its detail-type `dt` and an ordering key `ord`.
 * - `masksSql`: per detail-type, the events, and per path a histogram of a
 *   per-event bit mask (which JSON types the path held in that event, and
 *   whether it was empty); present, null, absent, types and empty follow.
 * - `valuesSql`: per detail-type and path, the distinct scalar values
 *   (exact count), the first few (examples), and every value with its
 *   occurrences when the field is enum-like (few short strings/booleans).
 *
 * Each path's values per event are built from its parent's: a column per
 * path, one layer of subquery per depth (paths below an array are lists).
 * DuckDB may read them faster with JSONPath wildcards (`fast`).
 */
import { ENUM_VALUE_LIMIT, ENUM_VALUE_LENGTH, NO_DETAIL_TYPE } from '../coverage/stats.js';
import { LENIENT_JSON_REGEX, sqlString, type Dialect } from './dialect.js';
import type { FieldPath } from './coverage-paths.js';

/** Bits of the per-event mask of a path. */
export const MASK = { string: 1, number: 2, boolean: 4, null: 8, object: 16, array: 32, empty: 128 } as const;
export const PRESENT_BITS = MASK.string | MASK.number | MASK.boolean | MASK.object | MASK.array;

export interface CoverageSqlOptions {
  /** Only events of these detail-types. */
  topics?: readonly string[];
  /** Examples per path. */
  examples: number;
  /** DuckDB only: read values with JSONPath wildcards (one extraction per path under an array). */
  fast?: boolean;
}

interface PathNode {
  id: number;
  path: FieldPath;
  parent: PathNode | undefined;
  /** No array element above or at it: one value (or none) per event. */
  scalar: boolean;
}

const value = (n: PathNode) => (n.scalar ? `s${n.id}` : `l${n.id}`);

/**
 * The per-row relation over a source of (line, raw, ...): its columns, `ord` (the order of
 * examples), `ok` and `dt`. DuckDB's reader accepts JSON that JSON.parse does not, so there
 * `ok` also needs no lenient-looking text (the local parser reads those rows).
 */
export function rowsSql(d: Dialect, source: string, ordExpression = 'line'): string {
  const object = d.regexMatches('raw', '^[ \\t\\r\\n]*[{]');
  const lenient = d.name === 'duckdb' ? ` AND NOT ${d.regexMatches('raw', LENIENT_JSON_REGEX)}` : '';
  const ok = `coalesce(${d.jsonValid('raw')} AND ${object}${lenient}, false)`;
  const base = `SELECT s.*, ${ordExpression} AS ord, ${ok} AS ok FROM (${source}) AS s WHERE raw IS NOT NULL AND NOT ${d.regexMatches('raw', '^[ \\t\\r\\n]*$')}`;
  const dtValue = d.child('raw', 'detail-type');
  return `SELECT b.*, CASE WHEN NOT ok THEN ${sqlString(NO_DETAIL_TYPE)} WHEN coalesce(${d.firstChar(dtValue)} = '"', false) THEN ${d.stringOf(dtValue)} ELSE ${sqlString(NO_DETAIL_TYPE)} END AS dt FROM (${base}) AS b`;
}

/** `WHERE` for the rows coverage counts. */
export function countedRows(options: Pick<CoverageSqlOptions, 'topics'>): string {
  const topics = options.topics && options.topics.length > 0 ? ` AND dt IN (${options.topics.map(sqlString).join(', ')})` : '';
  return `ok${topics}`;
}

function jsonPathKey(key: string): string {
  return `."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The per-event values of the given paths (and their ancestors) as columns over `rows`, plus the column names per path. */
export function valueColumns(d: Dialect, rows: string, paths: readonly FieldPath[], fast = false): { sql: string; columns: string[]; scalar: boolean[] } {
  const nodes = new Map<string, PathNode>();
  const nodeOf = (path: FieldPath): PathNode => {
    const key = JSON.stringify(path);
    let node = nodes.get(key);
    if (!node) {
      const parent = path.length > 1 ? nodeOf(path.slice(0, -1)) : undefined;
      node = { id: nodes.size, path, parent, scalar: (parent ? parent.scalar : true) && path[path.length - 1] !== null };
      nodes.set(key, node);
    }
    return node;
  };
  const wanted = paths.map(nodeOf);
  const all = [...nodes.values()];
  const depth = Math.max(0, ...all.map((n) => n.path.length));
  const root = d.name === 'duckdb' ? 'CAST(raw AS JSON)' : 'json_parse(raw)';
  const firstIs = (v: string, ch: string) => `coalesce(${d.firstChar(v)} = '${ch}', false)`;
  const layers: string[][] = [[`CASE WHEN ok THEN ${root} END AS s_root`]];
  const useFast = fast && d.name === 'duckdb';
  if (useFast) {
    // every scalar path in one parse; a path below an array from its nearest scalar ancestor
    const scalars = all.filter((n) => n.scalar);
    if (scalars.length > 0) layers.push([`json_extract(s_root, [${scalars.map((n) => sqlString(`$${n.path.map((k) => jsonPathKey(k as string)).join('')}`)).join(', ')}]) AS m_scalars`]);
    const layer: string[] = scalars.map((n, i) => `m_scalars[${i + 1}] AS ${value(n)}`);
    layers.push(layer);
    const lists: string[] = [];
    for (const n of all.filter((x) => !x.scalar)) {
      let anchor = n;
      while (anchor.parent && !anchor.scalar) anchor = anchor.parent;
      const from = anchor.scalar ? value(anchor) : 's_root';
      const rest = n.path.slice(anchor.scalar ? anchor.path.length : 0);
      lists.push(`CASE WHEN ${from} IS NULL THEN CAST([] AS JSON[]) ELSE json_extract(${from}, ${sqlString(`$${rest.map((k) => (k === null ? '[*]' : jsonPathKey(k))).join('')}`)}) END AS ${value(n)}`);
    }
    if (lists.length > 0) layers.push(lists);
  } else {
    for (let k = 1; k <= depth; k++) {
      const layer: string[] = [];
      for (const n of all.filter((x) => x.path.length === k)) {
        const from = n.parent ? value(n.parent) : 's_root';
        const key = n.path[k - 1]!;
        if (n.scalar) layer.push(`CASE WHEN ${firstIs(from, '{')} THEN ${d.child(from, key)} END AS ${value(n)}`);
        else if (n.parent === undefined || n.parent.scalar) {
          // the first array on the path: the elements of the parent's value
          layer.push(`CASE WHEN ${firstIs(from, '[')} THEN ${d.elements(from)} ELSE ${d.emptyList()} END AS ${value(n)}`);
        } else {
          const step = key === null
            ? `CASE WHEN ${firstIs('x', '[')} THEN ${d.elements('x')} ELSE ${d.emptyList()} END`
            : `CASE WHEN ${firstIs('x', '{')} AND ${d.child('x', key)} IS NOT NULL THEN ${d.list([d.child('x', key)])} ELSE ${d.emptyList()} END`;
          layer.push(`${d.flatten(d.transform(from, 'x', step))} AS ${value(n)}`);
        }
      }
      layers.push(layer);
    }
  }
  let sql = `SELECT * FROM ${rows}`;
  layers.forEach((layer, i) => {
    if (layer.length > 0) sql = `SELECT v${i}.*, ${layer.join(',\n  ')}\nFROM (${sql}) AS v${i}`;
  });
  return { sql, columns: wanted.map(value), scalar: wanted.map((n) => n.scalar) };
}

/** The mask bits of one JSON value (not NULL). */
function bits(d: Dialect, v: string): string {
  const type = `CASE ${d.firstChar(v)} WHEN '"' THEN ${MASK.string} WHEN 't' THEN ${MASK.boolean} WHEN 'f' THEN ${MASK.boolean} WHEN 'n' THEN ${MASK.null} WHEN '{' THEN ${MASK.object} WHEN '[' THEN ${MASK.array} ELSE ${MASK.number} END`;
  return `(${type} + CASE WHEN ${d.textOf(v)} IN ('""', '[]', '{}') THEN ${MASK.empty} ELSE 0 END)`;
}

function maskOf(d: Dialect, column: string, scalar: boolean): string {
  return scalar ? `CASE WHEN ${column} IS NOT NULL THEN ${bits(d, column)} END` : d.bitOr(column, 'v', bits(d, 'v'));
}

/** Per detail-type: `events`, and per path i `h{i}`, the JSON histogram of its masks (events without the path left out). */
export function masksSql(d: Dialect, rows: string, paths: readonly FieldPath[], options: CoverageSqlOptions): string {
  const values = valueColumns(d, `(SELECT * FROM ${rows} WHERE ${countedRows(options)}) AS counted`, paths, options.fast);
  const masks = values.columns.map((c, i) => `${maskOf(d, c, values.scalar[i]!)} AS m${i}`);
  const hists = values.columns.map((_, i) => `${d.histogramJson(`m${i}`)} AS h${i}`);
  return `SELECT dt, count(*) AS events${hists.map((h) => `, ${h}`).join('')}\nFROM (SELECT dt${masks.map((m) => `, ${m}`).join('')} FROM (${values.sql}) AS vals) AS masks GROUP BY dt`;
}

/** A scalar value's key: `s:` string, `n:` number (by value), `b:` boolean; NULL for null, objects and arrays. */
function valueKey(d: Dialect, v: string, id: number): string {
  const first = d.firstChar(v);
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${first} = '"' THEN '${id}:s:' || ${d.stringOf(v)} WHEN ${first} IN ('t', 'f') THEN '${id}:b:' || ${d.textOf(v)} WHEN ${first} IN ('n', '{', '[') THEN NULL ELSE '${id}:n:' || CAST(${d.numberOf(v)} + 0.0 AS VARCHAR) END`;
}

/** Every scalar value of the paths in every counted event: (dt, k, ord, pos, pid), `k` = `{path index}:{s|n|b}:{value}`. */
function valueRows(d: Dialect, rows: string, paths: readonly FieldPath[], options: CoverageSqlOptions): string {
  const values = valueColumns(d, `(SELECT * FROM ${rows} WHERE ${countedRows(options)}) AS counted`, paths, options.fast);
  const keys = values.columns.map((c, i) => (values.scalar[i] ? d.list([valueKey(d, c, i)]) : d.transform(c, 'v', valueKey(d, 'v', i))));
  const perRow = `SELECT dt, ord, ${keys.length > 0 ? d.flatten(d.list(keys)) : d.list([])} AS ks FROM (${values.sql}) AS vals`;
  return `SELECT dt, k, ord, pos, substr(k, 1, strpos(k, ':') - 1) AS pid FROM (${perRow}) AS r CROSS JOIN UNNEST(r.ks) WITH ORDINALITY AS u(k, pos) WHERE k IS NOT NULL`;
}

/** Candidates for a path's examples where its values are too many to count one by one. */
export const FIRST_VALUES = 20;

/** Per detail-type and path index `pid`: `approx` distinct values (bounded memory, however many), and `firsts`, the first values (JSON text). */
export function cardinalitySql(d: Dialect, rows: string, paths: readonly FieldPath[], options: CoverageSqlOptions): string {
  return `SELECT dt, pid, ${d.approxDistinct('k')} AS approx, ${d.firstValuesJson('k', 'ROW(ord, pos)', FIRST_VALUES)} AS firsts FROM (${valueRows(d, rows, paths, options)}) AS u GROUP BY dt, pid`;
}

/**
 * Per detail-type and path value key `k`: `n` occurrences, `distinct_n` distinct values of the
 * path; only the first `examples` values (by `ord`) and, for enum-like paths, every value.
 * `only`: per detail-type, the path indexes to count (those with few enough values).
 */
export function valuesSql(d: Dialect, rows: string, paths: readonly FieldPath[], options: CoverageSqlOptions, only?: ReadonlyMap<string, readonly number[]>): string {
  const wanted = only ? [...only].filter(([, ids]) => ids.length > 0).map(([dt, ids]) => `(dt = ${sqlString(dt)} AND pid IN (${ids.map((i) => `'${i}'`).join(', ')}))`) : [];
  const filter = only ? ` WHERE ${wanted.join(' OR ') || 'false'}` : '';
  // the first occurrence: the earliest row, then the earliest place in it (a path's values are in document order)
  const distinct = `SELECT dt, k, pid, count(*) AS n, min(ROW(ord, pos)) AS first_ord FROM (${valueRows(d, rows, paths, options)}) AS u${filter} GROUP BY dt, k, pid`;
  const split = `SELECT dt, k, n, first_ord, pid, substr(k, strpos(k, ':') + 1, 1) AS kind, length(k) - strpos(k, ':') - 2 AS len FROM (${distinct}) AS dv`;
  const window = 'PARTITION BY dt, pid';
  const ranked = `SELECT dt, k, n, count(*) OVER (${window}) AS distinct_n, sum(CASE WHEN kind = 'n' THEN 1 ELSE 0 END) OVER (${window}) AS numbers, max(CASE WHEN kind = 's' THEN len ELSE 0 END) OVER (${window}) AS longest, row_number() OVER (${window} ORDER BY first_ord, k) AS rn FROM (${split}) AS sv`;
  return `SELECT dt, k, n, distinct_n, rn FROM (${ranked}) AS w WHERE rn <= ${Math.max(1, options.examples)} OR (numbers = 0 AND distinct_n <= ${ENUM_VALUE_LIMIT} AND longest <= ${ENUM_VALUE_LENGTH})`;
}
