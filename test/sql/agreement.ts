/** Shared by the SQL tests: runs translated rules on DuckDB over event texts and compares with the engine; small helpers. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePattern, matches, parsePattern } from '../../src/pattern/index.js';
import { sqlString, type Dialect } from '../../src/sql/dialect.js';
import type { DuckDbEngine } from '../../src/sql/engines/duckdb.js';
import { translateRules } from '../../src/sql/translate.js';

export interface Pair {
  name: string;
  pattern: string;
  event: string;
}

export interface PairOutcome {
  name: string;
  engine: boolean;
  /** SQL alone decided the row (need false): its verdict. */
  sql?: boolean;
  maybe: boolean;
  need: boolean;
  /** Rule-level: every condition was exact. */
  exact: boolean;
}

/** Every pair's pattern on its own event, SQL next to the engine; in chunks of rules per query. */
export async function comparePairs(engine: DuckDbEngine, pairs: Pair[], dialect: Dialect, chunk = 40): Promise<PairOutcome[]> {
  const out: PairOutcome[] = [];
  for (let start = 0; start < pairs.length; start += chunk) {
    const part = pairs.slice(start, start + chunk);
    const query = translateRules(part.map((p, i) => ({ name: `r${i}`, pattern: p.pattern })), dialect);
    const values = part.map((p, i) => `(${i + 1}, ${sqlString(p.event)})`).join(', ');
    const rows = await engine.rows(`${query.sql(`SELECT * FROM (VALUES ${values}) AS v(line, raw)`)} ORDER BY line`);
    part.forEach((p, i) => {
      const row = rows.find((r) => r.line === i + 1)!;
      let expected = false;
      try {
        expected = matches(compilePattern(p.pattern), JSON.parse(p.event));
      } catch {
        expected = false;
      }
      const need = row.need === true;
      out.push({
        name: p.name,
        engine: expected,
        ...(need ? {} : { sql: row[`sure_${i}`] === true }),
        maybe: row[`maybe_${i}`] === true,
        need,
        exact: query.rules[i]!.exact,
      });
    });
  }
  return out;
}

export function compiles(pattern: string): boolean {
  try {
    parsePattern(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
export async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-sql-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
