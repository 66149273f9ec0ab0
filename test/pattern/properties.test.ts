import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compilePattern,
  compileRuleSet,
  explainCompiled,
  matches,
  matchRuleSet,
  testEventPattern,
} from '../../src/pattern/index.js';

const ENVELOPE = { id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd' };
const key = fc.constantFrom('a', 'b', 'c', 'd');
const scalar = fc.oneof(
  fc.constantFrom('x', 'y', 'X', '5', 'true', '', '10.0.0.1'),
  fc.integer({ min: -3, max: 6 }),
  fc.boolean(),
  fc.constant(null),
);
type Json = unknown;
const eventValue: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;
const detail = fc.dictionary(key, eventValue, { minKeys: 1, maxKeys: 4 });

const condition = fc.oneof(
  scalar,
  fc.record({ prefix: fc.constantFrom('', 'x', 'X') }),
  fc.record({ suffix: fc.constantFrom('y', '5') }),
  fc.record({ 'equals-ignore-case': fc.constantFrom('x', 'TRUE') }),
  fc.record({ wildcard: fc.constantFrom('*', 'x*', '*5', '') }),
  fc.record({ 'anything-but': fc.oneof(fc.constantFrom('x', 'y'), fc.integer({ min: 0, max: 3 })) }),
  fc.record({ numeric: fc.constantFrom(['>', 0], ['<=', 3], ['=', 5], ['>=', -1, '<', 4]) }),
  fc.record({ exists: fc.boolean() }),
  fc.record({ cidr: fc.constant('10.0.0.0/24') }),
);
const pathArb = fc.array(key, { minLength: 1, maxLength: 3 });
const leafArb = fc.tuple(pathArb, fc.array(condition, { minLength: 1, maxLength: 3 }));

function patternFrom(leaves: Array<[string[], unknown[]]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, conds] of leaves) {
    let node = root;
    for (const seg of path.slice(0, -1)) {
      const next = node[seg];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[seg] = {};
      node = node[seg] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = conds;
  }
  return { detail: root };
}
const patternArb = fc.array(leafArb, { minLength: 1, maxLength: 3 }).map(patternFrom);

/** Every (path, scalar) the event holds, arrays flattened. */
function leavesOf(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (Array.isArray(value)) return value.flatMap((v) => leavesOf(v, path));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...path, k]));
  }
  return path.length > 0 ? [[path, value]] : [];
}

test('a pattern built from one of an event\'s own leaf values matches it', () => {
  fc.assert(
    fc.property(detail, (d) => {
      const leaves = leavesOf(d);
      fc.pre(leaves.length > 0);
      const [path, value] = leaves[0]!;
      const pattern = patternFrom([[path, [value]]]);
      return matches(compilePattern(pattern), { ...ENVELOPE, detail: d });
    }),
    { numRuns: 300 },
  );
});

test('anything-but a value never matches an event holding only that value', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), (v) => {
      const c = compilePattern({ a: [{ 'anything-but': v }] });
      return !matches(c, { a: v }) && !matches(c, { a: [v, v] });
    }),
  );
});

test('$or of A and B matches exactly when A or B matches', () => {
  fc.assert(
    fc.property(patternArb, patternArb, detail, (a, b, d) => {
      const event = { ...ENVELOPE, detail: d };
      const either = matches(compilePattern({ $or: [a, b] }), event);
      return either === (matches(compilePattern(a), event) || matches(compilePattern(b), event));
    }),
    { numRuns: 300 },
  );
});

/** Rule-set conditions: every operator, values drawn from the same small pool as events so fields and values are shared. */
const ruleCondition = fc.oneof(
  condition,
  fc.record({ 'anything-but': fc.oneof(
    fc.constantFrom(['x', 'y'], [1, 2]),
    fc.record({ prefix: fc.constantFrom('x', 'X') }),
    fc.record({ suffix: fc.constantFrom('y', '1') }),
    fc.record({ 'equals-ignore-case': fc.constantFrom('x', ['Y', 'true']) }),
    fc.record({ wildcard: fc.constantFrom('*1', 'x*') }),
  ) }),
  fc.record({ prefix: fc.record({ 'equals-ignore-case': fc.constantFrom('x', '10.') }) }),
  fc.record({ exactly: fc.constantFrom('x', '10.0.0.1', '10.000.0.1') }),
  fc.constantFrom('10.0.0.1', '::ffff:a00:1', 300, 3e2, 5),
);
const ruleLeafArb: fc.Arbitrary<[string[], unknown[]]> = fc.oneof(
  fc.tuple(pathArb as fc.Arbitrary<string[]>, fc.array(ruleCondition as fc.Arbitrary<unknown>, { minLength: 1, maxLength: 3 })),
  // Fields under one array of objects, where array consistency decides.
  fc.tuple(fc.constantFrom<string[]>(['a', 'b'], ['a', 'c'], ['a', 'd', 'b']), fc.array(fc.constantFrom<unknown>('x', 'y', 1, { exists: false }, { 'anything-but': 'x' }), { minLength: 1, maxLength: 2 })),
);
const rulePatternArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(ruleLeafArb, { minLength: 1, maxLength: 4 }).map(patternFrom) },
  { weight: 1, arbitrary: fc.tuple(fc.array(ruleLeafArb, { minLength: 1, maxLength: 2 }), fc.array(ruleLeafArb, { minLength: 1, maxLength: 2 }))
    .map(([a, b]) => ({ $or: [patternFrom(a), patternFrom(b)] })) },
  { weight: 1, arbitrary: fc.tuple(fc.array(ruleLeafArb, { minLength: 1, maxLength: 2 }), fc.array(ruleLeafArb, { minLength: 1, maxLength: 2 }), ruleLeafArb)
    .map(([a, b, c]) => ({ ...patternFrom([c]), detail: { ...(patternFrom([c]).detail as object), $or: [patternFrom(a).detail, patternFrom(b).detail] } })) },
);
/** Events whose detail often holds arrays of objects (array consistency) and dotted keys. */
const ruleEventDetail = fc.oneof(
  detail,
  fc.array(fc.dictionary(key, eventValue, { minKeys: 1, maxKeys: 3 }), { minLength: 1, maxLength: 3 }).map((items) => ({ a: items, b: items[0] })),
  fc.tuple(key, key, scalar).map(([k1, k2, v]) => ({ [`${k1}.${k2}`]: v, [k1]: { c: v } })),
  fc.array(fc.record({ b: fc.constantFrom('x', 'y', 1), c: fc.constantFrom('x', 'y', 1), d: fc.record({ b: fc.constantFrom('x', 'y') }) }, { requiredKeys: [] }), { minLength: 1, maxLength: 4 })
    .map((items) => ({ a: items })),
);

test('compileRuleSet agrees with per-pattern matches', () => {
  fc.assert(
    fc.property(
      fc.array(rulePatternArb, { minLength: 1, maxLength: 14 }),
      fc.array(ruleEventDetail, { minLength: 1, maxLength: 12 }),
      (patterns, details) => {
        const rules = patterns.map((p, i) => ({ name: `r${i}`, pattern: p }));
        const set = compileRuleSet(rules);
        const single = rules.map((r) => compilePattern(r.pattern));
        // Twice over the same events: the second pass runs with what the set remembers from the first.
        for (const d of [...details, ...details]) {
          const event = { ...ENVELOPE, detail: d };
          const expected = rules.filter((_, i) => matches(single[i]!, event)).map((r) => r.name);
          assert.deepEqual(matchRuleSet(set, event), expected);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('compileRuleSet agrees with per-pattern matches in its layout for large rule sets too', () => {
  // 260 rules that never match push the set past the size where every branch is written out in one function.
  const filler = Array.from({ length: 260 }, (_, i) => ({ name: `filler${i}`, pattern: { 'zz-filler': [`f${i}`] } }));
  fc.assert(
    fc.property(
      fc.array(rulePatternArb, { minLength: 1, maxLength: 14 }),
      fc.array(ruleEventDetail, { minLength: 1, maxLength: 12 }),
      (patterns, details) => {
        const rules = patterns.map((p, i) => ({ name: `r${i}`, pattern: p }));
        const set = compileRuleSet([...rules, ...filler]);
        assert.ok(set.plan.branchCount > 256);
        const single = rules.map((r) => compilePattern(r.pattern));
        for (const d of [...details, ...details]) {
          const event = { ...ENVELOPE, detail: d };
          const expected = rules.filter((_, i) => matches(single[i]!, event)).map((r) => r.name);
          assert.deepEqual(matchRuleSet(set, event), expected);
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('ruleset with exact anchors: many rules, right names', () => {
  const rules = Array.from({ length: 300 }, (_, i) => ({ name: `r${i}`, pattern: { detail: { n: [i], k: ['x'] } } }));
  rules.push({ name: 'prefix', pattern: { detail: { k: [{ prefix: 'x' }] } } as never });
  const set = compileRuleSet(rules);
  assert.deepEqual(matchRuleSet(set, { detail: { n: 42, k: 'x' } }), ['r42', 'prefix']);
  assert.deepEqual(matchRuleSet(set, { detail: { n: [1, 2], k: 'x' } }), ['r1', 'r2', 'prefix']);
  assert.deepEqual(matchRuleSet(set, { detail: { n: 42, k: 'y' } }), []);
});

test("explain's Result always equals testEventPattern's", () => {
  fc.assert(
    fc.property(fc.oneof(patternArb, fc.tuple(patternArb, patternArb).map(([a, b]) => ({ $or: [a, b] }))), detail, (p, d) => {
      const Event = JSON.stringify({ ...ENVELOPE, detail: d });
      const EventPattern = JSON.stringify(p);
      const { Result } = testEventPattern({ Event, EventPattern });
      const explanation = explainCompiled(compilePattern(EventPattern), JSON.parse(Event));
      assert.equal(explanation.Result, Result);
      assert.equal(explanation.failures.length === 0, Result);
    }),
    { numRuns: 400 },
  );
});

test('explain without $or lists exactly the leaves that fail on their own', () => {
  fc.assert(
    fc.property(patternArb, detail, (p, d) => {
      const event = { ...ENVELOPE, detail: d };
      const compiled = compilePattern(p);
      const explanation = explainCompiled(compiled, event);
      const failing = compiled.parsed.entries
        .flatMap((e) => (e.kind === 'leaf' ? [e.leaf] : []))
        .filter((leaf) => !matches(compilePattern(pathPattern(leaf.segments, leaf.expected)), event))
        .map((l) => l.path);
      const unique = [...new Set(failing)];
      const reported = explanation.failures.filter((f) => f.code !== 'array-consistency').map((f) => f.path);
      // A matching event may hold an exists:false leaf's field in array elements the other leaves did not match in.
      const absent = new Set(compiled.parsed.entries.flatMap((e) => (e.kind === 'leaf' && e.leaf.absentMatches ? [e.leaf.path] : [])));
      if (explanation.Result) assert.ok(unique.every((path) => absent.has(path)));
      else assert.deepEqual(reported.sort(), unique.sort());
      if (!explanation.Result && unique.length === 0) {
        assert.equal(explanation.failures.length, 1);
        assert.equal(explanation.failures[0]!.code, 'array-consistency');
      }
    }),
    { numRuns: 400 },
  );
});

function pathPattern(segments: string[], conditions: unknown[]): Record<string, unknown> {
  let node: Record<string, unknown> = { [segments[segments.length - 1]!]: conditions };
  for (let i = segments.length - 2; i >= 0; i--) node = { [segments[i]!]: node };
  return node;
}

/** detail-type conditions of every kind; the rule set partitions rules by the event's detail-type. */
const detailTypeCondition = fc.constantFrom<unknown>(
  'x', 'y', 'xy', { prefix: 'x' }, { suffix: 'y' }, { 'anything-but': 'y' }, { 'anything-but': { prefix: 'x' } },
  { wildcard: '*y' }, { 'equals-ignore-case': 'X' }, { exists: false }, { exists: true }, { numeric: ['>', 0] }, 5,
);
const detailTypeRule = fc.tuple(
  fc.array(detailTypeCondition, { minLength: 1, maxLength: 3 }),
  fc.array(detailTypeCondition, { minLength: 1, maxLength: 2 }),
  fc.constantFrom<unknown[]>(['x'], [{ exists: true }], [{ 'anything-but': 'z' }]),
  fc.constantFrom('plain', 'or-both', 'or-one', 'no-detail-type'),
).map(([dt, dt2, k, shape]) => {
  switch (shape) {
    case 'plain': return { 'detail-type': dt, detail: { k } };
    case 'or-both': return { $or: [{ 'detail-type': dt }, { 'detail-type': dt2, detail: { k } }] };
    case 'or-one': return { $or: [{ 'detail-type': dt }, { detail: { k } }] };
    default: return { detail: { k } };
  }
});
const detailTypeValue = fc.constantFrom<unknown>('x', 'y', 'xy', 'X', 'z', ['x', 'y'], 5, null, undefined);

test('compileRuleSet agrees with per-pattern matches on every kind of detail-type condition', () => {
  fc.assert(
    fc.property(
      fc.array(detailTypeRule, { minLength: 1, maxLength: 10 }),
      fc.array(fc.tuple(detailTypeValue, fc.constantFrom<unknown>('x', 'y', undefined)), { minLength: 1, maxLength: 12 }),
      (patterns, inputs) => {
        const rules = patterns.map((p, i) => ({ name: `r${i}`, pattern: p }));
        const set = compileRuleSet(rules);
        const single = rules.map((r) => compilePattern(r.pattern));
        for (const [dt, k] of [...inputs, ...inputs]) {
          const event: Record<string, unknown> = { ...ENVELOPE, detail: k === undefined ? {} : { k } };
          if (dt === undefined) delete event['detail-type'];
          else event['detail-type'] = dt;
          const expected = rules.filter((_, i) => matches(single[i]!, event)).map((r) => r.name);
          assert.deepEqual(matchRuleSet(set, event), expected, JSON.stringify({ event, patterns }));
        }
      },
    ),
    { numRuns: 400 },
  );
});

/**
 * exists:false beside other fields of an array of flat objects (`detail.x`), against an oracle written from
 * event-ruler's ACFinder for this shape: fields in sorted name order; a value leaf binds the array element it
 * matched in; an absence leaf holds when no element bound so far (or, before any binding, no element) has the key.
 */
const arrayKey = fc.constantFrom('a', 'b', 'c');
const arrayElement = fc.dictionary(arrayKey, fc.constantFrom(1, 2), { maxKeys: 3 });
const arrayLeaf = fc.constantFrom<unknown[]>([1], [2], [{ exists: false }], [1, { exists: false }], [{ exists: true }]);
const arrayBranch = fc.dictionary(arrayKey, arrayLeaf, { minKeys: 1, maxKeys: 3 });

function oracleBranch(branch: Record<string, unknown[]>, elements: Array<Record<string, number>>): boolean {
  const names = Object.keys(branch).sort();
  const holds = (k: number, bound: number | undefined): boolean => {
    if (k === names.length) return true;
    const name = names[k]!;
    const conds = branch[name]!;
    const has = (e: Record<string, number>) => Object.hasOwn(e, name);
    const candidates = bound === undefined ? elements.map((_, i) => i) : [bound];
    for (const i of candidates) {
      const e = elements[i]!;
      if (!has(e)) continue;
      const valueHolds = conds.some((c) => c === e[name] || (typeof c === 'object' && (c as { exists: boolean }).exists));
      // A one-element array binds nothing (its only element never conflicts).
      if (valueHolds && holds(k + 1, elements.length > 1 ? i : bound)) return true;
    }
    const absent = candidates.every((i) => !has(elements[i]!));
    return absent && conds.some((c) => typeof c === 'object' && !(c as { exists: boolean }).exists) && holds(k + 1, bound);
  };
  return holds(0, undefined);
}

test('exists:false in arrays of objects: matches, matchRuleSet (both layouts) and explain agree with an event-ruler oracle', () => {
  const filler = Array.from({ length: 260 }, (_, i) => ({ name: `filler${i}`, pattern: { 'zz-filler': [`f${i}`] } }));
  fc.assert(
    fc.property(
      fc.array(fc.array(arrayBranch, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.array(arrayElement, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
      (rulesBranches, events) => {
        const rules = rulesBranches.map((branches, i) => ({
          name: `r${i}`,
          pattern: { detail: { x: branches.length === 1 ? branches[0]! : { $or: branches } } },
        }));
        const small = compileRuleSet(rules);
        const large = compileRuleSet([...rules, ...filler]);
        const single = rules.map((r) => compilePattern(r.pattern));
        for (const elements of [...events, ...events]) {
          const event = { ...ENVELOPE, detail: { x: elements.length === 1 ? elements[0]! : elements } };
          const expected = rules.filter((_, i) => rulesBranches[i]!.some((b) => oracleBranch(b, elements))).map((r) => r.name);
          const context = JSON.stringify({ event, rules });
          assert.deepEqual(rules.filter((_, i) => matches(single[i]!, event)).map((r) => r.name), expected, context);
          assert.deepEqual(matchRuleSet(small, event), expected, context);
          assert.deepEqual(matchRuleSet(large, event), expected, context);
          rules.forEach((r, i) => assert.equal(explainCompiled(single[i]!, event).Result, expected.includes(r.name), context));
        }
      },
    ),
    { numRuns: 300 },
  );
});
