/** readEventText: JSON.parse, except that a repeated key keeps every value (event-ruler's streaming event reader). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readEventText, RepeatedValues } from '../../src/pattern/index.js';

test('without a repeated key the value is JSON.parse\'s, whatever the escapes and spacing', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const read = readEventText(text);
      assert.deepEqual(read.value, JSON.parse(text));
      assert.equal(read.beyondDouble, false);
    }),
    { numRuns: 500 },
  );
  for (const text of ['{"a":"q\\"x","b":"\\\\"}', '{"a\\"":"\\\\\\"","b":["\\""]}', '{"a" : "x" , "b" :\n"\\u0022"}', '"s"', '[]', '{}']) {
    assert.deepEqual(readEventText(text).value, JSON.parse(text), text);
  }
});

test('a repeated key keeps every value in order; other keys are read as JSON.parse reads them', () => {
  const read = readEventText('{"a":1,"b":{"c":[1,2],"c":"x"},"a":{"d":true},"a":null}').value as Record<string, unknown>;
  assert.ok(read.a instanceof RepeatedValues);
  assert.deepEqual([...(read.a as unknown[])], [1, { d: true }, null]);
  const c = (read.b as Record<string, unknown>).c;
  assert.ok(c instanceof RepeatedValues);
  assert.deepEqual([...(c as unknown[])], [[1, 2], 'x']);
  // Escapes hide nothing: the same key written two ways, and quotes inside strings.
  const escaped = readEventText('{"s":"\\u0061\\"","\\u0073":"\\\\","t":"\\""}').value as Record<string, unknown>;
  assert.deepEqual([...(escaped.s as unknown[])], ['a"', '\\']);
  assert.equal(escaped.t, '"');
});

test('a repeated __proto__ key stays an own property and never reaches Object.prototype', () => {
  const read = readEventText('{"__proto__":{"polluted":1},"__proto__":{"polluted":2}}').value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(read), Object.prototype);
  assert.ok(Object.hasOwn(read, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('numbers beyond double range are flagged, also inside repeated keys; nesting deeper than the walk is read exactly', () => {
  assert.equal(readEventText('{"a":[1,{"b":-1e400}]}').beyondDouble, true);
  assert.equal(readEventText('{"a":1e400,"a":2}').beyondDouble, true);
  assert.equal(readEventText('{"a":5e-324,"b":"1e400"}').beyondDouble, false);
  const deep = `${'['.repeat(3000)}{"a":1,"a":2}${']'.repeat(3000)}`;
  let inner: unknown = readEventText(deep).value;
  for (let i = 0; i < 3000; i++) inner = (inner as unknown[])[0];
  assert.deepEqual([...((inner as Record<string, unknown>).a as unknown[])], [1, 2]);
  assert.throws(() => readEventText('{"a":'), SyntaxError);
});
