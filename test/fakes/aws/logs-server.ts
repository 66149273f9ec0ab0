/**
 * A loopback CloudWatch Logs (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`) for the real
 * @aws-sdk/client-cloudwatch-logs: log groups (with tags), log events, FilterLogEvents (paginated,
 * time range, stream prefix), resource policies. Every call is logged in `calls`; `faults` fail
 * chosen operations. `extraOperations` lets another fake (the tap's EventBridge) share the port.
 * Not reproduced: signatures (not checked), Live Tail (HTTP/2 event stream), retention, KMS, the
 * 10-policies-per-region quota, the 256 KB event size limit, eventual consistency of new groups.
 */
import type { ServerResponse } from 'node:http';
import { listenOnLoopback, readJsonBody, sendAwsJson } from './loopback.js';

export interface FakeLogEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  eventId: string;
  ingestionTime: number;
}

export interface FakeLogGroup {
  name: string;
  arn: string;
  tags: Record<string, string>;
  events: FakeLogEvent[];
}

export interface FakeAwsCall {
  operation: string;
  body: Record<string, unknown>;
  /** Whether the fake answered 200. */
  ok?: boolean;
}

export interface FakeAwsFault {
  operation: string;
  error: string;
  message?: string;
  /** Fail only the first N calls; default every call. */
  times?: number;
}

export class FakeAwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type JsonOperation = (body: Record<string, unknown>) => unknown;

export interface FakeLogs {
  endpoint: string;
  env: Record<string, string>;
  account: string;
  region: string;
  groups: Map<string, FakeLogGroup>;
  policies: Map<string, string>;
  calls: FakeAwsCall[];
  faults: FakeAwsFault[];
  /** Items per FilterLogEvents page (default 50). */
  pageSize: number;
  addGroup(name: string, tags?: Record<string, string>): FakeLogGroup;
  /** Appends log events to a group (created if missing). */
  append(group: string, stream: string, messages: Array<string | { message: string; timestamp: number }>): void;
  /** More operations served on the same endpoint, keyed by full X-Amz-Target. */
  extraOperations: Map<string, JsonOperation>;
  close(): Promise<void>;
}

export async function startFakeLogs(options: { account?: string; region?: string; pageSize?: number } = {}): Promise<FakeLogs> {
  const account = options.account ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  const groups = new Map<string, FakeLogGroup>();
  const policies = new Map<string, string>();
  const calls: FakeAwsCall[] = [];
  const faults: FakeAwsFault[] = [];
  const extraOperations = new Map<string, JsonOperation>();
  let sequence = 0;
  const arnOf = (name: string) => `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
  const addGroup = (name: string, tags: Record<string, string> = {}) => {
    const group = { name, arn: arnOf(name), tags: { ...tags }, events: [] };
    groups.set(name, group);
    return group;
  };
  const need = (body: Record<string, unknown>): FakeLogGroup => {
    const name = String(body.logGroupName ?? '');
    const group = groups.get(name);
    if (!group) throw new FakeAwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return group;
  };
  const groupByArn = (arn: unknown) => [...groups.values()].find((g) => g.arn === arn || g.arn === `${String(arn)}:*`);

  const operations: Record<string, JsonOperation> = {
    CreateLogGroup(body) {
      const name = String(body.logGroupName ?? '');
      if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) throw new FakeAwsError('InvalidParameterException', `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint`);
      if (groups.has(name)) throw new FakeAwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
      addGroup(name, (body.tags as Record<string, string>) ?? {});
      return {};
    },
    DeleteLogGroup(body) {
      groups.delete(need(body).name);
      return {};
    },
    DescribeLogGroups(body) {
      const prefix = String(body.logGroupNamePrefix ?? '');
      const all = [...groups.values()].filter((g) => g.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
      const start = Number(body.nextToken ?? 0);
      const page = all.slice(start, start + 2);
      return {
        logGroups: page.map((g) => ({ logGroupName: g.name, arn: g.arn, logGroupArn: g.arn.replace(/:\*$/, ''), creationTime: 0, storedBytes: 0 })),
        ...(start + 2 < all.length ? { nextToken: String(start + 2) } : {}),
      };
    },
    ListTagsForResource(body) {
      const group = groupByArn(body.resourceArn);
      if (!group) throw new FakeAwsError('ResourceNotFoundException', 'The specified resource does not exist.');
      return { tags: group.tags };
    },
    TagResource(body) {
      const group = groupByArn(body.resourceArn);
      if (!group) throw new FakeAwsError('ResourceNotFoundException', 'The specified resource does not exist.');
      Object.assign(group.tags, body.tags as Record<string, string>);
      return {};
    },
    FilterLogEvents(body) {
      const group = need(body);
      const prefix = typeof body.logStreamNamePrefix === 'string' ? body.logStreamNamePrefix : '';
      const start = typeof body.startTime === 'number' ? body.startTime : -Infinity;
      const end = typeof body.endTime === 'number' ? body.endTime : Infinity;
      const matching = group.events.filter((e) => e.logStreamName.startsWith(prefix) && e.timestamp >= start && e.timestamp <= end);
      const from = Number(body.nextToken ?? 0);
      const page = matching.slice(from, from + pageSize());
      return {
        events: page,
        searchedLogStreams: [],
        ...(from + page.length < matching.length ? { nextToken: String(from + page.length) } : {}),
      };
    },
    PutResourcePolicy(body) {
      const name = String(body.policyName ?? '');
      const document = String(body.policyDocument ?? '');
      try {
        JSON.parse(document);
      } catch {
        throw new FakeAwsError('InvalidParameterException', 'Policy document is not valid JSON');
      }
      policies.set(name, document);
      return { resourcePolicy: { policyName: name, policyDocument: document, lastUpdatedTime: Date.now() } };
    },
    DeleteResourcePolicy(body) {
      const name = String(body.policyName ?? '');
      if (!policies.delete(name)) throw new FakeAwsError('ResourceNotFoundException', 'Policy with name [' + name + '] does not exist');
      return {};
    },
    DescribeResourcePolicies() {
      return { resourcePolicies: [...policies].map(([policyName, policyDocument]) => ({ policyName, policyDocument, lastUpdatedTime: 0 })) };
    },
  };
  const state = { pageSize: options.pageSize ?? 50 };
  const pageSize = () => state.pageSize;

  const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) =>
    sendAwsJson(res, '1.1', status, body, { requestId: `fake-${calls.length}`, ...(errorType ? { errorType } : {}) });

  const { url: endpoint, close } = await listenOnLoopback(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = await readJsonBody(req);
    if (!body) return send(res, 400, { __type: 'SerializationException', message: 'Malformed request body' }, 'SerializationException');
    const operation = target.replace(/^Logs_20140328\.|^AWSEvents\./, '');
    const handler = target.startsWith('Logs_20140328.') ? operations[operation] : extraOperations.get(target);
    calls.push({ operation: target.startsWith('AWSEvents.') ? `events:${operation}` : `logs:${operation}`, body });
    if (!handler) return send(res, 400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` }, 'UnknownOperationException');
    try {
      const fault = faults.find((f) => (f.operation === calls[calls.length - 1]!.operation || f.operation === operation) && (f.times === undefined || f.times > 0));
      if (fault) {
        if (fault.times !== undefined) fault.times -= 1;
        throw new FakeAwsError(fault.error, fault.message ?? `User: arn:aws:iam::${account}:user/gceb-test is not authorized to perform: ${calls[calls.length - 1]!.operation}`);
      }
      const answer = handler(body);
      calls[calls.length - 1]!.ok = true;
      send(res, 200, answer);
    } catch (error) {
      calls[calls.length - 1]!.ok = false;
      const e = error instanceof FakeAwsError ? error : new FakeAwsError('ServiceUnavailableException', String(error), 500);
      send(res, e.status, { __type: e.type, message: e.message }, e.type);
    }
  });
  const fake: FakeLogs = {
    endpoint,
    env: {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDFAKELOGS',
      AWS_SECRET_ACCESS_KEY: 'fake-logs-secret',
      AWS_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    account,
    region,
    groups,
    policies,
    calls,
    faults,
    get pageSize() {
      return state.pageSize;
    },
    set pageSize(n: number) {
      state.pageSize = n;
    },
    addGroup,
    append(groupName, stream, messages) {
      const group = groups.get(groupName) ?? addGroup(groupName);
      for (const m of messages) {
        const { message, timestamp } = typeof m === 'string' ? { message: m, timestamp: Date.now() } : m;
        sequence++;
        group.events.push({ logStreamName: stream, timestamp, message, eventId: `ev${String(sequence).padStart(8, '0')}`, ingestionTime: timestamp });
      }
    },
    extraOperations,
    close: () => close().catch(() => undefined),
  };
  return fake;
}
