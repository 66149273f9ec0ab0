import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureTopics, gatherEvents, lastHoursInterval } from '../../src/notebook/index.js';
import { UserError } from '../../src/errors.js';
import { FAKE_USER_ID, startFakeGenesys } from '../fakes/genesys-server.js';

test('sample: every record keeps its file and line', async () => {
  const { records, problems, integration, captureSummary } = await gatherEvents({ events: 'sample' });
  assert.ok(records.length > 100);
  assert.deepEqual(problems, []);
  assert.equal(integration, undefined);
  assert.equal(captureSummary, undefined);
  assert.match(records[0]!.source, /events\.ndjson$/);
  assert.equal(records[0]!.line, 1);
});

test('a file with a bad line: the problem is reported with its line, the rest loads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-gather-'));
  try {
    const { records: sample } = await gatherEvents({ events: 'sample' });
    const file = join(dir, 'events.ndjson');
    await writeFile(file, `${JSON.stringify(sample[0]!.event)}\n{not json\n${JSON.stringify(sample[1]!.event)}\n`);
    const { records, problems } = await gatherEvents({ events: 'events.ndjson', cwd: dir });
    assert.equal(records.length, 2);
    assert.deepEqual(records.map((r) => r.line), [1, 3]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('capture topics come from topics, queues and users; the default interval is the last hours', () => {
  assert.deepEqual(captureTopics({ topics: ' a.b , ', queues: 'q1', users: [] }), ['a.b', 'v2.routing.queues.q1.conversations']);
  assert.equal(captureTopics({ users: 'u1' }).length, 4);
  assert.equal(lastHoursInterval(2, new Date('2024-05-01T12:00:00.000Z')), '2024-05-01T10:00:00.000Z/2024-05-01T12:00:00.000Z');
  assert.throws(() => lastHoursInterval(0), UserError);
});

test('capture refuses requests without topics or without an end, before any network call', async () => {
  const env = { GENESYSCLOUD_OAUTHCLIENT_ID: 'x', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'y', GENESYSCLOUD_REGION: 'mypurecloud.com' };
  await assert.rejects(gatherEvents({ events: 'capture', env }), (e: unknown) => e instanceof UserError && /needs CAPTURE_TOPICS/.test(e.message));
  await assert.rejects(
    gatherEvents({ events: 'capture', env, capture: { topics: '', queues: '', users: '', max: 5, seconds: 5 } }),
    /needs CAPTURE_TOPICS, CAPTURE_QUEUES or CAPTURE_USERS/,
  );
  for (const [max, seconds] of [[0, 5], [5, 0], [5, -1], [Number.NaN, 5]]) {
    await assert.rejects(gatherEvents({ events: 'capture', env, capture: { users: 'u1', max: max!, seconds: seconds! } }), /must be positive: a capture always has an end/);
  }
});

test('genesys: conversations rebuilt from analytics, with the integration they are addressed to', async () => {
  const genesys = await startFakeGenesys();
  try {
    const { records, problems, integration } = await gatherEvents({
      events: 'genesys', interval: '2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z', maxConversations: 2, env: genesys.env,
    });
    assert.deepEqual(problems, []);
    assert.ok(integration);
    assert.ok(records.length > 0);
    assert.deepEqual(records.map((r) => r.line), records.map((_, i) => i + 1));
    assert.ok(records.every((r) => r.source === 'genesys 2024-05-01T00:00:00.000Z/2024-05-02T00:00:00.000Z (rebuilt from analytics)'));
    const event = records[0]!.event as { source: string };
    assert.ok(event.source.startsWith(`aws.partner/genesys.com/cloud/${genesys.orgId}/`));
    const conversationIds = new Set(records.map((r) => (r.event as { detail: { eventBody: { conversationId?: string } } }).detail.eventBody.conversationId));
    assert.ok(conversationIds.size <= 2, 'at most maxConversations conversations');
  } finally {
    await genesys.close();
  }
});

test('capture: live events until max, also written to the file; nothing arriving is a clear error', async () => {
  const genesys = await startFakeGenesys({ heartbeatMs: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'gceb-gather-'));
  try {
    const topic = `v2.users.${FAKE_USER_ID}.presence`;
    const file = join(dir, 'captured.ndjson');
    const publisher = genesys.waitForSockets(1, topic, 10_000).then(() => {
      for (let n = 0; n < 3; n++) genesys.publish(topic, { id: FAKE_USER_ID, n });
    });
    const gathered = await gatherEvents({ events: 'capture', env: genesys.env, capture: { topics: topic, max: 2, seconds: 10, file } });
    await publisher;
    assert.equal(gathered.records.length, 2);
    assert.equal(gathered.captureSummary?.stoppedBy, 'max');
    assert.equal(gathered.captureSummary?.topics, 1);
    assert.ok(gathered.integration);
    assert.equal((await readFile(file, 'utf8')).trim().split('\n').length, 2);
    assert.ok(gathered.records.every((r) => r.source === file));

    await assert.rejects(
      gatherEvents({ events: 'capture', env: genesys.env, capture: { users: FAKE_USER_ID, max: 5, seconds: 0.3 } }),
      /No event arrived in 0\.3 s on 4 topics/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    await genesys.close();
  }
});
