/**
 * Every Trino (Athena engine 3) query gceb writes parses with a parser built from Trino's own
 * grammar (dt-sql-parser's TrinoSQL): pattern queries for the conformance cases and the sample
 * rules, the counting queries around them, and the coverage queries.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TrinoSQL } from 'dt-sql-parser';
import { conformanceCases } from '../pattern/conformance-cases.js';
import { loadRules } from '../../src/rules/load.js';
import { SAMPLE_EVENTS_FILE } from '../../src/sample/index.js';
import { rowsSql, valuesSql } from '../../src/sql/coverage.js';
import { addEventPaths, PathSet } from '../../src/sql/coverage-paths.js';
import { planChunks } from '../../src/sql/coverage-run.js';
import { duckdb, trino } from '../../src/sql/dialect.js';
import { compiles } from './agreement.js';
import { ATHENA_MAX_QUERY_LENGTH } from '../../src/sql/engines/athena-coverage.js';
import { translateRules } from '../../src/sql/translate.js';
import { groupSql, sampleSql } from '../../src/sql/verdicts.js';

const TABLE = `SELECT 0 AS line, raw FROM "archive"."genesys_events" WHERE datehour >= '2024/05/06/00' AND datehour < '2024/05/07/00'`;
const parser = new TrinoSQL();

function syntaxErrors(sql: string): string[] {
  return parser.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}: …${sql.split('\n')[e.startLine - 1]?.slice(Math.max(0, e.startColumn - 60), e.startColumn + 30)}…`);
}


test('the parser for the Trino dialect rejects DuckDB-only SQL (it would catch a dialect slip)', () => {
  for (const sql of ['SELECT [1, 2] FROM t', 'SELECT x::JSON FROM t', 'SELECT * REPLACE (1 AS a) FROM t', 'SELECT a FROM t WHERE']) assert.ok(syntaxErrors(sql).length > 0, sql);
  const duckQuery = translateRules([{ name: 'r', pattern: { source: ['a'] } }], duckdb).sql(TABLE);
  assert.ok(syntaxErrors(duckQuery).length > 0, 'the DuckDB translation is not Trino SQL');
});

test('pattern SQL for every conformance case parses as Trino SQL', () => {
  const patterns = [...new Set(conformanceCases.map((c) => c.pattern).filter(compiles))];
  let queries = 0;
  for (let i = 0; i < patterns.length; i += 40) {
    const query = translateRules(patterns.slice(i, i + 40).map((p, j) => ({ name: `r${j}`, pattern: JSON.parse(p) as unknown })), trino);
    assert.deepEqual(syntaxErrors(query.sql(TABLE)), [], `patterns ${i}..${i + 39}`);
    queries++;
  }
  process.stdout.write(`# trino parse: ${patterns.length} conformance patterns in ${queries} queries\n`);
  assert.ok(patterns.length > 100);
});

test('the sample rules: the per-row query and the counting, undecided-row and sample queries parse as Trino SQL', async () => {
  const rules = await loadRules(['sample'], {});
  const query = translateRules(rules.map((r) => ({ name: r.name, pattern: r.pattern })), trino);
  const perRow = `(${query.sql(TABLE)}) AS r`;
  for (const sql of [groupSql(query, perRow), sampleSql(query, perRow, 500), `SELECT line, raw FROM ${perRow} WHERE need`]) assert.deepEqual(syntaxErrors(sql), []);
  for (const rule of rules) assert.deepEqual(syntaxErrors(translateRules([{ name: rule.name, pattern: rule.pattern }], trino).sql(TABLE)), [], rule.name);
});

test('coverage queries for the sample\'s paths parse as Trino SQL', async () => {
  const set = new PathSet();
  for (const line of (await readFile(SAMPLE_EVENTS_FILE, 'utf8')).split('\n').filter(Boolean)) addEventPaths(JSON.parse(line) as Record<string, unknown>, set);
  // odd keys: quotes, backslashes, dots, brackets, non-ASCII
  for (const key of ['it\'s', 'a"b', 'back\\slash', 'dot.ted', '[]', 'é']) set.add(['detail', key]);
  const rows = `(${rowsSql(trino, TABLE)}) AS rows`;
  const options = { examples: 3, topics: ['v2.users.{id}.presence', "it's"], maxQueryLength: ATHENA_MAX_QUERY_LENGTH, chunk: 250, exactBound: 2000 };
  for (const c of planChunks(trino, rows, set.paths(), options)) {
    assert.deepEqual(syntaxErrors(c.masks), []);
    assert.deepEqual(syntaxErrors(c.cardinality!), []);
    const only = new Map([['v2.users.{id}.presence', [0, 3]], ["it's", [1]]]);
    assert.deepEqual(syntaxErrors(valuesSql(trino, rows, c.paths, options, only)), []);
  }
  assert.deepEqual(syntaxErrors(`SELECT raw FROM ${rows} WHERE ok LIMIT 10000`), []);
  assert.deepEqual(syntaxErrors(`SELECT line, raw, count(*) OVER () AS total FROM ${rows} WHERE NOT ok LIMIT 20`), []);
});
