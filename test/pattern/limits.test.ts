import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compilePattern,
  compileRuleSet,
  InvalidEventPatternException,
  matches,
  matchRuleSet,
  testEventPattern,
} from '../../src/pattern/index.js';
import { MAX_OR_COMBINATIONS } from '../../src/pattern/compile.js';
import { wildcardTester } from '../../src/pattern/wildcard.js';

const ENVELOPE = { id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd' };
const NESTING_REASON = 'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InvalidEventPatternException, String(error));
    return error.reason;
  }
  return 'no error';
}

// A backtracking matcher takes hours on these; the timeout turns a hang into a failure.
test('wildcards with many stars answer on 1 MB values (single pattern and rule set)', { timeout: 20_000 }, () => {
  const long = 'a'.repeat(1 << 20);
  for (const wildcard of ['*a*a*a*a*b', '*a*b', '*a*a*b', 'a*a*a*a*a*b*', '*error*timeout*']) {
    const pattern = { a: [{ wildcard }] };
    const compiled = compilePattern(pattern);
    const set = compileRuleSet([{ name: 'w', pattern }, { name: 'not', pattern: { a: [{ 'anything-but': { wildcard } }] } }]);
    assert.equal(matches(compiled, { a: long }), false, wildcard);
    assert.deepEqual(matchRuleSet(set, { a: long }), ['not'], wildcard);
  }
  assert.equal(matches(compilePattern({ a: [{ wildcard: '*a*a*a*a*b' }] }), { a: `${long}b` }), true);
  assert.equal(matches(compilePattern({ a: [{ wildcard: '*error*timeout*' }] }), { a: `${long}error${long}timeout` }), true);
});

/** The reference semantics, for short values only: `*` is any run of characters. */
function referenceMatch(pattern: string, value: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '\\') source += pattern[++i]!.replace(/[*\\]/, '\\$&');
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(value);
}

test('the greedy wildcard matcher agrees with the definition', () => {
  const wildcard = fc
    .array(fc.constantFrom('a', 'b', 'ab', '*', '\\*', '\\\\', '-', '.'), { maxLength: 7 })
    .map((parts) => parts.join(''))
    .filter((w) => !w.includes('**') && !/(^|[^\\])(\\\\)*\\\*\*/.test(w) && !w.includes('\\**'));
  const value = fc.string({ unit: fc.constantFrom('a', 'b', '*', '\\', '-', '.'), maxLength: 9 });
  fc.assert(
    fc.property(wildcard, value, (w, v) => {
      let tester;
      try {
        tester = wildcardTester(w);
      } catch {
        return true;
      }
      assert.equal(tester(v), referenceMatch(w, v), JSON.stringify({ w, v }));
      return true;
    }),
    { numRuns: 2000 },
  );
});

test('a pattern nested 10,000 deep is rejected with Jackson\'s nesting error (text, object, rule set)', () => {
  const text = `${'{"a":'.repeat(10_000)}["x"]${'}'.repeat(10_000)}`;
  const object = JSON.parse(text) as object;
  assert.equal(reasonOf(() => compilePattern(text)), NESTING_REASON);
  assert.equal(reasonOf(() => compilePattern(object)), NESTING_REASON);
  const set = compileRuleSet([{ name: 'deep', pattern: object }, { name: 'ok', pattern: { a: ['x'] } }]);
  assert.deepEqual(set.problems.map((p) => [p.name, p.error.reason]), [['deep', NESTING_REASON]]);
  assert.deepEqual(matchRuleSet(set, { a: 'x' }), ['ok']);
  // 1,000 levels are allowed.
  const allowed = `${'{"a":'.repeat(999)}["x"]${'}'.repeat(999)}`;
  let event: unknown = 'x';
  for (let i = 0; i < 999; i++) event = { a: event };
  assert.equal(matches(compilePattern(allowed), event), true);
  // Nested arrays fail earlier, at the second level, as event-ruler reads them.
  const arrays = `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  assert.equal(reasonOf(() => compilePattern(arrays)), 'Match value must be String, number, true, false, or null');
});

const twoBranchOr = (i: number): string => `"k${i}":{"$or":[{"f":["x"]},{"g":["y"]}]}`;

test(`$or expansion: 18 two-branch $or fields are rejected, 12 (4,096 = the limit) compile and match`, () => {
  const wide = `{${Array.from({ length: 18 }, (_, i) => twoBranchOr(i)).join(',')}}`;
  assert.ok(wide.length < 4096);
  assert.equal(reasonOf(() => compilePattern(wide)), `The pattern's $or expressions expand to more than ${MAX_OR_COMBINATIONS} combinations (gceb's limit)`);
  const set = compileRuleSet([{ name: 'wide', pattern: wide }, { name: 'ok', pattern: { a: ['x'] } }]);
  assert.deepEqual(set.problems.map((p) => p.name), ['wide']);
  const twelve = `{${Array.from({ length: 12 }, (_, i) => twoBranchOr(i)).join(',')}}`;
  const event: Record<string, unknown> = { ...ENVELOPE };
  for (let i = 0; i < 12; i++) event[`k${i}`] = i % 2 === 0 ? { f: 'x' } : { g: 'y' };
  assert.deepEqual(testEventPattern({ Event: JSON.stringify(event), EventPattern: twelve }), { Result: true });
  assert.deepEqual(matchRuleSet(compileRuleSet([{ name: 'twelve', pattern: twelve }]), event), ['twelve']);
  // Nested $or multiply too.
  const nested = `{${Array.from({ length: 13 }, (_, i) => `"$or":[{"a${i}":{"$or":[{"f":["x"]},{"g":["y"]}]}},{"b${i}":["z"]}]`).join(',')}}`;
  assert.match(reasonOf(() => compilePattern(nested)), /combinations/);
});

test('events nested 100,000 deep (arrays and objects) never overflow the stack', () => {
  const depth = 100_000;
  const arrays = JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`) as unknown;
  let objects: unknown = 'x';
  for (let i = 0; i < depth; i++) objects = { a: objects };
  const patterns = [{ a: ['x'] }, { a: [{ exists: false }] }, { a: { a: ['x'] } }, { a: [{ 'anything-but': 'y' }] }];
  for (const pattern of patterns) {
    const set = compileRuleSet([{ name: 'p', pattern }]);
    for (const a of [arrays, objects]) {
      const event = { ...ENVELOPE, a };
      assert.doesNotThrow(() => matches(compilePattern(pattern), event));
      assert.doesNotThrow(() => matchRuleSet(set, event));
      assert.doesNotThrow(() => testEventPattern({ Event: JSON.stringify({ ...ENVELOPE, b: 1 }), EventPattern: JSON.stringify(pattern) }));
    }
  }
  // Values within 1,000 levels are read; a long chain of one-element arrays stays cheap.
  const shallow = JSON.parse(`${'['.repeat(900)}"x"${']'.repeat(900)}`) as unknown;
  assert.equal(matches(compilePattern({ a: ['x'], b: ['y'] }), { a: shallow, b: [['y', 'z']] }), true);
});

// Array-consistent absence walks the leaves in order; without remembering failed states this shape is n^3 walks.
test('exists:false beside fields in large arrays answers quickly (single pattern and rule set)', { timeout: 20_000 }, () => {
  const pattern = { detail: { x: { a: [{ exists: true }], b: [{ exists: true }], c: [{ exists: true }], z: [{ exists: false }] } } };
  const range = (n: number, k: number) => Array.from({ length: n }, (_, i) => i + k);
  const separate = { ...ENVELOPE, detail: { x: { a: range(20_000, 0), b: range(20_000, 1), c: range(20_000, 2), z: [1, 2] } } };
  const elements = { ...ENVELOPE, detail: { x: range(5_000, 0).map((i) => ({ a: [i, i + 1], b: [1, 2], c: [3, 4], z: [5, 6] })) } };
  const set = compileRuleSet([{ name: 'r', pattern }]);
  for (const event of [separate, elements]) {
    assert.equal(matches(compilePattern(pattern), event), false);
    assert.deepEqual(matchRuleSet(set, event), []);
  }
});
