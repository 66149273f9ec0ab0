import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRuleTests } from '../../src/report/verdict-run.js';
import type { VerdictSummary } from '../../src/report/verdict-summary.js';
import { loadRules } from '../../src/rules/load.js';
import { SAMPLE_EVENTS_FILE } from '../../src/sample/index.js';
import { duckdb } from '../../src/sql/dialect.js';
import { DuckDbEngine, ndjsonSource } from '../../src/sql/engines/duckdb.js';
import { translateRules } from '../../src/sql/translate.js';
import { groupSql, sampleSql } from '../../src/sql/verdicts.js';
import { startFakeAthena, type FakeResult } from '../fakes/aws/athena-server.js';
import { runCli } from '../helpers/run-cli.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret-example', AWS_REGION: 'us-east-1', GCEB_ATHENA_POLL_MS: '5' };

/**
 * The fake's answers: each Athena (Trino) query gceb sends is recognised by its shape and
 * answered by the same query in the DuckDB dialect over the sample file, standing in for
 * the table's partitions.
 */
async function sampleTable(): Promise<{ execute: (sql: string) => Promise<FakeResult>; close: () => void }> {
  const rules = await loadRules(['sample'], {});
  const query = translateRules(rules.map((r) => ({ name: r.name, pattern: r.pattern })), duckdb);
  const perRow = `(${query.sql(ndjsonSource(SAMPLE_EVENTS_FILE))}) AS r`;
  const engine = await DuckDbEngine.open();
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    close: () => engine.close(),
    async execute(sql) {
      if (/GROUP BY dt/.test(sql)) {
        const rows = await engine.rows(groupSql(query, perRow));
        const columns = [{ name: 'dt', type: 'varchar' }, { name: 'events', type: 'bigint' }, ...query.rules.map((_, i) => ({ name: `s${i}`, type: 'bigint' }))];
        return { columns, rows: rows.map((r) => columns.map((c) => text(r[c.name]))), bytesScanned: 1_500_000 };
      }
      const limit = /LIMIT (\d+)\s*$/.exec(sql);
      const rows = await engine.rows(limit ? sampleSql(query, perRow, Number(limit[1])) : `SELECT line, raw FROM ${perRow} WHERE need`);
      return { columns: [{ name: 'line', type: 'integer' }, { name: 'raw', type: 'varchar' }], rows: rows.map((r) => [text(r.line), text(r.raw)]), bytesScanned: 1_000_000 };
    },
  };
}

function counts(summary: VerdictSummary) {
  return { events: summary.events, matched: summary.matched, rules: summary.rules.map((r) => ({ rule: r.rule, matched: r.matched, total: r.total, byDetailType: r.byDetailType })) };
}

test('gceb test --engine athena runs the query life cycle against the fake and gives the local counts', async () => {
  const table = await sampleTable();
  const athena = await startFakeAthena({ execute: table.execute, pageSize: 50 });
  try {
    const run = await runCli(
      ['test', '--engine', 'athena', '--athena-database', 'archive', '--athena-table', 'genesys_events', '--workgroup', 'analysts', '--output-location', 's3://results/gceb/', '--since', '2024-05-06', '--until', '2024-05-07T00', '--format', 'json'],
      { env: { ...ENV, AWS_ENDPOINT_URL_ATHENA: athena.endpoint } },
    );
    assert.equal(run.code, 0, run.stderr);
    const rules = await loadRules(['sample'], {});
    const local = await runRuleTests({ rules, inputs: ['sample'] });
    assert.deepEqual(counts((JSON.parse(run.stdout) as { summary: VerdictSummary }).summary), counts(local.summary));
    // the life cycle: start, poll until SUCCEEDED, read every page
    assert.deepEqual([...new Set(athena.calls)].sort(), ['GetQueryExecution', 'GetQueryResults', 'StartQueryExecution']);
    assert.equal(athena.executions.length, 3);
    assert.ok(athena.calls.filter((c) => c === 'GetQueryResults').length > 3, 'results were read page by page');
    for (const e of athena.executions) {
      assert.equal(e.state, 'SUCCEEDED');
      assert.equal(e.request.WorkGroup, 'analysts');
      assert.deepEqual(e.request.ResultConfiguration, { OutputLocation: 's3://results/gceb/' });
      assert.deepEqual(e.request.QueryExecutionContext, { Database: 'archive' });
      assert.match(e.sql, /FROM "archive"\."genesys_events" WHERE datehour >= '2024\/05\/06\/00' AND datehour < '2024\/05\/07\/00'/);
      assert.doesNotMatch(e.sql, /list_transform|json_keys|regexp_matches/, 'Trino SQL, not DuckDB');
    }
    assert.match(run.stderr, /athena: 600 events, [\d,]+ decided in SQL, .* 3\.5 MB scanned/);
  } finally {
    await athena.close();
    table.close();
  }
});

test('--engine athena needs partition bounds, and a failed query is a plain error', async () => {
  const noBounds = await runCli(['test', '--engine', 'athena'], { env: ENV });
  assert.equal(noBounds.code, 2);
  assert.match(noBounds.stderr, /needs --since and --until/);
  const athena = await startFakeAthena({ execute: async () => { throw new Error("TABLE_NOT_FOUND: line 1:8: Table 'awsdatacatalog.default.gceb_events' does not exist"); } });
  try {
    const run = await runCli(['test', '--engine', 'athena', '--since', '2024-05-06', '--until', '2024-05-07'], { env: { ...ENV, AWS_ENDPOINT_URL_ATHENA: athena.endpoint } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Athena query q-1 failed: TABLE_NOT_FOUND/);
    assert.doesNotMatch(run.stderr, /secret-example/);
  } finally {
    await athena.close();
  }
});

test('gceb athena ddl prints a partition-projected table over the Firehose prefixes', async () => {
  const run = await runCli(['athena', 'ddl', '--s3', 's3://my-archive/genesys', '--table', 'events', '--since', '2024-01-01']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^CREATE EXTERNAL TABLE IF NOT EXISTS `default`\.`events` \(\n  `raw` string/);
  assert.match(run.stdout, /PARTITIONED BY \(`datehour` string\)/);
  assert.match(run.stdout, /LOCATION 's3:\/\/my-archive\/genesys\/'/);
  assert.match(run.stdout, /'projection\.datehour\.format' = 'yyyy\/MM\/dd\/HH'/);
  assert.match(run.stdout, /'projection\.datehour\.range' = '2024\/01\/01\/00,NOW'/);
  assert.match(run.stdout, /'storage\.location\.template' = 's3:\/\/my-archive\/genesys\/\$\{datehour\}\/'/);
  const bad = await runCli(['athena', 'ddl', '--s3', 'my-archive']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--s3 must be an S3 URI/);
});
