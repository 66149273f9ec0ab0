/**
 * AWS's own answers, as recorded against EventBridge's TestEventPattern in
 * LocalStack's repository (tests/aws/services/events: event_pattern_templates/
 * and test_events_patterns.snapshot.json). The facts carry over; the cases are
 * written here, one or more per class the recordings cover. Error messages are
 * compared whole, location lines included (event-ruler repeats the location for
 * errors raised while reading an anything-but list; CIDR and complexity errors
 * have none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEventPattern } from '../../src/pattern/index.js';

const ENVELOPE = { version: '0', id: 'e1', account: '123456789012', source: 'genesys', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'x', resources: [] };

const at = (pattern: string, column: number): string => `\n at [Source: (String)"${pattern}"; line: 1, column: ${column}]`;

/** [pattern, reason, column of the location (undefined: none), location repeated] */
const ERRORS: Array<[string, string, number | undefined, boolean?]> = [
  ['{"int": 42}', '"int" must be an object or an array', 11],
  ['{"string": "my-value"}', '"string" must be an object or an array', 13],
  ['{"resources": []}', 'Empty arrays are not allowed', 17],
  ['{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}', 'Unrecognized match type NUMERIC', 36],
  ['{"my_key": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS', 28],
  ['{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}', 'Bad numeric range operator: >', 49],
  ['{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}', 'Value of < must be numeric', 50],
  ['{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}', 'Consecutive wildcard characters at pos 26', 72],
  ['{"EventBusArn": [{"wildcard": 123}]}', 'wildcard match pattern must be a string', 34],
  ['{"EventBusArn": [{"wildcard": ["arn:aws:events:us-east-1:*:event-bus/*"]}]}', 'wildcard match pattern must be a string', 32],
  ['{"detail-type": [{"equals-ignore-case": ["ec2 instance state-change notification"]}]}', 'equals-ignore-case match pattern must be a string', 42],
  ['{"detail-type": [{"equals-ignore-case": {"prefix": "ec2"}}]}', 'equals-ignore-case match pattern must be a string', 42],
  ['{"detail": {"state": [{"anything-but": {"equals-ignore-case": 123}}]}}', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.', 66],
  ['{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.', 67, true],
  ['{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}', 'wildcard match pattern must be a string', 57, true],
  ['{"detail": {"FilePath": [{"anything-but": {"wildcard": 123}}]}}', 'wildcard match pattern must be a string', 59],
  ['{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}', 'prefix/suffix match pattern must be a string', 58, true],
  ['{"detail": {"FileName": [{"anything-but": {"suffix": 123}}]}}', 'prefix/suffix match pattern must be a string', 57],
  ['{"detail": {"state": [{"anything-but": {"prefix": [123, "test"]}}]}}', 'prefix/suffix match pattern must be a string', 55, true],
  ['{"detail": {"state": [{"anything-but": {"prefix": 123}}]}}', 'prefix/suffix match pattern must be a string', 54],
  ['{"detail": {"FileName": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}}', 'Value of anything-but must be an array or single string/number value.', 55],
  ['{"detail": {"FileName": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}', 'Value of anything-but must be an array or single string/number value.', 55],
  ['{"time": [{"prefix": ["2022-07-13"]}]}', 'prefix match pattern must be a string', 23],
  ['{"time": [{"prefix": 123}]}', 'prefix match pattern must be a string', 25],
  ['{"FileName": [{"suffix": 123}]}', 'suffix match pattern must be a string', 29],
  ['{"FileName": [{"suffix": [".png"]}]}', 'suffix match pattern must be a string', 27],
  ['{"detail": {"sourceIPAddress": [{"cidr": ["bad-type"]}]}}', 'prefix match pattern must be a string', 43],
  ['{"detail": {"sourceIPAddress": [{"cidr": "xx.11.xx/8"}]}}', 'Nonstandard IP address: xx.11.xx', undefined],
  ['{"detail": {"sourceIPAddress": [{"cidr": "xxxx:db8:1234:1a00::/64"}]}}', 'Nonstandard IP address: xxxx:db8:1234:1a00::', undefined],
  ['{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0"}]}}', "Malformed CIDR, one '/' required", undefined],
  ['{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/xx"}]}}', 'Malformed CIDR, mask bits must be an integer', undefined],
  ['{"EventBusArn": [{"wildcard": "*a*a*a*a*a*a*a*a*a*a*a*a*"}]}', 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character', undefined],
  ['this is valid json but not a dict', "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", 5],
  ["{'bad': 'quotation'}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name", 2],
  ['{"not": closed mark"', "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", 15],
  ['["not", "a", "dict", "but valid json"]', 'Filter is not an object', 2],
];

for (const [pattern, reason, column, repeated] of ERRORS) {
  test(`recorded error: ${pattern}`, () => {
    const location = column === undefined ? '' : at(pattern, column);
    assert.throws(
      () => testEventPattern({ Event: JSON.stringify(ENVELOPE), EventPattern: pattern }),
      (error: Error & { reason?: string }) => {
        assert.equal(error.name, 'InvalidEventPatternException');
        assert.equal(error.reason, reason);
        assert.equal(error.message, `Event pattern is not valid. Reason: ${reason}${location}${repeated === true ? location : ''}`);
        return true;
      },
    );
  });
}

test('recorded: a plain string payload is not a valid event', () => {
  assert.throws(
    () => testEventPattern({ Event: '"just a string"', EventPattern: '{"source":["x"]}' }),
    (error: Error) => error.name === 'ValidationException' && error.message === 'Parameter Event is not valid.',
  );
});

/** [class, pattern, detail, matches] — the classes of the recorded templates that match or do not (`_NEG`). */
const OUTCOMES: Array<[string, object, unknown, boolean]> = [
  ['arrays: any element', { detail: { tags: ['a', 'b'] } }, { tags: ['c', 'b'] }, true],
  ['arrays: no element', { detail: { tags: ['a'] } }, { tags: ['c', 'd'] }, false],
  ['arrays: empty array vs [null]', { detail: { tags: [null] } }, { tags: [] }, false],
  ['boolean', { detail: { on: [true] } }, { on: true }, true],
  ['boolean is not its string', { detail: { on: [true] } }, { on: 'true' }, false],
  ['null value', { detail: { v: [null] } }, { v: null }, true],
  ['null is not missing', { detail: { v: [null] } }, {}, false],
  ['string empty', { detail: { v: [''] } }, { v: '' }, true],
  ['key names are case-sensitive', { detail: { Key: ['x'] } }, { key: 'x' }, false],
  ['nested json: detail as a string is a string', { detail: { a: ['x'] } }, '{"a":"x"}', false],
  ['list within dict', { detail: { a: { b: ['x'] } } }, { a: [{ b: 'y' }, { b: 'x' }] }, true],
  ['dot joining in the pattern', { 'detail.a': ['x'] }, { a: 'x' }, true],
  ['dot joining in the event', { detail: { a: { b: ['x'] } } }, { 'a.b': 'x' }, true],
  ['dot joining: other path', { 'detail.a': ['x'] }, { b: 'x' }, false],
  ['numeric int and float', { detail: { n: [{ numeric: ['=', 5] }] } }, { n: 5.0 }, true],
  ['number comparison float', { detail: { n: [{ numeric: ['>', 1.5, '<=', 2.5] }] } }, { n: 2.5 }, true],
  ['numeric on a string', { detail: { n: [{ numeric: ['>', 0] }] } }, { n: '5' }, false],
  ['numeric on null', { detail: { n: [{ numeric: ['>', 0] }] } }, { n: null }, false],
  ['numeric and: both bounds', { detail: { n: [{ numeric: ['>', 0, '<', 10] }] } }, { n: 10 }, false],
  ['prefix', { detail: { r: [{ prefix: 'us-' }] } }, { r: 'us-east-1' }, true],
  ['prefix is case-sensitive', { detail: { r: [{ prefix: 'us-' }] } }, { r: 'US-east-1' }, false],
  ['prefix ignore case', { detail: { r: [{ prefix: { 'equals-ignore-case': 'US-' } }] } }, { r: 'us-east-1' }, true],
  ['suffix', { detail: { f: [{ suffix: '.png' }] } }, { f: 'a.png' }, true],
  ['suffix ignore case', { detail: { f: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, { f: 'a.png' }, true],
  ['suffix ignore case, other suffix', { detail: { f: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, { f: 'a.jpg' }, false],
  ['equals ignore case', { detail: { s: [{ 'equals-ignore-case': 'customer-start' }] } }, { s: 'Customer-Start' }, true],
  ['equals ignore case, empty', { detail: { s: [{ 'equals-ignore-case': '' }] } }, { s: '' }, true],
  ['equals ignore case, empty vs text', { detail: { s: [{ 'equals-ignore-case': '' }] } }, { s: 'x' }, false],
  ['exists', { detail: { k: [{ exists: true }] } }, { k: 'v' }, true],
  ['exists on a missing field', { detail: { k: [{ exists: true }] } }, {}, false],
  ['exists false', { detail: { k: [{ exists: false }] } }, { other: 1 }, true],
  ['exists false on a present field', { detail: { k: [{ exists: false }] } }, { k: 1 }, false],
  ['exists on an empty list', { detail: { k: [{ exists: true }] } }, { k: [] }, false],
  ['exists false on an empty list', { detail: { k: [{ exists: false }] } }, { k: [] }, true],
  ['anything-but string', { detail: { s: [{ 'anything-but': 'init' }] } }, { s: 'run' }, true],
  ['anything-but string excluded', { detail: { s: [{ 'anything-but': 'init' }] } }, { s: 'init' }, false],
  ['anything-but string vs null', { detail: { s: [{ 'anything-but': 'init' }] } }, { s: null }, true],
  ['anything-but string vs missing', { detail: { s: [{ 'anything-but': 'init' }] } }, {}, false],
  ['anything-but string list', { detail: { s: [{ 'anything-but': ['a', 'b'] }] } }, { s: 'b' }, false],
  ['anything-but number', { detail: { n: [{ 'anything-but': 0 }] } }, { n: 0.0 }, false],
  ['anything-but number list', { detail: { n: [{ 'anything-but': [1, 2] }] } }, { n: 3 }, true],
  ['anything-but prefix', { detail: { s: [{ 'anything-but': { prefix: 'init' } }] } }, { s: 'initial' }, false],
  ['anything-but prefix on a number', { detail: { s: [{ 'anything-but': { prefix: 'init' } }] } }, { s: 5 }, true],
  ['anything-but prefix list', { detail: { s: [{ 'anything-but': { prefix: ['a', 'b'] } }] } }, { s: 'cat' }, true],
  ['anything-but suffix list', { detail: { s: [{ 'anything-but': { suffix: ['.png', '.jpg'] } }] } }, { s: 'x.jpg' }, false],
  ['anything-but suffix vs null', { detail: { s: [{ 'anything-but': { suffix: '.png' } }] } }, { s: null }, true],
  ['anything-but ignore case', { detail: { s: [{ 'anything-but': { 'equals-ignore-case': 'Init' } }] } }, { s: 'INIT' }, false],
  ['anything-but ignore case list', { detail: { s: [{ 'anything-but': { 'equals-ignore-case': ['a-1', 'B-2'] } }] } }, { s: 'b-2' }, false],
  ['anything-but ignore case vs missing', { detail: { s: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] } }, {}, false],
  ['anything-but wildcard', { detail: { p: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, { p: '/usr/lib/x' }, false],
  ['anything-but wildcard list', { detail: { p: [{ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }] } }, { p: '/usr/bin/x' }, true],
  ['anything-but wildcard empty', { detail: { p: [{ 'anything-but': { wildcard: '' } }] } }, { p: '' }, false],
  ['anything-but wildcard on a number', { detail: { p: [{ 'anything-but': { wildcard: '*' } }] } }, { p: 5 }, true],
  ['wildcard', { detail: { a: [{ wildcard: 'arn:aws:events:*:event-bus/*' }] } }, { a: 'arn:aws:events:us-east-1:1:event-bus/b' }, true],
  ['wildcard repeating', { detail: { a: [{ wildcard: '*-*-*' }] } }, { a: 'a-b' }, false],
  ['wildcard simplified', { detail: { a: [{ wildcard: '*' }] } }, { a: '' }, true],
  ['ip address', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, { ip: '10.0.0.255' }, true],
  ['ip address outside', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, { ip: '10.0.1.0' }, false],
  ['ip address v6', { detail: { ip: [{ cidr: '2001:db8::/32' }] } }, { ip: '2001:db8:ffff::1' }, true],
  ['ip address of another type', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, { ip: 167772161 }, false],
  ['or', { detail: { $or: [{ a: ['x'] }, { b: [{ numeric: ['>', 1] }] }] } }, { b: 2 }, true],
  ['or, neither', { detail: { $or: [{ a: ['x'] }, { b: [{ numeric: ['>', 1] }] }] } }, { b: 1 }, false],
  ['or with exists', { detail: { $or: [{ a: [{ exists: true }] }, { b: ['y'] }] } }, { a: 1 }, true],
  ['or with anything-but', { detail: { $or: [{ a: [{ 'anything-but': 'x' }] }, { b: ['y'] }] } }, { a: 'x' }, false],
  ['operator multiple list', { detail: { a: [{ prefix: 'x' }, { suffix: 'z' }, 'exact'] } }, { a: 'ayz' }, true],
  ['complex multi key', { detail: { a: ['1'], b: { c: [{ exists: true }] } } }, { a: '1', b: { c: 'v' } }, true],
  ['complex multi match: all fields', { detail: { a: ['1'], b: ['2'] } }, { a: '1', b: '3' }, false],
];

for (const [name, pattern, detail, expected] of OUTCOMES) {
  test(`recorded class: ${name}`, () => {
    assert.deepEqual(testEventPattern({ Event: JSON.stringify({ ...ENVELOPE, detail }), EventPattern: JSON.stringify(pattern) }), { Result: expected });
  });
}
