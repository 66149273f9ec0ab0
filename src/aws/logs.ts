// CloudWatch Logs: reading log events (FilterLogEvents, paginated) and the tap's log group and resource policy.
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteResourcePolicyCommand,
  DescribeLogGroupsCommand,
  DescribeResourcePoliciesCommand,
  FilterLogEventsCommand,
  ListTagsForResourceCommand,
  PutResourcePolicyCommand,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { UserError } from '../errors.js';
import { awsClientConfig, resolveAwsRegion, type AwsAccessOptions } from './client.js';
import { awsErrorCode, awsErrorToUserError } from './errors.js';

export type LogEvent = FilteredLogEvent;

/** A CloudWatch Logs client; a region is required (log groups are regional). */
export function createLogsClient(options: AwsAccessOptions): CloudWatchLogsClient {
  if (!resolveAwsRegion(options) && !options.env.AWS_PROFILE && !options.profile) {
    throw new UserError('No AWS region set for CloudWatch Logs.', { hint: 'Set AWS_REGION (or a region in your AWS profile): log groups live in one region.' });
  }
  return new CloudWatchLogsClient(awsClientConfig(options, 'CLOUDWATCH_LOGS'));
}

const fail = (error: unknown, operation: string, resource: string, env: NodeJS.ProcessEnv) =>
  awsErrorToUserError(error, { service: 'CloudWatch Logs', operation, action: `logs:${operation}`, resource }, env);

export interface FilterLogEventsOptions {
  env: NodeJS.ProcessEnv;
  streamPrefix?: string;
  startTime?: number;
  endTime?: number;
  signal?: AbortSignal;
  /** Called after each page with the number of log events read so far. */
  onPage?: (events: number) => void;
}

/** Every log event of the group (optionally streams with a prefix) in the time range: every page of FilterLogEvents. */
export async function* filterLogEvents(client: CloudWatchLogsClient, group: string, options: FilterLogEventsOptions): AsyncGenerator<LogEvent> {
  let nextToken: string | undefined;
  let read = 0;
  do {
    let page;
    try {
      page = await client.send(
        new FilterLogEventsCommand({
          logGroupName: group,
          ...(options.streamPrefix ? { logStreamNamePrefix: options.streamPrefix } : {}),
          ...(options.startTime !== undefined ? { startTime: options.startTime } : {}),
          ...(options.endTime !== undefined ? { endTime: options.endTime } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      throw fail(error, 'FilterLogEvents', `log group ${group}`, options.env);
    }
    for (const event of page.events ?? []) {
      read++;
      yield event;
    }
    options.onPage?.(read);
    nextToken = page.nextToken;
  } while (nextToken);
}

export async function createLogGroup(client: CloudWatchLogsClient, group: string, tags: Record<string, string>, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await client.send(new CreateLogGroupCommand({ logGroupName: group, tags }));
  } catch (error) {
    throw fail(error, 'CreateLogGroup', `log group ${group}`, env);
  }
}

/** Deletes the group; a group already gone counts as deleted. */
export async function deleteLogGroup(client: CloudWatchLogsClient, group: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await client.send(new DeleteLogGroupCommand({ logGroupName: group }));
  } catch (error) {
    if (awsErrorCode(error) === 'ResourceNotFoundException') return;
    throw fail(error, 'DeleteLogGroup', `log group ${group}`, env);
  }
}

/** Log groups whose name starts with `prefix`, with their ARNs. */
export async function listLogGroups(client: CloudWatchLogsClient, prefix: string, env: NodeJS.ProcessEnv): Promise<Array<{ name: string; arn?: string }>> {
  const out: Array<{ name: string; arn?: string }> = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, ...(nextToken ? { nextToken } : {}) }));
    } catch (error) {
      throw fail(error, 'DescribeLogGroups', `log groups ${prefix}*`, env);
    }
    for (const g of page.logGroups ?? []) if (g.logGroupName) out.push({ name: g.logGroupName, ...(g.arn ? { arn: g.arn } : {}) });
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** The resource policy that lets EventBridge (events.amazonaws.com) write into the given log groups. */
export function eventBridgeLogsPolicy(logGroupArns: string[], ruleArn?: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GcebTapEventBridgeToLogs',
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: logGroupArns.map((arn) => (arn.endsWith(':*') ? arn : `${arn}:*`)),
        ...(ruleArn ? { Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } } } : {}),
      },
    ],
  });
}

export async function putResourcePolicy(client: CloudWatchLogsClient, name: string, document: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await client.send(new PutResourcePolicyCommand({ policyName: name, policyDocument: document }));
  } catch (error) {
    throw fail(error, 'PutResourcePolicy', `resource policy ${name}`, env);
  }
}

/** Deletes the policy; a policy already gone counts as deleted. */
export async function deleteResourcePolicy(client: CloudWatchLogsClient, name: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await client.send(new DeleteResourcePolicyCommand({ policyName: name }));
  } catch (error) {
    if (awsErrorCode(error) === 'ResourceNotFoundException') return;
    throw fail(error, 'DeleteResourcePolicy', `resource policy ${name}`, env);
  }
}

export async function listResourcePolicyNames(client: CloudWatchLogsClient, env: NodeJS.ProcessEnv): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new DescribeResourcePoliciesCommand({ ...(nextToken ? { nextToken } : {}) }));
    } catch (error) {
      throw fail(error, 'DescribeResourcePolicies', 'resource policies', env);
    }
    for (const p of page.resourcePolicies ?? []) if (p.policyName) names.push(p.policyName);
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

/** The tags of a log group (by its ARN, with or without the trailing `:*`). */
export async function logGroupTags(client: CloudWatchLogsClient, arn: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  try {
    const res = await client.send(new ListTagsForResourceCommand({ resourceArn: arn.replace(/:\*$/, '') }));
    return res.tags ?? {};
  } catch (error) {
    throw fail(error, 'ListTagsForResource', `log group ${arn}`, env);
  }
}
