import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { topicTemplate } from '../../src/envelope/index.js';
import { adviseFailure, hasConcreteIds, templateOfTopic } from '../../src/explain/index.js';
import { customerStart } from './fixtures.js';

describe('topic templates come from the envelope catalogue', () => {
  it('a catalogue topic gets its template even when the id looks like a word', () => {
    assert.equal(templateOfTopic('v2.routing.queues.q1.conversations.calls'), 'v2.routing.queues.{id}.conversations.calls');
    assert.equal(templateOfTopic('v2.conversations.abc.transcription'), 'v2.conversations.{id}.transcription');
    assert.ok(hasConcreteIds('v2.routing.queues.q1.conversations.calls'));
  });

  it('an unknown topic falls back to the catalogue guess (UUIDs and long ids only)', () => {
    assert.equal(templateOfTopic('v2.madeup.8f725aa1-d831-4fb3-a8ea-9ccf7d44db68.thing'), 'v2.madeup.{id}.thing');
    assert.equal(templateOfTopic('v2.madeup.short.thing'), 'v2.madeup.short.thing');
    assert.ok(!hasConcreteIds('v2.madeup.short.thing'));
  });

  it('templates, invented names and non-topics are not concrete topics', () => {
    assert.ok(!hasConcreteIds('v2.users.{id}.presence'));
    assert.ok(!hasConcreteIds('ConversationEvent'));
  });

  it('agrees with the envelope on every topic it is asked about', () => {
    for (const topic of [
      'v2.users.5e0d1c2b-0000-4000-8000-00000000b001.routingStatus',
      'v2.audits.entitytype.OAuthClient.entityid.abc',
      'v2.operations.events.someOpaqueId',
      'v2.detail.events.conversation.2f7bf00a-0fc2-4d6a-9b56-92238191433e.customer.start',
    ]) {
      assert.equal(templateOfTopic(topic), topicTemplate(topic), topic);
    }
  });

  it('the detail-type advice uses the catalogue template for a concrete topic with a short id', () => {
    const event = customerStart();
    event['detail-type'] = 'v2.routing.queues.{id}.conversations.calls';
    event.detail.topicName = 'v2.routing.queues.q1.conversations.calls';
    const advice = adviseFailure(
      { path: 'detail-type', code: 'value-mismatch', expected: ['v2.routing.queues.q1.conversations.calls'], actual: [event['detail-type']] },
      { event },
    );
    assert.deepEqual(advice.fix, { path: 'detail-type', expected: ['v2.routing.queues.{id}.conversations.calls'] });
  });
});
