/**
 * SQL section: `gceb test` on a generated file of 1,000,000 events (NDJSON .gz)
 * with the sample rules, the local engine against DuckDB. Prints throughput
 * (wall and CPU, CPU including DuckDB's threads) and whether the per-rule
 * match counts agree. The local main job explains every miss; it is timed on
 * the first slice of the file and its rate is reported for that slice. Then `gceb coverage`
 * on the same file, local against DuckDB, with the fields whose counts agree.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { analyzeCoverage } from '../../src/coverage/analyze.js';
import { compileRuleSet, matchRuleSet } from '../../src/pattern/index.js';
import { runRuleTests } from '../../src/report/verdict-run.js';
import { loadRules } from '../../src/rules/load.js';
import { generateEvents } from '../../src/sample/index.js';
import { DuckDbRunner } from '../../src/sql/engines/duckdb-runner.js';
import { runRuleTestsSql } from '../../src/sql/verdicts.js';
import { textTable, type BenchOptions, type BenchResult, type BenchSection } from './section.js';

export const SQL_BENCH_EVENTS = 1_000_000;
const MAIN_JOB_SLICE = 5_000;

async function writeEvents(path: string, count: number): Promise<void> {
  const file = createWriteStream(path);
  const gzip = createGzip({ level: 1 });
  gzip.pipe(file);
  let buffer = '';
  for (const event of generateEvents({ count })) {
    buffer += `${JSON.stringify(event)}\n`;
    if (buffer.length > 1 << 20) {
      if (!gzip.write(buffer)) await new Promise((r) => gzip.once('drain', r));
      buffer = '';
    }
  }
  gzip.end(buffer);
  await new Promise<void>((r) => file.on('close', () => r()));
}

async function* lines(path: string, limit = Infinity): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (line === '') continue;
    if (n++ >= limit) break;
    yield line;
  }
  rl.close();
}

interface Timed<T> {
  value: T;
  seconds: number;
  cpuSeconds: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
}

export const sqlSection: BenchSection = {
  name: 'sql',
  summary: 'gceb test and gceb coverage on 1 M generated events: local engine against DuckDB (--sql-events N or GCEB_BENCH_SQL_EVENTS)',
  async run(options: BenchOptions & { sqlEvents?: number }): Promise<BenchResult> {
    const count = options.sqlEvents ?? SQL_BENCH_EVENTS;
    const dir = await mkdtemp(join(os.tmpdir(), 'gceb-bench-sql-'));
    try {
      const file = join(dir, 'events.ndjson.gz');
      options.progress(`sql: writing ${count} events to ${file}`);
      await writeEvents(file, count);
      const bytes = (await stat(file)).size;
      const rules = await loadRules(['sample'], {});
      const load = os.loadavg()[0]!;

      options.progress('sql: duckdb');
      const duck = await timed(() => runRuleTestsSql({ rules, runner: new DuckDbRunner({ inputs: [file] }) }));

      options.progress('sql: local counts (parse + matchRuleSet)');
      const set = compileRuleSet(rules.map((r) => ({ name: r.name, pattern: r.pattern as object })));
      const local = await timed(async () => {
        const counts = new Map(rules.map((r) => [r.name, 0]));
        let events = 0;
        for await (const line of lines(file)) {
          events++;
          for (const name of matchRuleSet(set, JSON.parse(line) as object)) counts.set(name, counts.get(name)! + 1);
        }
        return { counts, events };
      });

      options.progress(`sql: local main job (explanations) on the first ${MAIN_JOB_SLICE} events`);
      const slice = Math.min(MAIN_JOB_SLICE, count);
      const mainJob = await timed(async () => {
        const records = (async function* () {
          let line = 0;
          for await (const text of lines(file, slice)) yield { event: JSON.parse(text) as unknown, source: file, line: ++line };
        })();
        return runRuleTests({ rules, events: records });
      });

      options.progress('sql: coverage, local engine');
      const localCoverage = await timed(() => analyzeCoverage([file]));
      options.progress('sql: coverage, duckdb');
      const duckCoverage = await timed(() => new DuckDbRunner({ inputs: [file] }).coverage({}));
      const fieldCounts = (r: typeof localCoverage.value.result) => r.topics.flatMap((t) => t.fields.map((f) => JSON.stringify([t.detailType, t.events, f.path, f.present, f.null, f.absent, f.empty, f.types, f.values ?? null])));
      const localFields = fieldCounts(localCoverage.value.result);
      const duckFields = new Set(fieldCounts(duckCoverage.value.result));
      const coverageEqual = localFields.filter((f) => duckFields.has(f)).length;

      const disagreeing = duck.value.summary.rules.filter((r) => r.matched !== local.value.counts.get(r.rule) || r.total !== local.value.events);
      const rate = (events: number, t: Timed<unknown>) => ({ eventsPerSecond: Math.round(events / t.seconds), eventsPerCpuSecond: Math.round(events / t.cpuSeconds), seconds: t.seconds, cpuSeconds: t.cpuSeconds });
      const figures = {
        events: count,
        gzipBytes: bytes,
        rules: rules.length,
        loadAverage1m: load,
        duckdb: { ...rate(count, duck), decidedInSql: duck.value.sql.decidedInSql, checkedLocally: duck.value.sql.checkedLocally, explained: duck.value.sql.explained },
        localCounts: rate(count, local),
        localMainJob: { ...rate(slice, mainJob), events: slice },
        coverage: { local: rate(count, localCoverage), duckdb: { ...rate(count, duckCoverage), queries: duckCoverage.value.sql.queries }, fields: localFields.length, fieldsWithEqualCounts: coverageEqual, duckdbFields: duckFields.size },
        agreement: { rules: rules.length, rulesWithEqualCounts: rules.length - disagreeing.length, disagreeing: disagreeing.map((r) => r.rule) },
        ratioDuckdbToLocalCountsWall: local.seconds / duck.seconds,
        ratioDuckdbToMainJobWall: (count / duck.seconds) / (slice / mainJob.seconds),
      };
      const f = (n: number) => Math.round(n).toLocaleString('en-US');
      const text = [
        `SQL engines: ${f(count)} generated events (${(bytes / 1e6).toFixed(1)} MB gzip), ${rules.length} sample rules; load average ${load.toFixed(1)} on ${os.cpus().length} CPUs`,
        textTable(
          ['engine', 'events', 'wall s', 'CPU s', 'events/s', 'events/CPU s'],
          [
            ['duckdb (gceb test --engine duckdb)', f(count), duck.seconds.toFixed(1), duck.cpuSeconds.toFixed(1), f(count / duck.seconds), f(count / duck.cpuSeconds)],
            ['local counts only (parse + matchRuleSet)', f(count), local.seconds.toFixed(1), local.cpuSeconds.toFixed(1), f(count / local.seconds), f(count / local.cpuSeconds)],
            [`local main job (gceb test, every miss explained)`, f(slice), mainJob.seconds.toFixed(1), mainJob.cpuSeconds.toFixed(1), f(slice / mainJob.seconds), f(slice / mainJob.cpuSeconds)],
            ['coverage, local engine (gceb coverage)', f(count), localCoverage.seconds.toFixed(1), localCoverage.cpuSeconds.toFixed(1), f(count / localCoverage.seconds), f(count / localCoverage.cpuSeconds)],
            ['coverage, duckdb (gceb coverage --engine duckdb)', f(count), duckCoverage.seconds.toFixed(1), duckCoverage.cpuSeconds.toFixed(1), f(count / duckCoverage.seconds), f(count / duckCoverage.cpuSeconds)],
          ],
        ),
        `duckdb: ${f(duck.value.sql.decidedInSql)} events decided in SQL, ${f(duck.value.sql.checkedLocally)} re-checked by the local engine, misses explained on ${f(duck.value.sql.explained)} rows`,
        `agreement: ${figures.agreement.rulesWithEqualCounts} of ${rules.length} rules have equal match counts (duckdb vs local)${disagreeing.length ? `; differ: ${disagreeing.map((r) => r.rule).join(', ')}` : ''}`,
        `coverage agreement: ${f(coverageEqual)} of ${f(localFields.length)} topic × field rows have equal counts (present, null, absent, empty, types, enum values; duckdb has ${f(duckFields.size)})`,
        `wall-clock ratio duckdb / local counts: ${figures.ratioDuckdbToLocalCountsWall.toFixed(2)}x; duckdb / local main job: ${figures.ratioDuckdbToMainJobWall.toFixed(1)}x (same run)`,
      ].join('\n');
      return { figures, text };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
