/**
 * EventBridge event bus logging records (`{resource_arn, event_id, message_type, details, ...}`)
 * back into the event they describe. Only records logged with `IncludeDetail: FULL` carry the
 * event's detail (`details.event_detail`); the others say that an event passed a step, not what it was.
 */
import { readEventText } from '../pattern/event-json.js';

export type BusLogOutcome =
  | { kind: 'event'; eventId: string; event: Record<string, unknown> }
  | { kind: 'no-event'; eventId?: string; messageType: string; reason: string };

export function isBusLogRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return typeof r.message_type === 'string' && (typeof r.resource_arn === 'string' || typeof r.event_id === 'string');
}

/** The event a bus-logging record describes, rebuilt in the envelope EventBridge delivers, or why it cannot be. */
export function eventFromBusLogRecord(record: Record<string, unknown>): BusLogOutcome {
  const messageType = String(record.message_type);
  const eventId = typeof record.event_id === 'string' ? record.event_id : undefined;
  const details = record.details !== null && typeof record.details === 'object' && !Array.isArray(record.details) ? (record.details as Record<string, unknown>) : undefined;
  const rawDetail = details?.event_detail;
  if (!details || rawDetail === undefined || typeof details.source !== 'string' || typeof details.detail_type !== 'string') {
    return { kind: 'no-event', ...(eventId ? { eventId } : {}), messageType, reason: details && rawDetail === undefined && typeof details.source === 'string' ? 'no event_detail (bus logging without IncludeDetail FULL)' : 'no event details in this step' };
  }
  let detail: unknown = rawDetail;
  if (typeof rawDetail === 'string') {
    try {
      detail = readEventText(rawDetail).value;
    } catch {
      return { kind: 'no-event', ...(eventId ? { eventId } : {}), messageType, reason: 'details.event_detail is not JSON (cut off at the log size limit?)' };
    }
  }
  // arn:aws:events:<region>:<account>:event-bus/<name>
  const arn = typeof record.resource_arn === 'string' ? record.resource_arn.split(':') : [];
  const sourceTime = Number(details.source_time_ms);
  const event: Record<string, unknown> = {
    version: '0',
    id: eventId ?? '',
    'detail-type': details.detail_type,
    source: details.source,
    account: arn[4] ?? details.caller_account_id ?? '',
    time: Number.isFinite(sourceTime) ? new Date(sourceTime).toISOString().replace(/\.\d{3}Z$/, 'Z') : '',
    region: arn[3] ?? '',
    resources: Array.isArray(details.resources) ? details.resources : [],
    detail,
  };
  return { kind: 'event', eventId: eventId ?? '', event };
}
