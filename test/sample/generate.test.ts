import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateEvents, Random } from '../../src/sample/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('the same seed gives the same events, byte for byte; another seed differs', () => {
  const a = JSON.stringify([...generateEvents({ seed: 42, count: 300 })]);
  const b = JSON.stringify([...generateEvents({ seed: 42, count: 300 })]);
  const c = JSON.stringify([...generateEvents({ seed: 43, count: 300 })]);
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('a shorter run is a prefix of a longer one with the same seed', () => {
  const short = [...generateEvents({ seed: 7, count: 50 })];
  const long = [...generateEvents({ seed: 7, count: 200 })];
  assert.deepEqual(short, long.slice(0, 50));
});

test('generation is lazy: the first events of a huge run arrive at once', () => {
  const iterator = generateEvents({ seed: 1, count: 1e12 });
  for (let i = 0; i < 5; i++) assert.equal(iterator.next().done, false);
  iterator.return();
});

test('count 0 yields nothing; a bad count or start is a RangeError', () => {
  assert.equal([...generateEvents({ count: 0 })].length, 0);
  assert.throws(() => [...generateEvents({ count: -1 })], RangeError);
  assert.throws(() => [...generateEvents({ count: 1, start: 'not a time' })], RangeError);
});

test('org, suffix, account, region, start and partner prefix are honoured', () => {
  const events = [...generateEvents({
    seed: 5, count: 20, orgId: '11111111-2222-4333-8444-555555555555', eventSourceSuffix: 'my-bus',
    account: '210987654321', region: 'eu-west-1', start: '2025-01-02T03:04:05.000Z', partnerPrefix: 'aws.partner/genesys.com.test',
  })];
  for (const e of events) {
    assert.equal(e.source, 'aws.partner/genesys.com.test/cloud/11111111-2222-4333-8444-555555555555/my-bus');
    assert.equal(e.account, '210987654321');
    assert.equal(e.region, 'eu-west-1');
    assert.ok(e.time >= '2025-01-02T03:04:05Z', e.time);
  }
});

test('several orgs: scenarios are spread over them, a conversation stays in one org', () => {
  const orgs = [
    { orgId: 'aaaaaaaa-0000-4000-8000-000000000001', eventSourceSuffix: 'prod' },
    { orgId: 'aaaaaaaa-0000-4000-8000-000000000002', eventSourceSuffix: 'test' },
  ];
  const events = [...generateEvents({ seed: 9, count: 400, orgs })];
  const sources = new Set(events.map((e) => e.source));
  assert.equal(sources.size, 2);
  const sourceByConversation = new Map<string, string>();
  for (const e of events) {
    const id = (e.detail.eventBody as { conversationId?: string }).conversationId;
    if (id === undefined) continue;
    const seen = sourceByConversation.get(id);
    if (seen !== undefined) assert.equal(e.source, seen, `conversation ${id} changed org`);
    sourceByConversation.set(id, e.source);
  }
});

test('events come out in time order and every id is a v4 UUID', () => {
  let previous = -Infinity;
  for (const e of generateEvents({ seed: 3, count: 2000 })) {
    assert.match(e.id, UUID);
    assert.match(e.detail.metadata.CorrelationId, UUID);
    const body = e.detail.eventBody as { eventTime?: unknown };
    const at = typeof body.eventTime === 'number' ? body.eventTime : typeof body.eventTime === 'string' ? Date.parse(body.eventTime) : undefined;
    if (at === undefined) continue;
    assert.ok(at >= previous, `${e.detail.topicName} at ${at} before ${previous}`);
    previous = at;
  }
});

test('Random: int stays in range, uuid is v4, weighted respects zero weights', () => {
  const random = new Random(123);
  for (let i = 0; i < 10000; i++) {
    const n = random.int(3, 7);
    assert.ok(n >= 3 && n <= 7 && Number.isInteger(n));
    assert.notEqual(random.weighted([['a', 1], ['b', 0]]), 'b');
  }
  assert.match(random.uuid(), UUID);
});
