/**
 * The main job (`gceb test`) on a SQL engine: one query per input decides
 * most verdicts in SQL (counts per detail-type and rule); the rows it cannot
 * decide exactly go through the local engine, so every count is the
 * engine's. Misses are explained on a sample (rows SQL sent to the engine,
 * then the first rows some rule misses), which gives the top failures and
 * nearest misses of the reports.
 */
import { ValidationException } from '../pattern/errors.js';
import type { ReadProblem } from '../events/read.js';
import { VerdictAggregator, type RuleSummary } from '../report/verdict-summary.js';
import type { RuleTestRun } from '../report/verdict-run.js';
import { RuleEvaluator, detailTypeOf, type Verdict } from '../report/verdicts.js';
import { compileRuleSet, matchRuleSet, parseTestEvent, readEventText } from '../pattern/index.js';
import type { Expectation, TestRule } from '../rules/types.js';
import type { Dialect } from './dialect.js';
import { translateRules, type PatternQuery } from './translate.js';

/** One detail-type's rows that SQL decided: how many, and per rule how many match. */
export interface SqlGroup {
  dt: string;
  events: number;
  sure: number[];
}

export interface RawRow {
  source: string;
  line: number;
  raw: string;
}

export interface SqlPass {
  groups: SqlGroup[];
  /** Rows SQL could not decide: counted by the local engine. */
  localRows: RawRow[];
  /** Rows some rule misses, for explanations only (already counted in `groups`). */
  sampleRows: RawRow[];
  /** Bytes the engine read or scanned (Athena reports it). */
  bytesScanned?: number;
}

/** An engine that runs pattern SQL: DuckDB or Athena. */
export interface SqlRunner {
  readonly name: string;
  readonly dialect: Dialect;
  pass(query: PatternQuery, options: { sampleRows: number; signal?: AbortSignal }): Promise<SqlPass>;
}

export interface SqlRunInfo {
  engine: string;
  events: number;
  decidedInSql: number;
  checkedLocally: number;
  /** Rows whose misses were explained (top failures, nearest misses). */
  explained: number;
  exactRules: number;
  rules: number;
  bytesScanned?: number;
  /** Per rule, why some condition is only a superset. */
  notes: Array<{ rule: string; notes: string[] }>;
}

export interface RunRuleTestsSqlOptions {
  rules: readonly TestRule[];
  runner: SqlRunner;
  expect?: Expectation;
  maxKeptVerdicts?: number;
  /** Rows explained for the reports (top failures, nearest misses). Default 500. */
  missSample?: number;
  onProblem?: (problem: ReadProblem) => void;
  onVerdicts?: (verdicts: Verdict[]) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Rows explained by default: enough for top failures and nearest misses, bounded on any archive. */
export const DEFAULT_MISS_SAMPLE = 500;

interface Counts {
  matched: number;
  total: number;
  byDetailType: Map<string, { matched: number; total: number }>;
}

export async function runRuleTestsSql(options: RunRuleTestsSqlOptions): Promise<RuleTestRun & { sql: SqlRunInfo }> {
  const { rules, runner } = options;
  const query = translateRules(rules.map((r) => ({ name: r.name, pattern: r.pattern })), runner.dialect);
  const pass = await runner.pass(query, { sampleRows: options.missSample ?? DEFAULT_MISS_SAMPLE, ...(options.signal ? { signal: options.signal } : {}) });
  const evaluator = new RuleEvaluator(rules);
  const aggregator = new VerdictAggregator(rules, {
    ...(options.expect ? { expect: options.expect } : {}),
    ...(options.maxKeptVerdicts !== undefined ? { maxKeptVerdicts: options.maxKeptVerdicts } : {}),
  });
  const counts: Counts[] = rules.map(() => ({ matched: 0, total: 0, byDetailType: new Map() }));
  let events = 0;
  let problems = 0;
  const add = (i: number, dt: string, total: number, matched: number) => {
    const c = counts[i]!;
    c.total += total;
    c.matched += matched;
    const d = c.byDetailType.get(dt) ?? { matched: 0, total: 0 };
    d.total += total;
    d.matched += matched;
    c.byDetailType.set(dt, d);
  };
  for (const g of pass.groups) {
    events += g.events;
    rules.forEach((_, i) => add(i, g.dt, g.events, g.sure[i] ?? 0));
  }
  // Rows SQL left undecided are counted by the rule set; the first `missSample` rows (those, then
  // rows some rule misses) are also explained for the reports.
  const set = compileRuleSet(rules.map((r) => ({ name: r.name, pattern: r.pattern as object })));
  const index = new Map(rules.map((r, i) => [r.name, i]));
  let explainBudget = options.missSample ?? DEFAULT_MISS_SAMPLE;
  let explained = 0;
  const evaluate = async (row: RawRow, counted: boolean) => {
    options.signal?.throwIfAborted();
    let event: unknown;
    try {
      event = readEventText(row.raw).value;
      parseTestEvent(event as object);
    } catch (error) {
      if (counted) {
        problems++;
        const message = error instanceof ValidationException
          ? 'not an EventBridge event (AWS: Parameter Event is not valid.): a JSON object with id, account, source, time, region and detail-type is needed.'
          : `not valid JSON: ${(error as Error).message}`;
        options.onProblem?.({ source: row.source, line: row.line, message });
      }
      return;
    }
    if (counted) {
      events++;
      const dt = detailTypeOf(event);
      const matched = new Set(matchRuleSet(set, event as object).map((name) => index.get(name)!));
      rules.forEach((_, i) => add(i, dt, 1, matched.has(i) ? 1 : 0));
    }
    if (explainBudget <= 0) return;
    explainBudget--;
    explained++;
    const verdicts = evaluator.evaluate(event, { source: row.source, line: row.line });
    aggregator.addEvent(event, verdicts);
    if (options.onVerdicts) await options.onVerdicts(verdicts);
  };
  for (const row of pass.localRows) await evaluate(row, true);
  for (const row of pass.sampleRows) await evaluate(row, false);

  const summary = aggregator.summary();
  const rulesOut: RuleSummary[] = summary.rules.map((r, i) => {
    const c = counts[i]!;
    const byDetailType = [...c.byDetailType.entries()]
      .map(([detailType, x]) => ({ detailType, ...x }))
      .sort((a, b) => b.total - a.total || a.detailType.localeCompare(b.detailType));
    const out: RuleSummary = { ...r, matched: c.matched, total: c.total, byDetailType };
    if (r.expectation) out.expectation = { expect: r.expectation.expect, met: r.expectation.expect === 'match' ? c.matched > 0 : c.matched === 0 };
    return out;
  });
  const verdicts = events * rules.length;
  const matched = counts.reduce((n, c) => n + c.matched, 0);
  summary.events = events;
  summary.verdicts = verdicts;
  summary.matched = matched;
  summary.problems = problems;
  summary.rules = rulesOut;
  summary.unmetRuleExpectations = rulesOut.filter((r) => r.expectation && !r.expectation.met).map((r) => r.rule);
  if (summary.expect) {
    summary.expect.checked = verdicts;
    summary.expect.disagreed = summary.expect.expect === 'match' ? verdicts - matched : matched;
  }
  summary.verdictsTruncated = summary.keptVerdicts < verdicts;
  const decidedInSql = pass.groups.reduce((n, g) => n + g.events, 0);
  return {
    summary,
    verdicts: aggregator.keptVerdicts(),
    sql: {
      engine: runner.name,
      events,
      decidedInSql,
      checkedLocally: pass.localRows.length,
      explained,
      exactRules: query.rules.filter((r) => r.exact).length,
      rules: rules.length,
      ...(pass.bytesScanned !== undefined ? { bytesScanned: pass.bytesScanned } : {}),
      notes: query.rules.filter((r) => r.notes.length > 0).map((r) => ({ rule: r.name, notes: r.notes })),
    },
  };
}

/** The aggregate and row queries every runner issues over its per-row relation (`rows`). */
export function groupSql(query: PatternQuery, rows: string): string {
  const sums = query.rules.map((_, i) => `sum(CASE WHEN sure_${i} THEN 1 ELSE 0 END) AS s${i}`);
  return `SELECT dt, count(*) AS events${sums.map((s) => `, ${s}`).join('')} FROM ${rows} WHERE NOT need GROUP BY dt`;
}

export function toGroups(query: PatternQuery, rows: Array<Record<string, unknown>>): SqlGroup[] {
  return rows.map((r) => ({ dt: String(r.dt ?? ''), events: Number(r.events), sure: query.rules.map((_, i) => Number(r[`s${i}`] ?? 0)) }));
}

/** Rows some rule misses, decided in SQL (explanations only). */
export function sampleSql(query: PatternQuery, rows: string, limit: number): string {
  const someMiss = query.rules.map((_, i) => `NOT sure_${i}`).join(' OR ') || 'false';
  return `SELECT line, raw FROM ${rows} WHERE NOT need AND (${someMiss}) LIMIT ${limit}`;
}
