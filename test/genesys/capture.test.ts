import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGenesys, FAKE_USER_ID } from '../fakes/genesys-server.js';
import { captureNotifications, createGenesysClient, genesysConfigFromEnv, planChannels, userTopics } from '../../src/genesys/index.js';
import type { GenesysEventBridgeEvent } from '../../src/envelope/index.js';

const target = { orgId: 'org-1', eventSourceSuffix: 'suffix', account: '123456789012', region: 'us-east-1' };
const presence = `v2.users.${FAKE_USER_ID}.presence`;
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await delay(10);
  }
}

test('planChannels: ≤1000 topics per channel, no placeholders', () => {
  const topics = Array.from({ length: 2500 }, (_, i) => `v2.users.u${i}.presence`);
  assert.deepEqual(planChannels(topics).map((g) => g.length), [1000, 1000, 500]);
  assert.throws(() => planChannels(['v2.users.{id}.presence']), /placeholder/);
  assert.throws(() => planChannels(Array.from({ length: 10_001 }, (_, i) => `v2.x.${i}`)), /at most 10/);
});

test('capture: heartbeats ignored, events converted, no loss or duplicates across a drop and socket_closing', async () => {
  const g = await startFakeGenesys({ heartbeatMs: 30 });
  const client = createGenesysClient(genesysConfigFromEnv(g.env));
  const written: GenesysEventBridgeEvent[] = [];
  const running = captureNotifications(client, {
    topics: userTopics([FAKE_USER_ID]),
    target,
    max: 9,
    durationMs: 8000,
    reconnectBaseDelayMs: 20,
    onEvent: ({ event }) => written.push(event),
  });
  try {
    const delivered: string[] = [];
    const send = (n: number, correlationId = `corr-${n}`) => {
      if (g.publish(presence, { presenceDefinition: { systemPresence: 'AVAILABLE' }, n }, { correlationId }) > 0) delivered.push(correlationId);
    };
    await g.waitForSockets(1, presence);
    send(1);
    send(2);
    send(2); // same CorrelationId+topic: a duplicate
    await delay(80);
    g.dropSockets();
    await delay(30);
    await g.waitForSockets(1, presence);
    send(3);
    send(4);
    const firstChannel = g.channels().find((c) => c.sockets > 0)!.id;
    g.sendSocketClosing(); // make-before-break: a second channel opens before the first closes
    await waitFor(() => g.channels().filter((c) => c.sockets > 0).some((c) => c.id !== firstChannel));
    send(5);
    send(6);
    await delay(50);
    for (let n = 7; n <= 12; n++) send(n);
    const summary = await running;
    assert.equal(summary.stoppedBy, 'max');
    assert.equal(summary.events, 9);
    assert.ok(summary.reconnects >= 1);
    assert.ok(summary.renewals >= 1);
    assert.ok(summary.heartbeats >= 1);
    assert.ok(summary.duplicates >= 1, `duplicates ${summary.duplicates}`);
    const ids = written.map((e) => e.detail.metadata.CorrelationId);
    assert.equal(new Set(ids).size, ids.length, 'nothing written twice');
    assert.deepEqual(ids, [...new Set(delivered)].slice(0, 9), 'nothing lost, in order');
    const e = written[0]!;
    assert.equal(e['detail-type'], 'v2.users.{id}.presence');
    assert.equal(e.detail.topicName, presence);
    assert.equal(e.source, 'aws.partner/genesys.com/cloud/org-1/suffix');
    assert.match(e.detail.timestamp, /\.\d{3}Z$/);
  } finally {
    await running.catch(() => undefined);
    await g.close();
  }
});

test('capture renews the channel before expiry without losing events', async () => {
  const g = await startFakeGenesys({ heartbeatMs: 0, channelTtlMs: 400 });
  const client = createGenesysClient(genesysConfigFromEnv(g.env));
  const written: string[] = [];
  const delivered: string[] = [];
  const controller = new AbortController();
  const running = captureNotifications(client, {
    topics: [presence],
    target,
    renewBeforeMs: 250,
    reconnectBaseDelayMs: 20,
    signal: controller.signal,
    onEvent: ({ event }) => written.push(event.detail.metadata.CorrelationId),
  });
  try {
    await g.waitForSockets(1, presence);
    for (let n = 0; n < 40; n++) {
      if (g.publish(presence, { n }, { correlationId: `c${n}` }) > 0) delivered.push(`c${n}`);
      await delay(15);
    }
    await delay(50);
    controller.abort();
    const summary = await running;
    assert.equal(summary.stoppedBy, 'signal');
    assert.ok(summary.renewals >= 1, `renewals ${summary.renewals}`);
    assert.deepEqual(written, delivered);
  } finally {
    controller.abort();
    await running.catch(() => undefined);
    await g.close();
  }
});
