import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeEventBridge, RECORDED_PAIRS, RECORDED_EVENT_CUSTOMER_START } from '../fakes/eventbridge-server.js';
import { crossCheck, formatFindingAsBugReport, formatCrossCheckSummary, type CrossCheckPair } from '../../src/aws/index.js';
import { UserError } from '../../src/errors.js';
import { testEventPattern } from '../../src/pattern/index.js';

const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

/** AWS's real answer for each recorded pair (the planted one is recorded with the wrong answer). */
function truePairs(): CrossCheckPair[] {
  return RECORDED_PAIRS.map((p, i) => ({
    rule: `r${i}`,
    eventId: (p.event as { id: string }).id,
    event: JSON.stringify(p.event),
    pattern: JSON.stringify(p.pattern),
    local: p.planted ? !p.result : p.result,
  }));
}

test('cross-check: agreements counted, the planted disagreement reported with its pair', async () => {
  const eb = await startFakeEventBridge();
  try {
    const pairs = truePairs();
    // The same (event, pattern) again under another rule name, with different whitespace in the event:
    // the exact strings differ, so it is another distinct pair; the literal duplicate is sent once.
    const dup = { ...pairs[0]!, rule: 'dup' };
    const spaced = { ...pairs[1]!, rule: 'spaced', event: JSON.stringify(JSON.parse(pairs[1]!.event), null, 2) };
    const progress: number[] = [];
    const result = await crossCheck([...pairs, dup, spaced], { env: eb.env, concurrency: 3, onProgress: (d) => progress.push(d) });
    assert.equal(result.distinct, pairs.length + 1);
    assert.equal(eb.calls.filter((c) => c.operation === 'TestEventPattern').length, pairs.length + 1);
    assert.equal(result.checked, pairs.length + 1);
    assert.equal(result.agreed, pairs.length);
    assert.equal(result.errors.length, 0);
    assert.equal(result.disagreements.length, 1);
    const [d] = result.disagreements;
    const planted = RECORDED_PAIRS.findIndex((p) => p.planted);
    assert.equal(d!.rule, `r${planted}`);
    assert.equal(d!.aws, false);
    assert.equal(d!.local, true);
    assert.deepEqual(JSON.parse(d!.pattern), RECORDED_PAIRS[planted]!.pattern);
    assert.equal(progress.length, pairs.length + 1);

    const md = formatFindingAsBugReport(d!, { region: 'us-east-1' });
    assert.match(md, /^## Pattern engine disagrees with AWS EventBridge \(rule `r\d+`, event `adbcfa5b-/);
    assert.match(md, /\| AWS TestEventPattern \| `false` \|/);
    assert.match(md, /\| gceb local engine \| `true` \|/);
    assert.match(md, /"numeric": \[\n\s+">",\n\s+0\n/);
    assert.match(md, /aws events test-event-pattern --region us-east-1 --event-pattern file:\/\/pattern.json --event file:\/\/event.json/);
    assert.match(formatCrossCheckSummary(result), /8 distinct pair\(s\) answered, 7 agree, 1 disagree, 0 not answered\.\n {2}DISAGREE {2}rule r6/);
  } finally {
    await eb.close();
  }
});

test('cross-check with the real local engine finds exactly the planted disagreement', async () => {
  const eb = await startFakeEventBridge();
  try {
    const pairs = RECORDED_PAIRS.map((p, i) => {
      const event = JSON.stringify(p.event);
      const pat = JSON.stringify(p.pattern);
      return { rule: `r${i}`, eventId: 'e', event, pattern: pat, local: testEventPattern({ Event: event, EventPattern: pat }).Result };
    });
    const result = await crossCheck(pairs, { env: eb.env });
    assert.equal(result.agreed, RECORDED_PAIRS.length - 1);
    assert.deepEqual(
      result.disagreements.map((d) => d.rule),
      [`r${RECORDED_PAIRS.findIndex((p) => p.planted)}`],
    );
  } finally {
    await eb.close();
  }
});

test('cross-check: unknown pairs and invalid events are "not answered", the run goes on', async () => {
  const eb = await startFakeEventBridge();
  try {
    const pairs = truePairs().slice(0, 2);
    const unknown = { ...pairs[0]!, rule: 'unknown', pattern: '{"source":["something-else"]}' };
    const invalid = { ...pairs[0]!, rule: 'invalid', eventId: 'x', event: '{"detail":{}}' };
    const result = await crossCheck([...pairs, unknown, invalid], { env: eb.env });
    assert.equal(result.agreed, 2);
    assert.deepEqual(
      result.errors.map((e) => [e.rule, e.message]),
      [
        ['unknown', 'not answered: UnrecordedPairException: The fake EventBridge has no recorded answer for this (event, pattern) pair.'],
        ['invalid', 'not answered: ValidationException: Parameter Event is not valid.'],
      ],
    );
  } finally {
    await eb.close();
  }
});

test('cross-check: throttling is retried (SDK + own budget); past the budget a pair is "not answered"', async () => {
  const eb = await startFakeEventBridge({ faults: [{ operation: 'TestEventPattern', error: 'ThrottlingException', times: 3 }] });
  try {
    const pairs = truePairs().slice(0, 3);
    // SDK makes 1 attempt per call here, so all retries come from our own budget.
    const ok = await crossCheck(pairs, { env: eb.env, concurrency: 1, sdkMaxAttempts: 1, retry: FAST_RETRY });
    assert.equal(ok.agreed, 3);
    assert.equal(ok.errors.length, 0);
    assert.equal(eb.calls.filter((c) => c.operation === 'TestEventPattern').length, 6, '3 throttled + 3 answered');

    eb.state.faults.push({ operation: 'TestEventPattern', error: 'ThrottlingException' });
    const starved = await crossCheck(pairs, { env: eb.env, concurrency: 2, sdkMaxAttempts: 1, retry: { ...FAST_RETRY, budget: 2 } });
    assert.equal(starved.checked, 0);
    assert.deepEqual(starved.errors.map((e) => e.message), Array(3).fill('not answered: throttled past the retry budget'));
  } finally {
    await eb.close();
  }
});

test('cross-check: AccessDenied stops the run with the IAM policy; abort stops it too', async () => {
  const eb = await startFakeEventBridge({ faults: [{ operation: 'TestEventPattern', error: 'AccessDeniedException' }] });
  try {
    await assert.rejects(crossCheck(truePairs(), { env: eb.env }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /^AWS denied events:TestEventPattern/);
      assert.match(e.hint ?? '', /"events:TestEventPattern"/);
      return true;
    });
    assert.ok(eb.calls.length <= 4, 'stops after the first denial in each worker');
    const controller = new AbortController();
    controller.abort();
    eb.state.faults.length = 0;
    await assert.rejects(crossCheck(truePairs(), { env: eb.env, signal: controller.signal }), /Interrupted/);
    const empty = await crossCheck([], { env: eb.env });
    assert.deepEqual(empty, { checked: 0, agreed: 0, disagreements: [], errors: [], distinct: 0 });
  } finally {
    await eb.close();
  }
});

test('the recorded event is the reference fixture shape', () => {
  assert.equal(RECORDED_EVENT_CUSTOMER_START['detail-type'], 'v2.detail.events.conversation.{id}.customer.start');
});
