/**
 * Amazon Athena (engine 3, Trino SQL) through @aws-sdk/client-athena: the
 * query life cycle (StartQueryExecution, polling GetQueryExecution,
 * GetQueryResults page by page, StopQueryExecution when interrupted), with
 * the data each query scanned. Tables are the ones `gceb athena ddl` creates:
 * one column `raw` (the event JSON text) partitioned by `datehour`
 * ('yyyy/MM/dd/HH', Firehose's S3 prefixes).
 */
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { UserError } from '../../errors.js';
import { trino, sqlString } from '../dialect.js';
import type { SqlCoverageOptions, SqlCoverageRun, SqlCoverageRunner } from '../coverage-run.js';
import type { PatternQuery } from '../translate.js';
import { athenaCoverage } from './athena-coverage.js';
import { groupSql, sampleSql, toGroups, type SqlPass, type SqlRunner } from '../verdicts.js';

export interface AthenaLocation {
  catalog?: string;
  database: string;
  table: string;
  workgroup?: string;
  outputLocation?: string;
}

export interface AthenaQueryResult {
  rows: Array<Record<string, unknown>>;
  bytesScanned: number;
  queryExecutionId: string;
}

export interface AthenaRunOptions {
  signal?: AbortSignal;
  /** First wait between polls (doubles up to 5 s). Default 250 ms. */
  pollMs?: number;
}

function convert(value: string | undefined, type: string): unknown {
  if (value === undefined) return null;
  switch (type.toLowerCase()) {
    case 'boolean':
      return value === 'true';
    case 'bigint':
    case 'integer':
    case 'smallint':
    case 'tinyint':
    case 'double':
    case 'real':
      return Number(value);
    default:
      return value;
  }
}

/** Runs one query to the end and reads every page of its result. */
export async function runAthenaQuery(client: AthenaClient, sql: string, where: AthenaLocation, options: AthenaRunOptions = {}): Promise<AthenaQueryResult> {
  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: where.database, ...(where.catalog ? { Catalog: where.catalog } : {}) },
      ...(where.workgroup ? { WorkGroup: where.workgroup } : {}),
      ...(where.outputLocation ? { ResultConfiguration: { OutputLocation: where.outputLocation } } : {}),
    }),
  );
  const id = started.QueryExecutionId!;
  let wait = options.pollMs ?? 250;
  let bytesScanned = 0;
  for (;;) {
    if (options.signal?.aborted) {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      options.signal.throwIfAborted();
    }
    const { QueryExecution: q } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED') {
      bytesScanned = q?.Statistics?.DataScannedInBytes ?? 0;
      break;
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new UserError(`Athena query ${id} ${state.toLowerCase()}: ${q?.Status?.StateChangeReason ?? 'no reason given'}`, {
        hint: 'Check the table (gceb athena ddl), the workgroup and the output location.',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 5000);
  }
  const rows: Array<Record<string, unknown>> = [];
  let token: string | undefined;
  let header = true;
  do {
    const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}), MaxResults: 1000 }));
    const columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    for (const row of page.ResultSet?.Rows ?? []) {
      if (header) {
        header = false; // a SELECT's first row holds the column names
        continue;
      }
      const out: Record<string, unknown> = {};
      columns.forEach((c, i) => (out[c.Name!] = convert(row.Data?.[i]?.VarCharValue, c.Type ?? 'varchar')));
      rows.push(out);
    }
    token = page.NextToken;
  } while (token);
  return { rows, bytesScanned, queryExecutionId: id };
}

/** `2024-05-01`, `2024-05-01T13`, `2024-05-01T13:30:00Z` → `2024/05/01/13` (UTC hour, Firehose's prefix). */
export function partitionHour(text: string, flag: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw new UserError(`${flag} must be a UTC date or hour such as 2024-05-01 or 2024-05-01T13, not '${text}'.`);
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:00:00${m[5] ?? 'Z'}`);
  if (Number.isNaN(date.getTime())) throw new UserError(`${flag}: '${text}' is not a valid date.`);
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface AthenaRunnerOptions extends AthenaLocation {
  client: AthenaClient;
  /** Inclusive lower and exclusive upper partition bounds, `yyyy/MM/dd/HH`. */
  since: string;
  until: string;
  pollMs?: number;
  /** Each finished query, for progress lines. */
  onQuery?: (kind: string, result: AthenaQueryResult) => void;
}

export class AthenaRunner implements SqlRunner, SqlCoverageRunner {
  readonly name = 'athena';
  readonly dialect = trino;
  constructor(private readonly options: AthenaRunnerOptions) {}

  /** One query to the end, reported to `onQuery`. */
  private async run(kind: string, sql: string, signal: AbortSignal | undefined): Promise<AthenaQueryResult> {
    const o = this.options;
    const result = await runAthenaQuery(o.client, sql, o, { ...(signal ? { signal } : {}), ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}) });
    o.onQuery?.(kind, result);
    return result;
  }

  coverage(options: SqlCoverageOptions): Promise<SqlCoverageRun> {
    const o = this.options;
    return athenaCoverage(
      {
        source: this.source(),
        sourceName: `${o.database}.${o.table}`,
        run: (kind, sql) => this.run(kind, sql, options.signal),
      },
      options,
    );
  }

  /** The rows of the table within the partition bounds, as (line, raw). Athena has no line numbers: 0. */
  source(): string {
    const o = this.options;
    return `SELECT 0 AS line, raw FROM ${quoteIdentifier(o.database)}.${quoteIdentifier(o.table)} WHERE datehour >= ${sqlString(o.since)} AND datehour < ${sqlString(o.until)}`;
  }

  async pass(query: PatternQuery, options: { sampleRows: number; signal?: AbortSignal }): Promise<SqlPass> {
    const o = this.options;
    const perRow = `(${query.sql(this.source())}) AS r`;
    const run = (kind: string, sql: string) => this.run(kind, sql, options.signal);
    const groups = await run('counts', groupSql(query, perRow));
    const local = await run('undecided rows', `SELECT line, raw FROM ${perRow} WHERE need`);
    const sample = options.sampleRows > 0 ? await run('sample of misses', sampleSql(query, perRow, options.sampleRows)) : undefined;
    const source = `${o.database}.${o.table}`;
    const raw = (r: Record<string, unknown>) => ({ source, line: Number(r.line ?? 0), raw: String(r.raw) });
    return {
      groups: toGroups(query, groups.rows),
      localRows: local.rows.map(raw),
      sampleRows: (sample?.rows ?? []).map(raw),
      bytesScanned: groups.bytesScanned + local.bytesScanned + (sample?.bytesScanned ?? 0),
    };
  }
}
