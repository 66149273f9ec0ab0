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
import { masksSql, valuesSql, type CoverageSqlOptions } from './coverage.js';
import { coverageDetailType, type FieldPath } from './coverage-paths.js';
import type { CoverageRows } from './coverage-result.js';
import type { Dialect } from './dialect.js';

export interface SqlCoverageOptions extends Pick<CoverageOptions, 'exactLimit' | 'hllPrecision' | 'examples' | 'redact' | 'topics' | 'maxPathsPerTopic'> {
  signal?: AbortSignal;
  onProblem?: (problem: ReadProblem) => void;
  /** Input problems kept in the result's sample. Default 20. */
  problemSample?: number;
  /** Athena: events read to find the field paths. Default 10,000. */
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
  signal?: AbortSignal;
}

export interface PathChunk {
  offset: number;
  paths: readonly FieldPath[];
  masks: string;
  /** Absent when the chunk has no paths (the masks query still counts the events). */
  values?: string;
}

/** The paths in chunks whose SQL stays under `maxQueryLength`, with each chunk's two queries. */
export function planChunks(d: Dialect, rows: string, paths: readonly FieldPath[], options: MeasureOptions): PathChunk[] {
  if (paths.length === 0) return [{ offset: 0, paths: [], masks: masksSql(d, rows, [], options) }];
  const chunks: PathChunk[] = [];
  let size = options.chunk;
  for (let offset = 0; offset < paths.length; ) {
    const part = paths.slice(offset, offset + size);
    const masks = masksSql(d, rows, part, options);
    const values = valuesSql(d, rows, part, options);
    if (size > 1 && Math.max(masks.length, values.length) > options.maxQueryLength) {
      size = Math.ceil(size / 2);
      continue;
    }
    chunks.push({ offset, paths: part, masks, values });
    offset += part.length;
  }
  return chunks;
}

/** Runs every chunk's masks and values queries over `rows`. */
export async function measurePaths(d: Dialect, rows: string, paths: readonly FieldPath[], options: MeasureOptions, run: (kind: string, sql: string) => Promise<Array<Record<string, unknown>>>): Promise<CoverageRows> {
  const out: CoverageRows = { masks: [], values: [] };
  for (const c of planChunks(d, rows, paths, options)) {
    options.signal?.throwIfAborted();
    out.masks.push({ offset: c.offset, rows: await run('field counts', c.masks) });
    if (c.values) out.values.push({ offset: c.offset, rows: await run('field values', c.values) });
  }
  return out;
}
