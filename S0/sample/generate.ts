/**
 * Deterministic stream of Genesys-shaped EventBridge events. Scenarios
 * (conversations, presence changes, audits, aggregates) start at random
 * arrival times and overlap; their events come out in time order. Memory
 * stays constant: only the events of the scenarios in flight are held.
 */
import { buildEnvelope, type GenesysEventBridgeEvent } from '../envelope/build.js';
import { presenceChangeEvents } from './agent-activity.js';
import { flowAggregateEvent, oauthClientDeletedEvent } from './admin-activity.js';
import { conversationEvents } from './conversation.js';
import { SAMPLE_ACCOUNT, SAMPLE_EVENT_SOURCE_SUFFIX, SAMPLE_ORG_ID, SAMPLE_REGION, SAMPLE_SEED, SAMPLE_START } from './directory.js';
import { Random } from './random.js';
import { isoTime, type ScheduledEvent } from './scheduled-event.js';

export interface GenesysOrgRef { orgId: string; eventSourceSuffix: string }

export interface GenerateOptions {
  /** Number of events to produce. */
  count: number;
  /** PRNG seed; same seed and options → same events, byte for byte. Default: the sample's seed. */
  seed?: number;
  /** Time of the first arrival (epoch ms, ISO string or Date). Default 2024-05-06T08:00:00.000Z. */
  start?: number | string | Date;
  orgId?: string;
  eventSourceSuffix?: string;
  /** Several orgs / integrations: each scenario picks one. Overrides orgId/eventSourceSuffix. */
  orgs?: GenesysOrgRef[];
  account?: string;
  region?: string;
  /** Mean gap between scenario arrivals in ms (default 20,000). */
  meanArrivalGapMs?: number;
  /** `aws.partner/genesys.com` by default; Genesys' test fixtures use `aws.partner/genesys.com.test`. */
  partnerPrefix?: string;
}

interface Pending { event: ScheduledEvent; org: GenesysOrgRef; seq: number }

/** Binary min-heap on (time, insertion order): ties keep scenario order, so output is deterministic. */
class PendingQueue {
  private readonly items: Pending[] = [];
  get size(): number { return this.items.length; }
  peek(): Pending | undefined { return this.items[0]; }
  push(item: Pending): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(x: Pending, y: Pending): boolean {
  return x.event.at < y.event.at || (x.event.at === y.event.at && x.seq < y.seq);
}

function toEpochMs(start: GenerateOptions['start']): number {
  if (start === undefined) return SAMPLE_START;
  const ms = start instanceof Date ? start.getTime() : typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(ms)) throw new RangeError(`generateEvents: start is not a valid time: ${String(start)}`);
  return ms;
}

function scenarioEvents(random: Random, at: number, org: GenesysOrgRef): ScheduledEvent[] {
  const kind = random.weighted<'conversation' | 'presence' | 'aggregate' | 'oauth'>([
    ['conversation', 80], ['presence', 15], ['aggregate', 3], ['oauth', 2],
  ]);
  switch (kind) {
    case 'conversation': return conversationEvents(random, at, { organizationId: org.orgId });
    case 'presence': return presenceChangeEvents(random, at);
    case 'aggregate': return [flowAggregateEvent(random, at)];
    case 'oauth': return [oauthClientDeletedEvent(random, at)];
  }
}

/** Genesys-shaped EventBridge events, lazily, in time order. */
export function* generateEvents(options: GenerateOptions): Generator<GenesysEventBridgeEvent, void, undefined> {
  const count = options.count;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`generateEvents: count must be a non-negative integer, got ${String(count)}`);
  const random = new Random(options.seed ?? SAMPLE_SEED);
  const orgs: GenesysOrgRef[] = options.orgs !== undefined && options.orgs.length > 0
    ? options.orgs
    : [{ orgId: options.orgId ?? SAMPLE_ORG_ID, eventSourceSuffix: options.eventSourceSuffix ?? SAMPLE_EVENT_SOURCE_SUFFIX }];
  const account = options.account ?? SAMPLE_ACCOUNT;
  const region = options.region ?? SAMPLE_REGION;
  const meanGap = options.meanArrivalGapMs ?? 20000;
  const queue = new PendingQueue();
  let nextArrival = toEpochMs(options.start);
  let seq = 0;

  for (let emitted = 0; emitted < count; emitted++) {
    // Start every scenario that arrives before the earliest pending event.
    while (queue.size === 0 || queue.peek()!.event.at >= nextArrival) {
      const org = orgs.length === 1 ? orgs[0]! : random.pick(orgs);
      for (const event of scenarioEvents(random, nextArrival, org)) queue.push({ event, org, seq: seq++ });
      nextArrival += Math.max(1, Math.round(random.exponential(meanGap)));
    }
    const { event, org } = queue.pop()!;
    const deliveryDelayMs = random.int(20, 900);
    yield buildEnvelope({
      template: event.template,
      topicName: event.topicName,
      eventBody: event.eventBody,
      correlationId: random.uuid(),
      orgId: org.orgId,
      eventSourceSuffix: org.eventSourceSuffix,
      account,
      region,
      id: random.uuid(),
      timestamp: isoTime(event.at + deliveryDelayMs),
      ...(options.partnerPrefix === undefined ? {} : { partnerPrefix: options.partnerPrefix }),
    });
  }
}

/** The built-in sample's events (fixed seed, count and start). */
export const SAMPLE_EVENT_COUNT = 600;

export function generateSampleEvents(): Generator<GenesysEventBridgeEvent, void, undefined> {
  return generateEvents({ seed: SAMPLE_SEED, count: SAMPLE_EVENT_COUNT });
}

/** One NDJSON line per event. */
export function* toNdjsonLines(events: Iterable<unknown>): Generator<string, void, undefined> {
  for (const event of events) yield `${JSON.stringify(event)}\n`;
}
