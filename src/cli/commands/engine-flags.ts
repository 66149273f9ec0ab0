/** `--engine local|duckdb|athena` and its flags, shared by `gceb test` and `gceb coverage`. */
import { UserError } from '../../errors.js';
import { DuckDbRunner } from '../../sql/engines/duckdb-runner.js';
import type { SqlCoverageInfo, SqlCoverageRunner } from '../../sql/coverage-run.js';
import type { SqlRunInfo, SqlRunner } from '../../sql/verdicts.js';
import type { CliIO } from '../types.js';

export const ENGINES = ['local', 'duckdb', 'athena'] as const;
export type EngineName = (typeof ENGINES)[number];

export const engineFlags = {
  engine: { type: 'string' },
  'sql-column': { type: 'string' },
  'athena-table': { type: 'string' },
  'athena-database': { type: 'string' },
  'athena-catalog': { type: 'string' },
  workgroup: { type: 'string' },
  'output-location': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

export const ENGINE_USAGE = `Engine:
  --engine local|duckdb|athena
                      local (default): this process reads every event; duckdb: pattern SQL
                      in embedded DuckDB over NDJSON (.gz) and Parquet files (s3:// with
                      DuckDB's httpfs); athena: pattern SQL in Amazon Athena over a table
                      (see \`gceb athena ddl\`). Counts are the local engine's either way: rows
                      SQL cannot decide exactly are re-checked locally
  --sql-column NAME   Parquet: the column holding each event's JSON text
  --athena-table T    athena: table of raw event JSON (column raw), default gceb_events
  --athena-database D athena: database (default: default); --athena-catalog C (AwsDataCatalog)
  --workgroup W       athena: workgroup (default: primary)
  --output-location S3URI
                      athena: query results location (default: the workgroup's)
  --since, --until T  athena: partition bounds (UTC, e.g. 2024-05-01 or 2024-05-01T13),
                      required: an unbounded scan of an archive is costly`;

export type EngineValues = { engine?: string; 'sql-column'?: string; 'athena-table'?: string; 'athena-database'?: string; 'athena-catalog'?: string; workgroup?: string; 'output-location'?: string; since?: string; until?: string };

export function engineOf(values: EngineValues, command: string): EngineName {
  const engine = values.engine ?? 'local';
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw new UserError(`gceb ${command}: --engine must be one of ${ENGINES.join(', ')}, not '${engine}'.`, { hint: `Run \`gceb ${command} --help\` for usage.` });
  }
  return engine as EngineName;
}

/** The SQL runner the flags ask for, or undefined for the local engine. */
export async function sqlRunnerFrom(values: EngineValues, io: CliIO, inputs: readonly string[], command: string): Promise<(SqlRunner & SqlCoverageRunner) | undefined> {
  const engine = engineOf(values, command);
  if (engine === 'local') return undefined;
  if (engine === 'duckdb') {
    return new DuckDbRunner({ inputs, cwd: io.cwd, ...(values['sql-column'] ? { column: values['sql-column'] } : {}) });
  }
  const { athenaRunnerFrom } = await import('./athena-flags.js');
  return athenaRunnerFrom(values, io, command);
}

/** One line about what SQL decided and what the local engine re-checked. */
export function sqlRunLine(info: SqlRunInfo): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const scanned = info.bytesScanned !== undefined ? `; ${(info.bytesScanned / 1e6).toFixed(1)} MB scanned` : '';
  return `${info.engine}: ${n(info.events)} events, ${n(info.decidedInSql)} decided in SQL, ${n(info.checkedLocally)} re-checked by the local engine; ${info.exactRules} of ${info.rules} rules translated exactly; failures explained on ${n(info.explained)} rows${scanned}\n`;
}

/** One line about how coverage ran in SQL. */
export function sqlCoverageLine(info: SqlCoverageInfo): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const scanned = info.bytesScanned !== undefined ? `; ${(info.bytesScanned / 1e6).toFixed(1)} MB scanned` : '';
  const local = info.readLocally > 0 ? `; ${n(info.readLocally)} rows read by the local parser` : '';
  return `${info.engine}: ${n(info.paths)} field paths (from ${info.pathsFrom}) measured in ${n(info.queries)} queries${local}${scanned}\n`;
}
