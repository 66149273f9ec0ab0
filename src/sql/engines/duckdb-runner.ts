/** The DuckDB SqlRunner: each input file scanned once into a temporary table of per-row decisions. */
import { resolveInputs } from '../../events/inputs.js';
import { UserError } from '../../errors.js';
import { duckdb } from '../dialect.js';
import type { PatternQuery } from '../translate.js';
import { groupSql, sampleSql, toGroups, type RawRow, type SqlGroup, type SqlPass, type SqlRunner } from '../verdicts.js';
import type { SqlCoverageOptions, SqlCoverageRun, SqlCoverageRunner } from '../coverage-run.js';
import { duckdbCoverage } from './duckdb-coverage.js';
import { DuckDbEngine, isParquet, ndjsonSource, parquetColumn, parquetSource } from './duckdb.js';

export interface DuckDbRunnerOptions {
  inputs: readonly string[];
  cwd?: string;
  /** Parquet: the column with the event JSON. */
  column?: string;
  /** DuckDB worker threads (default: DuckDB's, one per core). */
  threads?: number;
  /** Called after each input file with how many were done. */
  onFile?: (done: number, total: number, file: string) => void;
}

const REMOTE = /^(s3|gcs|r2|https?):\/\//i;

/** Input specs → files DuckDB reads (local folders expanded, remote URLs kept). */
export async function duckdbFiles(inputs: readonly string[], cwd?: string): Promise<string[]> {
  const files: string[] = [];
  for (const spec of inputs) {
    if (REMOTE.test(spec)) {
      files.push(spec);
      continue;
    }
    if (spec === '-') throw new UserError('The duckdb engine reads files, not stdin.', { hint: 'Save the events to a file, or use --engine local.' });
    for (const input of await resolveInputs([spec], cwd ? { cwd } : {})) if (input.kind === 'file') files.push(input.path);
  }
  return files;
}

export class DuckDbRunner implements SqlRunner, SqlCoverageRunner {
  readonly name = 'duckdb';
  readonly dialect = duckdb;
  constructor(private readonly options: DuckDbRunnerOptions) {}

  async coverage(options: SqlCoverageOptions): Promise<SqlCoverageRun> {
    const files = await duckdbFiles(this.options.inputs, this.options.cwd);
    return duckdbCoverage({ files, ...(this.options.column ? { column: this.options.column } : {}), ...(this.options.threads ? { threads: this.options.threads } : {}) }, options);
  }

  async pass(query: PatternQuery, options: { sampleRows: number; signal?: AbortSignal }): Promise<SqlPass> {
    const files = await duckdbFiles(this.options.inputs, this.options.cwd);
    const engine = await DuckDbEngine.open(this.options.threads ? { threads: this.options.threads } : {});
    const groups = new Map<string, SqlGroup>();
    const localRows: RawRow[] = [];
    const sampleRows: RawRow[] = [];
    try {
      if (files.some((f) => REMOTE.test(f))) await engine.needHttpfs();
      let done = 0;
      for (const file of files) {
        options.signal?.throwIfAborted();
        const source = isParquet(file) ? parquetSource(file, await parquetColumn(engine, file, this.options.column)) : ndjsonSource(file);
        const perRow = query.sql(source);
        const keep = ['line', 'dt', 'need', ...query.rules.map((_, i) => `sure_${i}`), 'CASE WHEN need THEN raw END AS raw'];
        try {
          await engine.run(`CREATE OR REPLACE TEMP TABLE gceb_rows AS SELECT ${keep.join(', ')} FROM (${perRow}) AS r`);
        } catch (error) {
          throw new UserError(`duckdb could not read ${file}: ${(error as Error).message.split('\n')[0]}`, {
            hint: 'The duckdb engine reads NDJSON (one event per line, optionally .gz) and Parquet with a column of event JSON text.',
          });
        }
        for (const g of toGroups(query, await engine.rows(groupSql(query, 'gceb_rows')))) {
          const into = groups.get(g.dt);
          if (into) {
            into.events += g.events;
            g.sure.forEach((n, i) => (into.sure[i]! += n));
          } else groups.set(g.dt, g);
        }
        for (const r of await engine.rows('SELECT line, raw FROM gceb_rows WHERE need ORDER BY line')) localRows.push({ source: file, line: Number(r.line), raw: String(r.raw) });
        const wanted = options.sampleRows - sampleRows.length;
        if (wanted > 0) {
          for (const r of await engine.rows(sampleSql(query, `(${perRow}) AS r`, wanted))) sampleRows.push({ source: file, line: Number(r.line), raw: String(r.raw) });
        }
        await engine.run('DROP TABLE gceb_rows');
        this.options.onFile?.(++done, files.length, file);
      }
    } finally {
      engine.close();
    }
    return { groups: [...groups.values()], localRows, sampleRows };
  }
}
