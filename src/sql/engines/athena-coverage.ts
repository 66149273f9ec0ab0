/**
 * `gceb coverage --engine athena`: the field paths from a sample pass (the
 * first events of the partitions, parsed here), then the coverage queries in
 * chunks under Athena's query length limit, and a sample of the rows Athena
 * could not read as JSON objects (problems).
 */
import { trino } from '../dialect.js';
import { rowsSql, type CoverageSqlOptions } from '../coverage.js';
import { coverageFromRows } from '../coverage-result.js';
import { exactBoundOf, measurePaths, pathSampleSql, pathsFromSample, readRowsLocally, type SqlCoverageOptions, type SqlCoverageRun } from '../coverage-run.js';

/** Athena's limit is 262,144 bytes of query text; leave room for multi-byte keys. */
export const ATHENA_MAX_QUERY_LENGTH = 200_000;
export const DEFAULT_PATH_SAMPLE = 10_000;

export interface AthenaCoverageInput {
  /** The table's rows (line, raw) within the partition bounds. */
  source: string;
  sourceName: string;
  run: (kind: string, sql: string) => Promise<{ rows: Array<Record<string, unknown>>; bytesScanned: number }>;
}

export async function athenaCoverage(input: AthenaCoverageInput, options: SqlCoverageOptions): Promise<SqlCoverageRun> {
  const started = Date.now();
  let bytesScanned = 0;
  let queries = 0;
  const run = async (kind: string, sql: string) => {
    options.signal?.throwIfAborted();
    const result = await input.run(kind, sql);
    bytesScanned += result.bytesScanned;
    queries++;
    return result.rows;
  };
  const sampleSize = options.pathSample ?? DEFAULT_PATH_SAMPLE;
  const rows = `(${rowsSql(trino, input.source)}) AS rows`;
  const { paths, sampled } = pathsFromSample(await run('field paths (sample)', pathSampleSql(rows, options, sampleSize)));
  const sqlOptions: CoverageSqlOptions = { examples: options.examples ?? 3, ...(options.topics ? { topics: options.topics } : {}) };
  const measured = await measurePaths(trino, rows, paths, { ...sqlOptions, maxQueryLength: ATHENA_MAX_QUERY_LENGTH, chunk: 250, exactBound: exactBoundOf(options), ...(options.signal ? { signal: options.signal } : {}) }, run);
  const keep = options.problemSample ?? 20;
  const bad = await run('rows that are not JSON objects', `SELECT line, raw, count(*) OVER () AS total FROM ${rows} WHERE NOT ok LIMIT ${keep}`);
  const local = readRowsLocally(bad.map((r) => ({ source: input.sourceName, line: Number(r.line ?? 0), raw: String(r.raw ?? ''), ord: 0 })), options);
  // rows JSON.parse reads but Athena's parser does not are problems too: Athena did not count them
  for (const e of local.events) {
    const problem = { source: input.sourceName, line: 0, message: `a record Athena cannot read as a JSON object (detail-type ${JSON.stringify(e.dt)}); it was skipped` };
    local.problems.count++;
    if (local.problems.sample.length < keep) local.problems.sample.push(problem);
    options.onProblem?.(problem);
  }
  local.problems.count = Math.max(local.problems.count, Number(bad[0]?.total ?? 0));
  return {
    result: coverageFromRows(paths, measured, { ...options, exactBound: exactBoundOf(options) }),
    problems: local.problems,
    elapsedMs: Date.now() - started,
    sql: { engine: 'athena', paths: paths.length, pathsFrom: `a sample of ${sampled.toLocaleString('en-US')} events`, queries, readLocally: bad.length, bytesScanned },
  };
}
