/**
 * A fake Genesys Cloud on 127.0.0.1 (random port) for tests, notebooks and demos.
 *
 *   const g = await startFakeGenesys({ tokenTtlSeconds: 2 });
 *   env: GENESYSCLOUD_API_URL=g.apiUrl GENESYSCLOUD_LOGIN_URL=g.loginUrl
 *        GENESYSCLOUD_OAUTHCLIENT_ID=g.clientId GENESYSCLOUD_OAUTHCLIENT_SECRET=g.clientSecret
 *        GENESYSCLOUD_REGION=us-east-1         (g.env holds exactly these)
 *   g.inject({ path: '/api/v2/integrations', status: 429, retryAfter: 0.05, times: 2 })  // faults, first match wins
 *   g.forbid('/api/v2/analytics', 'analytics:conversationDetail:view')                     // 403 with the permission
 *   g.publish('v2.users.<id>.presence', body)  // to every open WebSocket subscribed to that topic
 *   g.dropSockets()                            // abrupt WebSocket drop (no close frame)
 *   g.requests                                 // every HTTP request seen: {method, path, query, auth}
 *   await g.close()
 *
 * Reproduces: client-credentials token (Basic auth checked, expiring tokens, 401 after expiry), organizations/me,
 * integrations list (paged, nextUri)/detail/config/current, analytics details query (interval ≤ 31 days, pageSize ≤ 100,
 * totalHits, mediaType segment filter), details jobs (QUEUED → FULFILLED, cursor results), conversation details by id,
 * notifications availabletopics, channels (20-channel eviction, expiry), subscriptions (POST/PUT/GET/DELETE, ≤ 1,000 topics,
 * no `{id}` wildcards), WebSocket streaming with heartbeats, `{"message":"ping"}` → pong, `v2.system.socket_closing`.
 * Every response carries an ININ-Correlation-Id.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptUpgrade, type FakeSocket } from './genesys/websocket.js';
import { fakeConversations, fakeIntegrations, type FakeIntegration } from './genesys/data.js';

export { fakeConversation, fakeConversations, fakeIntegrations, fakeUuid, FAKE_QUEUE_ID, FAKE_USER_ID, FAKE_FLOW_ID } from './genesys/data.js';

export interface FakeGenesysOptions {
  clientId?: string;
  clientSecret?: string;
  orgId?: string;
  /** Token lifetime in seconds (expires_in). Default 86399. */
  tokenTtlSeconds?: number;
  /** Analytics conversations the details query and jobs return. Default: 5 sample voice conversations from 2024-05-01. */
  conversations?: Array<Record<string, unknown>>;
  integrations?: FakeIntegration[];
  /** Topics for availabletopics; default a few with transports. */
  availableTopics?: Array<{ id: string; description?: string; transports?: string[] }>;
  /** WebSocket heartbeat period; 0 = none. Default 30000 (as Genesys). */
  heartbeatMs?: number;
  /** Channel lifetime. Default 24 h. At expiry: socket_closing, then the socket closes. */
  channelTtlMs?: number;
  /** Polls of a details job before it is FULFILLED. Default 1. */
  jobPollsBeforeFulfilled?: number;
  /** Conversations per job results page. Default 100. */
  jobResultPageSize?: number;
}

export interface Fault {
  method?: string;
  /** Exact pathname, or a prefix ending with '*', or a RegExp. */
  path?: string | RegExp;
  status?: number;
  /** Seconds, sent as Retry-After (429). */
  retryAfter?: number;
  /** Delay before answering (ms). With status undefined, answers normally after the delay. */
  delayMs?: number;
  body?: unknown;
  /** Destroy the TCP connection instead of answering. */
  dropConnection?: boolean;
  /** How many matching requests it affects. Default 1. */
  times?: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  auth?: string;
  body?: unknown;
}

interface Channel {
  id: string;
  topics: Set<string>;
  sockets: Set<FakeSocket>;
  expires: number;
  timers: NodeJS.Timeout[];
}

interface Job {
  id: string;
  body: Record<string, unknown>;
  polls: number;
}

export interface FakeGenesys {
  apiUrl: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  /** The five GENESYSCLOUD_* variables that point the CLI at this fake. */
  env: Record<string, string>;
  requests: FakeRequest[];
  conversations: Array<Record<string, unknown>>;
  integrations: FakeIntegration[];
  tokensIssued: number;
  inject(fault: Fault): void;
  forbid(pathPrefix: string, permission: string): void;
  /** Makes every issued token invalid (next API call gets 401). */
  expireTokens(): void;
  /** Sends a notification to subscribed sockets; returns how many sockets got it. */
  publish(topicName: string, eventBody: unknown, options?: { correlationId?: string }): number;
  sendHeartbeats(): void;
  sendSocketClosing(): void;
  dropSockets(): void;
  /** Open sockets, and topics per channel. */
  openSockets(): number;
  channels(): Array<{ id: string; topics: string[]; sockets: number }>;
  /** Resolves when at least `n` sockets are open and subscribed to `topic` (or any, without topic). */
  waitForSockets(n: number, topic?: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const DAY = 86_400_000;

export async function startFakeGenesys(options: FakeGenesysOptions = {}): Promise<FakeGenesys> {
  const clientId = options.clientId ?? 'fake-client-id-7f3a';
  const clientSecret = options.clientSecret ?? 'fake-SECRET-do-not-print-91c2e4';
  const orgId = options.orgId ?? '32aa07aa-db1b-4987-abd0-9483601ec29d';
  const tokenTtl = options.tokenTtlSeconds ?? 86399;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const channelTtlMs = options.channelTtlMs ?? DAY;
  const tokens = new Map<string, number>();
  const faults: Fault[] = [];
  const forbidden: Array<{ prefix: string; permission: string }> = [];
  const channels = new Map<string, Channel>();
  const jobs = new Map<string, Job>();
  const allSockets = new Set<FakeSocket>();
  let baseUrl = '';

  const availableTopics = options.availableTopics ?? [
    { id: 'v2.detail.events.conversation.{id}.customer.start', description: 'Customer start', transports: ['EventBridge'] },
    { id: 'v2.users.{id}.presence', description: 'User presence', transports: ['All'] },
    { id: 'v2.routing.queues.{id}.conversations', description: 'Queue conversations', transports: ['All'] },
    { id: 'v2.brandnew.widgets.{id}.things', description: 'A topic newer than the shipped catalogue', transports: ['All'] },
  ];

  const state: FakeGenesys = {
    apiUrl: '',
    loginUrl: '',
    clientId,
    clientSecret,
    orgId,
    env: {},
    requests: [],
    conversations: options.conversations ?? fakeConversations(5),
    integrations: options.integrations ?? fakeIntegrations(),
    tokensIssued: 0,
    inject: (fault) => faults.push({ times: 1, ...fault }),
    forbid: (prefix, permission) => forbidden.push({ prefix, permission }),
    expireTokens: () => tokens.clear(),
    publish(topicName, eventBody, opts = {}) {
      const message = JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: opts.correlationId ?? randomUUID() } });
      let sent = 0;
      for (const channel of channels.values()) {
        if (!channel.topics.has(topicName)) continue;
        for (const socket of channel.sockets) {
          if (socket.closed) continue;
          socket.sendText(message);
          sent += 1;
        }
      }
      return sent;
    },
    sendHeartbeats() {
      for (const s of allSockets) s.sendText(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }));
    },
    sendSocketClosing() {
      for (const s of allSockets) s.sendText(JSON.stringify({ topicName: 'v2.system.socket_closing', eventBody: { message: 'Socket closing' } }));
    },
    dropSockets() {
      for (const s of [...allSockets]) s.destroy();
    },
    openSockets: () => [...allSockets].filter((s) => !s.closed).length,
    channels: () => [...channels.values()].map((c) => ({ id: c.id, topics: [...c.topics], sockets: [...c.sockets].filter((s) => !s.closed).length })),
    async waitForSockets(n, topic, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let count = 0;
        for (const c of channels.values()) {
          if (topic !== undefined && !c.topics.has(topic)) continue;
          count += [...c.sockets].filter((s) => !s.closed).length;
        }
        if (count >= n) return;
        if (Date.now() > deadline) throw new Error(`fake genesys: timed out waiting for ${n} socket(s)${topic ? ` on ${topic}` : ''}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      for (const c of channels.values()) c.timers.forEach(clearTimeout);
      for (const s of allSockets) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'inin-correlation-id': randomUUID(), ...headers });
    res.end(text);
  }
  const error = (res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
    send(res, status, { message, code, status, contextId: randomUUID(), details: [], errors: [], ...extra });

  function takeFault(method: string, path: string): Fault | undefined {
    const i = faults.findIndex((f) => {
      if (f.method && f.method !== method) return false;
      if (f.path === undefined) return true;
      if (f.path instanceof RegExp) return f.path.test(path);
      return f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : path === f.path;
    });
    if (i < 0) return undefined;
    const fault = faults[i]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) faults.splice(i, 1);
    return fault;
  }

  function issueToken(req: IncomingMessage, res: ServerResponse, rawBody: string) {
    const auth = req.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' || new URLSearchParams(rawBody).get('grant_type') !== 'client_credentials') {
      return send(res, 400, { error: 'invalid_request', description: 'grant_type=client_credentials form body required', error_description: 'grant_type=client_credentials form body required' });
    }
    if (auth !== expected) return send(res, 401, { error: 'invalid_client', description: 'client not found', error_description: 'client not found' });
    const token = `fake-token-${randomUUID()}`;
    tokens.set(token, Date.now() + tokenTtl * 1000);
    state.tokensIssued += 1;
    send(res, 200, { access_token: token, token_type: 'bearer', expires_in: tokenTtl });
  }

  function authorised(req: IncomingMessage): boolean {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const expiry = m ? tokens.get(m[1]!) : undefined;
    return expiry !== undefined && expiry > Date.now();
  }

  function filterConversations(body: Record<string, unknown>): Array<Record<string, unknown>> {
    const [from, to] = String(body.interval).split('/').map((s) => Date.parse(s));
    const predicates = ((body.segmentFilters as Array<{ predicates?: Array<{ dimension?: string; value?: string }> }>) ?? []).flatMap((f) => f.predicates ?? []);
    const media = predicates.find((p) => p.dimension === 'mediaType')?.value;
    const list = state.conversations.filter((c) => {
      const start = Date.parse(String(c.conversationStart));
      if (!(start >= from! && start < to!)) return false;
      if (!media) return true;
      const participants = (c.participants as Array<{ sessions?: Array<{ mediaType?: string }> }>) ?? [];
      return participants.some((p) => (p.sessions ?? []).some((s) => s.mediaType === media));
    });
    list.sort((a, b) => Date.parse(String(a.conversationStart)) - Date.parse(String(b.conversationStart)));
    if (body.order === 'desc') list.reverse();
    return list;
  }

  function validateInterval(res: ServerResponse, interval: unknown): boolean {
    const parts = typeof interval === 'string' ? interval.split('/') : [];
    const [from, to] = parts.map((s) => Date.parse(s));
    if (parts.length !== 2 || Number.isNaN(from) || Number.isNaN(to) || to! <= from!) {
      error(res, 400, 'bad.request', `Invalid interval: ${String(interval)}`);
      return false;
    }
    if (to! - from! > 31 * DAY) {
      error(res, 400, 'bad.request', 'Interval can not exceed 31 days');
      return false;
    }
    return true;
  }

  function createChannel(res: ServerResponse) {
    if (channels.size >= 20) {
      const oldest = [...channels.values()][0]!;
      for (const s of oldest.sockets) s.close(1000);
      oldest.timers.forEach(clearTimeout);
      channels.delete(oldest.id);
    }
    const id = `streaming-${randomUUID()}`;
    const channel: Channel = { id, topics: new Set(), sockets: new Set(), expires: Date.now() + channelTtlMs, timers: [] };
    const expiry = setTimeout(() => {
      for (const s of channel.sockets) s.sendText(JSON.stringify({ topicName: 'v2.system.socket_closing', eventBody: { message: 'Channel expiring' } }));
      setTimeout(() => channel.sockets.forEach((s) => s.close(1000)), 20).unref();
    }, channelTtlMs);
    expiry.unref();
    channel.timers.push(expiry);
    channels.set(id, channel);
    send(res, 200, { id, connectUri: `${baseUrl.replace(/^http/, 'ws')}/channels/${id}`, expires: new Date(channel.expires).toISOString() });
  }

  function subscriptions(req: IncomingMessage, res: ServerResponse, channel: Channel, body: unknown) {
    if (req.method === 'GET') return send(res, 200, { entities: [...channel.topics].map((id) => ({ id })) });
    if (req.method === 'DELETE') {
      channel.topics.clear();
      return send(res, 200);
    }
    if (!Array.isArray(body)) return error(res, 400, 'bad.request', 'Body must be a list of {"id": topic}');
    const ids = body.map((t: { id?: unknown }) => String(t?.id ?? ''));
    const bad = ids.find((t) => t.includes('{') || !t.startsWith('v2.'));
    if (bad !== undefined) return error(res, 400, 'notification.subscription.invalid', `Invalid topic: ${bad}`);
    const next = req.method === 'PUT' ? new Set(ids) : new Set([...channel.topics, ...ids]);
    if (next.size > 1000) return error(res, 400, 'notification.subscription.limit', 'A channel can have at most 1000 topics');
    channel.topics = next;
    send(res, 200, { entities: [...next].map((id) => ({ id })) });
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string) {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let body: unknown;
    if (rawBody && (req.headers['content-type'] ?? '').includes('json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return error(res, 400, 'bad.request', 'Malformed JSON body');
      }
    }
    state.requests.push({ method, path, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization, body });

    const fault = takeFault(method, path);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.dropConnection) {
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      return send(res, fault.status, fault.body ?? { message: `Injected ${fault.status}`, code: 'injected', status: fault.status }, headers);
    }

    if (path === '/oauth/token' && method === 'POST') return issueToken(req, res, rawBody);
    if (!path.startsWith('/api/v2/')) return error(res, 404, 'not.found', `No route ${path}`);
    if (!authorised(req)) return error(res, 401, 'bad.credentials', 'Invalid login credentials.');
    const denied = forbidden.find((f) => path.startsWith(f.prefix));
    if (denied) {
      return error(res, 403, 'missing.permissions', `You are missing the following permission(s): [${denied.permission}]`, {
        messageWithParams: 'You are missing the following permission(s): {permissions}',
        messageParams: { permissions: `[${denied.permission}]` },
      });
    }

    let m: RegExpExecArray | null;
    if (path === '/api/v2/organizations/me' && method === 'GET') return send(res, 200, { id: orgId, name: 'Fake Org', thirdPartyOrgName: 'fakeorg' });

    if (path === '/api/v2/integrations' && method === 'GET') {
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 25), 100);
      const pageNumber = Number(url.searchParams.get('pageNumber') ?? 1);
      const all = state.integrations;
      const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
      const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(({ properties: _p, ...rest }) => rest);
      return send(res, 200, {
        entities, pageSize, pageNumber, total: all.length, pageCount,
        ...(pageNumber < pageCount ? { nextUri: `/api/v2/integrations?pageSize=${pageSize}&pageNumber=${pageNumber + 1}` } : {}),
      });
    }
    if ((m = /^\/api\/v2\/integrations\/([^/]+)(\/config\/current)?$/.exec(path)) && method === 'GET') {
      const integration = state.integrations.find((i) => i.id === decodeURIComponent(m![1]!));
      if (!integration) return error(res, 404, 'not.found', 'The requested integration was not found.');
      if (m[2]) return send(res, 200, { name: integration.name, properties: integration.properties, advanced: {}, notes: '', version: 1 });
      const { properties: _p, ...rest } = integration;
      return send(res, 200, rest);
    }

    if (path === '/api/v2/analytics/conversations/details/query' && method === 'POST') {
      const q = (body ?? {}) as Record<string, unknown>;
      if (!validateInterval(res, q.interval)) return;
      const paging = (q.paging ?? {}) as { pageSize?: number; pageNumber?: number };
      const pageSize = paging.pageSize ?? 25;
      const pageNumber = paging.pageNumber ?? 1;
      if (pageSize > 100) return error(res, 400, 'bad.request', 'Max page size is 100');
      const list = filterConversations(q);
      const page = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      return send(res, 200, page.length > 0 ? { conversations: page, totalHits: list.length } : { totalHits: list.length });
    }
    if (path === '/api/v2/analytics/conversations/details/jobs' && method === 'POST') {
      const q = (body ?? {}) as Record<string, unknown>;
      const interval = String(q.interval ?? '');
      if (!/^[^/]+\/[^/]+$/.test(interval)) return error(res, 400, 'bad.request', `Invalid interval: ${interval}`);
      const id = randomUUID();
      jobs.set(id, { id, body: q, polls: 0 });
      return send(res, 202, { jobId: id });
    }
    if ((m = /^\/api\/v2\/analytics\/conversations\/details\/jobs\/([^/]+)(\/results)?$/.exec(path)) && method === 'GET') {
      const job = jobs.get(m[1]!);
      if (!job) return error(res, 404, 'not.found', 'Job not found');
      if (!m[2]) {
        job.polls += 1;
        const done = job.polls > (options.jobPollsBeforeFulfilled ?? 1);
        return send(res, 200, { state: done ? 'FULFILLED' : 'QUEUED', submissionDate: new Date().toISOString() });
      }
      if (job.polls <= (options.jobPollsBeforeFulfilled ?? 1)) return error(res, 400, 'bad.request', 'Job is not fulfilled');
      const size = options.jobResultPageSize ?? 100;
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const list = filterConversations(job.body);
      const page = list.slice(start, start + size);
      return send(res, 200, { conversations: page, dataAvailabilityDate: new Date().toISOString(), ...(start + size < list.length ? { cursor: String(start + size) } : {}) });
    }
    if ((m = /^\/api\/v2\/analytics\/conversations\/([^/]+)\/details$/.exec(path)) && method === 'GET') {
      const conv = state.conversations.find((c) => c.conversationId === m![1]);
      return conv ? send(res, 200, conv) : error(res, 404, 'not.found', 'Conversation not found');
    }

    if (path === '/api/v2/notifications/availabletopics' && method === 'GET') return send(res, 200, { entities: availableTopics });
    if (path === '/api/v2/notifications/channels' && method === 'POST') return createChannel(res);
    if (path === '/api/v2/notifications/channels' && method === 'GET') {
      return send(res, 200, { entities: [...channels.values()].map((c) => ({ id: c.id, expires: new Date(c.expires).toISOString() })) });
    }
    if ((m = /^\/api\/v2\/notifications\/channels\/([^/]+)(\/subscriptions)?$/.exec(path))) {
      const channel = channels.get(m[1]!);
      if (!channel) return error(res, 404, 'not.found', 'Channel not found');
      if (!m[2]) return send(res, method === 'HEAD' ? 200 : 405);
      return subscriptions(req, res, channel, body);
    }
    return error(res, 404, 'not.found', `No route ${method} ${path}`);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      route(req, res, url, Buffer.concat(chunks).toString('utf8')).catch((e: unknown) => {
        if (!res.headersSent) error(res, 500, 'internal', String(e));
      });
    });
  });

  server.on('upgrade', (req, socket) => {
    const m = /^\/channels\/([^/?]+)/.exec(req.url ?? '');
    const channel = m ? channels.get(m[1]!) : undefined;
    if (!channel) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const ws = acceptUpgrade(req, socket);
    if (!ws) return;
    // one WebSocket per channel: a new one replaces the old
    for (const old of channel.sockets) old.close(1000);
    channel.sockets.clear();
    channel.sockets.add(ws);
    allSockets.add(ws);
    let heartbeat: NodeJS.Timeout | undefined;
    if (heartbeatMs > 0) {
      heartbeat = setInterval(() => ws.sendText(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } })), heartbeatMs);
      heartbeat.unref();
    }
    ws.onText = (text) => {
      try {
        if ((JSON.parse(text) as { message?: string }).message === 'ping') {
          ws.sendText(JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } }));
        }
      } catch {
        // ignore
      }
    };
    ws.onClose = () => {
      clearInterval(heartbeat);
      channel.sockets.delete(ws);
      allSockets.delete(ws);
    };
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.apiUrl = baseUrl;
  state.loginUrl = baseUrl;
  state.env = {
    GENESYSCLOUD_API_URL: baseUrl,
    GENESYSCLOUD_LOGIN_URL: baseUrl,
    GENESYSCLOUD_OAUTHCLIENT_ID: clientId,
    GENESYSCLOUD_OAUTHCLIENT_SECRET: clientSecret,
    GENESYSCLOUD_REGION: 'us-east-1',
  };
  return state;
}
