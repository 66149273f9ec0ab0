import { WebSocket } from 'undici';
import { UserError } from '../errors.js';
import { GenesysApiError } from './errors.js';
import { convertNotification, type ConvertedEvent, type GenesysNotification } from '../envelope/notification.js';
import type { GenesysClient } from './client.js';
import type { EnvelopeTarget } from './rebuild.js';
import { backoffDelay, sleep } from './retry.js';

export const MAX_TOPICS_PER_CHANNEL = 1000;
/** Genesys allows 20 channels per OAuth client; keep room for the make-before-break renewal. */
export const MAX_CAPTURE_CHANNELS = 10;

export interface CaptureOptions {
  /** Concrete topics (no `{id}`). */
  topics: string[];
  target: EnvelopeTarget;
  /** Called once per new event, in arrival order. Throwing stops the capture. */
  onEvent: (converted: ConvertedEvent) => void;
  max?: number;
  durationMs?: number;
  signal?: AbortSignal;
  /** Open a replacement channel this long before the channel's `expires` (default 10 min). */
  renewBeforeMs?: number;
  /** Window in which CorrelationId+topic duplicates are dropped (default 10 min). */
  dedupeWindowMs?: number;
  /** Silence after which gceb sends `{"message":"ping"}`, and twice that → reconnect (default 75 s; heartbeats come every 30 s). */
  idleTimeoutMs?: number;
  /** Consecutive failed (re)connections before giving up (default 8). */
  maxReconnectAttempts?: number;
  reconnectBaseDelayMs?: number;
  reconnectMaxDelayMs?: number;
  onStatus?: (message: string) => void;
}

export interface CaptureSummary {
  events: number;
  duplicates: number;
  heartbeats: number;
  reconnects: number;
  renewals: number;
  /** Events whose topic was not in the catalogue (detail-type guessed). */
  guessed: number;
  stoppedBy: 'max' | 'duration' | 'signal';
  channels: number;
}

interface Connection {
  channelId: string;
  socket: WebSocket;
  expires: number;
  closed: Promise<void>;
}

/** Splits topics into channel-sized groups; refuses what one OAuth client cannot hold. */
export function planChannels(topics: string[]): string[][] {
  const unique = [...new Set(topics)];
  const wildcard = unique.find((t) => t.includes('{'));
  if (wildcard) {
    throw new UserError(`Topic '${wildcard}' has a placeholder; WebSocket subscriptions need concrete ids.`, {
      hint: 'Replace {id} with a real id, or use --queues/--users to build the topics.',
    });
  }
  const groups: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_TOPICS_PER_CHANNEL) groups.push(unique.slice(i, i + MAX_TOPICS_PER_CHANNEL));
  if (groups.length > MAX_CAPTURE_CHANNELS) {
    throw new UserError(`${unique.length} topics need ${groups.length} channels; gceb uses at most ${MAX_CAPTURE_CHANNELS} (${MAX_CAPTURE_CHANNELS * MAX_TOPICS_PER_CHANNEL} topics).`, {
      hint: 'Genesys allows 1,000 topics per channel and 20 channels per OAuth client. Capture fewer queues/users per run.',
    });
  }
  return groups;
}

/** Topics subscribed for `--queues`: the queue's conversations (all media in one topic). */
export function queueTopics(queueIds: string[]): string[] {
  return queueIds.map((id) => `v2.routing.queues.${id}.conversations`);
}

/** Topics subscribed for `--users`: presence, routing status, activity and conversations. */
export function userTopics(userIds: string[]): string[] {
  return userIds.flatMap((id) => [`v2.users.${id}.presence`, `v2.users.${id}.routingStatus`, `v2.users.${id}.activity`, `v2.users.${id}.conversations`]);
}

/**
 * Subscribes the topics on notification channels, listens on their WebSockets
 * and hands each new event (as an EventBridge envelope) to `onEvent`, until
 * `max`, `durationMs` or the signal. Dropped sockets reconnect with backoff on
 * a fresh channel; channels are renewed before expiry or on
 * `v2.system.socket_closing` with the new socket open before the old one closes;
 * duplicates (same CorrelationId and topic) are dropped. Genesys does not replay
 * events sent while no socket was open.
 */
export async function captureNotifications(client: GenesysClient, options: CaptureOptions): Promise<CaptureSummary> {
  const groups = planChannels(options.topics);
  if (groups.length === 0) throw new UserError('Nothing to capture: no topics given.', { hint: 'Use --topics, --queues or --users.' });
  const summary: CaptureSummary = { events: 0, duplicates: 0, heartbeats: 0, reconnects: 0, renewals: 0, guessed: 0, stoppedBy: 'signal', channels: 0 };
  const stop = new AbortController();
  const stopWith = (reason: CaptureSummary['stoppedBy']) => {
    if (!stop.signal.aborted) {
      summary.stoppedBy = reason;
      stop.abort();
    }
  };
  const onExternalAbort = () => stopWith('signal');
  if (options.signal?.aborted) stopWith('signal');
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const timer = options.durationMs !== undefined ? setTimeout(() => stopWith('duration'), options.durationMs) : undefined;

  const window = options.dedupeWindowMs ?? 10 * 60_000;
  const seen = new Map<string, number>();
  let failure: unknown;

  const handle = (text: string, socket: () => void) => {
    if (stop.signal.aborted) return;
    let message: GenesysNotification & { message?: string };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      options.onStatus?.('ignored a WebSocket message that is not JSON');
      return;
    }
    if (message.topicName === 'channel.metadata') {
      summary.heartbeats += 1;
      return;
    }
    if (message.topicName === 'v2.system.socket_closing') {
      socket();
      return;
    }
    if (typeof message.topicName !== 'string') return;
    const now = Date.now();
    const key = `${message.metadata?.CorrelationId ?? text}|${message.topicName}`;
    if (seen.has(key) && now - seen.get(key)! < window) {
      summary.duplicates += 1;
      return;
    }
    seen.set(key, now);
    if (seen.size > 50_000 || seen.size % 1000 === 0) for (const [k, at] of seen) if (now - at >= window) seen.delete(k);
    try {
      const converted = convertNotification(message, { ...options.target, time: now });
      if (converted.templateSource === 'guessed') summary.guessed += 1;
      options.onEvent(converted);
      summary.events += 1;
    } catch (error) {
      failure = error;
      stopWith('signal');
      return;
    }
    if (options.max !== undefined && summary.events >= options.max) stopWith('max');
  };

  try {
    await Promise.all(groups.map((topics) => runChannelGroup(client, topics, options, stop.signal, summary, handle)));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onExternalAbort);
  }
  if (failure) throw failure;
  return summary;
}

async function openConnection(client: GenesysClient, topics: string[], signal: AbortSignal, onText: (text: string) => void, onSocketClosing: () => void): Promise<Connection> {
  const channel = await client.post<{ id: string; connectUri: string; expires?: string }>('/api/v2/notifications/channels', undefined, { signal });
  await client.request('PUT', `/api/v2/notifications/channels/${encodeURIComponent(channel.id)}/subscriptions`, {
    body: topics.map((id) => ({ id })),
    signal,
  });
  const socket = new WebSocket(channel.connectUri, { dispatcher: client.dispatcher } as ConstructorParameters<typeof WebSocket>[1]);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  await new Promise<void>((resolveOpen, rejectOpen) => {
    socket.addEventListener('open', () => resolveOpen());
    socket.addEventListener('error', () => rejectOpen(new Error(`WebSocket ${new URL(channel.connectUri).host} failed to open`)));
    socket.addEventListener('close', () => {
      rejectOpen(new Error('WebSocket closed before it opened'));
      resolveClosed();
    });
  });
  socket.addEventListener('message', (ev) => {
    const data = (ev as { data: unknown }).data;
    const text = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
    onText(text);
    if (text.includes('"v2.system.socket_closing"')) onSocketClosing();
  });
  const expires = channel.expires ? Date.parse(channel.expires) : Date.now() + 24 * 3_600_000;
  return { channelId: channel.id, socket, expires, closed };
}

async function runChannelGroup(
  client: GenesysClient,
  topics: string[],
  options: CaptureOptions,
  stop: AbortSignal,
  summary: CaptureSummary,
  handle: (text: string, socketClosing: () => void) => void,
): Promise<void> {
  const maxAttempts = options.maxReconnectAttempts ?? 8;
  const policy = { maxAttempts, baseDelayMs: options.reconnectBaseDelayMs ?? 1000, maxDelayMs: options.reconnectMaxDelayMs ?? 30_000, maxRetryAfterMs: 0, rateLimitBudgetMs: 0 };
  const idleMs = options.idleTimeoutMs ?? 75_000;
  let failures = 0;
  let current: Connection | undefined;
  let lastMessageAt = Date.now();
  let renewRequested = false;
  let wake: (() => void) | undefined;
  const requestRenewal = () => {
    renewRequested = true;
    wake?.();
  };
  const onText = (text: string) => {
    lastMessageAt = Date.now();
    handle(text, () => undefined);
  };
  const connect = async (): Promise<Connection> => openConnection(client, topics, stop, onText, requestRenewal);
  const retire = (conn: Connection) => {
    try {
      conn.socket.close(1000);
    } catch {
      // already closed
    }
    client.request('DELETE', `/api/v2/notifications/channels/${encodeURIComponent(conn.channelId)}/subscriptions`).catch(() => undefined);
  };

  while (!stop.aborted) {
    if (!current) {
      try {
        current = await connect();
        summary.channels += 1;
        failures = 0;
        lastMessageAt = Date.now();
        options.onStatus?.(`listening on channel ${current.channelId} (${topics.length} topics)`);
      } catch (error) {
        if (stop.aborted) break;
        // refusals (4xx) are final; so is any failure before the first successful connection
        const status = error instanceof GenesysApiError ? error.status : undefined;
        if (status !== undefined && status >= 400 && status < 500) throw error;
        if (error instanceof UserError && summary.channels === 0) throw error;
        failures += 1;
        if (failures >= maxAttempts) {
          throw new UserError(`Gave up reconnecting to Genesys Cloud notifications after ${failures} attempts: ${(error as Error).message}`, {
            hint: 'Check the network and the OAuth client; events captured so far are in the output.',
          });
        }
        const delay = backoffDelay(failures - 1, policy);
        options.onStatus?.(`connection failed (${(error as Error).message}); retry ${failures} in ${delay} ms`);
        await sleep(delay, stop).catch(() => undefined);
        continue;
      }
    }
    const conn = current;
    const renewAt = conn.expires - (options.renewBeforeMs ?? 10 * 60_000);
    const outcome = await new Promise<'closed' | 'renew' | 'stop' | 'idle'>((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const done = (r: 'closed' | 'renew' | 'stop' | 'idle') => {
        timers.forEach(clearTimeout);
        wake = undefined;
        stop.removeEventListener('abort', onStop);
        resolve(r);
      };
      const onStop = () => done('stop');
      if (stop.aborted) return done('stop');
      stop.addEventListener('abort', onStop, { once: true });
      wake = () => done('renew');
      if (renewRequested) return done('renew');
      conn.closed.then(() => done('closed'));
      timers.push(setTimeout(() => done('renew'), Math.max(0, renewAt - Date.now())));
      const check = () => {
        const silent = Date.now() - lastMessageAt;
        if (silent >= 2 * idleMs) return done('idle');
        if (silent >= idleMs) {
          try {
            conn.socket.send(JSON.stringify({ message: 'ping' }));
          } catch {
            return done('idle');
          }
        }
        timers.push(setTimeout(check, Math.max(50, idleMs / 3)));
      };
      timers.push(setTimeout(check, Math.max(50, idleMs / 3)));
    });
    if (outcome === 'stop') {
      retire(conn);
      break;
    }
    if (outcome === 'renew') {
      renewRequested = false;
      try {
        const next = await connect();
        summary.renewals += 1;
        summary.channels += 1;
        current = next;
        lastMessageAt = Date.now();
        options.onStatus?.(`renewed: now on channel ${next.channelId}`);
        retire(conn);
      } catch (error) {
        if (stop.aborted) {
          retire(conn);
          break;
        }
        options.onStatus?.(`renewal failed (${(error as Error).message}); keeping the current channel`);
        await sleep(backoffDelay(0, policy), stop).catch(() => undefined);
      }
      continue;
    }
    // closed or silent: the socket is gone; events sent meanwhile are not replayed by Genesys
    if (outcome === 'idle') retire(conn);
    current = undefined;
    summary.reconnects += 1;
    failures += 1;
    const delay = backoffDelay(Math.max(0, failures - 1), policy);
    options.onStatus?.(`WebSocket ${outcome === 'idle' ? 'silent' : 'closed'}; reconnecting in ${delay} ms`);
    await sleep(delay, stop).catch(() => undefined);
  }
}
