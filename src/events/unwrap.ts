/**
 * Log-export wrappers around events: `aws logs filter-log-events` /
 * `get-log-events` output (`{"events": [{"message": "<event json>"}]}`), a
 * single log entry `{"timestamp", "message"}`, and CloudWatch Logs
 * subscription data as delivered by Firehose (`{"messageType", "logEvents"}`).
 * EventBridge's CloudWatch Logs target writes the event JSON as the message.
 */
import { readEventText } from '../pattern/event-json.js';

export type Unwrapped = { kind: 'event'; event: unknown } | { kind: 'problem'; message: string };

const TIMESTAMP_PREFIX = /^\s*\d[\dTZ:.+\-/ ]*?\s+(?=\{)/;

export function unwrapRecord(value: unknown): Unwrapped[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ kind: 'problem', message: `expected a JSON object (an event), found ${describe(value)}` }];
  }
  const record = value as Record<string, unknown>;
  if ('detail-type' in record || 'detail' in record) return [{ kind: 'event', event: record }];
  if (record.messageType === 'CONTROL_MESSAGE') return [];
  const list = Array.isArray(record.logEvents) ? { key: 'logEvents', items: record.logEvents } : Array.isArray(record.events) ? { key: 'events', items: record.events } : undefined;
  if (list && list.items.length > 0 && list.items.every(isLogEntry)) {
    return list.items.map((entry, index) => parseMessage((entry as { message: string }).message, `${list.key}[${index}].message`));
  }
  if (list && list.items.length === 0 && ('nextToken' in record || 'searchedLogStreams' in record || 'nextForwardToken' in record || 'logGroup' in record)) return [];
  if (isLogEntry(record) && ('timestamp' in record || 'ingestionTime' in record || 'logStreamName' in record)) {
    return [parseMessage(record.message as string, 'message')];
  }
  return [{ kind: 'event', event: record }];
}

function isLogEntry(item: unknown): boolean {
  return item !== null && typeof item === 'object' && typeof (item as { message?: unknown }).message === 'string';
}

function parseMessage(message: string, where: string): Unwrapped {
  const text = message.replace(TIMESTAMP_PREFIX, '');
  try {
    const event = readEventText(text).value;
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      return { kind: 'problem', message: `${where} holds ${describe(event)}, not an event object` };
    }
    return { kind: 'event', event };
  } catch (error) {
    const shown = message.length > 60 ? `${message.slice(0, 60)}…` : message;
    return { kind: 'problem', message: `${where} is not an event in JSON (${(error as Error).message}): ${JSON.stringify(shown)}` };
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
