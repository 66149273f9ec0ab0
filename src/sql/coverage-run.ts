/**
 * `gceb coverage` on a SQL engine: what every engine shares. The rows SQL
 * cannot read as JSON.parse does are read by the local parser (problems, or
 * events put back as canonical JSON); the paths are measured in chunks of
 * queries (Athena bounds a query's length); the rows become the local
 * engine's CoverageResult.
 */
import type { AnalyzeResult } from '../coverage/analyze.js';
import type { CoverageOptions } from '../coverage/types.js';
import type { ReadProblem } from '../events/read.js';
import { cardinalitySql, countedRows, masksSql, valuesSql, type CoverageSqlOptions } from './coverage.js';
import { addEventPaths, coverageDetailType, MAX_MEASURED_PATHS, PathSet, type FieldPath } from './coverage-paths.js';
import type { CoverageRows } from './coverage-result.js';
import type { Dialect } from './dialect.js';

export interface SqlCoverageOptions extends Pick<CoverageOptions, 'exactLimit' | 'hllPrecision' | 'examples' | 'redact' | 'topics' | 'maxPathsPerTopic'> {
  signal?: AbortSignal;
  onProblem?: (problem: ReadProblem) => void;
  /** Input problems kept in the result's sample. Default 20. */
  problemSample?: number;
  /** Events read first (by the local parser) to find the field paths. Default: 100,000 on DuckDB, 10,000 on Athena. */
  pathSample?: number;
}

export interface SqlCoverageInfo {
  engine: string;
  /** Field paths measured, and where the list came from. */
  paths: number;
  pathsFrom: string;
  queries: number;
  /** Rows the local parser read (lenient JSON to SQL's eyes): problems, or events put back. */
  readLocally: number;
  bytesScanned?: number;
}

export type SqlCoverageRun = AnalyzeResult & { sql: SqlCoverageInfo };

/** An engine that runs coverage SQL: DuckDB or Athena. */
export interface SqlCoverageRunner {
  readonly name: string;
  readonly dialect: Dialect;
  coverage(options: SqlCoverageOptions): Promise<SqlCoverageRun>;
}

export interface LocalRow {
  source: string;
  line: number;
  raw: string;
  ord: number;
}

/** Rows SQL did not count, read by JSON.parse: each a problem, or an event (a JSON object) to put back. */
export function readRowsLocally(rows: readonly LocalRow[], options: Pick<SqlCoverageOptions, 'onProblem' | 'problemSample'>) {
  const problems: AnalyzeResult['problems'] = { count: 0, sample: [] };
  const keep = options.problemSample ?? 20;
  const events: Array<{ ord: number; raw: string; dt: string }> = [];
  for (const row of rows) {
    let message: string | undefined;
    try {
      const value: unknown = JSON.parse(row.raw);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        events.push({ ord: row.ord, raw: JSON.stringify(value), dt: coverageDetailType(value as Record<string, unknown>) });
        continue;
      }
      message = `line ${row.line} is not a JSON object (an event); it was skipped`;
    } catch (error) {
      message = `line ${row.line} is not valid JSON (${(error as Error).message}); it was skipped`;
    }
    const problem = { source: row.source, line: row.line, message };
    problems.count++;
    if (problems.sample.length < keep) problems.sample.push(problem);
    options.onProblem?.(problem);
  }
  return { problems, events };
}

export interface MeasureOptions extends CoverageSqlOptions {
  maxQueryLength: number;
  /** Paths per query pair at most. */
  chunk: number;
  /** Values counted one by one where a path has at most about this many in a detail-type (estimated beyond). */
  exactBound: number;
  signal?: AbortSignal;
}

export interface PathChunk {
  offset: number;
  paths: readonly FieldPath[];
  masks: string;
  /** Absent when the chunk has no paths (the masks query still counts the events). */
  cardinality?: string;
}

/** The paths in chunks whose SQL stays under `maxQueryLength`, with each chunk's first two queries. */
export function planChunks(d: Dialect, rows: string, paths: readonly FieldPath[], options: MeasureOptions): PathChunk[] {
  if (paths.length === 0) return [{ offset: 0, paths: [], masks: masksSql(d, rows, [], options) }];
  const chunks: PathChunk[] = [];
  let size = options.chunk;
  for (let offset = 0; offset < paths.length; ) {
    const part = paths.slice(offset, offset + size);
    const masks = masksSql(d, rows, part, options);
    const cardinality = cardinalitySql(d, rows, part, options);
    if (size > 1 && Math.max(masks.length, cardinality.length, valuesSql(d, rows, part, options).length) > options.maxQueryLength) {
      size = Math.ceil(size / 2);
      continue;
    }
    chunks.push({ offset, paths: part, masks, cardinality });
    offset += part.length;
  }
  return chunks;
}

/** Values are counted one by one up to twice the local engine's exact limit (its estimate takes over at the limit). */
export function exactBoundOf(options: Pick<SqlCoverageOptions, 'exactLimit'>): number {
  return 2 * (options.exactLimit ?? 1000);
}

/** Per detail-type, the chunk's path indexes with few enough values to count them one by one. */
export function exactValuePaths(cardinality: ReadonlyArray<Record<string, unknown>>, bound: number): Map<string, number[]> {
  const only = new Map<string, number[]>();
  for (const row of cardinality) {
    if (Number(row.approx) > bound) continue;
    const dt = String(row.dt);
    only.set(dt, [...(only.get(dt) ?? []), Number(row.pid)]);
  }
  return only;
}

/** Runs every chunk's queries over `rows`: masks, cardinality, then the values of the paths with few enough. */
export async function measurePaths(d: Dialect, rows: string, paths: readonly FieldPath[], options: MeasureOptions, run: (kind: string, sql: string) => Promise<Array<Record<string, unknown>>>): Promise<CoverageRows> {
  const out: CoverageRows = { masks: [], values: [], cardinality: [] };
  for (const c of planChunks(d, rows, paths, options)) {
    options.signal?.throwIfAborted();
    out.masks.push({ offset: c.offset, rows: await run('field counts', c.masks) });
    if (!c.cardinality) continue;
    const cardinality = await run('distinct values', c.cardinality);
    out.cardinality.push({ offset: c.offset, rows: cardinality });
    const only = exactValuePaths(cardinality, options.exactBound);
    if (only.size > 0) out.values.push({ offset: c.offset, rows: await run('field values', valuesSql(d, rows, c.paths, options, only)) });
  }
  return out;
}

/** The sample pass: the first `limit` counted events of `rows`, whose field paths are measured. */
export function pathSampleSql(rows: string, options: Pick<SqlCoverageOptions, 'topics'>, limit: number): string {
  return `SELECT raw FROM ${rows} WHERE ${countedRows(options)} LIMIT ${limit}`;
}

/** The field paths of the sample's events (parsed here), sorted, and how many events there were. */
export function pathsFromSample(rows: ReadonlyArray<Record<string, unknown>>): { paths: FieldPath[]; sampled: number } {
  const set = new PathSet(MAX_MEASURED_PATHS);
  let sampled = 0;
  for (const r of rows) {
    let event: unknown;
    try {
      event = JSON.parse(String(r.raw));
    } catch {
      continue;
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) continue;
    sampled++;
    addEventPaths(event as Record<string, unknown>, set);
  }
  return { paths: set.paths(), sampled };
}
