import {
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListEventSourcesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  type EventBridgeClient,
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

  async listEventBuses(namePrefix: string = GENESYS_PARTNER_PREFIX, signal?: AbortSignal): Promise<EventBusInfo[]> {
    const out: EventBusInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.call({ operation: 'ListEventBuses' }, () =>
        this.client.send(new ListEventBusesCommand({ NamePrefix: namePrefix || undefined, NextToken: token }), { abortSignal: signal }),
      );
      for (const bus of page.EventBuses ?? []) {
        if (bus.Name) out.push({ name: bus.Name, arn: bus.Arn, description: bus.Description });
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  async listEventSources(namePrefix: string = GENESYS_PARTNER_PREFIX, signal?: AbortSignal): Promise<EventSourceInfo[]> {
    const out: EventSourceInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.call({ operation: 'ListEventSources' }, () =>
        this.client.send(new ListEventSourcesCommand({ NamePrefix: namePrefix || undefined, NextToken: token }), { abortSignal: signal }),
      );
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
      token = page.NextToken;
    } while (token);
    return out;
  }

  async listRules(bus: string, options: { namePrefix?: string; signal?: AbortSignal } = {}): Promise<RuleInfo[]> {
    const out: RuleInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.call({ operation: 'ListRules', bus }, () =>
        this.client.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: options.namePrefix, NextToken: token }), {
          abortSignal: options.signal,
        }),
      );
      for (const r of page.Rules ?? []) {
        if (!r.Name) continue;
        out.push({
          name: r.Name,
          eventBusName: r.EventBusName ?? bus,
          arn: r.Arn,
          eventPattern: r.EventPattern,
          state: r.State,
          description: r.Description,
          scheduleExpression: r.ScheduleExpression,
          managedBy: r.ManagedBy,
        });
      }
      token = page.NextToken;
    } while (token);
    return out;
  }

  async describeRule(name: string, bus: string, signal?: AbortSignal): Promise<RuleInfo> {
    const r = await this.call({ operation: 'DescribeRule', bus, rule: name }, () =>
      this.client.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }), { abortSignal: signal }),
    );
    return {
      name: r.Name ?? name,
      eventBusName: r.EventBusName ?? bus,
      arn: r.Arn,
      eventPattern: r.EventPattern,
      state: r.State,
      description: r.Description,
      scheduleExpression: r.ScheduleExpression,
      managedBy: r.ManagedBy,
    };
  }

  async listTargets(rule: string, bus: string, signal?: AbortSignal): Promise<TargetInfo[]> {
    const out: TargetInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.call({ operation: 'ListTargetsByRule', bus, rule }, () =>
        this.client.send(new ListTargetsByRuleCommand({ Rule: rule, EventBusName: bus, NextToken: token }), { abortSignal: signal }),
      );
      for (const t of page.Targets ?? []) {
        if (t.Id && t.Arn) out.push({ id: t.Id, arn: t.Arn });
      }
      token = page.NextToken;
    } while (token);
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
