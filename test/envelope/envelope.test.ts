import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toEventBridgeEvent, convertNotification, topicTemplate, resolveTopicTemplate, TopicCatalogue, defaultTopicCatalogue, guessTopicTemplate } from '../../src/envelope/index.js';
import { REFERENCE_CUSTOMER_START } from '../fixtures/reference-events.js';

test('customer.start notification becomes the exact partner envelope', () => {
  const { topicName, version, eventBody, metadata } = structuredClone(REFERENCE_CUSTOMER_START.detail);
  const event = toEventBridgeEvent(
    { topicName, version, eventBody, metadata },
    { orgId: '32aa07aa-db1b-4987-abd0-9483601ec29d', eventSourceSuffix: 'test-event-bus', account: '123456789012', region: 'us-east-1', time: '2022-04-06T09:30:45.013Z', id: 'adbcfa5b-0116-4baa-b66b-a3f5902e95bf' },
  );
  assert.deepEqual(event, REFERENCE_CUSTOMER_START);
});

test('audit topics: the entity type slot becomes {id} by the catalogue, not a UUID regex', () => {
  const r = resolveTopicTemplate('v2.audits.entitytype.OAuthClient.entityid.46a10c81-ca63-4bfe-bc9d-3fbf41ee06b5');
  assert.deepEqual(r, { template: 'v2.audits.entitytype.{id}.entityid.{id}', templateSource: 'catalogue' });
  assert.equal(topicTemplate('v2.users.5e0d1c2b-0000-4000-8000-00000000b001.routingStatus'), 'v2.users.{id}.routingStatus');
  assert.equal(topicTemplate('v2.conversations.abc.transcription'), 'v2.conversations.{id}.transcription');
  assert.equal(topicTemplate('v2.operations.events.someOpaqueId'), 'v2.operations.events.{id}');
  assert.equal(topicTemplate('v2.routing.queues.q1.conversations.calls'), 'v2.routing.queues.{id}.conversations.calls');
});

test('segment matching prefers the most literal template', () => {
  const c = new TopicCatalogue([{ template: 'v2.users.{id}.{id}' }, { template: 'v2.users.{id}.presence' }]);
  assert.equal(c.lookup('v2.users.u1.presence'), 'v2.users.{id}.presence');
  assert.equal(c.lookup('v2.users.u1.other'), 'v2.users.{id}.{id}');
  assert.equal(c.lookup('v2.users.u1'), undefined);
});

test('unknown topic: UUID segments guessed and flagged beside the event', () => {
  const { event, templateSource } = convertNotification(
    { topicName: 'v2.brandnew.widgets.46a10c81-ca63-4bfe-bc9d-3fbf41ee06b5.things', eventBody: {} },
    { orgId: 'o', eventSourceSuffix: 's', account: '1', region: 'us-east-1' },
  );
  assert.equal(templateSource, 'guessed');
  assert.equal(event['detail-type'], 'v2.brandnew.widgets.{id}.things');
  assert.equal(JSON.stringify(event).includes('guessed'), false);
  assert.equal(guessTopicTemplate('v2.x.8f725aa1-d831-4fb3-a8ea-9ccf7d44db68-archival.y'), 'v2.x.{id}.y');
});

test('the shipped catalogue holds every topic of the reference and no duplicates', () => {
  const c = defaultTopicCatalogue();
  const templates = c.entries.map((e) => e.template);
  assert.equal(new Set(templates).size, templates.length);
  for (const t of ['v2.detail.events.conversation.{id}.voicemail.end', 'v2.detail.events.agent.{id}.state', 'v2.analytics.flow.{id}.aggregates',
    'v2.analytics.conversation.{id}.metrics', 'v2.users.{id}.persistentconnection', 'v2.operations.events.{id}', 'v2.detail.events.conversation.{id}.flow.outcome']) {
    assert.ok(c.has(t), t);
  }
  assert.ok(templates.length > 60);
});
