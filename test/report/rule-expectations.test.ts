import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleExpectationFailures } from '../../src/report/rule-expectations.js';
import { runRuleTests } from '../../src/report/verdict-run.js';
import type { TestRule } from '../../src/rules/types.js';
import { customerStart } from '../explain/fixtures.js';

const customerStartType = 'v2.detail.events.conversation.{id}.customer.start';
const voiceCall = customerStart();
voiceCall.detail.eventBody.mediaType = 'VOICE';
const events = [{ event: voiceCall, source: 'mem', line: 1 }];

async function summaryOf(rules: TestRule[]) {
  return (await runRuleTests({ rules, events })).summary;
}

const upper: TestRule = { name: 'upper', origin: 'r.json', pattern: { 'detail-type': [customerStartType], detail: { eventBody: { mediaType: ['VOICE'] } } } };
const lower: TestRule = { name: 'lower', origin: 'r.json', pattern: { 'detail-type': [customerStartType], detail: { eventBody: { mediaType: ['voice'] } } } };

test("each rule's own expect: only unmet ones fail, rules without expect are not checked", async () => {
  const summary = await summaryOf([{ ...upper, expect: 'match' }, { ...lower, expect: 'no-match' }, upper, lower]);
  assert.deepEqual(ruleExpectationFailures(summary), []);
  assert.deepEqual(ruleExpectationFailures(summary, { expect: '' }), []);

  const failed = ruleExpectationFailures(await summaryOf([{ ...upper, expect: 'no-match' }, { ...lower, expect: 'match' }]));
  assert.equal(failed.length, 2);
  assert.equal(failed[0], 'rule upper (r.json) matched 1 of 1 events but should match none');
  assert.match(failed[1]!, /^rule lower \(r\.json\) matched none of 1 events; nearest miss: .+/);
  assert.match(failed[1]!, /VOICE/, "the nearest miss's hint says what the event has");
});

test('an override applies to every rule, replacing their own expect', async () => {
  const summary = await summaryOf([{ ...upper, expect: 'no-match' }, lower]);
  assert.deepEqual(ruleExpectationFailures(summary, { expect: 'match' }).map((f) => f.split(' ')[1]), ['lower']);
  assert.deepEqual(ruleExpectationFailures(summary, { expect: 'no-match' }).map((f) => f.split(' ')[1]), ['upper']);
});

test('no events: a rule expected to match fails with "no events"; an unknown expectation is a failure', async () => {
  const summary = (await runRuleTests({ rules: [{ ...upper, expect: 'match' }], events: [] })).summary;
  assert.deepEqual(ruleExpectationFailures(summary), ['rule upper (r.json) matched none of 0 events; nearest miss: no events']);
  assert.deepEqual(ruleExpectationFailures(summary, { expect: 'sometimes' }), ["the expectation must be empty (each rule's own), 'match' or 'no-match', not 'sometimes'"]);
});
