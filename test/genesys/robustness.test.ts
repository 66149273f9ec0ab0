import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { startFakeGenesys } from '../fakes/genesys-server.js';
import { createGenesysClient, genesysConfigFromEnv, refreshTopicCatalogue, staleCatalogueNote } from '../../src/genesys/index.js';

test('topics --refresh: transports "All" counts as EventBridge-capable', async () => {
  const g = await startFakeGenesys();
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env));
    const { catalogue } = await refreshTopicCatalogue(client, { topics: [] });
    const queues = catalogue.topics.find((t) => t.template === 'v2.routing.queues.{id}.conversations');
    assert.equal(queues?.eventBridge, true);
  } finally {
    await g.close();
  }
});

test('an invalid --api-url / GENESYSCLOUD_API_URL is a plain error, exit 2', async () => {
  const env = { GENESYSCLOUD_OAUTHCLIENT_ID: 'a', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'url-secret', GENESYSCLOUD_REGION: 'eu-west-1' };
  const flag = await runCli(['genesys', 'integration', '--api-url', 'api.mypurecloud.ie'], { env, cwd: '/' });
  assert.equal(flag.code, 2, flag.stderr);
  assert.match(flag.stderr, /--api-url 'api\.mypurecloud\.ie' is not an http\(s\) URL/);
  assert.doesNotMatch(flag.stderr, /bug in gceb/);
  const variable = await runCli(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z'], { env: { ...env, GENESYSCLOUD_LOGIN_URL: 'ftp://x' }, cwd: '/' });
  assert.equal(variable.code, 2);
  assert.match(variable.stderr, /GENESYSCLOUD_LOGIN_URL 'ftp:\/\/x' is not an http\(s\) URL/);
  assert.doesNotMatch(variable.stderr, /url-secret/);
});

test('a 200 whose body is a JSON string (a proxy page) is a plain error, not "no integration"', async () => {
  const g = await startFakeGenesys();
  const dir = await mkdtemp(join(tmpdir(), 'gceb-proxy-'));
  try {
    g.inject({ path: '/api/v2/integrations', status: 200, body: 'Please log in to the corporate proxy', times: 10 });
    const r = await runCli(['genesys', 'integration'], { env: g.env, cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /answered GET \/api\/v2\/integrations\S* with a JSON string \("Please log in to the corporate proxy"\)/);
    assert.match(r.stderr, /proxy/);
    assert.doesNotMatch(r.stdout, /No Amazon EventBridge Source integration/);
    g.inject({ path: '/api/v2/organizations/me', status: 200, body: 42, times: 10 });
    const n = await runCli(['genesys', 'integration'], { env: g.env, cwd: dir });
    assert.equal(n.code, 2);
    assert.match(n.stderr, /with a JSON number/);
  } finally {
    await g.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a catalogue older than 180 days is mentioned once per run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gceb-catalogue-'));
  try {
    const old = join(dir, 'old.json');
    const fresh = join(dir, 'fresh.json');
    await writeFile(old, JSON.stringify({ updated: '2024-01-01', topics: [{ template: 'v2.users.{id}.presence' }] }));
    await writeFile(fresh, JSON.stringify({ updated: '2024-06-01', topics: [{ template: 'v2.users.{id}.presence' }] }));
    const now = new Date('2024-07-15T00:00:00Z');
    assert.match(staleCatalogueNote({ GCEB_TOPICS_FILE: old }, now) ?? '', /last updated 2024-01-01 \(196 days ago\).*--refresh/);
    assert.equal(staleCatalogueNote({ GCEB_TOPICS_FILE: fresh }, now), undefined);
    assert.equal(staleCatalogueNote({ GCEB_TOPICS_FILE: join(dir, 'missing.json') }, now), undefined);

    const g = await startFakeGenesys({ heartbeatMs: 1000 });
    try {
      const r = await runCli(['fetch', '--interval', '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z', '--out', 'e.ndjson'], { env: { ...g.env, GCEB_TOPICS_FILE: old }, cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.match(/topic catalogue/g)?.length, 1, r.stderr);
    } finally {
      await g.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
