/**
 * A fake Amazon CloudWatch Logs for the doctor's reads, speaking what @aws-sdk/client-cloudwatch-logs 3.1169
 * speaks: AWS JSON 1.1 (`X-Amz-Target: Logs_20140328.<Operation>`; checked in its dist-cjs). FilterLogEvents
 * (bus log records, paged 2 at a time) and DescribeResourcePolicies only. (The tap's Logs fake is issue 15's.)
 *
 *   const logs = await startFakeBusLogs({ groups: { '/aws/vendedlogs/events/event-bus/<bus>': [record, ...] }, resourcePolicies: [...] });
 *   env: { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url }
 */
import { jsonRpcHandler, startLoopback, FakeAwsError, type Loopback, type PlantedFault } from './loopback.js';

export interface FakeBusLogs extends Loopback {
  groups: Record<string, unknown[]>;
  resourcePolicies: Array<{ policyName: string; policyDocument: unknown }>;
}

export async function startFakeBusLogs(
  options: { groups?: Record<string, unknown[]>; resourcePolicies?: Array<{ policyName: string; policyDocument: unknown }>; faults?: PlantedFault[]; pageSize?: number } = {},
): Promise<FakeBusLogs> {
  const groups = options.groups ?? {};
  const resourcePolicies = options.resourcePolicies ?? [];
  const faults = options.faults ?? [];
  const size = options.pageSize ?? 2;
  const operations = {
    FilterLogEvents(body: Record<string, unknown>) {
      const name = String(body.logGroupName ?? body.logGroupIdentifier ?? '');
      const records = Object.prototype.hasOwnProperty.call(groups, name) ? groups[name]! : undefined;
      if (!records) throw new FakeAwsError('ResourceNotFoundException', 'The specified log group does not exist.');
      const start = typeof body.nextToken === 'string' ? Number(body.nextToken) : 0;
      const page = records.slice(start, start + size);
      const now = typeof body.endTime === 'number' ? body.endTime - 1000 : Date.now();
      return {
        events: page.map((r, i) => ({ logStreamName: 'fake', timestamp: now - i, ingestionTime: now, eventId: `e${start + i}`, message: typeof r === 'string' ? r : JSON.stringify(r) })),
        ...(start + size < records.length ? { nextToken: String(start + size) } : {}),
        searchedLogStreams: [],
      };
    },
    DescribeResourcePolicies() {
      return { resourcePolicies: resourcePolicies.map((p) => ({ policyName: p.policyName, policyDocument: typeof p.policyDocument === 'string' ? p.policyDocument : JSON.stringify(p.policyDocument), lastUpdatedTime: 1_700_000_000_000 })) };
    },
  };
  const loop = await startLoopback(jsonRpcHandler({ targetPrefix: 'Logs_20140328', version: '1.1', operations, faults, deniedAction: (op) => `logs:${op}` }), faults);
  return { ...loop, groups, resourcePolicies };
}
