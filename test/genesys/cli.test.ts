import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { runCli } from '../helpers/run-cli.js';
import { startFakeGenesys, FAKE_USER_ID, type FakeGenesys } from '../fakes/genesys-server.js';

function run(argv: string[], env: Record<string, string>, cwd: string, signal?: AbortSignal) {
  return runCli(argv, { env, cwd, signal });
}

async function withFake(fn: (g: FakeGenesys, dir: string) => Promise<void>, options = {}) {
  const g = await startFakeGenesys(options);
  const dir = await mkdtemp(join(tmpdir(), 'gceb-genesys-'));
  try {
    await fn(g, dir);
  } finally {
    await g.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function assertNoSecret(g: FakeGenesys, dir: string, ...texts: string[]) {
  for (const t of texts) assert.equal(t.includes(g.clientSecret), false, 'secret in output');
  for (const f of await readdir(dir)) assert.equal((await readFile(join(dir, f), 'utf8')).includes(g.clientSecret), false, `secret in ${f}`);
}

test('gceb genesys integration (text and json)', () =>
  withFake(async (g, dir) => {
    const text = await run(['genesys', 'integration'], g.env, dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /EventBridge to prod/);
    assert.match(text.stdout, new RegExp(`aws\\.partner/genesys\\.com/cloud/${g.orgId}/prod-events`));
    assert.match(text.stdout, /ENABLED \/ ACTIVE/);
    const json = await run(['genesys', 'integration', '--format', 'json'], g.env, dir);
    const parsed = JSON.parse(json.stdout) as Array<{ eventSource: string; eventFilter: string[] }>;
    assert.equal(parsed.length, 1);
    assert.equal(parsed[0]!.eventFilter.length, 2);
    await assertNoSecret(g, dir, text.stdout, text.stderr, json.stdout, json.stderr);
  }));

test('gceb genesys topics --refresh writes the merged catalogue atomically; regions lists 17', () =>
  withFake(async (g, dir) => {
    const r = await run(['genesys', 'topics', '--refresh', '--out', 'topics.json'], g.env, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\+ v2\.brandnew\.widgets\.\{id\}\.things/);
    const file = JSON.parse(await readFile(join(dir, 'topics.json'), 'utf8')) as { topics: Array<{ template: string }> };
    assert.ok(file.topics.some((t) => t.template === 'v2.brandnew.widgets.{id}.things'));
    assert.ok(file.topics.some((t) => t.template === 'v2.users.{id}.presence'));
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), []);
    const regions = await run(['genesys', 'regions'], {}, dir);
    assert.equal(regions.stdout.trim().split('\n').length, 17);
  }));

test('gceb fetch rebuilds envelopes to a file with a provenance sidecar', () =>
  withFake(async (g, dir) => {
    const r = await run(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', '--out', 'events.ndjson', '--media', 'voice'], g.env, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /rebuilt 45 events from 5 conversations/);
    const events = (await readFile(join(dir, 'events.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; source: string; 'detail-type': string });
    const prov = (await readFile(join(dir, 'events.ndjson.provenance.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; origin: string });
    assert.equal(events.length, 45);
    assert.deepEqual(prov.map((p) => p.id), events.map((e) => e.id));
    assert.ok(prov.every((p) => p.origin === 'rebuilt'));
    assert.equal(events[0]!.source, `aws.partner/genesys.com/cloud/${g.orgId}/prod-events`);
    const limited = await run(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', '--max', '1', '--suffix', 'x', '--account', '1', '--aws-region', 'eu-west-1', '--org-id', 'o'], g.env, dir);
    assert.equal(limited.code, 0, limited.stderr);
    const lines = limited.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; region: string });
    assert.equal(lines.length, 9);
    assert.equal(lines[0]!.source, 'aws.partner/genesys.com/cloud/o/x');
    await assertNoSecret(g, dir, r.stdout, r.stderr, limited.stdout, limited.stderr);
  }));

test('gceb fetch: 403 names the permission; no file is left behind', () =>
  withFake(async (g, dir) => {
    g.forbid('/api/v2/analytics', 'analytics:conversationDetail:view');
    const r = await run(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', '--out', 'events.ndjson'], g.env, dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /403/);
    assert.match(r.stderr, /analytics:conversationDetail:view/);
    assert.match(r.stderr, /ININ-Correlation-Id/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(await readdir(dir), []);
  }));

test('gceb capture writes envelopes as they arrive and stops at --max', () =>
  withFake(async (g, dir) => {
    const topic = `v2.users.${FAKE_USER_ID}.presence`;
    const publisher = (async () => {
      await g.waitForSockets(1, topic);
      for (let n = 0; n < 3; n++) g.publish(topic, { presenceDefinition: { systemPresence: 'AVAILABLE' }, n });
      g.publish(`v2.users.${FAKE_USER_ID}.routingStatus`, { routingStatus: { status: 'IDLE' } });
    })();
    const r = await run(['capture', '--users', FAKE_USER_ID, '--max', '4', '--duration', '20s', '--out', 'live.ndjson'], g.env, dir);
    await publisher;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /captured 4 events \(stopped by max\)/);
    const lines = (await readFile(join(dir, 'live.ndjson'), 'utf8')).split('\n');
    assert.equal(lines.pop(), '', 'ends with a whole line');
    const events = lines.map((l) => JSON.parse(l) as { 'detail-type': string });
    assert.deepEqual(events.map((e) => e['detail-type']), ['v2.users.{id}.presence', 'v2.users.{id}.presence', 'v2.users.{id}.presence', 'v2.users.{id}.routingStatus']);
    const prov = (await readFile(join(dir, 'live.ndjson.provenance.ndjson'), 'utf8')).trim().split('\n');
    assert.equal(prov.length, 4);
    await assertNoSecret(g, dir, r.stdout, r.stderr);
  }, { heartbeatMs: 20 }));

test('gceb capture stops on Ctrl-C (signal) and on --duration with whole lines', () =>
  withFake(async (g, dir) => {
    const controller = new AbortController();
    const topic = 'v2.routing.queues.q1.conversations';
    const publisher = (async () => {
      await g.waitForSockets(1, topic);
      g.publish(topic, { id: 'conv-1' });
      await new Promise((r) => setTimeout(r, 50));
      controller.abort();
    })();
    const r = await run(['capture', '--queues', 'q1', '--out', 'q.ndjson'], g.env, dir, controller.signal);
    await publisher;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /captured 1 events \(stopped by signal\)/);
    const d = await run(['capture', '--topics', topic, '--duration', '200ms', '--out', '-'], g.env, dir);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stderr, /stopped by duration/);
  }));

test('clear failures: bad credentials, unknown region, missing credentials, unreachable host, placeholders', async () => {
  await withFake(async (g, dir) => {
    const bad = await run(['genesys', 'integration'], { ...g.env, GENESYSCLOUD_OAUTHCLIENT_SECRET: 'not-the-secret-123' }, dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /rejected the OAuth client credentials/);
    assert.doesNotMatch(bad.stderr, /not-the-secret-123/);
    const viaFlag = await run(['genesys', 'integration', '--client-secret', 'flag-secret-456'], { ...g.env, GENESYSCLOUD_OAUTHCLIENT_SECRET: '' }, dir);
    assert.equal(viaFlag.code, 2);
    assert.doesNotMatch(viaFlag.stderr, /flag-secret-456/);
    const wildcard = await run(['capture', '--topics', 'v2.users.{id}.presence'], g.env, dir);
    assert.equal(wildcard.code, 2);
    assert.match(wildcard.stderr, /concrete ids/);
  });
  const region = await run(['genesys', 'integration'], { GENESYSCLOUD_OAUTHCLIENT_ID: 'a', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'b-secret', GENESYSCLOUD_REGION: 'moon-1' }, '/');
  assert.equal(region.code, 2);
  assert.match(region.stderr, /Unknown Genesys Cloud region 'moon-1'/);
  assert.match(region.stderr, /eu-west-1 \(mypurecloud\.ie\)/);
  const missing = await run(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z'], {}, '/');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /GENESYSCLOUD_OAUTHCLIENT_ID/);
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const down = await run(['genesys', 'integration'], {
    GENESYSCLOUD_OAUTHCLIENT_ID: 'a', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'down-secret', GENESYSCLOUD_REGION: 'eu-west-1',
    GENESYSCLOUD_API_URL: `http://127.0.0.1:${port}`, GENESYSCLOUD_LOGIN_URL: `http://127.0.0.1:${port}`,
  }, '/');
  assert.equal(down.code, 2);
  assert.match(down.stderr, new RegExp(`127\\.0\\.0\\.1:${port}.*eu-west-1.*connection refused`));
  assert.doesNotMatch(down.stderr, /down-secret/);
});
