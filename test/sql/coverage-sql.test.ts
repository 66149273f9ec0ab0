import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeCoverage } from '../../src/coverage/analyze.js';
import type { CoverageResult } from '../../src/coverage/types.js';
import { generateEvents, SAMPLE_EVENTS_FILE } from '../../src/sample/index.js';
import { DuckDbEngine } from '../../src/sql/engines/duckdb.js';
import { duckdbCoverage } from '../../src/sql/engines/duckdb-coverage.js';
import { DuckDbRunner } from '../../src/sql/engines/duckdb-runner.js';
import { runCli } from '../helpers/run-cli.js';
import { withDir } from './agreement.js';
import { comparable, withExactness } from './coverage-compare.js';


test('on the sample, DuckDB coverage equals the local engine: counts, types, distinct values, examples and enum values', async () => {
  const local = await analyzeCoverage(['sample']);
  const sql = await new DuckDbRunner({ inputs: ['sample'] }).coverage({});
  assert.equal(sql.result.events, 600);
  assert.deepEqual(withExactness(sql.result, local.result), comparable(local.result));
  assert.ok(sql.sql.paths > 100 && sql.sql.pathsFrom === 'the first 600 events');
  // redaction and the topic filter act alike
  const redacted = await analyzeCoverage(['sample'], { redact: true, topics: ['v2.users.{id}.presence'] });
  const redactedSql = await new DuckDbRunner({ inputs: ['sample'] }).coverage({ redact: true, topics: ['v2.users.{id}.presence'] });
  assert.deepEqual(withExactness(redactedSql.result, redacted.result), comparable(redacted.result));
  assert.equal(redactedSql.result.topics.length, 1);
});

test('on generated events with malformed lines, as .ndjson, .gz and Parquet, DuckDB coverage equals the local engine; the step-by-step (Trino-shaped) SQL too', async () => {
  await withDir(async (dir) => {
    const events = [...generateEvents({ count: 3000, seed: 18 })].map((e) => JSON.stringify(e));
    // lenient-looking text inside strings is read by the local parser and put back; mixed types and empty objects need a second look
    const odd = [
      '{"detail-type":"odd","a":"hello, information","n":[1,{"b":2},[3,{"c":"x"}]],"o":{},"m":{"k":1}}',
      '{"detail-type":"odd","a":{"deep":{"er":true}},"n":"text","o":{"z":null},"m":"flat","dotted.key":{"x.y":[]}}',
      '{"detail-type":"odd","a":[true,false,null],"n":[],"list":[[["deep"]]]}',
    ];
    const lines = [...events.slice(0, 1000), '', 'not json', '"text"', '{"a":1,}', ...odd, ...events.slice(1000)];
    const text = `${lines.join('\n')}\n`;
    const plain = join(dir, 'events.ndjson');
    const gz = join(dir, 'events.ndjson.gz');
    const parquet = join(dir, 'events.parquet');
    await writeFile(plain, text);
    await writeFile(gz, gzipSync(text));
    const engine = await DuckDbEngine.open();
    try {
      await engine.run(`COPY (SELECT line AS raw FROM read_csv('${plain}', columns = {'line': 'VARCHAR'}, delim = E'\\x01', quote = '', escape = '', header = false, auto_detect = false)) TO '${parquet}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
    const local = await analyzeCoverage([plain]);
    assert.equal(local.problems.count, 3);
    const expected = comparable(local.result);
    for (const input of [plain, gz, parquet]) {
      const sql = await new DuckDbRunner({ inputs: [input] }).coverage({});
      assert.deepEqual(withExactness(sql.result, local.result), expected, input);
      assert.equal(sql.problems.count, 3, input);
      assert.deepEqual(sql.problems.sample.map((p) => p.line), [1002, 1003, 1004], input);
      assert.equal(sql.sql.readLocally, 4, `${input}: three problems and one event put back`);
    }
    const stepwise = await duckdbCoverage({ files: [plain], fast: false }, {});
    assert.deepEqual(withExactness(stepwise.result, local.result), expected, 'step-by-step lists (the Trino shape) on DuckDB');
  });
});

test('gceb coverage --engine duckdb writes the same coverage.json as the local engine', async () => {
  await withDir(async (dir) => {
    const text = await readFile(SAMPLE_EVENTS_FILE);
    const gz = join(dir, 'big.ndjson.gz');
    await writeFile(gz, gzipSync(Buffer.concat([text, text])));
    const localRun = await runCli(['coverage', '--events', gz, '--out', join(dir, 'local'), '--format', 'json,csv']);
    const duckRun = await runCli(['coverage', '--engine', 'duckdb', '--events', gz, '--out', join(dir, 'duck'), '--format', 'json,csv']);
    assert.equal(localRun.code, 0, localRun.stderr);
    assert.equal(duckRun.code, 0, duckRun.stderr);
    assert.match(duckRun.stderr, /duckdb: \d+ field paths \(from the first 1,200 events\)/);
    assert.match(duckRun.stdout, /^1200 events in 18 topics/);
    const read = async (d: string) => JSON.parse(await readFile(join(dir, d, 'coverage.json'), 'utf8')) as CoverageResult;
    const localJson = await read('local');
    assert.deepEqual(withExactness(await read('duck'), localJson), comparable(localJson));
    assert.equal(await readFile(join(dir, 'duck', 'coverage.csv'), 'utf8'), await readFile(join(dir, 'local', 'coverage.csv'), 'utf8'));
    const stdin = await runCli(['coverage', '--engine', 'duckdb', '--events', '-'], { stdin: '{}' });
    assert.equal(stdin.code, 2);
    assert.match(stdin.stderr, /reads files, not stdin/);
  });
});

test('duckdb coverage of a file with no events: zero events, no crash', async () => {
  await withDir(async (dir) => {
    const file = join(dir, 'empty.ndjson');
    await writeFile(file, '\n\n');
    const sql = await duckdbCoverage({ files: [file] }, {});
    assert.equal(sql.result.events, 0);
    assert.deepEqual(sql.result.topics, []);
  });
});
