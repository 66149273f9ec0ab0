import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, compileRuleSet, InvalidEventPatternException, matches, matchRuleSet } from '../../src/pattern/index.js';
import { generateEvents, sampleRuleFiles } from '../../src/sample/index.js';

const ENVELOPE = { id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd' };
const CONVERSATION = 'v2.detail.events.conversation.{id}.';
const KINDS = ['customer.start', 'customer.end', 'acd.start', 'acd.end', 'user.start', 'acw', 'flow.end'];
const MEDIA = ['VOICE', 'MESSAGE', 'CHAT', 'EMAIL', 'CALLBACK'];

/** Realistic Genesys rules that share fields and use every operator, $or, exists:false and arrays of objects. */
function genesysRules(): Array<{ name: string; pattern: object }> {
  const rules: Array<{ name: string; pattern: object }> = [];
  KINDS.forEach((kind, i) => {
    const media = MEDIA[i % MEDIA.length]!;
    rules.push(
      { name: `exact-${kind}`, pattern: { 'detail-type': [CONVERSATION + kind], detail: { eventBody: { mediaType: [media] } } } },
      { name: `suffix-${kind}`, pattern: { source: [{ prefix: 'aws.partner/genesys.com' }], detail: { topicName: [{ suffix: `.${kind}` }] } } },
      { name: `wildcard-${kind}`, pattern: { detail: { topicName: [{ wildcard: `v2.detail.events.conversation.*.${kind}` }] } } },
      { name: `or-${kind}`, pattern: { 'detail-type': [CONVERSATION + kind], detail: { eventBody: { $or: [{ mediaType: [media], direction: ['OUTBOUND'] }, { acdOutcome: ['ABANDON', 'FLOWOUT'] }] } } } },
      { name: `ab-${kind}`, pattern: { 'detail-type': [CONVERSATION + kind], detail: { eventBody: { mediaType: [{ 'anything-but': { 'equals-ignore-case': [media.toLowerCase()] } }], ani: [{ exists: false }] } } } },
    );
  });
  rules.push(
    { name: 'numeric', pattern: { detail: { eventBody: { interactingDurationMs: [{ numeric: ['>=', 60000, '<', 600000] }] } } } },
    { name: 'time', pattern: { detail: { eventBody: { eventTime: [{ numeric: ['>', 0] }], divisionId: [{ exists: true }] } } } },
    { name: 'cidr', pattern: { detail: { eventBody: { addressFrom: [{ cidr: '10.0.0.0/8' }, { prefix: { 'equals-ignore-case': 'TEL:+1' } }] } } } },
    { name: 'not-conversation', pattern: { 'detail-type': [{ 'anything-but': { prefix: 'v2.detail.events.' } }] } },
    { name: 'presence', pattern: { detail: { eventBody: { propertyChanges: { property: ['PRESENCE'], newValues: [{ 'anything-but': 'Offline' }] } } } } },
    { name: 'transcript', pattern: { detail: { eventBody: { transcripts: { channel: ['EXTERNAL', 'INTERNAL'], alternatives: { words: { word: [{ 'equals-ignore-case': 'order' }, { prefix: 'pass' }] } } } } } } },
    { name: 'account', pattern: { account: [{ exists: true }], region: ['us-east-1', 'eu-west-1'], detail: { missing: [{ exists: false }] } } },
    { name: 'object-is-absent', pattern: { detail: { eventBody: [{ exists: false }] } } },
  );
  return rules;
}

test('matchRuleSet agrees with per-pattern matches on generated Genesys events (two passes over the same events)', () => {
  const events = [...generateEvents({ seed: 7, count: 2500 })];
  const rules = [
    ...genesysRules(),
    ...sampleRuleFiles(events).flatMap((f) => f.rules.map((r) => ({ name: `${f.file}:${r.name}`, pattern: r.pattern }))),
  ];
  const set = compileRuleSet(rules);
  const single = rules.map((r) => compilePattern(r.pattern));
  let matched = 0;
  for (const pass of [1, 2]) {
    for (const event of events) {
      const parsed = JSON.parse(JSON.stringify(event)) as unknown;
      const expected = rules.filter((_, i) => matches(single[i]!, parsed)).map((r) => r.name);
      assert.deepEqual(matchRuleSet(set, parsed), expected, `pass ${pass}, event ${event.id}`);
      matched += expected.length;
    }
  }
  assert.ok(matched > 1000, `the rules should match often enough to mean something (${matched})`);
});

test('a value seen again after many other values still gets the right answer', () => {
  const set = compileRuleSet([
    { name: 'p', pattern: { detail: { v: [{ prefix: 'k1' }] } } },
    { name: 's', pattern: { detail: { v: [{ suffix: '7' }] } } },
  ]);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 700; i++) {
      const v = `k${i}`;
      const expected = [...(v.startsWith('k1') ? ['p'] : []), ...(v.endsWith('7') ? ['s'] : [])];
      assert.deepEqual(matchRuleSet(set, { detail: { v } }), expected, v);
      assert.deepEqual(matchRuleSet(set, { detail: { v: 'k17' } }), ['p', 's']);
    }
  }
});

test('names come in rule order, once per rule, whichever $or branch matched', () => {
  const set = compileRuleSet([
    { name: 'z', pattern: { detail: { $or: [{ a: ['x'] }, { b: ['y'] }] } } },
    { name: 'a', pattern: { detail: { a: ['x'] } } },
    { name: 'm', pattern: { detail: { b: [{ prefix: '' }] } } },
  ]);
  assert.deepEqual(matchRuleSet(set, { detail: { a: 'x', b: 'y' } }), ['z', 'a', 'm']);
  assert.deepEqual(matchRuleSet(set, { detail: { b: 'y' } }), ['z', 'm']);
  assert.deepEqual(matchRuleSet(set, { detail: {} }), []);
});

test('exact values: by type, numbers by value, IP addresses as addresses, {"exactly"} as written', () => {
  const set = compileRuleSet([
    { name: 'five', pattern: { detail: { n: [5] } } },
    { name: 'five-text', pattern: { detail: { n: ['5'] } } },
    { name: '300', pattern: { detail: { n: [3e2] } } },
    { name: 'ip', pattern: { detail: { n: ['10.0.0.1'] } } },
    { name: 'exact-ip', pattern: { detail: { n: [{ exactly: '10.0.0.1' }] } } },
    { name: 'true', pattern: { detail: { n: [true] } } },
    { name: 'null', pattern: { detail: { n: [null] } } },
  ]);
  assert.deepEqual(matchRuleSet(set, { detail: { n: 5 } }), ['five']);
  assert.deepEqual(matchRuleSet(set, { detail: { n: '5' } }), ['five-text']);
  assert.deepEqual(matchRuleSet(set, JSON.parse('{"detail":{"n":300.0}}')), ['300']);
  assert.deepEqual(matchRuleSet(set, { detail: { n: '10.0.0.1' } }), ['ip', 'exact-ip']);
  // An IPv4-mapped IPv6 address is the IPv4 address, as Java's InetAddress reads it (docs/PATTERNS.md, decisions).
  assert.deepEqual(matchRuleSet(set, { detail: { n: '::ffff:a00:1' } }), ['ip']);
  assert.deepEqual(matchRuleSet(set, { detail: { n: '::ffff:10.0.0.1' } }), []);
  assert.deepEqual(matchRuleSet(set, { detail: { n: [true, null] } }), ['true', 'null']);
});

test('array consistency: fields under one array must come from the same element', () => {
  const set = compileRuleSet([
    { name: 'same', pattern: { detail: { items: { k: ['a'], v: [1] } } } },
    { name: 'one', pattern: { detail: { items: { k: ['a'] } } } },
  ]);
  assert.deepEqual(matchRuleSet(set, { detail: { items: [{ k: 'a', v: 2 }, { k: 'b', v: 1 }] } }), ['one']);
  assert.deepEqual(matchRuleSet(set, { detail: { items: [{ k: 'b', v: 1 }, { k: 'a', v: 1 }] } }), ['same', 'one']);
});

test('dotted keys in events, objects as absent, non-object events', () => {
  const set = compileRuleSet([
    { name: 'dotted', pattern: { detail: { a: { b: ['x'] } } } },
    { name: 'absent', pattern: { detail: { a: [{ exists: false }] } } },
  ]);
  assert.deepEqual(matchRuleSet(set, { detail: { 'a.b': 'x' } }), ['dotted', 'absent']);
  assert.deepEqual(matchRuleSet(set, { ...ENVELOPE, detail: { a: 'x' } }), []);
  assert.deepEqual(matchRuleSet(set, null), []);
  assert.deepEqual(matchRuleSet(set, [{ detail: { a: { b: 'x' } } }]), []);
});

test('an invalid rule is a problem with its name and AWS\'s reason; every other rule is still tested', () => {
  const set = compileRuleSet([
    { name: 'good', pattern: { a: ['x'] } },
    { name: 'bad', pattern: { a: [{ cidr: '10.0.0.1/32' }] } },
    { name: 'uuid', pattern: { a: [{ 'equals-ignore-case': '3f2a-BEEF' }] } },
    { name: 'broken json', pattern: '{"a": [' },
  ]);
  assert.deepEqual(set.problems.map((p) => [p.index, p.name, p.error.name, p.error.reason]), [
    [1, 'bad', 'InvalidEventPatternException', 'IPv4 mask bits must be < 32'],
    [3, 'broken json', 'InvalidEventPatternException', p3Reason()],
  ]);
  assert.ok(set.problems.every((p) => p.error instanceof InvalidEventPatternException));
  assert.deepEqual(matchRuleSet(set, { a: 'x' }), ['good']);
  assert.deepEqual(matchRuleSet(set, { a: '3F2A-beef' }), ['uuid']);
  assert.deepEqual(matchRuleSet(set, { a: '10.0.0.1' }), []);
});

function p3Reason(): string {
  try {
    compilePattern('{"a": [');
  } catch (error) {
    return (error as InvalidEventPatternException).reason;
  }
  return 'no error';
}

test('a rule set of only invalid rules compiles, lists them all and matches nothing', () => {
  const set = compileRuleSet([
    { name: 'a', pattern: { a: [] } },
    { name: 'b', pattern: { b: [{ wildcard: 'x**' }] } },
  ]);
  assert.deepEqual(set.problems.map((p) => p.name), ['a', 'b']);
  assert.deepEqual(matchRuleSet(set, { a: 'x', b: 'x' }), []);
});

test('a valid rule set has no problems', () => {
  assert.deepEqual(compileRuleSet([{ name: 'g', pattern: { a: ['x'] } }]).problems, []);
});

test('the benchmark rule sets (1, 20, 200 rules mixing every operator) agree with per-pattern matches', async () => {
  const { benchRules } = await import('../../scripts/bench/pattern-rules.js');
  const events = [...generateEvents({ seed: 11, count: 600 })].map((e) => JSON.parse(JSON.stringify(e)) as unknown);
  for (const count of [1, 20, 200]) {
    const rules = benchRules(count);
    const set = compileRuleSet(rules);
    const single = rules.map((r) => compilePattern(r.pattern));
    let matched = 0;
    for (const pass of [1, 2]) {
      for (const event of events) {
        const expected = rules.filter((_, i) => matches(single[i]!, event)).map((r) => r.name);
        assert.deepEqual(matchRuleSet(set, event), expected, `${count} rules, pass ${pass}`);
        matched += expected.length;
      }
    }
    assert.ok(matched > 0, `${count} rules match something`);
  }
});

/** Every rule's answer from the rule set and from the engine alone, for each event. */
function assertAgrees(rules: Array<{ name: string; pattern: object }>, events: unknown[]): number {
  const set = compileRuleSet(rules);
  const single = rules.map((r) => compilePattern(r.pattern));
  let matched = 0;
  for (const event of events) {
    const expected = rules.filter((_, i) => matches(single[i]!, event)).map((r) => r.name);
    assert.deepEqual(matchRuleSet(set, event), expected, JSON.stringify(event));
    matched += expected.length;
  }
  return matched;
}

test('pattern strings that are awkward in generated code match as text, never as code', () => {
  const awkward = ['"', '\\', '"); throw 1; ("', '${1}', '`', '\n', '\u2028\u2029', '</script>', '*/', 'a.b', '^$', '[x]', '(?:', '/', '\ud83d'];
  const rules = awkward.flatMap((text, i) => [
    { name: `exact-${i}`, pattern: { detail: { v: [text] } } },
    { name: `prefix-${i}`, pattern: { detail: { v: [{ prefix: text }] } } },
    { name: `suffix-${i}`, pattern: { detail: { v: [{ suffix: text }] } } },
    { name: `wildcard-${i}`, pattern: { detail: { v: [{ wildcard: `${text.replace(/[*\\]/g, '\\$&')}*${text.replace(/[*\\]/g, '\\$&')}` }] } } },
    { name: `but-prefix-${i}`, pattern: { detail: { v: [{ 'anything-but': { prefix: text } }] } } },
    { name: `but-suffix-${i}`, pattern: { detail: { v: [{ 'anything-but': { suffix: text } }] } } },
    { name: `but-${i}`, pattern: { detail: { v: [{ 'anything-but': [text, 'ab'] }] } } },
    { name: `but-many-${i}`, pattern: { detail: { v: [{ 'anything-but': [text, ...awkward.slice(0, 9).map((t) => `${t}!`)] }] } } },
  ]);
  const values = [...awkward, ...awkward.map((t) => `${t}${t}`), ...awkward.map((t) => `${t}-tail`), 'ab', 'aXb', 'x', ''];
  const matched = assertAgrees(rules, values.map((v) => ({ detail: { v } })));
  assert.ok(matched > values.length, 'the awkward strings match themselves');
});

test('very large rule sets (groups of branches checked in one loop) agree too', () => {
  const rules = Array.from({ length: 1100 }, (_, i) => ({
    name: `r${i}`,
    pattern: i % 3 === 0
      ? { detail: { k: [`v${i % 97}`], n: [{ numeric: ['>', i % 13] }] } }
      : i % 3 === 1
        ? { detail: { k: [{ prefix: `v${i % 11}` }], m: [i % 7, `x${i % 5}`] } }
        : { detail: { $or: [{ k: [`v${i % 89}`] }, { m: [{ 'anything-but': [i % 7] }], n: [{ exists: false }] }] } },
  }));
  const events = Array.from({ length: 300 }, (_, i) => ({
    detail: { k: i % 4 === 0 ? [`v${i % 97}`, `v${i % 89}`] : `v${i % 97}`, ...(i % 5 === 0 ? {} : { n: i % 17 }), m: i % 2 === 0 ? i % 7 : [`x${i % 5}`, i % 3] },
  }));
  assert.ok(assertAgrees(rules, events) > 1000);
});

test('large rule sets take the table paths of the generated code and still agree', () => {
  const ids = Array.from({ length: 150 }, (_, i) => `queue-${i.toString(36).padStart(4, '0')}`);
  const rules = [
    // 150 exact anchors on one path: a table lookup instead of a switch.
    ...ids.map((id, i) => ({ name: `queue-${i}`, pattern: { detail: { queueId: [id], n: [{ numeric: ['<', i % 50] }] } } })),
    // One leaf with 20 exact strings: a set instead of a chain of comparisons.
    { name: 'many-values', pattern: { 'detail-type': ['many'], detail: { queueId: ids.slice(0, 20) } } },
    // 40 branches anchored on one evaluated leaf (its path is the less shared one): split over several functions.
    ...Array.from({ length: 40 }, (_, i) => ({ name: `wild-${i}`, pattern: { detail: { topic: [{ wildcard: 'v2.*.end' }], m: [{ 'equals-ignore-case': `M${i % 45}` }] } } })),
    ...Array.from({ length: 5 }, (_, i) => ({ name: `m-${i}`, pattern: { detail: { m: [{ prefix: `m${i}` }] } } })),
  ];
  const events = ids.flatMap((queueId, i) => [
    { 'detail-type': 'many', detail: { queueId, topic: 'v2.x.end', m: `m${i % 45}`, n: i % 45 } },
    { 'detail-type': 'other', detail: { queueId: [queueId, ids[(i + 7) % ids.length]], topic: 'v2.end', m: ['x', `M${i % 40}`], n: [i % 40, 1] } },
  ]);
  assert.ok(assertAgrees(rules, events) > 300);
});
