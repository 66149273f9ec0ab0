/** Shared by the coverage agreement tests: what must be equal whatever the engine. */
import type { CoverageResult } from '../../src/coverage/types.js';

/** Everything but how distinct values are counted: equal whatever the engine. Distinct counts where the local engine counted exactly. */
export function comparable(result: CoverageResult) {
  return result.topics.map((t) => ({
    detailType: t.detailType,
    events: t.events,
    droppedPaths: t.droppedPaths,
    fields: t.fields.map((f) => ({ ...f, distinct: f.distinct.exact ? f.distinct.count : 'estimated' })),
  }));
}

export function withExactness(sql: CoverageResult, local: CoverageResult) {
  // the SQL engines count distinct values exactly; mark those the local engine estimated alike
  const estimated = new Set(local.topics.flatMap((t) => t.fields.filter((f) => !f.distinct.exact).map((f) => `${t.detailType}\n${f.path}`)));
  return comparable({ ...sql, topics: sql.topics.map((t) => ({ ...t, fields: t.fields.map((f) => (estimated.has(`${t.detailType}\n${f.path}`) ? { ...f, distinct: { count: 0, exact: false } } : f)) })) });
}
