/**
 * A fake Amazon EventBridge on 127.0.0.1 (random port) that speaks the AWS JSON 1.1
 * protocol, so the REAL `@aws-sdk/client-eventbridge` can be pointed at it.
 *
 * Usage (tests, notebook runbook tests):
 *
 *   const eb = await startFakeEventBridge({
 *     buses: [{ Name: 'aws.partner/genesys.com/cloud/<org>/<suffix>' }],
 *     sources: [{ Name: 'aws.partner/genesys.com/cloud/<org>/<suffix>', State: 'ACTIVE' }],
 *     rules: [{ Name: 'r1', EventBusName: '<bus>', EventPattern: { source: [{ prefix: 'aws.partner/genesys.com' }] },
 *               targets: [{ Id: 't1', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }] }],
 *     faults: [{ operation: 'ListRules', error: 'ThrottlingException', times: 2 }],
 *   });
 *   // in-process: pass eb.env to the library/CLI (`io.env`), or merge it into a child process's env.
 *   // eb.env = { AWS_ENDPOINT_URL_EVENTBRIDGE: eb.url, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION,
 *   //            AWS_EC2_METADATA_DISABLED: 'true' }
 *   ...
 *   await eb.close();
 *
 * Behaviour:
 * - The `default` bus always exists. Buses, sources and rules are listed `pageSize` at a time
 *   (default 2) with an opaque `NextToken`, so pagination is exercised.
 * - `faults` inject errors (`AccessDeniedException`, `ThrottlingException`, `ResourceNotFoundException`,
 *   `UnrecognizedClientException`, `ExpiredTokenException`, ...) for one operation or every operation (`'*'`),
 *   for the first `times` calls (default: every call). Errors are `{"__type", "message"}` with the
 *   `x-amzn-errortype` header and HTTP 400 (500 for `InternalException`), as AWS sends them.
 * - `DescribeRule` / `ListTargetsByRule` / `ListRules` on an unknown rule or bus answer
 *   `ResourceNotFoundException` with AWS's message texts.
 * - `TestEventPattern` does NOT implement pattern matching: it answers from a FIXED TABLE of recorded
 *   pairs (`RECORDED_PAIRS` below, or `state.recordedPairs`). Pairs are looked up by their JSON content
 *   (key order and whitespace do not matter). One recorded pair (`planted: true`) carries a deliberately
 *   WRONG answer, so a cross-check must report it as a disagreement. An event without AWS's required
 *   fields gets AWS's `ValidationException: Parameter Event is not valid.`; an unknown pair gets
 *   `UnrecordedPairException` (HTTP 400).
 * - Every request is recorded in `calls` (operation + parsed body + whether it carried a SigV4 header).
 */
import type { ServerResponse } from 'node:http';
import { listenOnLoopback, readJsonBody, sendAwsJson } from './aws/loopback.js';
import { REFERENCE_CUSTOMER_START } from '../fixtures/reference-events.js';

export type FakeSourceState = 'PENDING' | 'ACTIVE' | 'DELETED';

export interface FakeBus {
  Name: string;
  Arn?: string;
  Description?: string;
  /** What DescribeEventBus answers; absent = never configured (AWS then leaves LogConfig out). */
  LogConfig?: { Level?: 'OFF' | 'ERROR' | 'INFO' | 'TRACE'; IncludeDetail?: 'NONE' | 'FULL' };
}

export interface FakeSource {
  Name: string;
  State: FakeSourceState;
  CreatedBy?: string;
}

export interface FakeTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  InputPath?: string;
  Input?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
}

export interface FakeRule {
  Name: string;
  /** Default `default`. */
  EventBusName?: string;
  /** A pattern object or its JSON text. */
  EventPattern?: unknown;
  /** Default `ENABLED`. */
  State?: 'ENABLED' | 'DISABLED';
  Description?: string;
  ScheduleExpression?: string;
  targets?: FakeTarget[];
}

export interface FakeFault {
  /** An operation name such as `ListRules`, or `*` for every operation. */
  operation: string;
  /** The AWS error code, e.g. `AccessDeniedException`. */
  error: string;
  message?: string;
  /** Fail only the first N matching calls; default: every call. */
  times?: number;
}

export interface RecordedPair {
  /** What this pair demonstrates. */
  note: string;
  event: unknown;
  pattern: unknown;
  /** The answer this fake gives. */
  result: boolean;
  /** True for the one pair whose answer is deliberately wrong (what AWS really says is `!result`). */
  planted?: boolean;
}

export interface FakeEventBridgeState {
  account?: string;
  region?: string;
  buses?: FakeBus[];
  sources?: FakeSource[];
  rules?: FakeRule[];
  faults?: FakeFault[];
  /** Items per page for ListEventBuses, ListEventSources, ListRules, ListTargetsByRule. Default 2. */
  pageSize?: number;
  /** Replaces the built-in table for TestEventPattern. */
  recordedPairs?: RecordedPair[];
}

export interface FakeCall {
  operation: string;
  body: Record<string, unknown>;
  signed: boolean;
}

export interface FakeEventBridge {
  url: string;
  /** Environment that points the real SDK at this fake with dummy credentials. */
  env: Record<string, string>;
  calls: FakeCall[];
  /** Live state: tests may change it between calls. */
  state: Required<Pick<FakeEventBridgeState, 'buses' | 'sources' | 'rules' | 'faults' | 'recordedPairs'>> & FakeEventBridgeState;
  close(): Promise<void>;
}

/** Genesys' own customer.start fixture shape (reference §1). */
export const RECORDED_EVENT_CUSTOMER_START = REFERENCE_CUSTOMER_START;

/**
 * Recorded answers. Results follow AWS's documented/observed semantics
 * (shared/reference/eventbridge-patterns.md), except the `planted` pair.
 */
export const RECORDED_PAIRS: RecordedPair[] = [
  {
    note: 'source prefix on the partner namespace',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { source: [{ prefix: 'aws.partner/genesys.com' }] },
    result: true,
  },
  {
    note: 'detail-type is the topic template',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { 'detail-type': ['v2.detail.events.conversation.{id}.customer.start'] },
    result: true,
  },
  {
    note: 'source written as genesys.cloud never matches',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { source: ['genesys.cloud'] },
    result: false,
  },
  {
    note: 'lower-case enum value never matches the upper-case event value',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { detail: { eventBody: { mediaType: ['chat'] } } },
    result: false,
  },
  {
    note: 'conversationId is under eventBody, not directly under detail',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { detail: { conversationId: [{ exists: true }] } },
    result: false,
  },
  {
    note: 'numbers compare by value: 1649237444949 matches 1.649237444949e12',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { detail: { eventBody: { eventTime: [1.649237444949e12] } } },
    result: true,
  },
  {
    note: 'PLANTED: AWS answers true here (numeric range on eventTime); the fake says false on purpose',
    event: RECORDED_EVENT_CUSTOMER_START,
    pattern: { detail: { eventBody: { eventTime: [{ numeric: ['>', 0] }] } } },
    result: false,
    planted: true,
  },
];

const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** JSON with object keys sorted, for order-insensitive lookup. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function page<T>(items: T[], token: unknown, size: number): { items: T[]; next?: string } {
  const start = typeof token === 'string' && token !== '' ? Number.parseInt(Buffer.from(token, 'base64').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new AwsError('ValidationException', 'The NextToken is invalid.');
  }
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}

export async function startFakeEventBridge(initial: FakeEventBridgeState = {}): Promise<FakeEventBridge> {
  const account = initial.account ?? '123456789012';
  const region = initial.region ?? 'us-east-1';
  const state: FakeEventBridge['state'] = {
    ...initial,
    buses: initial.buses ?? [],
    sources: initial.sources ?? [],
    rules: initial.rules ?? [],
    faults: (initial.faults ?? []).map((f) => ({ ...f })),
    recordedPairs: initial.recordedPairs ?? RECORDED_PAIRS,
  };
  const calls: FakeCall[] = [];
  const pageSize = () => state.pageSize ?? 2;

  const busArn = (name: string) => `arn:aws:events:${region}:${account}:event-bus/${name}`;
  const allBuses = (): FakeBus[] => [{ Name: 'default' }, ...state.buses.filter((b) => b.Name !== 'default')];
  const busName = (value: unknown): string => {
    if (typeof value !== 'string' || value === '') return 'default';
    const m = /^arn:aws[\w-]*:events:[^:]*:\d*:event-bus\/(.+)$/.exec(value);
    return m ? m[1]! : value;
  };
  const requireBus = (name: string) => {
    if (!allBuses().some((b) => b.Name === name)) throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  };
  const findRule = (body: Record<string, unknown>, nameKey: 'Name' | 'Rule' = 'Name'): FakeRule => {
    const bus = busName(body.EventBusName);
    requireBus(bus);
    const name = body[nameKey];
    const rule = state.rules.find((r) => r.Name === name && (r.EventBusName ?? 'default') === bus);
    if (!rule) throw new AwsError('ResourceNotFoundException', `Rule ${String(name)} does not exist on EventBus ${bus}.`);
    return rule;
  };
  const patternText = (p: unknown) => (p === undefined ? undefined : typeof p === 'string' ? p : JSON.stringify(p));
  const ruleOut = (r: FakeRule) => {
    const bus = r.EventBusName ?? 'default';
    return {
      Name: r.Name,
      Arn: `arn:aws:events:${region}:${account}:rule/${bus === 'default' ? '' : `${bus}/`}${r.Name}`,
      EventPattern: patternText(r.EventPattern),
      State: r.State ?? 'ENABLED',
      Description: r.Description,
      ScheduleExpression: r.ScheduleExpression,
      EventBusName: bus,
    };
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    ListEventBuses(body) {
      const prefix = typeof body.NamePrefix === 'string' ? body.NamePrefix : '';
      const buses = allBuses().filter((b) => b.Name.startsWith(prefix));
      const size = typeof body.Limit === 'number' ? Math.min(body.Limit, pageSize()) : pageSize();
      const p = page(buses, body.NextToken, size);
      return {
        EventBuses: p.items.map((b) => ({ Name: b.Name, Arn: b.Arn ?? busArn(b.Name), Description: b.Description })),
        NextToken: p.next,
      };
    },
    DescribeEventBus(body) {
      const name = busName(body.Name);
      requireBus(name);
      const bus = allBuses().find((b) => b.Name === name)!;
      return { Name: bus.Name, Arn: bus.Arn ?? busArn(bus.Name), Description: bus.Description, ...(bus.LogConfig ? { LogConfig: bus.LogConfig } : {}) };
    },
    ListEventSources(body) {
      const prefix = typeof body.NamePrefix === 'string' ? body.NamePrefix : '';
      const p = page(state.sources.filter((s) => s.Name.startsWith(prefix)), body.NextToken, pageSize());
      return {
        EventSources: p.items.map((s) => ({
          Name: s.Name,
          Arn: `arn:aws:events:${region}::event-source/${s.Name}`,
          CreatedBy: s.CreatedBy ?? 'genesys.com',
          State: s.State,
          CreationTime: 1_649_000_000,
        })),
        NextToken: p.next,
      };
    },
    ListRules(body) {
      const bus = busName(body.EventBusName);
      requireBus(bus);
      const prefix = typeof body.NamePrefix === 'string' ? body.NamePrefix : '';
      const rules = state.rules.filter((r) => (r.EventBusName ?? 'default') === bus && r.Name.startsWith(prefix));
      const p = page(rules, body.NextToken, pageSize());
      return { Rules: p.items.map(ruleOut), NextToken: p.next };
    },
    DescribeRule(body) {
      const r = ruleOut(findRule(body));
      return { ...r, CreatedBy: account };
    },
    ListTargetsByRule(body) {
      const rule = findRule(body, 'Rule');
      const p = page(rule.targets ?? [], body.NextToken, pageSize());
      return { Targets: p.items, NextToken: p.next };
    },
    TestEventPattern(body) {
      const eventText = body.Event;
      const patternTextIn = body.EventPattern;
      if (typeof eventText !== 'string' || typeof patternTextIn !== 'string') {
        throw new AwsError('ValidationException', '2 validation errors detected: Event and EventPattern must not be null');
      }
      let event: unknown;
      try {
        event = JSON.parse(eventText);
      } catch {
        throw new AwsError('ValidationException', 'Parameter Event is not valid.');
      }
      if (event === null || typeof event !== 'object' || Array.isArray(event) || REQUIRED_EVENT_FIELDS.some((f) => !(f in (event as object)))) {
        throw new AwsError('ValidationException', 'Parameter Event is not valid.');
      }
      let pattern: unknown;
      try {
        pattern = JSON.parse(patternTextIn);
      } catch (error) {
        throw new AwsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${(error as Error).message}`);
      }
      const key = canonical(event) + '\n' + canonical(pattern);
      const hit = state.recordedPairs.find((p) => canonical(p.event) + '\n' + canonical(p.pattern) === key);
      if (!hit) {
        throw new AwsError('UnrecordedPairException', 'The fake EventBridge has no recorded answer for this (event, pattern) pair.');
      }
      return { Result: hit.result };
    },
  };

  function injectedFault(operation: string): AwsError | undefined {
    for (const fault of state.faults) {
      if (fault.operation !== '*' && fault.operation !== operation) continue;
      if (fault.times !== undefined) {
        if (fault.times <= 0) continue;
        fault.times -= 1;
      }
      const message =
        fault.message ??
        (fault.error === 'AccessDeniedException'
          ? `User: arn:aws:iam::${account}:user/gceb-test is not authorized to perform: events:${operation} on resource: arn:aws:events:${region}:${account}:*`
          : fault.error === 'ThrottlingException'
            ? 'Rate exceeded'
            : `${fault.error} injected by the fake`);
      return new AwsError(fault.error, message, fault.error === 'InternalException' ? 500 : 400);
    }
    return undefined;
  }

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) =>
    sendAwsJson(res, '1.1', status, body, { requestId: `fake-${calls.length}`, ...(errorType ? { errorType } : {}) });

  const { url, close } = await listenOnLoopback(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AWSEvents.') ? target.slice('AWSEvents.'.length) : '';
    const body = await readJsonBody(req);
    if (!body) return send(res, 400, { __type: 'SerializationException', message: 'Malformed request body' }, 'SerializationException');
    calls.push({ operation, body, signed: String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256') });
    const handler = operations[operation];
    if (req.method !== 'POST' || !handler) return send(res, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` }, 'UnknownOperationException');
    try {
      const fault = injectedFault(operation);
      if (fault) throw fault;
      send(res, 200, handler(body));
    } catch (error) {
      const e = error instanceof AwsError ? error : new AwsError('InternalException', String(error), 500);
      send(res, e.status, { __type: e.type, message: e.message }, e.type);
    }
  });
  return {
    url,
    env: {
      AWS_ENDPOINT_URL_EVENTBRIDGE: url,
      AWS_ACCESS_KEY_ID: 'AKIDFAKEEVENTBRIDGE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-key-for-tests-only',
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    calls,
    state,
    close,
  };
}
