import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testEventPattern } from '../../src/pattern/index.js';
import { conformanceCases, eventText } from './conformance-cases.js';

test(`conformance table has at least 400 cases (${conformanceCases.length})`, () => {
  assert.ok(conformanceCases.length >= 400);
  assert.equal(new Set(conformanceCases.map((c) => c.name)).size, conformanceCases.length, 'case names are unique');
});

for (const c of conformanceCases) {
  test(c.name, () => {
    const run = () => testEventPattern({ Event: eventText(c), EventPattern: c.pattern });
    if (typeof c.expect === 'boolean') {
      assert.deepEqual(run(), { Result: c.expect });
      return;
    }
    const error = (() => {
      try {
        run();
      } catch (e) {
        return e as Error & { reason?: string };
      }
      assert.fail('expected an error');
    })();
    if ('error' in c.expect) {
      assert.equal(error.name, 'InvalidEventPatternException');
      assert.equal(error.message.split('\n')[0], `Event pattern is not valid. Reason: ${c.expect.error}`);
      assert.equal(error.reason, c.expect.error);
    } else {
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.message, c.expect.validation);
    }
  });
}
