/** DuckDB (embedded, @duckdb/node-api): runs pattern SQL over local NDJSON, .gz, Parquet, or S3 through DuckDB's httpfs. */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UserError } from '../../errors.js';
import { sqlString } from '../dialect.js';

export type Row = Record<string, unknown>;

export class DuckDbEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(options: { threads?: number } = {}): Promise<DuckDbEngine> {
    const { DuckDBInstance } = await loadDuckDb();
    const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
    return new DuckDbEngine(instance, await instance.connect());
  }

  /** Rows as plain JS values (BIGINT → number when safe). */
  async rows(sql: string): Promise<Row[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
      return out;
    });
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Loads httpfs for s3:// and https:// inputs; a plain message when it is not installed. */
  async needHttpfs(): Promise<void> {
    try {
      await this.run('LOAD httpfs');
    } catch (error) {
      throw new UserError(`DuckDB cannot read remote files here: the httpfs extension is not installed (${(error as Error).message.split('\n')[0]}).`, {
        hint: 'Install it once with `INSTALL httpfs` in DuckDB (needs network), or copy the files locally.',
      });
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** @duckdb/node-api is an optional dependency (native): loaded when the engine is asked for, not with the CLI. */
async function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch (error) {
    throw new UserError(`The duckdb engine needs @duckdb/node-api, which is not installed or does not load here (${(error as Error).message.split('\n')[0]}).`, {
      hint: 'Install it with `npm install @duckdb/node-api` (it is an optional dependency), or use --engine local.',
    });
  }
}

export interface SourceOptions {
  /** Parquet: the column holding the raw event JSON text (default: raw, event, json, line, body, or the only text column). */
  column?: string;
}

export function isParquet(file: string): boolean {
  return /\.parquet$/i.test(file);
}

/** A relation (line, raw) over one NDJSON file (optionally .gz), one raw text per line. */
export function ndjsonSource(file: string): string {
  // \x01 never occurs in JSON text (control characters must be escaped), so each line is one field.
  return `SELECT row_number() OVER () AS line, raw FROM read_csv(${sqlString(file)}, columns = {'raw': 'VARCHAR'}, delim = E'\\x01', quote = '', escape = '', header = false, auto_detect = false, max_line_size = 67108864, compression = 'auto')`;
}

/** A relation (line, raw) over a Parquet file whose `column` holds each event's JSON text. */
export function parquetSource(file: string, column: string): string {
  return `SELECT file_row_number + 1 AS line, CAST("${column.replace(/"/g, '""')}" AS VARCHAR) AS raw FROM read_parquet(${sqlString(file)}, file_row_number = true)`;
}

const RAW_COLUMN_NAMES = ['raw', 'event', 'json', 'line', 'body', 'record'];

/** The Parquet column holding the events: the one asked for, a conventional name, or the only text column. */
export async function parquetColumn(engine: DuckDbEngine, file: string, asked?: string): Promise<string> {
  const columns = await engine.rows(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(file)}))`);
  const names = columns.map((c) => String(c.name));
  if (asked !== undefined) {
    if (!names.includes(asked)) throw new UserError(`${file}: no column ${JSON.stringify(asked)} (columns: ${names.join(', ')}).`);
    return asked;
  }
  const conventional = names.find((n) => RAW_COLUMN_NAMES.includes(n.toLowerCase()));
  if (conventional) return conventional;
  const text = columns.filter((c) => /^(VARCHAR|JSON)$/i.test(String(c.type)));
  if (text.length === 1) return String(text[0]!.name);
  throw new UserError(`${file}: cannot tell which column holds the event JSON (columns: ${names.join(', ')}).`, {
    hint: 'Pass --sql-column NAME; the column must hold each event as JSON text.',
  });
}
