import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern } from '../../src/pattern/index.js';
import { EventValues } from '../../src/pattern/event-values.js';
import { PathTable } from '../../src/pattern/match.js';
import { compileLeafProbe, PROBE_ABSENT, PROBE_FAILS, PROBE_FAILS_PLAIN, PROBE_HOLDS, PROBE_OBJECT } from '../../src/pattern/leaf-probe.js';
import type { Condition } from '../../src/pattern/conditions.js';

const PATTERN = {
  a: ['x', 'Y', { prefix: 'pre' }, { suffix: '.end' }],
  b: [{ wildcard: 'v2.*.end' }, { 'anything-but': { prefix: 'no' } }],
  c: [{ numeric: ['>', 5] }, { cidr: '10.0.0.0/8' }, { 'equals-ignore-case': 'MiXeD' }],
  d: [{ exists: false }],
  e: [{ 'anything-but': ['q'] }],
};
// Leaves of other rules on the same paths, sharing prefixes (tested once per value).
const MORE = { a: [{ prefix: 'pre' }, { wildcard: 'pre*x' }], b: [{ wildcard: 'v2.*.start' }, { prefix: 'v2.' }] };
const VALUES: unknown[] = ['prex', 'v2.a.start', ['v2.a.end', 'prex'], ['x', 'v2.b.start'], 'x', 'X', 'y', 'prefix', 'the.end', 'v2.a.end', 'nothing', 'no', 10, 3, '10.1.2.3', 'mixed', null, true, ['q', 'x'], { o: 1 }, undefined];

describe('compileLeafProbe', () => {
  it('says what each leaf does on every kind of value, as its conditions do', () => {
    const compiled = compilePattern(PATTERN);
    const table = new PathTable();
    const leaves = [compiled, compilePattern(MORE)].flatMap((c) => c.parsed.entries.flatMap((e) => (e.kind === 'leaf' ? [e.leaf] : [])));
    const probed = leaves.map((leaf) => ({ pathId: table.idOf(leaf), conditions: leaf.conditions, absentMatches: leaf.absentMatches, maybeTypeOrCase: () => false }));
    const probe = compileLeafProbe(probed);
    const values = new EventValues(table.trie, table.size);
    const out = new Uint8Array(leaves.length);
    const holds = (conditions: readonly Condition[], v: unknown): boolean => (Array.isArray(v) ? v : [v]).some((x) => conditions.some((c) => c.test(x as never)));
    for (const value of VALUES) {
      const event = Object.fromEntries(Object.keys(PATTERN).map((k) => [k, structuredClone(value)]));
      values.load(event);
      probe(values, out);
      leaves.forEach((leaf, k) => {
        const present = value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value));
        let expected: number;
        if (!present) expected = leaf.absentMatches ? PROBE_HOLDS : value !== undefined ? PROBE_OBJECT : PROBE_ABSENT;
        else if (holds(leaf.conditions, value)) expected = PROBE_HOLDS;
        else expected = typeof value === 'string' ? PROBE_FAILS_PLAIN : PROBE_FAILS;
        assert.equal(out[k], expected, `${leaf.path} on ${JSON.stringify(value)}`);
      });
    }
  });
});
