import {
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListEventSourcesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  type EventBridgeClient,
  type Rule,
} from '@aws-sdk/client-eventbridge';
import { awsErrorToUserError, type AwsCallContext } from './errors.js';
import { createEventBridgeClient, resolveAwsRegion, resolveEventBridgeEndpoint, type AwsAccessOptions } from './client.js';

/** The name prefix of every Genesys Cloud partner event source and bus. */
export const GENESYS_PARTNER_PREFIX = 'aws.partner/genesys.com';

export interface EventBusInfo {
  name: string;
  arn?: string;
  description?: string;
}

export type EventSourceState = 'PENDING' | 'ACTIVE' | 'DELETED';

export interface EventSourceInfo {
  name: string;
  arn?: string;
  createdBy?: string;
  /** PENDING until a partner bus is created for it; ACTIVE once associated; DELETED when the partner removed it. */
  state?: EventSourceState | string;
  creationTime?: string;
  expirationTime?: string;
}

export interface RuleInfo {
  name: string;
  eventBusName: string;
  arn?: string;
  /** The pattern exactly as AWS stores it (JSON text); absent for schedule rules. */
  eventPattern?: string;
  state?: string;
  description?: string;
  scheduleExpression?: string;
  managedBy?: string;
}

export interface TargetInfo {
  id: string;
  arn: string;
  /** The IAM role EventBridge assumes to reach the target (needed by Kinesis, Step Functions, ECS, buses, ...). */
  roleArn?: string;
  /** The dead-letter queue for events that could not be delivered. */
  deadLetterArn?: string;
  retryPolicy?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  inputPath?: string;
  /** A constant input that replaces the event. */
  input?: string;
}

/**
 * One EventBridge session: a client plus the context (region, env) that error messages need.
 * Every method fetches every page and maps failures to UserError.
 */
export class EventBridgeAccess {
  readonly client: EventBridgeClient;
  readonly region: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly endpoint: string | undefined;

  constructor(options: AwsAccessOptions, client?: EventBridgeClient) {
    this.env = options.env;
    this.region = resolveAwsRegion(options);
    this.endpoint = resolveEventBridgeEndpoint(options.env);
    this.client = client ?? createEventBridgeClient(options);
  }

  /** Runs one SDK call, turning its failure into an actionable UserError. */
  async call<T>(context: AwsCallContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw awsErrorToUserError(error, { region: this.region, endpoint: this.endpoint, ...context }, this.env);
    }
  }

  /** Every page of a NextToken-paged call, each through `call` (a failure becomes an actionable UserError). */
  private async *pages<P extends { NextToken?: string }>(
    context: AwsCallContext,
    fetchPage: (NextToken: string | undefined) => Promise<P>,
  ): AsyncGenerator<P> {
    let token: string | undefined;
    do {
      const page: P = await this.call(context, () => fetchPage(token));
      yield page;
      token = page.NextToken;
    } while (token);
  }

  async listEventBuses(namePrefix: string = GENESYS_PARTNER_PREFIX, signal?: AbortSignal): Promise<EventBusInfo[]> {
    const out: EventBusInfo[] = [];
    const request = (NextToken: string | undefined) =>
      this.client.send(new ListEventBusesCommand({ NamePrefix: namePrefix || undefined, NextToken }), { abortSignal: signal });
    for await (const page of this.pages({ operation: 'ListEventBuses' }, request)) {
      for (const bus of page.EventBuses ?? []) {
        if (bus.Name) out.push({ name: bus.Name, arn: bus.Arn, description: bus.Description });
      }
    }
    return out;
  }

  async listEventSources(namePrefix: string = GENESYS_PARTNER_PREFIX, signal?: AbortSignal): Promise<EventSourceInfo[]> {
    const out: EventSourceInfo[] = [];
    const request = (NextToken: string | undefined) =>
      this.client.send(new ListEventSourcesCommand({ NamePrefix: namePrefix || undefined, NextToken }), { abortSignal: signal });
    for await (const page of this.pages({ operation: 'ListEventSources' }, request)) {
      for (const s of page.EventSources ?? []) {
        if (!s.Name) continue;
        out.push({
          name: s.Name,
          arn: s.Arn,
          createdBy: s.CreatedBy,
          state: s.State,
          creationTime: s.CreationTime?.toISOString(),
          expirationTime: s.ExpirationTime?.toISOString(),
        });
      }
    }
    return out;
  }

  async listRules(bus: string, options: { namePrefix?: string; signal?: AbortSignal } = {}): Promise<RuleInfo[]> {
    const out: RuleInfo[] = [];
    const request = (NextToken: string | undefined) =>
      this.client.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: options.namePrefix, NextToken }), { abortSignal: options.signal });
    for await (const page of this.pages({ operation: 'ListRules', bus }, request)) {
      for (const r of page.Rules ?? []) {
        if (r.Name) out.push(toRuleInfo(r, r.Name, bus));
      }
    }
    return out;
  }

  async describeRule(name: string, bus: string, signal?: AbortSignal): Promise<RuleInfo> {
    const r = await this.call({ operation: 'DescribeRule', bus, rule: name }, () =>
      this.client.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }), { abortSignal: signal }),
    );
    return toRuleInfo(r, r.Name ?? name, bus);
  }

  async listTargets(rule: string, bus: string, signal?: AbortSignal): Promise<TargetInfo[]> {
    const out: TargetInfo[] = [];
    const request = (NextToken: string | undefined) =>
      this.client.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: bus, NextToken }), { abortSignal: signal });
    for await (const page of this.pages({ operation: 'ListTargetsByRule', bus, rule }, request)) {
      for (const t of page.Targets ?? []) {
        if (!t.Id || !t.Arn) continue;
        const retry = t.RetryPolicy;
        out.push({
          id: t.Id,
          arn: t.Arn,
          ...(t.RoleArn ? { roleArn: t.RoleArn } : {}),
          ...(t.DeadLetterConfig?.Arn ? { deadLetterArn: t.DeadLetterConfig.Arn } : {}),
          ...(retry ? { retryPolicy: { maximumRetryAttempts: retry.MaximumRetryAttempts, maximumEventAgeInSeconds: retry.MaximumEventAgeInSeconds } } : {}),
          ...(t.InputTransformer?.InputTemplate !== undefined
            ? { inputTransformer: { inputPathsMap: t.InputTransformer.InputPathsMap, inputTemplate: t.InputTransformer.InputTemplate } }
            : {}),
          ...(t.InputPath ? { inputPath: t.InputPath } : {}),
          ...(t.Input !== undefined ? { input: t.Input } : {}),
        });
      }
    }
    return out;
  }

  close(): void {
    this.client.destroy();
  }
}

/** Opens a session, runs `work`, and always releases the client's sockets. */
export async function withEventBridge<T>(options: AwsAccessOptions, work: (eb: EventBridgeAccess) => Promise<T>): Promise<T> {
  const eb = new EventBridgeAccess(options);
  try {
    return await work(eb);
  } finally {
    eb.close();
  }
}

/** A rule as ListRules and DescribeRule both describe it. */
function toRuleInfo(r: Omit<Rule, 'Name'>, name: string, bus: string): RuleInfo {
  return {
    name,
    eventBusName: r.EventBusName ?? bus,
    arn: r.Arn,
    eventPattern: r.EventPattern,
    state: r.State,
    description: r.Description,
    scheduleExpression: r.ScheduleExpression,
    managedBy: r.ManagedBy,
  };
}
