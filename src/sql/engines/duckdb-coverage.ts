/**
 * `gceb coverage --engine duckdb`: every input file in one temporary table of
 * rows; the field paths from the first events (a sample pass, parsed here);
 * then the coverage queries.
 */
import { duckdb, sqlString } from '../dialect.js';
import { rowsSql, type CoverageSqlOptions } from '../coverage.js';
import { coverageFromRows } from '../coverage-result.js';
import { exactBoundOf, measurePaths, pathSampleSql, pathsFromSample, readRowsLocally, type LocalRow, type SqlCoverageOptions, type SqlCoverageRun } from '../coverage-run.js';
import { DuckDbEngine, isParquet, ndjsonSource, parquetColumn, parquetSource } from './duckdb.js';
import { UserError } from '../../errors.js';

/** Files are told apart in `ord` by this factor (lines per file stay below it). */
const FILE_ORD = 1e12;
/** Paths measured per query pair. */
const CHUNK = 250;
/** Events parsed here to find the field paths (DuckDB's own merged JSON structures were slower than that and ran out of memory on 1 M events). */
export const DEFAULT_DUCKDB_PATH_SAMPLE = 100_000;

export interface DuckDbCoverageInput {
  files: string[];
  column?: string;
  threads?: number;
  /** JSONPath wildcards instead of step-by-step lists (default true). */
  fast?: boolean;
}

export async function duckdbCoverage(input: DuckDbCoverageInput, options: SqlCoverageOptions): Promise<SqlCoverageRun> {
  const started = Date.now();
  const engine = await DuckDbEngine.open(input.threads ? { threads: input.threads } : {});
  try {
    if (input.files.some((f) => /^[a-z0-9]+:\/\//i.test(f))) await engine.needHttpfs();
    const sources: string[] = [];
    for (const [i, file] of input.files.entries()) {
      const source = isParquet(file) ? parquetSource(file, await parquetColumn(engine, file, input.column)) : ndjsonSource(file);
      sources.push(`SELECT ${i} AS file, line, raw FROM (${source}) AS f${i}`);
    }
    const union = sources.length > 0 ? sources.join('\nUNION ALL\n') : `SELECT 0 AS file, 0 AS line, CAST(NULL AS VARCHAR) AS raw WHERE false`;
    try {
      await engine.run(`CREATE OR REPLACE TEMP TABLE gceb_cov_raw AS SELECT * FROM (${rowsSql(duckdb, union, `file * ${FILE_ORD} + line`)}) AS r`);
    } catch (error) {
      throw new UserError(`duckdb could not read the events: ${(error as Error).message.split('\n')[0]}`, {
        hint: 'The duckdb engine reads NDJSON (one event per line, optionally .gz) and Parquet with a column of event JSON text.',
      });
    }
    const notOk = (await engine.rows('SELECT file, line, raw, ord FROM gceb_cov_raw WHERE NOT ok ORDER BY ord')).map(
      (r): LocalRow => ({ source: input.files[Number(r.file)]!, line: Number(r.line), raw: String(r.raw), ord: Number(r.ord) }),
    );
    const local = readRowsLocally(notOk, options);
    const rows = 'gceb_cov_raw';
    if (local.events.length > 0) {
      await engine.run('CREATE OR REPLACE TEMP TABLE gceb_cov_fix (ord BIGINT, raw VARCHAR, dt VARCHAR)');
      for (let i = 0; i < local.events.length; i += 500) {
        const part = local.events.slice(i, i + 500);
        await engine.run(`INSERT INTO gceb_cov_fix VALUES ${part.map((e) => `(${e.ord}, ${sqlString(e.raw)}, ${sqlString(e.dt)})`).join(', ')}`);
      }
      await engine.run(`UPDATE gceb_cov_raw SET raw = f.raw, dt = f.dt, ok = true FROM gceb_cov_fix AS f WHERE gceb_cov_raw.ord = f.ord`);
    }
    const sample = options.pathSample ?? DEFAULT_DUCKDB_PATH_SAMPLE;
    const found = pathsFromSample(await engine.rows(pathSampleSql(rows, options, sample)));
    let queries = 3;
    const sqlOptions: CoverageSqlOptions = { examples: options.examples ?? 3, fast: input.fast !== false, ...(options.topics ? { topics: options.topics } : {}) };
    const measured = await measurePaths(duckdb, rows, found.paths, { ...sqlOptions, maxQueryLength: Infinity, chunk: CHUNK, exactBound: exactBoundOf(options), ...(options.signal ? { signal: options.signal } : {}) }, async (_kind, sql) => {
      queries++;
      return engine.rows(sql);
    });
    const result = coverageFromRows(found.paths, measured, { ...options, exactBound: exactBoundOf(options) });
    return {
      result,
      problems: local.problems,
      elapsedMs: Date.now() - started,
      sql: { engine: 'duckdb', paths: found.paths.length, pathsFrom: `the first ${found.sampled.toLocaleString('en-US')} events`, queries, readLocally: notOk.length },
    };
  } finally {
    engine.close();
  }
}
