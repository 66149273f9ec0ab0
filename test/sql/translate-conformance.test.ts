import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceCases, eventText } from '../pattern/conformance-cases.js';
import { duckdb } from '../../src/sql/dialect.js';
import { DuckDbEngine } from '../../src/sql/engines/duckdb.js';
import { comparePairs, compiles } from './agreement.js';

test('DuckDB SQL agrees with the engine on every conformance case with a valid pattern', async () => {
  const pairs = conformanceCases.filter((c) => typeof c.expect === 'boolean' || 'validation' in c.expect).filter((c) => compiles(c.pattern)).map((c) => ({ name: c.name, pattern: c.pattern, event: eventText(c) }));

  const engine = await DuckDbEngine.open();
  try {
    const outcomes = await comparePairs(engine, pairs, duckdb);
    const decided = outcomes.filter((o) => o.sql !== undefined);
    const wrong = decided.filter((o) => o.sql !== o.engine);
    assert.deepEqual(wrong.map((o) => `${o.name}: sql ${o.sql}, engine ${o.engine}`), []);
    // rows SQL sends to the engine are decided there; SQL never drops a match it was not sure of
    const local = outcomes.filter((o) => o.need);
    process.stdout.write(`# conformance: ${pairs.length} cases: ${decided.length} decided by SQL alone (all agree), ${local.length} sent to the local engine\n`);
    assert.ok(decided.length > pairs.length * 0.7, `most cases are decided in SQL (${decided.length}/${pairs.length})`);
  } finally {
    engine.close();
  }
});
