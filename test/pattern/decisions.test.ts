/** The decisions on event-ruler differences (docs/PATTERNS.md, "Differences from aws/event-ruler 2.x"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRuleSet, explainEventPattern, InvalidEventPatternException, matchRuleSet, readEventText, testEventPattern } from '../../src/pattern/index.js';
import { isComparableNumber } from '../../src/pattern/numbers.js';

const ENVELOPE = '"id":"1","account":"1","source":"s","time":"t","region":"r","detail-type":"d"';

function result(pattern: object, a: string): boolean {
  const single = testEventPattern({ Event: `{${ENVELOPE},"a":${a}}`, EventPattern: JSON.stringify(pattern) }).Result;
  const inSet = matchRuleSet(compileRuleSet([{ name: 'r', pattern }]), JSON.parse(`{${ENVELOPE},"a":${a}}`)).length === 1;
  assert.equal(inSet, single);
  return single;
}

function reason(pattern: object): string {
  try {
    testEventPattern({ Event: `{${ENVELOPE}}`, EventPattern: JSON.stringify(pattern) });
  } catch (error) {
    assert.ok(error instanceof InvalidEventPatternException);
    return error.reason;
  }
  return 'valid';
}

test('IPv4 with leading zeros is a plain string (exact) and an invalid address (cidr)', () => {
  assert.equal(result({ a: ['010.0.0.1'] }, '"10.0.0.1"'), false);
  assert.equal(result({ a: ['010.0.0.1'] }, '"010.0.0.1"'), true);
  assert.equal(result({ a: [{ cidr: '10.0.0.0/8' }] }, '"010.0.0.1"'), false);
  assert.equal(reason({ a: [{ cidr: '01.2.3.4/8' }] }), 'Invalid IP address: 01.2.3.4');
});

test('IPv4-mapped IPv6: in hex it is the IPv4 address; with a dotted tail it is a string', () => {
  assert.equal(result({ a: ['10.0.0.1'] }, '"::ffff:a00:1"'), true);
  assert.equal(result({ a: ['::ffff:a00:1'] }, '"10.0.0.1"'), true);
  assert.equal(result({ a: [{ cidr: '10.0.0.0/8' }] }, '"::ffff:a00:1"'), true);
  assert.equal(result({ a: ['10.0.0.1'] }, '"::ffff:10.0.0.1"'), false);
  assert.equal(result({ a: [{ cidr: '10.0.0.0/8' }] }, '"::ffff:10.0.0.1"'), false);
  assert.equal(reason({ a: [{ cidr: '::ffff:10.0.0.1/104' }] }), 'Nonstandard IP address: ::ffff:10.0.0.1');
  assert.equal(reason({ a: [{ cidr: '::ffff:a00:0/104' }] }), 'IPv4 mask bits must be < 32');
});

test('CIDR texts as CIDR.java reads them', () => {
  assert.equal(reason({ a: [{ cidr: '10.0.0.0/' }] }), "Malformed CIDR, one '/' required");
  assert.equal(reason({ a: [{ cidr: '10.0.0.0//' }] }), "Malformed CIDR, one '/' required");
  assert.equal(reason({ a: [{ cidr: '10.0.0.0/-1' }] }), 'Malformed CIDR, mask bits must not be negative');
  assert.equal(reason({ a: [{ cidr: '10.0.0.0/99999999999' }] }), 'Malformed CIDR, mask bits must be an integer');
  assert.equal(reason({ a: [{ cidr: '256.1.1.1/8' }] }), 'Invalid IP address: 256.1.1.1');
  assert.equal(reason({ a: [{ cidr: '1:2:3/64' }] }), 'Invalid IP address: 1:2:3');
  assert.equal(reason({ a: [{ cidr: 'xx.1.1.1/8' }] }), 'Nonstandard IP address: xx.1.1.1');
  assert.equal(result({ a: [{ cidr: '10.0.0.0/+8' }] }, '"10.9.9.9"'), true);
});

test('wildcard error positions count UTF-8 bytes of the quoted value', () => {
  assert.equal(reason({ a: [{ wildcard: 'a**' }] }), 'Consecutive wildcard characters at pos 2');
  assert.equal(reason({ a: [{ wildcard: 'é**' }] }), 'Consecutive wildcard characters at pos 3');
  assert.equal(reason({ a: [{ wildcard: '😀**' }] }), 'Consecutive wildcard characters at pos 5');
  assert.equal(reason({ a: [{ wildcard: 'a\\b' }] }), 'Invalid escape character at pos 2');
  assert.equal(reason({ a: [{ wildcard: '日本\\b' }] }), 'Invalid escape character at pos 7');
  assert.equal(reason({ a: [{ 'anything-but': { wildcard: ['x', 'é\\'] } }] }), 'Invalid escape character at pos 3');
});

test('a key repeated in the event text keeps every value, as event-ruler\'s streaming event reader does', () => {
  const both = (pattern: object, a: string): boolean => {
    const text = `{${ENVELOPE},${a}}`;
    const single = testEventPattern({ Event: text, EventPattern: JSON.stringify(pattern) }).Result;
    const inSet = matchRuleSet(compileRuleSet([{ name: 'r', pattern }]), readEventText(text).value as object).length === 1;
    assert.equal(inSet, single);
    return single;
  };
  assert.equal(both({ a: [1] }, '"a":1,"a":2'), true);
  assert.equal(both({ a: [2] }, '"a":1,"a":2'), true);
  assert.equal(both({ a: [3] }, '"a":1,"a":2'), false);
  assert.equal(both({ a: [{ exists: false }] }, '"a":1,"a":2'), false);
  assert.equal(both({ a: [{ 'anything-but': 1 }] }, '"a":1,"a":2'), true);
  // The values of a repeated key carry no array membership: fields from both objects match together,
  // unlike the elements of an array.
  assert.equal(both({ x: { b: [1], c: [4] } }, '"x":{"b":1,"c":2},"x":{"b":3,"c":4}'), true);
  assert.equal(both({ x: { b: [1], c: [4] } }, '"x":[{"b":1,"c":2},{"b":3,"c":4}]'), false);
  assert.equal(both({ x: { b: [1], c: [4] } }, '"x":{"b":1},"x":[{"c":4},{"c":5}]'), true);
  assert.equal(both({ x: { y: { b: [1], c: [4] } } }, '"x":[{"y":{"b":1,"c":2},"y":{"b":3,"c":4}},{"y":{"c":5}}]'), true);
  assert.equal(both({ x: { y: { b: [1], c: [5] } } }, '"x":[{"y":{"b":1,"c":2},"y":{"b":3,"c":4}},{"y":{"c":5}}]'), false);
});

function located(pattern: string): { reason: string; column: number | undefined } {
  try {
    testEventPattern({ Event: `{${ENVELOPE}}`, EventPattern: pattern });
  } catch (error) {
    assert.ok(error instanceof InvalidEventPatternException);
    return { reason: error.reason, column: error.column };
  }
  return { reason: 'valid', column: undefined };
}

test('numbers event-ruler 2.x cannot compare (ComparableNumber): comparable only when Double.toString gives the literal back', () => {
  for (const text of ['0.1', '100', '1.50e2', '-0', '0.0', '9007199254740992', '4.9e-324', '9.9e-324', '1E23', '1.7976931348623157e308', '0.30000000000000004']) {
    assert.equal(isComparableNumber(text), true, text);
  }
  for (const text of ['1e400', '-1e309', '1e-400', '5e-324', '1e-323', '9007199254740993', '0.10000000000000001', '123456789012345678']) {
    assert.equal(isComparableNumber(text), false, text);
  }
});

test('numeric ranges and anything-but numbers with a number event-ruler cannot compare are rejected, never read as Infinity', () => {
  // Range / numericEquals are built once the expression is read: the location is just after its `]`.
  assert.deepEqual(located('{"a":[{"numeric":[">",1e400]}]}'), { reason: 'Cannot compare number : 1e400', column: 29 });
  assert.deepEqual(located('{"a":[{"numeric":["=",5e-324]}]}'), { reason: 'Cannot compare number : 5e-324', column: 30 });
  assert.deepEqual(located('{"a":[{"numeric":[">",0,"<",9007199254740993]}]}'), { reason: 'Cannot compare number : 9007199254740993', column: 46 });
  // Before "Bottom must be less than top" (Range.between converts both bounds first).
  assert.equal(located('{"a":[{"numeric":[">",9,"<",1e-400]}]}').reason, 'Cannot compare number : 1e-400');
  // In an anything-but list: reported where the number was read; a single value has no location.
  assert.deepEqual(located('{"a":[{"anything-but":[1,1e309,"x"]}]}'), { reason: 'Cannot compare number : 1e309', column: 31 });
  assert.deepEqual(located('{"a":[{"anything-but":1e309}]}'), { reason: 'Cannot compare number : 1e309', column: undefined });
  assert.equal(located('{"a":[{"numeric":["<=",4.9e-324]}]}').reason, 'valid');
  assert.equal(reason({ a: [{ 'anything-but': [0.1, 2] }] }), 'valid');
});

test('an exact number event-ruler cannot compare is accepted (it matches the literal text) and compares as the double it reads as', () => {
  assert.equal(located('{"a":[1e400]}').reason, 'valid');
  assert.equal(result({ a: [5e-324] }, '5e-324'), true);
  assert.equal(testEventPattern({ Event: `{${ENVELOPE},"a":9007199254740993}`, EventPattern: '{"a":[9007199254740993]}' }).Result, true);
});

test('wildcard complexity is evaluated per event-ruler ByteMachine: $or branches reaching a field through other values are apart', () => {
  const tooComplex = 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
  const a = { wildcard: '*a*a*a*' };
  const b = { wildcard: '*a*a*b*' };
  // Together these two wildcards are beyond the limit (11 > 10); alone each is 7.
  assert.equal(reason({ w: [a, b] }), tooComplex);
  assert.equal(reason({ $or: [{ w: [a] }, { w: [b] }] }), tooComplex);
  assert.equal(reason({ k: ['1'], $or: [{ w: [a] }, { w: [b] }] }), tooComplex);
  // `z` sorts after `w`: both branches still reach w from the start state.
  assert.equal(reason({ $or: [{ w: [a] }, { w: [b], z: ['2'] }] }), tooComplex);
  // `k` sorts before `w`: the branches reach w through different states, so different machines.
  assert.equal(reason({ $or: [{ k: ['1'], w: [a] }, { k: ['2'], w: [b] }] }), 'valid');
  assert.equal(reason({ $or: [{ w: [a] }, { k: ['2'], w: [b] }] }), 'valid');
  assert.equal(result({ $or: [{ '0': [{ exists: false }], a: [a] }, { '0': ['2'], a: [b] }] }, '"xaaa"'), true);
});

test('empty keys name paths as event-ruler joins them (Path.name / extendedName), quirk included', () => {
  const match = (pattern: string, fields: string): boolean =>
    testEventPattern({ Event: `{${ENVELOPE},${fields}}`, EventPattern: pattern }).Result;
  assert.equal(match('{"":[1]}', '"":1'), true);
  assert.equal(match('{"a":{"":[1]}}', '"a":{"":1}'), true);
  assert.equal(match('{"a":{"":[1]}}', '"a.":1'), true);
  assert.equal(match('{"":{"b":{"a":[1]}}}', '"":{"b":{"a":1}}'), true);
  assert.equal(match('{".a":[1]}', '"":{"a":1}'), true);
  // Under a top-level "" key a leaf's name stands alone: event-ruler's extendedName skips the empty base.
  assert.equal(match('{"":{"a":[1]}}', '"a":1'), true);
  assert.equal(match('{"":{"a":[1]}}', '"":{"a":1}'), false);
  assert.equal(match('{"":{"$or":[{"a":[1]},{"b":[2]}]}}', '"b":2'), true);
});

test('exists:false beside another field inside an array of objects: as event-ruler, absence is array-consistent with the fields before it', () => {
  // event-ruler's ACFinder walks a rule's fields in sorted name order; NameState.getNameTransitions(event, membership)
  // counts a field as present only when it is array-consistent with the values matched so far (docs/PATTERNS.md).
  const x = (pattern: object, value: string): boolean => {
    const event = `{${ENVELOPE},"x":${value}}`;
    const single = testEventPattern({ Event: event, EventPattern: JSON.stringify(pattern) }).Result;
    const explained = explainEventPattern({ Event: event, EventPattern: JSON.stringify(pattern) }).Result;
    const rules = [{ name: 'r', pattern }];
    const filler = Array.from({ length: 300 }, (_, i) => ({ name: `f${i}`, pattern: { zz: [`f${i}`] } }));
    const inSmallSet = matchRuleSet(compileRuleSet(rules), JSON.parse(event)).length === 1;
    const inLargeSet = matchRuleSet(compileRuleSet([...rules, ...filler]), JSON.parse(event)).includes('r');
    assert.deepEqual([explained, inSmallSet, inLargeSet], [single, single, single]);
    return single;
  };
  const bThenC = { x: { b: [1], c: [{ exists: false }] } };
  assert.equal(x(bThenC, '[{"b":1},{"b":2}]'), true);
  assert.equal(x(bThenC, '[{"b":1},{"b":2,"c":3}]'), true);
  assert.equal(x(bThenC, '[{"b":1,"c":3},{"b":2}]'), false);
  assert.equal(x(bThenC, '[{"b":2},{"b":1},{"c":3}]'), true);
  // "a" sorts before "b": nothing is matched yet when its absence is checked, so any "a" counts.
  const aThenB = { x: { a: [{ exists: false }], b: [1] } };
  assert.equal(x(aThenB, '[{"b":1},{"a":2}]'), false);
  assert.equal(x(aThenB, '[{"b":1},{"c":2}]'), true);
  // Not under a shared array: the whole event counts, as at top level.
  assert.equal(x(bThenC, '{"b":1,"c":[3,4]}'), false);
  assert.equal(x({ x: { b: [1] }, c: [{ exists: false }] }, '[{"b":1},{"c":3}]'), true);
  // Nested arrays: the inner array's elements are consistent with the outer element they sit in.
  const nested = { x: { b: { v: [1] }, c: { w: [{ exists: false }] } } };
  assert.equal(x(nested, '[{"b":[{"v":1},{"v":2}]},{"c":{"w":3}}]'), true);
  assert.equal(x(nested, '[{"b":[{"v":1},{"v":2}],"c":{"w":3}}]'), false);
  assert.equal(x(nested, '[{"b":[{"v":1},{"v":2}],"c":[{"w":3},{"x":4}]},{"b":{"v":5}}]'), false);
  // Absence ORed with a value: either may hold.
  assert.equal(x({ x: { b: [1], c: ['y', { exists: false }] } }, '[{"b":1,"c":"y"},{"c":"z"}]'), true);
  assert.equal(x({ x: { b: [1], c: ['y', { exists: false }] } }, '[{"b":1,"c":"z"}]'), false);
  // $or: each branch is its own sub-rule, with its own sorted fields.
  const or = { x: { $or: [{ a: [{ exists: false }], b: [1] }, { b: [1], c: [{ exists: false }] }] } };
  assert.equal(x(or, '[{"b":1},{"a":2,"c":3}]'), true);
  assert.equal(x(or, '[{"b":1,"c":3},{"a":2}]'), false);
});
