/** CloudWatch metrics of namespace AWS/Events: what EventBridge itself counted per partner source and per rule. */

import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { awsClientConfig, type AwsAccessOptions } from './client.js';

/** Per rule; `RuleName` alone on the default bus, `EventBusName` + `RuleName` on custom and partner buses. */
export const EVENTS_RULE_METRICS = [
  'MatchedEvents',
  'TriggeredRules',
  'Invocations',
  'FailedInvocations',
  'ThrottledRules',
  'InvocationsSentToDlq',
  'InvocationsFailedToBeSentToDlq',
  'DeadLetterInvocations',
] as const;
export type EventsRuleMetric = (typeof EVENTS_RULE_METRICS)[number];

/** Partner events ingested, per `EventSourceName`. */
export const EVENTS_SOURCE_METRIC = 'Events';

export interface EventsMetricQuery {
  /** Our own key for the answer (any text; mapped to CloudWatch's `[a-z][A-Za-z0-9_]*` ids internally). */
  key: string;
  metric: string;
  dimensions: Record<string, string>;
}

/** The Sum over the window, or `undefined` when CloudWatch holds no data point: "no data", which is not zero. */
export type MetricSums = Map<string, number | undefined>;

export function createCloudWatchClient(options: AwsAccessOptions): CloudWatchClient {
  return new CloudWatchClient(awsClientConfig(options, 'CLOUDWATCH'));
}

/** The queries for one rule: every delivery-stage metric, with the dimensions AWS uses for that bus. */
export function ruleMetricQueries(rule: string, bus: string): EventsMetricQuery[] {
  const dimensions: Record<string, string> = bus === 'default' ? { RuleName: rule } : { EventBusName: bus, RuleName: rule };
  return EVENTS_RULE_METRICS.map((metric) => ({ key: `${bus}\u0000${rule}\u0000${metric}`, metric, dimensions }));
}

export function sourceMetricQuery(source: string): EventsMetricQuery {
  return { key: `source\u0000${source}`, metric: EVENTS_SOURCE_METRIC, dimensions: { EventSourceName: source } };
}

/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;

/**
 * Sums each metric over [start, end) with GetMetricData (every page). A metric with no data point
 * at all stays `undefined`. Periods: 1 minute for windows up to 3 hours, else 1 hour (CloudWatch keeps
 * 1-minute points for 15 days, hourly ones for 455 days).
 */
export async function readEventsMetricSums(
  client: CloudWatchClient,
  queries: readonly EventsMetricQuery[],
  window: { start: Date; end: Date },
  signal?: AbortSignal,
): Promise<MetricSums> {
  const sums: MetricSums = new Map(queries.map((q) => [q.key, undefined]));
  const spanSeconds = (window.end.getTime() - window.start.getTime()) / 1000;
  const period = spanSeconds <= 3 * 3600 ? 60 : 3600;
  for (let at = 0; at < queries.length; at += QUERIES_PER_CALL) {
    const chunk = queries.slice(at, at + QUERIES_PER_CALL);
    const byId = new Map(chunk.map((q, i) => [`m${at + i}`, q.key]));
    const MetricDataQueries: MetricDataQuery[] = chunk.map((q, i) => ({
      Id: `m${at + i}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/Events', MetricName: q.metric, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
        Period: period,
        Stat: 'Sum',
      },
      ReturnData: true,
    }));
    let NextToken: string | undefined;
    do {
      const out = await client.send(
        new GetMetricDataCommand({ MetricDataQueries, StartTime: window.start, EndTime: window.end, NextToken }),
        { abortSignal: signal },
      );
      for (const result of out.MetricDataResults ?? []) {
        const key = result.Id ? byId.get(result.Id) : undefined;
        if (key === undefined || (result.Values ?? []).length === 0) continue;
        sums.set(key, (sums.get(key) ?? 0) + (result.Values ?? []).reduce((a, b) => a + b, 0));
      }
      NextToken = out.NextToken;
    } while (NextToken);
  }
  return sums;
}
