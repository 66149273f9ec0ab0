import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startFakeGenesys } from '../fakes/genesys-server.js';
import { createGenesysClient, genesysConfigFromEnv, resolveRegion, discoverEventBridgeIntegrations, GENESYS_REGIONS } from '../../src/genesys/index.js';
import { UserError } from '../../src/errors.js';
import { rateLimitDelay } from '../../src/genesys/retry.js';

const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };

test('resolveRegion accepts names, domains and hosts; unknown lists valid names', () => {
  assert.equal(GENESYS_REGIONS.length, 17);
  assert.equal(resolveRegion('eu-west-1').apiUrl, 'https://api.mypurecloud.ie');
  assert.equal(resolveRegion('mypurecloud.ie').name, 'eu-west-1');
  assert.equal(resolveRegion('https://login.mypurecloud.com.au/').name, 'ap-southeast-2');
  assert.equal(resolveRegion('use2.us-gov-pure.cloud').loginUrl, 'https://login.use2.us-gov-pure.cloud');
  assert.throws(() => resolveRegion('mars-north-1'), (e: unknown) => e instanceof UserError && /mars-north-1/.test(e.message) && /eu-central-2/.test(e.hint ?? ''));
});

test('config: env, flags win, missing values named', () => {
  const c = genesysConfigFromEnv({ GENESYSCLOUD_OAUTHCLIENT_ID: 'a', GENESYSCLOUD_OAUTHCLIENT_SECRET: 'b', GENESYSCLOUD_REGION: 'eu-central-1' }, { region: 'ap-northeast-1' });
  assert.equal(c.apiUrl, 'https://api.mypurecloud.jp');
  assert.throws(() => genesysConfigFromEnv({}), /GENESYSCLOUD_OAUTHCLIENT_ID.*GENESYSCLOUD_OAUTHCLIENT_SECRET.*GENESYSCLOUD_REGION/);
});

test('token is cached, single-flight under concurrency, renewed once on 401', async () => {
  const g = await startFakeGenesys();
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env), { retry: fastRetry });
    await Promise.all(Array.from({ length: 8 }, () => client.get('/api/v2/organizations/me')));
    assert.equal(g.tokensIssued, 1);
    g.expireTokens();
    const org = await client.get<{ id: string }>('/api/v2/organizations/me');
    assert.equal(org.id, g.orgId);
    assert.equal(g.tokensIssued, 2);
    g.expireTokens();
    await Promise.all(Array.from({ length: 6 }, () => client.get('/api/v2/organizations/me')));
    assert.equal(g.tokensIssued, 3, 'six concurrent 401s renew the token once');
    const tokenCalls = g.requests.filter((r) => r.path === '/oauth/token');
    assert.equal(tokenCalls.length, 3);
    assert.ok(tokenCalls.every((r) => r.auth?.startsWith('Basic ')));
    const apiCalls = g.requests.filter((r) => r.path.startsWith('/api/'));
    assert.ok(apiCalls.every((r) => r.auth?.startsWith('Bearer ')));
  } finally {
    await g.close();
  }
});

test('a token near expiry is renewed before use', async () => {
  const g = await startFakeGenesys({ tokenTtlSeconds: 1 });
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env), { retry: fastRetry });
    await client.get('/api/v2/organizations/me');
    await new Promise((r) => setTimeout(r, 1100));
    await client.get('/api/v2/organizations/me');
    assert.equal(g.tokensIssued, 2);
    assert.equal(g.requests.filter((r) => r.path === '/api/v2/organizations/me').length, 2, 'no 401 round trip');
  } finally {
    await g.close();
  }
});

test('429 honours Retry-After and gives up past the budget', async () => {
  const g = await startFakeGenesys();
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env), { retry: { ...fastRetry, rateLimitBudgetMs: 500 } });
    await client.get('/api/v2/organizations/me');
    g.inject({ path: '/api/v2/organizations/me', status: 429, retryAfter: 0.15, times: 2 });
    const started = Date.now();
    await client.get('/api/v2/organizations/me');
    const took = Date.now() - started;
    assert.ok(took >= 290, `waited ${took} ms, expected ≥ 300 ms (2 × Retry-After 0.15 s)`);
    assert.equal(g.requests.filter((r) => r.path === '/api/v2/organizations/me').length, 4);

    g.inject({ path: '/api/v2/organizations/me', status: 429, retryAfter: 0.2, times: 100 });
    await assert.rejects(client.get('/api/v2/organizations/me'), (e: unknown) => e instanceof UserError && /rate-limit/.test(e.message) && /ININ-Correlation-Id/.test(e.message));
    const attempts = g.requests.filter((r) => r.path === '/api/v2/organizations/me').length - 4;
    assert.equal(attempts, 3, 'budget 500 ms / 200 ms per wait = 2 waits, 3 attempts');
  } finally {
    await g.close();
  }
});

test('5xx and dropped connections are retried with bounded attempts; POST not retried unless idempotent', async () => {
  const g = await startFakeGenesys();
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env), { retry: { ...fastRetry, maxAttempts: 3 } });
    await client.get('/api/v2/organizations/me');
    g.inject({ path: '/api/v2/organizations/me', status: 503, times: 1 });
    g.inject({ path: '/api/v2/organizations/me', dropConnection: true, times: 1 });
    await client.get('/api/v2/organizations/me');
    g.inject({ path: '/api/v2/organizations/me', status: 500, times: 10 });
    const before = g.requests.length;
    await assert.rejects(client.get('/api/v2/organizations/me'), /failed GET \/api\/v2\/organizations\/me with 500/);
    assert.equal(g.requests.length - before, 3);
    g.inject({ path: '/api/v2/notifications/channels', method: 'POST', status: 500, times: 10 });
    const before2 = g.requests.length;
    await assert.rejects(client.post('/api/v2/notifications/channels', {}));
    assert.equal(g.requests.length - before2, 1);
  } finally {
    await g.close();
  }
});

test('slow answers time out and are retried', async () => {
  const g = await startFakeGenesys();
  try {
    const client = createGenesysClient(genesysConfigFromEnv(g.env), { retry: fastRetry, headersTimeoutMs: 100 });
    await client.get('/api/v2/organizations/me');
    g.inject({ path: '/api/v2/organizations/me', delayMs: 400, times: 1 });
    const org = await client.get<{ id: string }>('/api/v2/organizations/me');
    assert.equal(org.id, g.orgId);
  } finally {
    await g.close();
  }
});

test('bad credentials, 403 with permission, 404, unreachable host: clear errors without secrets', async () => {
  const g = await startFakeGenesys();
  try {
    const bad = createGenesysClient({ ...genesysConfigFromEnv(g.env), clientSecret: 'wrong-secret-value' });
    await assert.rejects(bad.get('/api/v2/organizations/me'), (e: unknown) =>
      e instanceof UserError && /rejected the OAuth client credentials/.test(e.message) && !e.message.includes('wrong-secret-value'));
    const client = createGenesysClient(genesysConfigFromEnv(g.env));
    g.forbid('/api/v2/analytics', 'analytics:conversationDetail:view');
    await assert.rejects(client.post('/api/v2/analytics/conversations/details/query', { interval: '2024-05-01T00:00:00Z/2024-05-02T00:00:00Z' }),
      (e: unknown) => e instanceof UserError && /403/.test(e.message) && /analytics:conversationDetail:view/.test(e.hint ?? '') && /ININ-Correlation-Id [0-9a-f-]{36}/.test(e.message));
    await assert.rejects(client.get('/api/v2/integrations/nope'), /404/);
  } finally {
    await g.close();
  }
  const port = await closedPort();
  const client = createGenesysClient({ clientId: 'x', clientSecret: 'shh-secret', apiUrl: `http://127.0.0.1:${port}`, loginUrl: `http://127.0.0.1:${port}`, region: 'eu-west-1' });
  await assert.rejects(client.get('/api/v2/organizations/me'), (e: unknown) =>
    e instanceof UserError && /127\.0\.0\.1:\d+/.test(e.message) && /connection refused/.test(e.message) && /eu-west-1/.test(e.message));
});

test('discoverEventBridgeIntegrations pages, filters by type and reads config', async () => {
  const g = await startFakeGenesys();
  try {
    // 150 other integrations force a second page
    for (let i = 0; i < 150; i++) g.integrations.push({ id: `other-${i}`, name: `x${i}`, integrationType: { id: 'webhooks' }, intendedState: 'ENABLED', reportedState: { code: 'ACTIVE' }, properties: {} });
    const client = createGenesysClient(genesysConfigFromEnv(g.env));
    const found = await discoverEventBridgeIntegrations(client);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0], {
      id: '9d8c7b6a-0000-4000-8000-0000000f0001', name: 'EventBridge to prod', intendedState: 'ENABLED', reportedState: 'ACTIVE',
      eventSourceSuffix: 'prod-events', awsAccountId: '123456789012', awsAccountRegion: 'us-east-1',
      eventFilter: ['v2.detail.events.conversation.{id}.customer.start', 'v2.users.{id}.presence'],
      orgId: g.orgId, eventSource: `aws.partner/genesys.com/cloud/${g.orgId}/prod-events`,
    });
    assert.equal(g.requests.filter((r) => r.path === '/api/v2/integrations').length, 2);
  } finally {
    await g.close();
  }
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('429s without Retry-After back off exponentially with jitter, capped, within the budget; a waiting line every interval', async () => {
  const g = await startFakeGenesys();
  try {
    const delays: number[] = [];
    const notices: string[] = [];
    const client = createGenesysClient(genesysConfigFromEnv(g.env), {
      retry: { baseDelayMs: 10, maxDelayMs: 80, rateLimitBudgetMs: 200 },
      random: () => 0,
      onRetry: (m) => delays.push(Number(/waiting (\d+) ms \(backoff\)/.exec(m)?.[1])),
      onWaiting: (m) => notices.push(m),
      waitingNoticeMs: 50,
    });
    await client.get('/api/v2/organizations/me');
    const before = g.requests.length;
    g.inject({ path: '/api/v2/organizations/me', status: 429, times: 1000 });
    const started = Date.now();
    await assert.rejects(client.get('/api/v2/organizations/me'), (e: unknown) => e instanceof UserError && /rate-limit/.test(e.message));
    const took = Date.now() - started;
    assert.deepEqual(delays, [5, 10, 20, 40, 40, 40, 40], 'equal jitter with random()=0 waits half of min(cap, base·2^n)');
    assert.equal(g.requests.length - before, 8, 'seven waits inside the 200 ms budget, then it gives up');
    assert.ok(took >= 195, `waited ${took} ms`);
    // one notice per 50 ms of waiting: at least 3 in ≥195 ms, never more than the elapsed time allows
    assert.ok(notices.length >= 3 && notices.length <= Math.floor(took / 50) + 1, `${notices.length} notices in ${took} ms`);
    assert.match(notices[0]!, /still waiting to retry GET \/api\/v2\/organizations\/me: rate limited \(429\) \d+ times, \d+ s so far; gives up after 0 s/);
  } finally {
    await g.close();
  }
});

test('rateLimitDelay always lies in [c/2, c) and grows until the cap', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000, rateLimitBudgetMs: 180_000 };
  for (let retry = 0; retry < 12; retry++) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    for (const r of [0, 0.3, 0.999999]) {
      const d = rateLimitDelay(retry, policy, () => r);
      assert.ok(d >= ceiling / 2 && d < ceiling, `retry ${retry}: ${d} not in [${ceiling / 2}, ${ceiling})`);
    }
  }
  // 180 s budget with the default policy: about a dozen attempts, not hundreds
  let spent = 0;
  let attempts = 1;
  for (let retry = 0; spent + rateLimitDelay(retry, policy, () => 0.5) <= policy.rateLimitBudgetMs; retry++, attempts++) spent += rateLimitDelay(retry, policy, () => 0.5);
  assert.ok(attempts < 20, `${attempts} attempts`);
});
