import { UserError } from '../errors.js';
import { collectEvents } from '../events/collect.js';
import type { EventRecord, ReadProblem } from '../events/read.js';
import type { RemoteInputOptions } from '../events/remote.js';
import { captureNotifications, queueTopics, userTopics, type CaptureSummary } from '../genesys/capture.js';
import { createGenesysClient, type GenesysClient } from '../genesys/client.js';
import { genesysConfigFromEnv } from '../genesys/config.js';
import { fetchRebuiltEvents } from '../genesys/fetch.js';
import type { EventBridgeIntegration } from '../genesys/integrations.js';
import { openNdjsonFile } from '../genesys/ndjson-sink.js';
import { resolveEnvelopeTarget } from '../genesys/target.js';

/** Setup (token, integration lookup, channel) gets this long on top of the capture's own duration. */
export const CAPTURE_SETUP_SECONDS = 30;

export interface CaptureRequest {
  /** Concrete notification topics (comma-separated text or a list). */
  topics?: string | readonly string[];
  /** Queue ids: their conversations topic. */
  queues?: string | readonly string[];
  /** User ids: presence, routing status, activity and conversations. */
  users?: string | readonly string[];
  /** Stop after this many events. */
  max: number;
  /** Stop after this many seconds. */
  seconds: number;
  /** Also write the captured envelopes there as NDJSON as they arrive ('' or absent: memory only). */
  file?: string;
}

export interface GatherEventsOptions {
  /** `sample`, an event file or folder, `s3://bucket/prefix/`, `logs:GROUP[:STREAM-PREFIX]`, `genesys` (rebuilt from analytics) or `capture` (live notifications). */
  events: string;
  /** `genesys`: ISO `start/end`; empty or absent = the last `hours`. */
  interval?: string;
  /** `genesys`: hours back when no interval is given (default 24). */
  hours?: number;
  /** `genesys`: at most this many conversations (default 100). */
  maxConversations?: number;
  /** Required for `capture`. */
  capture?: CaptureRequest;
  /** Where the Genesys credentials come from (GENESYSCLOUD_*). */
  env?: NodeJS.ProcessEnv;
  /** Base directory for relative event paths (default: the process's). */
  cwd?: string;
  signal?: AbortSignal;
  /** Tests: the clock for the default interval. */
  now?: () => Date;
  /** Tests: a client other than the one built from `env`. */
  client?: GenesysClient;
  /** `s3://...` and `logs:...` events: the window (and ready AWS clients); AWS access comes from `env`. */
  remote?: RemoteInputOptions;
}

export interface GatheredEvents {
  records: EventRecord[];
  /** Records that could not be read (file or line and why); the rest loaded. */
  problems: ReadProblem[];
  /** The org's EventBridge integration the envelopes were built for (`genesys`, `capture`). */
  integration?: EventBridgeIntegration;
  /** How a live capture went (`capture`). */
  captureSummary?: CaptureSummary & { topics: number };
}

/**
 * The events a notebook works on, from one of four places: the built-in sample
 * or files (each record keeps its file and line), Genesys Cloud analytics
 * (conversations rebuilt into the detail events they produced) or a live
 * capture on notification topics, bounded by `max` events and `seconds`.
 */
export async function gatherEvents(options: GatherEventsOptions): Promise<GatheredEvents> {
  if (options.events === 'capture') return captureEvents(options);
  if (options.events === 'genesys') return rebuildEvents(options);
  const { records, problems } = await collectEvents(options.events, {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    remote: { ...(options.env ? { env: options.env } : {}), ...options.remote },
  });
  return { records, problems };
}

/** `start/end` of the last `hours` before `now`. */
export function lastHoursInterval(hours: number, now: Date = new Date()): string {
  if (!(hours > 0)) throw new UserError(`HOURS must be a positive number, not ${hours} (or give INTERVAL as an ISO start/end).`);
  return `${new Date(now.getTime() - hours * 3_600_000).toISOString()}/${now.toISOString()}`;
}

async function rebuildEvents(options: GatherEventsOptions): Promise<GatheredEvents> {
  const interval = options.interval || lastHoursInterval(options.hours ?? 24, options.now?.() ?? new Date());
  const client = options.client ?? createGenesysClient(genesysConfigFromEnv(options.env ?? process.env));
  const { target, integration } = await resolveEnvelopeTarget(client, {}, options.signal);
  const source = `genesys ${interval} (rebuilt from analytics)`;
  const records: EventRecord[] = [];
  for await (const rebuilt of fetchRebuiltEvents(client, { interval, max: options.maxConversations ?? 100, target, ...(options.signal ? { signal: options.signal } : {}) })) {
    records.push({ event: rebuilt.event, source, line: records.length + 1 });
  }
  return { records, problems: [], ...(integration ? { integration } : {}) };
}

function list(value: string | readonly string[] | undefined): string[] {
  const items = typeof value === 'string' ? value.split(',') : [...(value ?? [])];
  return items.map((s) => s.trim()).filter(Boolean);
}

/** The topics a capture request subscribes: concrete topics plus those of its queues and users. */
export function captureTopics(request: Pick<CaptureRequest, 'topics' | 'queues' | 'users'>): string[] {
  return [...list(request.topics), ...queueTopics(list(request.queues)), ...userTopics(list(request.users))];
}

async function captureEvents(options: GatherEventsOptions): Promise<GatheredEvents> {
  const request = options.capture;
  const topics = request ? captureTopics(request) : [];
  if (!request || topics.length === 0) {
    throw new UserError("EVENTS = 'capture' needs CAPTURE_TOPICS, CAPTURE_QUEUES or CAPTURE_USERS (comma-separated concrete topics, queue ids or user ids).");
  }
  if (!(request.seconds > 0 && request.max > 0)) {
    throw new UserError(`CAPTURE_SECONDS and CAPTURE_MAX must be positive: a capture always has an end (got ${request.seconds} and ${request.max}).`);
  }
  // Everything, setup included, stops at the deadline: a notebook cell cannot hang.
  const deadline = AbortSignal.timeout((request.seconds + CAPTURE_SETUP_SECONDS) * 1000);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const client = options.client ?? createGenesysClient(genesysConfigFromEnv(options.env ?? process.env));
  const { target, integration } = await resolveEnvelopeTarget(client, {}, signal);
  const file = request.file ? openNdjsonFile(request.file, 'live') : undefined;
  const source = request.file || 'genesys (live capture)';
  const records: EventRecord[] = [];
  let summary: CaptureSummary;
  try {
    summary = await captureNotifications(client, {
      topics,
      target,
      max: request.max,
      durationMs: request.seconds * 1000,
      signal,
      onEvent: ({ event }) => {
        file?.writeLine(event);
        records.push({ event, source, line: records.length + 1 });
      },
    });
  } finally {
    await file?.commit();
  }
  if (records.length === 0) {
    throw new UserError(
      `No event arrived in ${request.seconds} s on ${topics.length} topics: make something happen (a call, a presence change) and run the cell again, or raise CAPTURE_SECONDS.`,
    );
  }
  return { records, problems: [], ...(integration ? { integration } : {}), captureSummary: { topics: topics.length, ...summary } };
}
