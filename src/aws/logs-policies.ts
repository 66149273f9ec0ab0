/** CloudWatch Logs: the account's resource policies, which must let events.amazonaws.com write to a log group target. */

import { DescribeResourcePoliciesCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** Every resource policy document (JSON text) of the account and region, every page. */
export async function readLogsResourcePolicies(client: CloudWatchLogsClient, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeResourcePoliciesCommand({ nextToken }), { abortSignal: signal });
    for (const p of page.resourcePolicies ?? []) if (p.policyDocument) out.push(p.policyDocument);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}
