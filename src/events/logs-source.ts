// CloudWatch Logs as an event input: `logs:GROUP[:STREAM-PREFIX]`, raw events (a catch-all rule's target) or bus-logging records.
import { UserError } from '../errors.js';
import { createLogsClient, filterLogEvents } from '../aws/logs.js';
import { eventFromBusLogRecord, isBusLogRecord } from './bus-log-record.js';
import { printable, type RemoteInputOptions, type RemoteRecord } from './remote.js';
import { readEventText } from '../pattern/event-json.js';

export interface LogsLocation {
  group: string;
  streamPrefix?: string;
}

export interface LogsInput {
  kind: 'records';
  path: string;
  size?: undefined;
  records(signal?: AbortSignal): AsyncIterable<RemoteRecord>;
}

const LOG_GROUP = /^[.\-_/#A-Za-z0-9]{1,512}$/;

export function parseLogsSpec(spec: string): LogsLocation {
  const rest = spec.slice('logs:'.length);
  const colon = rest.indexOf(':');
  const group = colon < 0 ? rest : rest.slice(0, colon);
  const streamPrefix = colon < 0 ? undefined : rest.slice(colon + 1);
  if (!LOG_GROUP.test(group)) {
    throw new UserError(`'${spec}' is not a log group: expected logs:GROUP or logs:GROUP:STREAM-PREFIX.`, {
      hint: 'Log group names use letters, digits and . - _ / #, e.g. logs:/aws/events/genesys-tap.',
    });
  }
  return { group, ...(streamPrefix ? { streamPrefix } : {}) };
}

/**
 * One input reading every log event of the group in the window. A message that is an EventBridge
 * event is yielded as it is; a bus-logging record yields the event it carries (once per event id,
 * however many steps were logged); records with no event are counted and reported at the end.
 */
export function logsInput(spec: string, options: RemoteInputOptions): LogsInput {
  const { group, streamPrefix } = parseLogsSpec(spec);
  const env = options.env ?? process.env;
  return {
    kind: 'records',
    path: spec,
    async *records(signal?: AbortSignal): AsyncGenerator<RemoteRecord> {
      const client = options.logsClient ?? createLogsClient({ env, ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}) });
      const lineInStream = new Map<string, number>();
      const seenEvents = new Set<string>();
      const withoutEvent = new Map<string, number>();
      let withoutEventTotal = 0;
      let firstWithout: { source: string; line: number } | undefined;
      let read = 0;
      for await (const logEvent of filterLogEvents(client, group, {
        env,
        ...(streamPrefix ? { streamPrefix } : {}),
        ...(options.since ? { startTime: options.since.getTime() } : {}),
        ...(options.until ? { endTime: options.until.getTime() } : {}),
        ...(signal ? { signal } : {}),
        onPage: (n) => options.onStatus?.(`${spec}: ${n.toLocaleString('en-US')} log events read`),
      })) {
        read++;
        const stream = logEvent.logStreamName ?? '';
        const line = (lineInStream.get(stream) ?? 0) + 1;
        lineInStream.set(stream, line);
        const source = `logs:${group}:${printable(stream)}`;
        const message = logEvent.message ?? '';
        let value: unknown;
        try {
          value = readEventText(message).value;
        } catch (error) {
          const shown = message.length > 60 ? `${message.slice(0, 60)}…` : message;
          yield { kind: 'problem', source, line, message: `log event ${logEvent.eventId ?? line} is not JSON (${(error as Error).message}): ${JSON.stringify(shown)}; skipped` };
          continue;
        }
        if (!isBusLogRecord(value)) {
          yield { kind: 'record', value, source, line };
          continue;
        }
        const outcome = eventFromBusLogRecord(value);
        if (outcome.kind === 'event') {
          if (outcome.eventId && seenEvents.has(outcome.eventId)) continue;
          if (outcome.eventId) seenEvents.add(outcome.eventId);
          yield { kind: 'record', value: outcome.event, source, line };
          continue;
        }
        if (outcome.eventId && seenEvents.has(outcome.eventId)) continue;
        withoutEventTotal++;
        firstWithout ??= { source, line };
        const key = `${outcome.messageType}: ${outcome.reason}`;
        withoutEvent.set(key, (withoutEvent.get(key) ?? 0) + 1);
      }
      if (withoutEventTotal > 0) {
        const kinds = [...withoutEvent].map(([k, n]) => `${n} × ${k}`).join('; ');
        const fullHint = [...withoutEvent.keys()].some((k) => k.includes('IncludeDetail')) ? ' To log the events themselves, set the bus logging to IncludeDetail FULL.' : '';
        yield {
          kind: 'problem',
          source: firstWithout!.source,
          line: firstWithout!.line,
          message: `${withoutEventTotal} bus-logging records carry no event (${kinds}); they were counted, not tested.${fullHint}`,
        };
      }
      options.onStatus?.(`${spec}: ${read.toLocaleString('en-US')} log events read, ${seenEvents.size} bus-logging events, ${withoutEventTotal} records without an event`, { final: true });
    },
  };
}
