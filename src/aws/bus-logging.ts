/** Event bus logging: a bus's LogConfig (DescribeEventBus) and its log records in CloudWatch Logs (FilterLogEvents). */

import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeEventBusCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';

export interface BusLogConfig {
  /** OFF | ERROR | INFO | TRACE; AWS leaves it out on a bus that never had logging set, which means OFF. */
  level: string;
  /** NONE | FULL. */
  includeDetail: string;
  arn?: string;
}

export async function describeBusLogConfig(client: EventBridgeClient, bus: string, signal?: AbortSignal): Promise<BusLogConfig> {
  const out = await client.send(new DescribeEventBusCommand({ Name: bus }), { abortSignal: signal });
  return { level: out.LogConfig?.Level ?? 'OFF', includeDetail: out.LogConfig?.IncludeDetail ?? 'NONE', ...(out.Arn ? { arn: out.Arn } : {}) };
}

/** The fields of an event bus log record that the doctor counts (AWS's schema; the rest is kept in `details`). */
export interface BusLogRecord {
  messageType: string;
  eventId?: string;
  ruleArn?: string;
  targetArn?: string;
  errorMessage?: string;
  timestampMs?: number;
}

/** The log group the EventBridge console creates for a bus's CloudWatch Logs destination. */
export function defaultBusLogGroup(bus: string): string {
  return `/aws/vendedlogs/events/event-bus/${bus}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** One CloudWatch Logs message → a record, or undefined when it is not a bus log record. */
export function parseBusLogRecord(message: string): BusLogRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const r = json as Record<string, unknown>;
  const messageType = text(r.message_type);
  if (!messageType) return undefined;
  const details = (r.details !== null && typeof r.details === 'object' ? r.details : {}) as Record<string, unknown>;
  const error = (r.error !== null && typeof r.error === 'object' ? r.error : {}) as Record<string, unknown>;
  const ts = Number(r.message_timestamp_ms);
  const targetArns = Array.isArray(details.target_arns) ? details.target_arns.filter((t): t is string => typeof t === 'string') : [];
  return {
    messageType,
    ...(text(r.event_id) ? { eventId: text(r.event_id) } : {}),
    ...(text(details.rule_arn) ? { ruleArn: text(details.rule_arn) } : {}),
    ...(text(details.target_arn) ?? targetArns[0] ? { targetArn: text(details.target_arn) ?? targetArns[0] } : {}),
    ...(text(error.error_message) ? { errorMessage: text(error.error_message) } : {}),
    ...(Number.isFinite(ts) ? { timestampMs: ts } : {}),
  };
}

export interface BusLogRead {
  records: BusLogRecord[];
  /** True when `maxRecords` stopped the read before the window's end. */
  truncated: boolean;
}

/** The bus log records of [start, end) in `logGroup`, every page up to `maxRecords` (default 20,000). */
export async function readBusLogRecords(
  client: CloudWatchLogsClient,
  logGroup: string,
  window: { start: Date; end: Date },
  options: { maxRecords?: number; signal?: AbortSignal } = {},
): Promise<BusLogRead> {
  const max = options.maxRecords ?? 20_000;
  const records: BusLogRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({ logGroupName: logGroup, startTime: window.start.getTime(), endTime: window.end.getTime(), nextToken }),
      { abortSignal: options.signal },
    );
    for (const e of page.events ?? []) {
      const record = e.message ? parseBusLogRecord(e.message) : undefined;
      if (record) records.push(record);
      if (records.length >= max) return { records, truncated: true };
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return { records, truncated: false };
}
