import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixes } from '../../src/explain/index.js';
import { explainEventPattern, testEventPattern } from '../../src/pattern/index.js';
import { customerStart } from './fixtures.js';

const failure = (path: string, expected: unknown[]) => ({ path, code: 'case-mismatch' as const, expected: [], hint: '', fix: { path, expected } });

test('applyFixes puts each proposed fix into a copy of the pattern, following dotted keys', () => {
  const pattern = { 'detail-type': ['x'], 'detail.eventBody': { mediaType: ['voice'] } };
  const result = applyFixes(pattern, [failure('detail.eventBody.mediaType', ['VOICE']), failure('source', [{ prefix: 'aws.partner/genesys.com' }])]);
  assert.deepEqual(result.pattern, { 'detail-type': ['x'], 'detail.eventBody': { mediaType: ['VOICE'] }, source: [{ prefix: 'aws.partner/genesys.com' }] });
  assert.equal(result.applied.length, 2);
  assert.deepEqual(pattern['detail.eventBody'].mediaType, ['voice'], 'the input is unchanged');
});

test('applyFixes creates missing levels and skips what it cannot place', () => {
  assert.deepEqual(applyFixes({}, [failure('detail.eventBody.mediaType', ['VOICE'])]).pattern, { detail: { eventBody: { mediaType: ['VOICE'] } } });
  const nested = applyFixes({ detail: { eventBody: { $or: [{ a: [1] }, { b: [2] }] } } }, [failure('detail.eventBody.$or', [])]);
  assert.equal(nested.skipped.length, 1, 'a fix inside $or cannot say which branch it belongs to');
  assert.equal(applyFixes({ detail: ['x'] }, [failure('detail.eventBody.mediaType', ['VOICE'])]).skipped.length, 1, 'a leaf in the way');
  assert.equal(applyFixes([1], [failure('a', [1])]).skipped.length, 1, 'not a pattern object');
  assert.equal(applyFixes({ a: [1] }, [{ path: 'a', code: 'value-mismatch' as const, expected: [1], hint: '' }]).applied.length, 0, 'failures without a fix are ignored');
});

test('the explainer\'s own fixes turn a near miss into a match', () => {
  const event = customerStart();
  const pattern = { 'detail-type': [event['detail-type']], detail: { eventBody: { mediaType: ['chat'] } } };
  const input = { Event: JSON.stringify(event), EventPattern: JSON.stringify(pattern) };
  const explanation = explainEventPattern(input);
  assert.equal(explanation.Result, false);
  const fixed = applyFixes(pattern, explanation.failures);
  assert.ok(fixed.applied.length >= 1, JSON.stringify(explanation.failures));
  assert.deepEqual(testEventPattern({ Event: input.Event, EventPattern: JSON.stringify(fixed.pattern) }), { Result: true });
});
