// The tap's EventBridge side: its temporary rule and target, and finding leftovers.
import {
  DeleteRuleCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { UserError } from '../errors.js';
import { awsErrorCode, awsErrorToUserError } from '../aws/errors.js';

const fail = (error: unknown, operation: string, context: { bus?: string; rule?: string }, env: NodeJS.ProcessEnv) =>
  awsErrorToUserError(error, { operation, ...context }, env);

export async function putTapRule(
  client: EventBridgeClient,
  rule: { name: string; bus: string; pattern: string; tags: Record<string, string>; description: string },
  env: NodeJS.ProcessEnv,
): Promise<string> {
  try {
    const res = await client.send(
      new PutRuleCommand({
        Name: rule.name,
        EventBusName: rule.bus,
        EventPattern: rule.pattern,
        State: 'ENABLED',
        Description: rule.description,
        Tags: Object.entries(rule.tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    return res.RuleArn ?? '';
  } catch (error) {
    throw fail(error, 'PutRule', { bus: rule.bus, rule: rule.name }, env);
  }
}

export async function putTapTarget(client: EventBridgeClient, rule: { name: string; bus: string }, id: string, arn: string, env: NodeJS.ProcessEnv): Promise<void> {
  let res;
  try {
    res = await client.send(new PutTargetsCommand({ Rule: rule.name, EventBusName: rule.bus, Targets: [{ Id: id, Arn: arn }] }));
  } catch (error) {
    throw fail(error, 'PutTargets', { bus: rule.bus, rule: rule.name }, env);
  }
  if ((res.FailedEntryCount ?? 0) > 0) {
    const entry = res.FailedEntries?.[0];
    throw new UserError(`EventBridge PutTargets refused the log group target of rule '${rule.name}': ${entry?.ErrorCode ?? 'failed'}: ${entry?.ErrorMessage ?? ''}`.trim());
  }
}

/** Removes the rule's targets, then the rule. A rule already gone counts as removed. */
export async function deleteTapRule(client: EventBridgeClient, rule: { name: string; bus: string }, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const targets = await client.send(new ListTargetsByRuleCommand({ Rule: rule.name, EventBusName: rule.bus }));
    const ids = (targets.Targets ?? []).map((t) => t.Id).filter((id): id is string => typeof id === 'string');
    if (ids.length > 0) await client.send(new RemoveTargetsCommand({ Rule: rule.name, EventBusName: rule.bus, Ids: ids, Force: false }));
    await client.send(new DeleteRuleCommand({ Name: rule.name, EventBusName: rule.bus }));
  } catch (error) {
    if (awsErrorCode(error) === 'ResourceNotFoundException') return;
    throw fail(error, 'DeleteRule', { bus: rule.bus, rule: rule.name }, env);
  }
}

export async function listBusNames(client: EventBridgeClient, env: NodeJS.ProcessEnv): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListEventBusesCommand({ ...(next ? { NextToken: next } : {}) }));
    } catch (error) {
      throw fail(error, 'ListEventBuses', {}, env);
    }
    for (const b of page.EventBuses ?? []) if (b.Name) names.push(b.Name);
    next = page.NextToken;
  } while (next);
  return names;
}

/** Rules on the bus whose name starts with `prefix`, with their tags. */
export async function listTaggedRules(
  client: EventBridgeClient,
  bus: string,
  prefix: string,
  env: NodeJS.ProcessEnv,
): Promise<Array<{ name: string; arn: string; tags: Record<string, string> }>> {
  const out: Array<{ name: string; arn: string; tags: Record<string, string> }> = [];
  let next: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: prefix, ...(next ? { NextToken: next } : {}) }));
    } catch (error) {
      throw fail(error, 'ListRules', { bus }, env);
    }
    for (const r of page.Rules ?? []) {
      if (!r.Name || !r.Arn) continue;
      let tags: Record<string, string> = {};
      try {
        const t = await client.send(new ListTagsForResourceCommand({ ResourceARN: r.Arn }));
        tags = Object.fromEntries((t.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
      } catch (error) {
        throw fail(error, 'ListTagsForResource', { bus, rule: r.Name }, env);
      }
      out.push({ name: r.Name, arn: r.Arn, tags });
    }
    next = page.NextToken;
  } while (next);
  return out;
}
