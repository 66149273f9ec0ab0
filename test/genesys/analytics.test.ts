import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGenesys, fakeConversation, fakeConversations, FAKE_QUEUE_ID, FAKE_USER_ID } from '../fakes/genesys-server.js';
import { createGenesysClient, genesysConfigFromEnv, queryConversationDetails, rebuildDetailEvents, splitInterval, collect, type AnalyticsConversation } from '../../src/genesys/index.js';

const target = { orgId: 'org-1', eventSourceSuffix: 'suffix', account: '123456789012', region: 'us-east-1' };

test('splitInterval cuts at 31 days and rejects nonsense', () => {
  assert.deepEqual(splitInterval('2024-01-01T00:00:00Z/2024-03-01T00:00:00Z'), [
    '2024-01-01T00:00:00.000Z/2024-02-01T00:00:00.000Z',
    '2024-02-01T00:00:00.000Z/2024-03-01T00:00:00.000Z',
  ]);
  assert.throws(() => splitInterval('yesterday'), /Invalid interval/);
  assert.throws(() => splitInterval('2024-02-01T00:00:00Z/2024-01-01T00:00:00Z'), /not after/);
});

test('details query pages (pageSize ≤ 100), splits >31 days, dedupes, honours max', async () => {
  const conversations = [
    ...fakeConversations(230, new Date('2024-01-01T00:00:00Z'), 60_000),
    ...fakeConversations(3, new Date('2024-02-10T00:00:00Z'), 60_000).map((c, i) => ({ ...c, conversationId: `feb-${i}` })),
  ];
  const g = await startFakeGenesys({ conversations });
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env));
    const all = await collect(queryConversationDetails(client, { interval: '2024-01-01T00:00:00Z/2024-03-01T00:00:00Z' }));
    assert.equal(all.length, 233);
    assert.equal(new Set(all.map((c) => c.conversationId)).size, 233);
    const queries = g.requests.filter((r) => r.path.endsWith('/details/query'));
    assert.ok(queries.every((q) => ((q.body as { paging: { pageSize: number } }).paging.pageSize) <= 100));
    assert.equal(queries.length, 4, '3 pages for January, 1 for February');
    const some = await collect(queryConversationDetails(client, { interval: '2024-01-01T00:00:00Z/2024-02-01T00:00:00Z', max: 7, media: 'VOICE' }));
    assert.equal(some.length, 7);
    const last = g.requests.at(-1)!.body as { segmentFilters: Array<{ predicates: Array<{ value: string }> }> };
    assert.equal(last.segmentFilters[0]!.predicates[0]!.value, 'voice');
  } finally {
    await g.close();
  }
});

test('async jobs: submit, poll until FULFILLED, read every cursor page; automatic above the threshold', async () => {
  const g = await startFakeGenesys({ conversations: fakeConversations(25, new Date('2024-05-01T00:00:00Z'), 60_000), jobPollsBeforeFulfilled: 2, jobResultPageSize: 10 });
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env));
    const viaJob = await collect(queryConversationDetails(client, { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', async: true, pollMs: 5 }));
    assert.equal(viaJob.length, 25);
    assert.equal(g.requests.filter((r) => r.path.endsWith('/results')).length, 3);
    const auto = await collect(queryConversationDetails(client, { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', asyncThreshold: 20, pollMs: 5 }));
    assert.equal(auto.length, 25);
    assert.equal(g.requests.filter((r) => r.path === '/api/v2/analytics/conversations/details/jobs').length, 2);
  } finally {
    await g.close();
  }
});

test('rebuild: the detail events a conversation would have produced, upper-case enums, stable ids', () => {
  const conversation = fakeConversation(1, new Date('2024-05-01T08:00:00.000Z')) as AnalyticsConversation;
  const rebuilt = rebuildDetailEvents(conversation, target);
  const kinds = rebuilt.map((r) => r.event['detail-type'].replace('v2.detail.events.conversation.{id}.', ''));
  assert.deepEqual([...kinds].sort(), ['acd.end', 'acd.start', 'acw', 'customer.end', 'customer.start', 'flow.end', 'flow.start', 'user.end', 'user.start'].sort());
  const times = rebuilt.map((r) => Date.parse(r.event.detail.timestamp));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  const byKind = (k: string) => rebuilt.find((r) => r.event['detail-type'].endsWith(`.${k}`))!.event.detail.eventBody as Record<string, unknown>;
  const start = byKind('customer.start');
  assert.equal(start.mediaType, 'VOICE');
  assert.equal(start.direction, 'INBOUND');
  assert.equal(typeof start.eventTime, 'number');
  assert.equal(start.conversationId, conversation.conversationId);
  assert.equal(byKind('acd.start').queueId, FAKE_QUEUE_ID);
  assert.equal(byKind('acd.end').acdOutcome, 'ANSWERED');
  assert.equal(byKind('acd.end').answeredUserId, FAKE_USER_ID);
  assert.equal(byKind('user.end').disconnectType, 'CLIENT');
  assert.equal(byKind('acw').wrapupDurationMs, 20_000);
  assert.equal(byKind('flow.start').flowType, 'INBOUNDCALL');
  for (const r of rebuilt) {
    assert.equal(r.provenance.origin, 'rebuilt');
    assert.equal(r.provenance.id, r.event.id);
    assert.equal('rebuilt' in (r.event.detail.eventBody as object), false);
    assert.equal(r.event.detail.topicName, r.event['detail-type'].replace('{id}', conversation.conversationId));
  }
  assert.deepEqual(rebuildDetailEvents(conversation, target).map((r) => r.event.id), rebuilt.map((r) => r.event.id));
});

test('rebuild: voicemail segments give voicemail.start/end', () => {
  const c = fakeConversation(2, new Date('2024-05-01T08:00:00.000Z')) as AnalyticsConversation;
  const acd = c.participants!.find((p) => p.purpose === 'acd')!;
  acd.sessions![0]!.segments!.push({ segmentType: 'voicemail', segmentStart: '2024-05-01T08:01:10.000Z', segmentEnd: '2024-05-01T08:02:00.000Z', queueId: FAKE_QUEUE_ID });
  const kinds = rebuildDetailEvents(c, target).map((r) => r.event['detail-type']);
  assert.ok(kinds.includes('v2.detail.events.conversation.{id}.voicemail.start'));
  assert.ok(kinds.includes('v2.detail.events.conversation.{id}.voicemail.end'));
});
