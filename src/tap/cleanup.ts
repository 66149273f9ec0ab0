// `gceb tap --cleanup`: finds what crashed taps left behind (by name prefix and tag) and removes it.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { listLogGroups, listResourcePolicyNames, logGroupTags } from '../aws/logs.js';
import { TAP_EXPIRES_TAG, TAP_LOG_GROUP_PREFIX, TAP_PREFIX, TAP_TAG } from './plan.js';
import { listBusNames, listTaggedRules } from './rule.js';
import { removeTapResources, type TapResource } from './run.js';

export interface CleanupResult {
  removed: TapResource[];
  /** Resources of a tap that may still be running (its gceb:expires is in the future), left alone. */
  running: TapResource[];
  failed: Array<{ resource: TapResource; error: unknown }>;
}

/**
 * Finds tap resources: rules named gceb-tap-* tagged gceb:tap (on `bus`, or on every bus), log
 * groups /aws/events/gceb-tap-* tagged gceb:tap, resource policies named gceb-tap-* (they cannot
 * carry tags). Those of a run whose gceb:expires has not passed are left alone unless `force`.
 */
export async function cleanupTaps(options: {
  events: EventBridgeClient;
  logs: CloudWatchLogsClient;
  env: NodeJS.ProcessEnv;
  bus?: string;
  force?: boolean;
  now?: Date;
  dryRun?: boolean;
}): Promise<CleanupResult> {
  const now = (options.now ?? new Date()).getTime();
  const live = (tags: Record<string, string>) => !options.force && Date.parse(tags[TAP_EXPIRES_TAG] ?? '') > now;
  const found: TapResource[] = [];
  const running: TapResource[] = [];
  const runningIds = new Set<string>();
  const buses = options.bus ? [options.bus] : await listBusNames(options.events, options.env);
  for (const bus of buses) {
    for (const rule of await listTaggedRules(options.events, bus, TAP_PREFIX, options.env)) {
      if (!(TAP_TAG in rule.tags)) continue;
      const resource: TapResource = { kind: 'rule', name: rule.name, bus };
      if (live(rule.tags)) {
        running.push(resource);
        runningIds.add(rule.tags[TAP_TAG]!);
      } else found.push(resource);
    }
  }
  for (const group of await listLogGroups(options.logs, TAP_LOG_GROUP_PREFIX, options.env)) {
    const tags = group.arn ? await logGroupTags(options.logs, group.arn, options.env) : {};
    if (!(TAP_TAG in tags)) continue;
    const resource: TapResource = { kind: 'log-group', name: group.name };
    if (live(tags)) {
      running.push(resource);
      runningIds.add(tags[TAP_TAG]!);
    } else found.push(resource);
  }
  for (const name of await listResourcePolicyNames(options.logs, options.env)) {
    if (!name.startsWith(TAP_PREFIX)) continue;
    const resource: TapResource = { kind: 'resource-policy', name };
    if (runningIds.has(name.slice(TAP_PREFIX.length))) running.push(resource);
    else found.push(resource);
  }
  if (options.dryRun) return { removed: found, running, failed: [] };
  // log groups first in `found`, then rules, then policies: removal runs newest-first, so reverse that order
  const ordered = [...found.filter((r) => r.kind === 'log-group'), ...found.filter((r) => r.kind === 'resource-policy'), ...found.filter((r) => r.kind === 'rule')];
  const { removed, failed } = await removeTapResources(ordered, options);
  return { removed, running, failed };
}
