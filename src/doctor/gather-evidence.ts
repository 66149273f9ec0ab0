/** The I/O half of the doctor's evidence: AWS/Events metrics, target resource policies, bus logging. Never throws for AWS's refusals. */

import { parseArn } from '../aws/arn.js';
import { createEventBridgeClient, resolveAwsRegion, type AwsAccessOptions } from '../aws/client.js';
import { defaultBusLogGroup, describeBusLogConfig, readBusLogRecords } from '../aws/bus-logging.js';
import { createCloudWatchClient, EVENTS_RULE_METRICS, readEventsMetricSums, ruleMetricQueries, sourceMetricQuery } from '../aws/cloudwatch.js';
import { readEvidence, type UnreadableEvidence } from '../aws/evidence-read.js';
import { createLambdaClient, readLambdaPolicy } from '../aws/lambda.js';
import { createLogsClient } from '../aws/logs.js';
import { readLogsResourcePolicies } from '../aws/logs-policies.js';
import { createSnsClient, readTopicAccess } from '../aws/sns.js';
import { createSqsClient, readQueueAccess } from '../aws/sqs.js';
import { GENESYS_PARTNER_PREFIX } from '../aws/discovery.js';
import type { DoctorAwsFacts, DoctorBusLogging, DoctorEvidence, DoctorRuleMetrics, DoctorTargetAccess, DoctorWindow } from './types.js';

export interface EvidenceOptions {
  access: AwsAccessOptions;
  window: DoctorWindow;
  /** The CloudWatch Logs group of the partner buses' logs; default the console's `/aws/vendedlogs/events/event-bus/<bus>`. */
  busLogGroup?: string;
  signal?: AbortSignal;
  onStep?: (step: string) => void;
}

/** One SDK client per (service, region), created on first use and destroyed at the end. */
class Clients {
  private readonly made = new Map<string, { destroy(): void }>();
  constructor(private readonly access: AwsAccessOptions) {}
  get<T extends { destroy(): void }>(service: string, region: string | undefined, make: (o: AwsAccessOptions) => T): T {
    const key = `${service}\u0000${region ?? ''}`;
    let client = this.made.get(key) as T | undefined;
    if (!client) {
      client = make({ ...this.access, ...(region ? { region } : {}) });
      this.made.set(key, client);
    }
    return client;
  }
  close(): void {
    for (const c of this.made.values()) c.destroy();
  }
}

async function gatherMetrics(aws: DoctorAwsFacts, options: EvidenceOptions, clients: Clients, unreadable: UnreadableEvidence[]) {
  const rules = aws.rules.filter((r) => r.eventPattern !== undefined);
  const queries = [...aws.sources.map((s) => sourceMetricQuery(s.name)), ...rules.flatMap((r) => ruleMetricQueries(r.name, r.eventBusName))];
  if (queries.length === 0) return {};
  options.onStep?.(`CloudWatch: AWS/Events metrics since ${options.window.since}`);
  const cw = clients.get('cloudwatch', undefined, createCloudWatchClient);
  const read = await readEvidence(
    { action: 'cloudwatch:GetMetricData', what: `AWS/Events metrics (${queries.length} series) since ${options.window.since}` },
    options.access.env,
    options.signal,
    () => readEventsMetricSums(cw, queries, { start: new Date(options.window.start), end: new Date(options.window.end) }, options.signal),
  );
  if (!read.ok) {
    unreadable.push(read.unreadable);
    return {};
  }
  const sum = (key: string) => read.value.get(key) ?? null;
  return {
    sourceEvents: aws.sources.map((s) => ({ source: s.name, events: sum(sourceMetricQuery(s.name).key) })),
    ruleMetrics: rules.map((r) => {
      const metrics = Object.fromEntries(ruleMetricQueries(r.name, r.eventBusName).map((q) => [q.metric, sum(q.key)])) as DoctorRuleMetrics;
      for (const m of EVENTS_RULE_METRICS) metrics[m] ??= null;
      return { rule: r.name, bus: r.eventBusName, metrics };
    }),
  };
}

async function gatherTargetAccess(aws: DoctorAwsFacts, options: EvidenceOptions, clients: Clients, unreadable: UnreadableEvidence[]) {
  const arns = [...new Set(aws.rules.flatMap((r) => (r.targets ?? []).map((t) => t.arn)))];
  const out: DoctorTargetAccess[] = [];
  let logsPolicies: DoctorTargetAccess['read'] | undefined;
  for (const arn of arns) {
    const parts = parseArn(arn);
    const region = parts?.region || undefined;
    const env = options.access.env;
    let read: DoctorTargetAccess['read'] | undefined;
    if (parts?.service === 'lambda') {
      options.onStep?.(`Lambda: resource policy of ${parts.resource}`);
      const client = clients.get('lambda', region, createLambdaClient);
      read = await readEvidence({ action: 'lambda:GetPolicy', what: `the resource policy of ${arn}` }, env, options.signal, async () => {
        const policy = await readLambdaPolicy(client, arn, options.signal);
        return policy === undefined ? {} : { policy };
      });
    } else if (parts?.service === 'sqs') {
      options.onStep?.(`SQS: queue policy of ${parts.resource}`);
      const client = clients.get('sqs', region, createSqsClient);
      read = await readEvidence({ action: 'sqs:GetQueueAttributes', what: `the queue policy of ${arn}` }, env, options.signal, () =>
        readQueueAccess(client, arn, options.signal),
      );
    } else if (parts?.service === 'sns') {
      options.onStep?.(`SNS: topic policy of ${parts.resource}`);
      const client = clients.get('sns', region, createSnsClient);
      read = await readEvidence({ action: 'sns:GetTopicAttributes', what: `the topic policy of ${arn}` }, env, options.signal, () =>
        readTopicAccess(client, arn, options.signal),
      );
    } else if (parts?.service === 'logs') {
      if (!logsPolicies) {
        options.onStep?.('CloudWatch Logs: resource policies');
        const client = clients.get('logs', region, createLogsClient);
        logsPolicies = await readEvidence(
          { action: 'logs:DescribeResourcePolicies', what: `the CloudWatch Logs resource policies (for ${arn})` },
          env,
          options.signal,
          async () => ({ policies: await readLogsResourcePolicies(client, options.signal) }),
        );
      }
      read = logsPolicies;
    }
    if (!read) continue;
    if (!read.ok && !unreadable.includes(read.unreadable)) unreadable.push(read.unreadable);
    out.push({ arn, read });
  }
  return out;
}

async function gatherBusLogging(aws: DoctorAwsFacts, options: EvidenceOptions, clients: Clients, unreadable: UnreadableEvidence[]) {
  const out: DoctorBusLogging[] = [];
  const env = options.access.env;
  for (const bus of aws.buses.filter((b) => b.name.startsWith(`${GENESYS_PARTNER_PREFIX}/`))) {
    options.onStep?.(`EventBridge: logging of ${bus.name}`);
    const eb = clients.get('eventbridge', undefined, createEventBridgeClient);
    const config = await readEvidence({ action: 'events:DescribeEventBus', what: `the logging configuration of ${bus.name}` }, env, options.signal, () =>
      describeBusLogConfig(eb, bus.name, options.signal),
    );
    const entry: DoctorBusLogging = { bus: bus.name, config };
    if (!config.ok) unreadable.push(config.unreadable);
    else if (config.value.level !== 'OFF') {
      const logGroup = options.busLogGroup ?? defaultBusLogGroup(bus.name);
      options.onStep?.(`CloudWatch Logs: bus log records in ${logGroup}`);
      const logs = clients.get('logs', undefined, createLogsClient);
      entry.logGroup = logGroup;
      entry.records = await readEvidence({ action: 'logs:FilterLogEvents', what: `the bus log records in ${logGroup}` }, env, options.signal, () =>
        readBusLogRecords(logs, logGroup, { start: new Date(options.window.start), end: new Date(options.window.end) }, { signal: options.signal }),
      );
      if (!entry.records.ok) unreadable.push(entry.records.unreadable);
    }
    out.push(entry);
  }
  return out;
}

/** Reads everything AWS recorded that the doctor weighs. Each refusal is listed in `unreadable`; the rest still runs. */
export async function gatherEvidence(aws: DoctorAwsFacts, options: EvidenceOptions): Promise<DoctorEvidence> {
  const access = { ...options.access, region: options.access.region ?? aws.region ?? resolveAwsRegion(options.access) };
  const clients = new Clients(access);
  const opts = { ...options, access };
  const unreadable: UnreadableEvidence[] = [];
  try {
    const metrics = await gatherMetrics(aws, opts, clients, unreadable);
    const targets = await gatherTargetAccess(aws, opts, clients, unreadable);
    const busLogging = await gatherBusLogging(aws, opts, clients, unreadable);
    return { status: 'ok', window: options.window, ...metrics, targets, busLogging, unreadable };
  } finally {
    clients.close();
  }
}
