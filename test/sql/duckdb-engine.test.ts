import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runRuleTests } from '../../src/report/verdict-run.js';
import type { VerdictSummary } from '../../src/report/verdict-summary.js';
import { loadRules } from '../../src/rules/load.js';
import { SAMPLE_EVENTS_FILE } from '../../src/sample/index.js';
import { DuckDbEngine } from '../../src/sql/engines/duckdb.js';
import { DuckDbRunner } from '../../src/sql/engines/duckdb-runner.js';
import { runRuleTestsSql } from '../../src/sql/verdicts.js';
import { runCli } from '../helpers/run-cli.js';
import { withDir } from './agreement.js';

/** What must be equal whatever the engine: per rule and per detail-type counts, events and problems. */
function counts(summary: VerdictSummary) {
  return {
    events: summary.events,
    verdicts: summary.verdicts,
    matched: summary.matched,
    problems: summary.problems,
    rules: summary.rules.map((r) => ({ rule: r.rule, matched: r.matched, total: r.total, byDetailType: r.byDetailType, met: r.expectation?.met })),
    unmet: summary.unmetRuleExpectations,
  };
}


test('on the sample, DuckDB verdict counts equal the local engine, rule by rule and per detail-type', async () => {
  const rules = await loadRules(['sample'], {});
  const local = await runRuleTests({ rules, inputs: ['sample'] });
  const sql = await runRuleTestsSql({ rules, runner: new DuckDbRunner({ inputs: ['sample'] }) });
  assert.deepEqual(counts(sql.summary), counts(local.summary));
  assert.equal(sql.sql.events, 600);
  assert.ok(sql.sql.decidedInSql > 500, `most events decided in SQL (${sql.sql.decidedInSql})`);
  // the reports' explanations exist for rules that miss
  const miss = sql.summary.rules.find((r) => r.matched < r.total)!;
  assert.ok(miss.topFailures.length > 0 && miss.nearestMiss !== undefined);
});

test('malformed lines, blank lines and non-events are problems with file and line; .gz and Parquet read alike', async () => {
  await withDir(async (dir) => {
    const sample = (await readFile(SAMPLE_EVENTS_FILE, 'utf8')).split('\n').filter(Boolean).slice(0, 60);
    const lines = [...sample.slice(0, 20), '', 'not json', '{"id":"x"}', '"text"', '{"a":1,}', ...sample.slice(20)];
    const text = `${lines.join('\n')}\n`;
    const plain = join(dir, 'events.ndjson');
    const gz = join(dir, 'events.ndjson.gz');
    await writeFile(plain, text);
    await writeFile(gz, gzipSync(text));
    const parquet = join(dir, 'events.parquet');
    const engine = await DuckDbEngine.open();
    try {
      await engine.run(`COPY (SELECT line AS raw FROM read_csv('${plain}', columns = {'line': 'VARCHAR'}, delim = E'\\x01', quote = '', escape = '', header = false, auto_detect = false)) TO '${parquet}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
    const rules = await loadRules(['sample'], {});
    const localProblems: string[] = [];
    const local = await runRuleTests({ rules, inputs: [plain], onProblem: (p) => localProblems.push(`${p.line}`) });
    for (const input of [plain, gz, parquet]) {
      const problems: Array<{ source: string; line: number }> = [];
      const sql = await runRuleTestsSql({ rules, runner: new DuckDbRunner({ inputs: [input] }), onProblem: (p) => problems.push(p) });
      assert.deepEqual(counts(sql.summary), counts(local.summary), input);
      assert.equal(sql.summary.problems, 4, input);
      assert.deepEqual(problems.map((p) => p.line), [22, 23, 24, 25], input);
      assert.ok(problems.every((p) => p.source === input));
    }
    assert.equal(local.summary.problems, 4);
  });
});

test('gceb test --engine duckdb --events big.ndjson.gz gives the local engine its counts, with the same reports', async () => {
  await withDir(async (dir) => {
    const text = await readFile(SAMPLE_EVENTS_FILE);
    const gz = join(dir, 'big.ndjson.gz');
    await writeFile(gz, gzipSync(Buffer.concat([text, text, text])));
    const local = await runCli(['test', '--events', gz, '--format', 'json']);
    const duck = await runCli(['test', '--engine', 'duckdb', '--events', gz, '--format', 'json']);
    assert.equal(duck.code, local.code, duck.stderr);
    const summaryOf = (out: string) => (JSON.parse(out) as { summary: VerdictSummary }).summary;
    assert.deepEqual(counts(summaryOf(duck.stdout)), counts(summaryOf(local.stdout)));
    assert.match(duck.stderr, /duckdb: 1,800 events, [\d,]+ decided in SQL/);
    const text2 = await runCli(['test', '--engine', 'duckdb', '--events', gz]);
    assert.match(text2.stdout, /all-genesys-events\s+1800\/1800 matched/);
  });
});

test('--engine rejects unknown engines and stdin for duckdb, with exit 2', async () => {
  const bad = await runCli(['test', '--engine', 'spark']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--engine must be one of local, duckdb, athena/);
  const stdin = await runCli(['test', '--engine', 'duckdb', '--events', '-'], { stdin: '{}' });
  assert.equal(stdin.code, 2);
  assert.match(stdin.stderr, /reads files, not stdin/);
});
