import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeCoverage } from '../../src/coverage/analyze.js';
import type { CoverageResult } from '../../src/coverage/types.js';
import { SAMPLE_EVENTS_FILE } from '../../src/sample/index.js';
import { cardinalitySql, masksSql, rowsSql, valuesSql } from '../../src/sql/coverage.js';
import { addEventPaths, MAX_MEASURED_PATHS, PathSet } from '../../src/sql/coverage-paths.js';
import { exactValuePaths, planChunks, type PathChunk } from '../../src/sql/coverage-run.js';
import { duckdb, trino } from '../../src/sql/dialect.js';
import { ATHENA_MAX_QUERY_LENGTH } from '../../src/sql/engines/athena-coverage.js';
import { DuckDbEngine, ndjsonSource } from '../../src/sql/engines/duckdb.js';
import { startFakeAthena, type FakeResult } from '../fakes/aws/athena-server.js';
import { runCli } from '../helpers/run-cli.js';
import { comparable } from './coverage-compare.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example', AWS_REGION: 'us-east-1', GCEB_ATHENA_POLL_MS: '5' };
const TABLE_ROWS = `SELECT 0 AS line, raw FROM "archive"."genesys_events" WHERE datehour >= '2024/05/06/00' AND datehour < '2024/05/07/00'`;

/**
 * The fake's table is the sample file: the coverage queries gceb sends in Trino SQL are
 * matched to the chunks of paths they measure and answered by the same queries in DuckDB SQL.
 */
async function sampleTable() {
  const engine = await DuckDbEngine.open();
  const duckRows = `(${rowsSql(duckdb, ndjsonSource(SAMPLE_EVENTS_FILE))}) AS rows`;
  const trinoRows = `(${rowsSql(trino, TABLE_ROWS)}) AS rows`;
  const set = new PathSet(MAX_MEASURED_PATHS);
  for (const line of (await readFile(SAMPLE_EVENTS_FILE, 'utf8')).split('\n').filter(Boolean)) addEventPaths(JSON.parse(line) as Record<string, unknown>, set);
  const options = { examples: 3, maxQueryLength: ATHENA_MAX_QUERY_LENGTH, chunk: 250, exactBound: 2000 };
  const answers = new Map<string, { sql: string; kind: 'masks' | 'cardinality' | 'values'; paths: number; chunk: PathChunk }>();
  const chunks = planChunks(trino, trinoRows, set.paths(), options);
  for (const c of chunks) {
    answers.set(c.masks, { sql: masksSql(duckdb, duckRows, c.paths, options), kind: 'masks', paths: c.paths.length, chunk: c });
    answers.set(c.cardinality!, { sql: cardinalitySql(duckdb, duckRows, c.paths, options), kind: 'cardinality', paths: c.paths.length, chunk: c });
  }
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const unknown: string[] = [];
  async function execute(sql: string): Promise<FakeResult> {
    const answer = answers.get(sql);
    if (answer) {
      const rows = await engine.rows(answer.sql);
      if (answer.kind === 'cardinality') {
        // the values query gceb sends next follows from these rows
        const only = exactValuePaths(rows, options.exactBound);
        answers.set(valuesSql(trino, trinoRows, answer.chunk.paths, options, only), { sql: valuesSql(duckdb, duckRows, answer.chunk.paths, options, only), kind: 'values', paths: answer.paths, chunk: answer.chunk });
      }
      const columns = answer.kind === 'masks'
        ? [{ name: 'dt', type: 'varchar' }, { name: 'events', type: 'bigint' }, ...Array.from({ length: answer.paths }, (_, i) => ({ name: `h${i}`, type: 'varchar' }))]
        : answer.kind === 'cardinality'
          ? ['dt', 'pid', 'approx', 'firsts'].map((name) => ({ name, type: name === 'approx' ? 'bigint' : 'varchar' }))
          : ['dt', 'k', 'n', 'distinct_n', 'rn'].map((name) => ({ name, type: name === 'dt' || name === 'k' ? 'varchar' : 'bigint' }));
      return { columns, rows: rows.map((r) => columns.map((c) => text(r[c.name]))), bytesScanned: 2_000_000 };
    }
    const sample = /^SELECT raw FROM .* WHERE ok LIMIT (\d+)$/s.exec(sql);
    if (sample && sql.includes(trinoRows)) {
      const rows = await engine.rows(`SELECT raw FROM ${duckRows} WHERE ok LIMIT ${sample[1]}`);
      return { columns: [{ name: 'raw', type: 'varchar' }], rows: rows.map((r) => [text(r.raw)]), bytesScanned: 500_000 };
    }
    if (/count\(\*\) OVER \(\) AS total FROM .* WHERE NOT ok LIMIT \d+$/s.test(sql)) return { columns: ['line', 'raw', 'total'].map((name) => ({ name, type: name === 'raw' ? 'varchar' : 'bigint' })), rows: [], bytesScanned: 1_000_000 };
    unknown.push(sql);
    throw new Error('SYNTAX_ERROR: the fake does not know this query');
  }
  return { execute, chunks, unknown, close: () => engine.close() };
}

test('gceb coverage --engine athena runs the query life cycle against the fake and gives the local coverage', async () => {
  const table = await sampleTable();
  const athena = await startFakeAthena({ execute: table.execute, pageSize: 100 });
  const out = await mkdtemp(join(tmpdir(), 'gceb-athena-cov-'));
  try {
    const run = await runCli(
      ['coverage', '--engine', 'athena', '--athena-database', 'archive', '--athena-table', 'genesys_events', '--workgroup', 'analysts', '--output-location', 's3://results/gceb/', '--since', '2024-05-06', '--until', '2024-05-07', '--out', out, '--format', 'json'],
      { env: { ...ENV, AWS_ENDPOINT_URL_ATHENA: athena.endpoint } },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(table.unknown, []);
    const local = await analyzeCoverage(['sample']);
    const result = JSON.parse(await readFile(join(out, 'coverage.json'), 'utf8')) as CoverageResult;
    const exactOnly = (r: CoverageResult) => comparable(r).map((t) => ({ ...t, fields: t.fields.map((f) => ({ ...f, examples: f.examples.length })) }));
    assert.deepEqual(exactOnly(result), exactOnly(local.result));
    // the life cycle: the sample pass, each chunk's two queries, the problems
    assert.equal(athena.executions.length, 2 + 3 * table.chunks.length);
    assert.ok(athena.calls.filter((c) => c === 'GetQueryResults').length > athena.executions.length, 'results were read page by page');
    for (const e of athena.executions) {
      assert.equal(e.state, 'SUCCEEDED');
      assert.equal(e.request.WorkGroup, 'analysts');
      assert.deepEqual(e.request.ResultConfiguration, { OutputLocation: 's3://results/gceb/' });
      assert.ok(e.sql.length <= ATHENA_MAX_QUERY_LENGTH);
      assert.doesNotMatch(e.sql, /list_transform|json_keys|regexp_matches|json_group_structure/, 'Trino SQL, not DuckDB');
    }
    const scanned = (0.5 + 3 * 2 * table.chunks.length + 1).toFixed(1);
    assert.match(run.stderr, new RegExp(`athena: \\d+ field paths \\(from a sample of 600 events\\) measured in ${athena.executions.length} queries; ${scanned.replace('.', '\\.')} MB scanned`));
  } finally {
    await athena.close();
    table.close();
    await rm(out, { recursive: true, force: true });
  }
});

test('gceb coverage --engine athena needs partition bounds; --events is not needed', async () => {
  const run = await runCli(['coverage', '--engine', 'athena'], { env: ENV });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /needs --since and --until/);
});
