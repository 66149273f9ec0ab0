import { UserError } from '../errors.js';
import type { GenesysClient } from './client.js';
import { sleep } from './retry.js';

/** One conversation of the analytics details query (the fields gceb uses; Genesys sends more). */
export interface AnalyticsConversation {
  conversationId: string;
  conversationStart?: string;
  conversationEnd?: string;
  originatingDirection?: string;
  divisionIds?: string[];
  participants?: AnalyticsParticipant[];
  [key: string]: unknown;
}

export interface AnalyticsParticipant {
  participantId: string;
  participantName?: string;
  purpose?: string;
  userId?: string;
  externalContactId?: string;
  externalOrganizationId?: string;
  sessions?: AnalyticsSession[];
  [key: string]: unknown;
}

export interface AnalyticsSession {
  sessionId: string;
  mediaType?: string;
  direction?: string;
  ani?: string;
  dnis?: string;
  addressFrom?: string;
  addressTo?: string;
  provider?: string;
  flow?: { flowId?: string; flowName?: string; flowVersion?: string; flowType?: string; exitReason?: string; transferType?: string; endingLanguage?: string };
  segments?: AnalyticsSegment[];
  [key: string]: unknown;
}

export interface AnalyticsSegment {
  segmentType: string;
  segmentStart: string;
  segmentEnd?: string;
  queueId?: string;
  disconnectType?: string;
  wrapUpCode?: string;
  wrapUpNote?: string;
  [key: string]: unknown;
}

const DAY = 86_400_000;
export const MAX_QUERY_DAYS = 31;
/** The synchronous query stops at 100,000 results; beyond this gceb switches to a job. */
export const SYNC_RESULT_LIMIT = 100_000;

/** Splits `start/end` into consecutive pieces of at most `maxDays` (the API refuses more than 31 days). */
export function splitInterval(interval: string, maxDays = MAX_QUERY_DAYS): string[] {
  const parts = interval.split('/');
  const [from, to] = parts.map((s) => Date.parse(s));
  if (parts.length !== 2 || Number.isNaN(from) || Number.isNaN(to)) {
    throw new UserError(`Invalid interval '${interval}'.`, { hint: 'Use ISO-8601 start/end, e.g. 2024-05-01T00:00:00Z/2024-05-08T00:00:00Z.' });
  }
  if (to! <= from!) throw new UserError(`Invalid interval '${interval}': the end is not after the start.`);
  const out: string[] = [];
  for (let s = from!; s < to!; s += maxDays * DAY) {
    const e = Math.min(to!, s + maxDays * DAY);
    out.push(`${new Date(s).toISOString()}/${new Date(e).toISOString()}`);
  }
  return out;
}

export interface DetailsQueryOptions {
  interval: string;
  /** Analytics mediaType (lower case: voice, chat, email, message, callback, ...). */
  media?: string;
  /** Stop after this many conversations. */
  max?: number;
  pageSize?: number;
  /** `true`: always use jobs; `false`: never; `auto` (default): jobs when totalHits exceeds `asyncThreshold`. */
  async?: boolean | 'auto';
  asyncThreshold?: number;
  /** Job polling period (ms); grows ×1.5 up to 10 s. */
  pollMs?: number;
  /** Give up on a job after this long (ms). */
  jobTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

function queryBody(interval: string, options: DetailsQueryOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { interval, order: 'asc', orderBy: 'conversationStart' };
  if (options.media) {
    body.segmentFilters = [{ type: 'or', predicates: [{ type: 'dimension', dimension: 'mediaType', operator: 'matches', value: options.media.toLowerCase() }] }];
  }
  return body;
}

/**
 * Every conversation in the interval, oldest first, deduplicated by id across
 * the ≤31-day pieces. The query is a POST that changes nothing, so it is retried
 * like a GET.
 */
export async function* queryConversationDetails(client: GenesysClient, options: DetailsQueryOptions): AsyncGenerator<AnalyticsConversation> {
  const seen = new Set<string>();
  let emitted = 0;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  for (const interval of splitInterval(options.interval)) {
    let source: AsyncGenerator<AnalyticsConversation>;
    if (options.async === true) {
      source = runDetailsJob(client, interval, options);
    } else {
      source = syncPages(client, interval, pageSize, options);
    }
    for await (const conversation of source) {
      if (seen.has(conversation.conversationId)) continue;
      seen.add(conversation.conversationId);
      yield conversation;
      emitted += 1;
      if (emitted >= max) return;
    }
  }
}

async function* syncPages(client: GenesysClient, interval: string, pageSize: number, options: DetailsQueryOptions): AsyncGenerator<AnalyticsConversation> {
  const threshold = options.asyncThreshold ?? SYNC_RESULT_LIMIT;
  let received = 0;
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await client.post<{ conversations?: AnalyticsConversation[]; totalHits?: number }>(
      '/api/v2/analytics/conversations/details/query',
      { ...queryBody(interval, options), paging: { pageSize, pageNumber } },
      { signal: options.signal, idempotent: true },
    );
    const total = page?.totalHits ?? 0;
    if (pageNumber === 1 && options.async !== false && total > threshold && (options.max === undefined || options.max > threshold)) {
      options.onProgress?.(`${interval}: ${total} conversations, more than ${threshold}: using an analytics job`);
      yield* runDetailsJob(client, interval, options);
      return;
    }
    const conversations = page?.conversations ?? [];
    for (const c of conversations) yield c;
    received += conversations.length;
    options.onProgress?.(`${interval}: ${received}/${total} conversations`);
    if (conversations.length < pageSize || received >= total) return;
  }
}

async function* runDetailsJob(client: GenesysClient, interval: string, options: DetailsQueryOptions): AsyncGenerator<AnalyticsConversation> {
  const base = '/api/v2/analytics/conversations/details/jobs';
  const { jobId } = await client.post<{ jobId: string }>(base, queryBody(interval, options), { signal: options.signal });
  options.onProgress?.(`analytics job ${jobId} submitted for ${interval}`);
  const deadline = Date.now() + (options.jobTimeoutMs ?? 30 * 60_000);
  let wait = options.pollMs ?? 2000;
  for (;;) {
    const status = await client.get<{ state?: string; errorMessage?: string }>(`${base}/${encodeURIComponent(jobId)}`, { signal: options.signal });
    const state = status?.state ?? 'UNKNOWN';
    if (state === 'FULFILLED') break;
    if (state === 'FAILED' || state === 'CANCELLED' || state === 'EXPIRED') {
      throw new UserError(`The analytics job ${jobId} for ${interval} ended ${state}${status?.errorMessage ? `: ${status.errorMessage}` : ''}.`, {
        hint: 'Retry with a shorter --interval; jobs results expire after a while, so read them soon after they finish.',
      });
    }
    if (Date.now() > deadline) throw new UserError(`The analytics job ${jobId} for ${interval} was still ${state} at the time limit.`, { hint: 'Retry later or with a shorter --interval.' });
    await sleep(wait, options.signal);
    wait = Math.min(10_000, Math.ceil(wait * 1.5));
  }
  let cursor: string | undefined;
  do {
    const page: { conversations?: AnalyticsConversation[]; cursor?: string } = await client.get(`${base}/${encodeURIComponent(jobId)}/results`, {
      query: { cursor },
      signal: options.signal,
    });
    for (const c of page?.conversations ?? []) yield c;
    cursor = page?.cursor ?? undefined;
  } while (cursor);
}
