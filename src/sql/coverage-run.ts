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

/** Runs the masks and values queries over `rows` for every path, in chunks whose SQL stays under `maxQueryLength`. */
export async function measurePaths(
  d: Dialect,
  rows: string,
  paths: readonly FieldPath[],
  options: CoverageSqlOptions & { maxQueryLength: number; chunk: number; signal?: AbortSignal },
  run: (kind: string, sql: string) => Promise<Array<Record<string, unknown>>>,
): Promise<CoverageRows> {
  const out: CoverageRows = { masks: [], values: [] };
  const empty = [] as FieldPath[];
  // with no paths, one masks query still counts the events per detail-type
  const chunks: Array<{ offset: number; paths: readonly FieldPath[] }> = paths.length === 0 ? [{ offset: 0, paths: empty }] : [];
  let size = options.chunk;
  for (let offset = 0; offset < paths.length; ) {
    const part = paths.slice(offset, offset + size);
    if (size > 1 && Math.max(masksSql(d, rows, part, options).length, valuesSql(d, rows, part, options).length) > options.maxQueryLength) {
      size = Math.ceil(size / 2);
      continue;
    }
    chunks.push({ offset, paths: part });
    offset += part.length;
  }
  for (const c of chunks) {
    options.signal?.throwIfAborted();
    out.masks.push({ offset: c.offset, rows: await run('field counts', masksSql(d, rows, c.paths, options)) });
    if (c.paths.length > 0) out.values.push({ offset: c.offset, rows: await run('field values', valuesSql(d, rows, c.paths, options)) });
  }
  return out;
}
