// One tap run: create (remembering each resource), stream what arrives, and remove everything it created.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { UserError } from '../errors.js';
import {
  createLogGroup,
  deleteLogGroup,
  deleteResourcePolicy,
  eventBridgeLogsPolicy,
  filterLogEvents,
  listLogGroups,
  putResourcePolicy,
} from '../aws/logs.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { TAP_TARGET_ID, type TapPlan } from './plan.js';
import { deleteTapRule, putTapRule, putTapTarget } from './rule.js';

export type TapResource =
  | { kind: 'log-group'; name: string }
  | { kind: 'rule'; name: string; bus: string }
  | { kind: 'resource-policy'; name: string };

export interface TapRunOptions {
  plan: TapPlan;
  events: EventBridgeClient;
  logs: CloudWatchLogsClient;
  env: NodeJS.ProcessEnv;
  /** Called with each event as it arrives; throwing stops the tap (and still removes everything). */
  onEvent: (event: unknown) => void;
  max?: number;
  durationMs: number;
  /** Between FilterLogEvents polls (default 2 s). */
  pollMs?: number;
  /** Ctrl-C. Removal does not use it: it always runs to the end. */
  signal?: AbortSignal;
  onStatus?: (line: string) => void;
}

export interface TapSummary {
  events: number;
  stoppedBy: 'duration' | 'max' | 'signal';
  created: TapResource[];
  removed: TapResource[];
  /** Non-JSON messages skipped. */
  skipped: number;
}

export const describeResource = (r: TapResource): string =>
  r.kind === 'log-group' ? `log group ${r.name}` : r.kind === 'rule' ? `rule ${r.name} (bus ${r.bus}) and its target` : `resource policy ${r.name}`;

/** Removes what was created, newest first; every step is tried. Returns the leftovers with why. */
export async function removeTapResources(
  created: readonly TapResource[],
  clients: { events: EventBridgeClient; logs: CloudWatchLogsClient; env: NodeJS.ProcessEnv },
): Promise<{ removed: TapResource[]; failed: Array<{ resource: TapResource; error: unknown }> }> {
  const removed: TapResource[] = [];
  const failed: Array<{ resource: TapResource; error: unknown }> = [];
  for (const resource of [...created].reverse()) {
    try {
      if (resource.kind === 'rule') await deleteTapRule(clients.events, resource, clients.env);
      else if (resource.kind === 'resource-policy') await deleteResourcePolicy(clients.logs, resource.name, clients.env);
      else await deleteLogGroup(clients.logs, resource.name, clients.env);
      removed.push(resource);
    } catch (error) {
      failed.push({ resource, error });
    }
  }
  return { removed, failed };
}

/**
 * Creates the log group, the rule, the resource policy that lets EventBridge write into the group,
 * and the rule's target; polls the group and hands each event to `onEvent` until `durationMs`,
 * `max`, the signal or an error; then removes everything it created, whatever happened. A failure
 * half-way through creation removes what was created and rethrows. Leftovers (a removal that
 * failed) are reported in a UserError naming them and `gceb tap --cleanup`.
 */
export async function runTap(options: TapRunOptions): Promise<TapSummary> {
  const { plan, env } = options;
  const created: TapResource[] = [];
  const summary: TapSummary = { events: 0, stoppedBy: 'duration', created, removed: [], skipped: 0 };
  let failure: unknown;
  try {
    await create(options, created);
    await stream(options, summary);
  } catch (error) {
    failure = error;
  }
  const { removed, failed } = await removeTapResources(created, { events: options.events, logs: options.logs, env });
  summary.removed = removed;
  if (failed.length > 0) {
    const list = failed.map((f) => `  ${describeResource(f.resource)}: ${(f.error as Error).message}`).join('\n');
    throw new UserError(`gceb tap could not remove ${failed.length} of the ${created.length} resources it created:\n${list}`, {
      hint: `Run \`gceb tap --cleanup --bus ${plan.bus}\` once the cause is fixed; it finds them by their ${plan.ruleName.slice(0, 9)} names and gceb:tap tag.`,
      ...(failure ? { cause: failure } : {}),
    });
  }
  if (failure !== undefined) {
    if (failure instanceof UserError && created.length > 0) {
      throw new UserError(`${failure.message}\nEverything the tap had created was removed (${created.map(describeResource).join(', ')}).`, {
        ...(failure.hint ? { hint: failure.hint } : {}),
        exitCode: failure.exitCode,
        cause: failure,
      });
    }
    throw failure;
  }
  return summary;
}

async function create(options: TapRunOptions, created: TapResource[]): Promise<void> {
  const { plan, env } = options;
  const abortedBefore = () => {
    if (options.signal?.aborted) throw new UserError('gceb tap: interrupted while creating its resources.', { exitCode: 130 });
  };
  abortedBefore();
  await createLogGroup(options.logs, plan.logGroup, plan.tags, env);
  created.push({ kind: 'log-group', name: plan.logGroup });
  options.onStatus?.(`created log group ${plan.logGroup}`);
  const groupArn = (await listLogGroups(options.logs, plan.logGroup, env)).find((g) => g.name === plan.logGroup)?.arn;
  if (!groupArn) throw new UserError(`CloudWatch Logs does not list the log group ${plan.logGroup} it just created; try again in a minute.`);
  abortedBefore();
  const ruleArn = await putTapRule(options.events, { name: plan.ruleName, bus: plan.bus, pattern: plan.pattern, tags: plan.tags, description: `gceb tap ${plan.runId}: temporary; removed when the tap stops` }, env);
  created.push({ kind: 'rule', name: plan.ruleName, bus: plan.bus });
  options.onStatus?.(`created rule ${plan.ruleName} on ${plan.bus}`);
  abortedBefore();
  await putResourcePolicy(options.logs, plan.policyName, eventBridgeLogsPolicy([groupArn], ruleArn || undefined), env);
  created.push({ kind: 'resource-policy', name: plan.policyName });
  abortedBefore();
  await putTapTarget(options.events, { name: plan.ruleName, bus: plan.bus }, TAP_TARGET_ID, groupArn.replace(/:\*$/, ''), env);
  options.onStatus?.(`listening: events matching ${plan.pattern} on ${plan.bus} go to ${plan.logGroup}`);
}

async function stream(options: TapRunOptions, summary: TapSummary): Promise<void> {
  const { plan, env } = options;
  const seen = new Set<string>();
  const startedAt = Date.now();
  const until = startedAt + options.durationMs;
  const pollMs = options.pollMs ?? 2000;
  let since = startedAt - 60_000;
  const poll = async (): Promise<boolean> => {
    for await (const logEvent of filterLogEvents(options.logs, plan.logGroup, { env, startTime: since })) {
      const id = logEvent.eventId ?? `${logEvent.logStreamName}/${logEvent.timestamp}/${logEvent.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      let event: unknown;
      try {
        event = JSON.parse(logEvent.message ?? '');
      } catch {
        summary.skipped++;
        continue;
      }
      options.onEvent(event);
      summary.events++;
      if (options.max !== undefined && summary.events >= options.max) return true;
    }
    return false;
  };
  for (;;) {
    if (options.signal?.aborted) {
      summary.stoppedBy = 'signal';
      return;
    }
    const pollStarted = Date.now();
    if (await poll()) {
      summary.stoppedBy = 'max';
      return;
    }
    // events can be logged with timestamps a little in the past: look back a minute each time, dedupe by id
    since = Math.max(startedAt - 60_000, pollStarted - 60_000);
    const now = Date.now();
    if (now >= until) {
      summary.stoppedBy = 'duration';
      return;
    }
    try {
      await sleep(Math.min(pollMs, until - now), undefined, { signal: options.signal });
    } catch {
      summary.stoppedBy = 'signal';
      return;
    }
  }
}
