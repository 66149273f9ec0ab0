import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  compilePattern,
  explainCompiled,
  explainEventPattern,
  formatExplanation,
  InvalidEventPatternException,
  leafPaths,
  parsePattern,
  testEventPattern,
} from '../../src/pattern/index.js';

const example = JSON.parse(readFileSync(new URL('../../examples/event.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const explain = (pattern: object, event: object = example) => explainCompiled(compilePattern(pattern), event);

test('the examples match each other', () => {
  const result = testEventPattern({
    Event: readFileSync(new URL('../../examples/event.json', import.meta.url), 'utf8'),
    EventPattern: readFileSync(new URL('../../examples/pattern.json', import.meta.url), 'utf8'),
  });
  assert.deepEqual(result, { Result: true });
});

test('a matching event has no failures', () => {
  assert.deepEqual(explain({ source: [{ prefix: 'aws.partner/genesys.com' }] }), {
    Result: true,
    failures: [],
    matched: [{ path: 'source', expected: [{ prefix: 'aws.partner/genesys.com' }], actual: [example.source] }],
  });
});

test('failure codes: missing, object, type, case, value', () => {
  const e = explain({
    detail: {
      conversationId: ['x'],
      eventBody: { mediaType: ['chat'], eventTime: ['1649237444949'], direction: ['OUTBOUND'] },
      metadata: ['x'],
    },
  });
  assert.equal(e.Result, false);
  const byPath = Object.fromEntries(e.failures.map((f) => [f.path, f]));
  assert.equal(byPath['detail.conversationId']!.code, 'missing-field');
  assert.equal(byPath['detail.conversationId']!.actual, undefined);
  assert.equal(byPath['detail.eventBody.mediaType']!.code, 'case-mismatch');
  assert.deepEqual(byPath['detail.eventBody.mediaType']!.actual, ['CHAT']);
  assert.equal(byPath['detail.eventBody.eventTime']!.code, 'type-mismatch');
  assert.equal(byPath['detail.eventBody.direction']!.code, 'value-mismatch');
  assert.equal(byPath['detail.metadata']!.code, 'object-value');
  assert.deepEqual(byPath['detail.metadata']!.expected, ['x']);
  assert.equal(e.failures.length, 5);
  for (const f of e.failures) assert.ok(f.hint.length > 0);
});

test('numbers against strings and booleans against strings are type mismatches', () => {
  const ev = { ...example, detail: { n: 12000, b: 'true', s: '7' } };
  const e = explain({ detail: { n: ['12000'], b: [true], s: [{ numeric: ['>', 5] }] } }, ev);
  assert.deepEqual(e.failures.map((f) => f.code), ['type-mismatch', 'type-mismatch', 'type-mismatch']);
});

test('array consistency: one failure naming the paths', () => {
  const ev = { ...example, detail: { items: [{ a: 1 }, { b: 2 }] } };
  const e = explain({ detail: { items: { a: [1], b: [2] } } }, ev);
  assert.equal(e.Result, false);
  assert.equal(e.failures.length, 1);
  assert.equal(e.failures[0]!.code, 'array-consistency');
  assert.deepEqual(e.failures[0]!.paths, ['detail.items.a', 'detail.items.b']);
  assert.equal(e.failures[0]!.path, 'detail.items');
});

test('$or: no-branch-matched with the nearest branch first', () => {
  const e = explain({
    source: ['nope'],
    $or: [
      { detail: { eventBody: { mediaType: ['VOICE'], direction: ['OUTBOUND'] } } },
      { detail: { eventBody: { mediaType: ['EMAIL'] } } },
    ],
  });
  assert.equal(e.failures.length, 2);
  assert.equal(e.failures[0]!.path, 'source');
  const or = e.failures[1]!;
  assert.equal(or.code, 'no-branch-matched');
  assert.equal(or.path, '');
  assert.deepEqual(or.branches!.map((b) => b.index), [1, 0]);
  assert.deepEqual(or.branches![1]!.failures.map((f) => f.path), ['detail.eventBody.mediaType', 'detail.eventBody.direction']);
});

test('$or nested under a field reports its path', () => {
  const e = explain({ detail: { eventBody: { $or: [{ mediaType: ['VOICE'] }, { direction: ['OUTBOUND'] }] } } });
  assert.equal(e.failures[0]!.code, 'no-branch-matched');
  assert.equal(e.failures[0]!.path, 'detail.eventBody');
});

test('explainEventPattern validates like testEventPattern', () => {
  assert.throws(() => explainEventPattern({ Event: '{}', EventPattern: '{"a":["x"]}' }), { name: 'ValidationException' });
  assert.throws(
    () => explainEventPattern({ Event: JSON.stringify(example), EventPattern: '{"a":"x"}' }),
    (e: unknown) => e instanceof InvalidEventPatternException && e.reason === '"a" must be an object or an array',
  );
});

// Recorded against AWS (LocalStack's string_nolist_EXC): Jackson has read only the opening quote of the string.
test('error location follows Jackson: line and column after what the parser has read', () => {
  try {
    testEventPattern({ Event: JSON.stringify(example), EventPattern: '{"source": "aws.ec2"}' });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof InvalidEventPatternException);
    assert.equal(
      e.message,
      'Event pattern is not valid. Reason: "source" must be an object or an array\n at [Source: (String)"{"source": "aws.ec2"}"; line: 1, column: 13]',
    );
  }
  try {
    testEventPattern({ Event: JSON.stringify(example), EventPattern: '{\n  "a": [{"exists": "true"}]\n}' });
  } catch (e) {
    assert.ok(e instanceof InvalidEventPatternException);
    assert.equal(e.line, 2);
  }
});

test('pattern longer than 4096 characters is rejected by the API constraint', () => {
  const long = JSON.stringify({ a: ['x'.repeat(5000)] });
  assert.throws(() => testEventPattern({ Event: JSON.stringify(example), EventPattern: long }), (e: unknown) =>
    e instanceof Error && e.name === 'ValidationException' && /length less than or equal to 4096/.test(e.message));
});

test('parsePattern and leafPaths expose the normalised tree', () => {
  const parsed = parsePattern('{"a.b":["x"],"$or":[{"c":[1]},{"d":{"e":[{"prefix":"p"}]}}]}');
  assert.equal(parsed.branches.length, 2);
  assert.deepEqual(leafPaths(parsed).map((l) => [l.path, l.expected]), [
    ['a.b', ['x']],
    ['c', [1]],
    ['d.e', [{ prefix: 'p' }]],
  ]);
});

test('formatExplanation renders every failure', () => {
  const text = formatExplanation(explain({ detail: { eventBody: { mediaType: ['chat'] } } }));
  assert.match(text, /detail\.eventBody\.mediaType \[case-mismatch\]/);
  assert.match(text, /actual: {3}"CHAT"/);
});

test('{"exactly": …}: case and type mismatches are classified and hinted like exact values, and the fixes match', () => {
  const ev = { ...example, detail: { m: 'voice', n: 12 } };
  const pattern = { detail: { m: [{ exactly: 'VOICE' }], n: [{ exactly: '12' }] } };
  const e = explain(pattern, ev);
  const byPath = Object.fromEntries(e.failures.map((f) => [f.path, f]));
  assert.equal(byPath['detail.m']!.code, 'case-mismatch');
  assert.match(byPath['detail.m']!.hint, /exactly is case-sensitive; use \{"exactly":"voice"\} or \{"equals-ignore-case": "VOICE"\}/);
  assert.deepEqual(byPath['detail.m']!.fix?.expected, [{ exactly: 'voice' }]);
  assert.equal(byPath['detail.n']!.code, 'type-mismatch');
  assert.match(byPath['detail.n']!.hint, /exactly only ever matches strings/);
  assert.deepEqual(byPath['detail.n']!.fix?.expected, [12]);
  const fixed = { detail: { m: byPath['detail.m']!.fix!.expected, n: byPath['detail.n']!.fix!.expected } };
  assert.equal(explain(fixed, ev).Result, true);
});
