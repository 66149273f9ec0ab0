/**
 * `gceb coverage --engine duckdb`: every input file in one temporary table of
 * rows; the field paths from DuckDB's merged JSON structures of every event
 * (mixed-type paths looked at again, objects and arrays apart); then the
 * coverage queries.
 */
import { duckdb, sqlString } from '../dialect.js';
import { countedRows, rowsSql, valueColumns, type CoverageSqlOptions } from '../coverage.js';
import { addStructurePaths, MAX_MEASURED_PATHS, PathSet, type FieldPath } from '../coverage-paths.js';
import { coverageFromRows } from '../coverage-result.js';
import { exactBoundOf, measurePaths, readRowsLocally, type LocalRow, type SqlCoverageOptions, type SqlCoverageRun } from '../coverage-run.js';
import { DuckDbEngine, isParquet, ndjsonSource, parquetColumn, parquetSource } from './duckdb.js';
import { UserError } from '../../errors.js';

/** Files are told apart in `ord` by this factor (lines per file stay below it). */
const FILE_ORD = 1e12;
/** Paths measured per query pair. */
const CHUNK = 250;
/** Rounds of looking again at mixed-type paths (one per nesting level). */
const MAX_ROUNDS = 64;

export interface DuckDbCoverageInput {
  files: string[];
  column?: string;
  threads?: number;
  /** JSONPath wildcards instead of step-by-step lists (default true). */
  fast?: boolean;
}

async function discoverPaths(engine: DuckDbEngine, rows: string, options: SqlCoverageOptions): Promise<{ paths: FieldPath[]; dropped: number; queries: number }> {
  const set = new PathSet(MAX_MEASURED_PATHS);
  const counted = `(SELECT * FROM ${rows} WHERE ${countedRows(options)}) AS c`;
  const [whole] = await engine.rows(`SELECT json_group_structure(CAST(raw AS JSON)) AS s FROM ${counted}`);
  let queries = 1;
  let opaque = whole?.s ? addStructurePaths(JSON.parse(String(whole.s)), [], set) : [];
  for (let round = 0; opaque.length > 0 && round < MAX_ROUNDS; round++) {
    options.signal?.throwIfAborted();
    // the root is always an object: look at the paths only
    const look = opaque.filter((p) => p.length > 0);
    if (look.length === 0) break;
    const values = valueColumns(duckdb, counted, look);
    const first = (v: string) => `left(CAST(${v} AS VARCHAR), 1)`;
    const listOf = (c: string, i: number) => (values.scalar[i] ? `CASE WHEN ${c} IS NULL THEN CAST([] AS JSON[]) ELSE [${c}] END` : c);
    const parts = values.columns.flatMap((c, i) => [
      `json_group_structure(CAST(to_json(list_filter(${listOf(c, i)}, v -> ${first('v')} = '{' AND CAST(v AS VARCHAR) <> '{}')) AS JSON)) AS o${i}`,
      `json_group_structure(CAST(to_json(list_filter(${listOf(c, i)}, v -> ${first('v')} = '[')) AS JSON)) AS a${i}`,
    ]);
    const [row] = await engine.rows(`SELECT ${parts.join(', ')} FROM (${values.sql}) AS v`);
    queries++;
    const next: FieldPath[] = [];
    look.forEach((path, i) => {
      // each is the structure of a list of values: [S]
      for (const column of [`o${i}`, `a${i}`]) {
        const s = row?.[column] ? (JSON.parse(String(row[column])) as unknown) : undefined;
        if (Array.isArray(s) && s[0] !== 'NULL') next.push(...addStructurePaths(s[0], path, set).filter((p) => p.length > path.length));
      }
    });
    opaque = next;
  }
  return { paths: set.paths(), dropped: set.dropped, queries };
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
    const found = await discoverPaths(engine, rows, options);
    let queries = 2 + found.queries;
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
      sql: { engine: 'duckdb', paths: found.paths.length, pathsFrom: 'every event (DuckDB JSON structures)', queries, readLocally: notOk.length },
    };
  } finally {
    engine.close();
  }
}
