import { randomBytes } from 'node:crypto';

/** Every name the tap gives starts so; `--cleanup` looks for it (and for the tag) and nothing else. */
export const TAP_PREFIX = 'gceb-tap-';
export const TAP_LOG_GROUP_PREFIX = `/aws/events/${TAP_PREFIX}`;
export const TAP_TAG = 'gceb:tap';
export const TAP_EXPIRES_TAG = 'gceb:expires';
export const TAP_TARGET_ID = 'gceb-tap-logs';
/** Matches every event: `""` is a prefix of any string, and every event has a `source`. */
export const CATCH_ALL_PATTERN = '{"source":[{"prefix":""}]}';

/** The IAM actions `gceb tap` and `gceb tap --cleanup` call. */
export const TAP_IAM_ACTIONS = [
  'events:PutRule',
  'events:TagResource',
  'events:PutTargets',
  'events:RemoveTargets',
  'events:DeleteRule',
  'events:ListEventBuses',
  'events:ListRules',
  'events:ListTargetsByRule',
  'events:ListTagsForResource',
  'logs:CreateLogGroup',
  'logs:TagResource',
  'logs:DescribeLogGroups',
  'logs:ListTagsForResource',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DeleteResourcePolicy',
  'logs:FilterLogEvents',
  'logs:DeleteLogGroup',
] as const;

export interface TapPlan {
  runId: string;
  bus: string;
  pattern: string;
  ruleName: string;
  logGroup: string;
  policyName: string;
  tags: Record<string, string>;
  /** When the tap means to be gone (tagged, so --cleanup leaves a running tap alone). */
  expiresAt: Date;
}

/** Names and tags of the three resources one tap run creates (rule + target, log group, resource policy). */
export function planTap(options: { bus: string; pattern?: string; durationMs: number; now?: Date; runId?: string }): TapPlan {
  const now = options.now ?? new Date();
  const runId = options.runId ?? `${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${randomBytes(3).toString('hex')}`;
  const expiresAt = new Date(now.getTime() + options.durationMs + 5 * 60_000);
  return {
    runId,
    bus: options.bus,
    pattern: options.pattern ?? CATCH_ALL_PATTERN,
    ruleName: `${TAP_PREFIX}${runId}`,
    logGroup: `${TAP_LOG_GROUP_PREFIX}${runId}`,
    policyName: `${TAP_PREFIX}${runId}`,
    tags: { [TAP_TAG]: runId, [TAP_EXPIRES_TAG]: expiresAt.toISOString(), 'gceb:bus': options.bus.slice(0, 256) },
    expiresAt,
  };
}

/** What `--dry-run` prints: every resource with its tags, and the actions needed. */
export function describeTapPlan(plan: TapPlan, region: string | undefined): string {
  const tags = Object.entries(plan.tags).map(([k, v]) => `${k}=${v}`).join(', ');
  return [
    `gceb tap would create, in ${region ?? 'the default region'}:`,
    `  1. CloudWatch Logs log group  ${plan.logGroup}   (tags: ${tags})`,
    `  2. EventBridge rule           ${plan.ruleName} on bus ${plan.bus}   (tags: ${tags})`,
    `       pattern ${plan.pattern}`,
    `  3. CloudWatch Logs resource policy ${plan.policyName}: lets events.amazonaws.com write into ${plan.logGroup}`,
    `       (resource policies cannot be tagged; --cleanup finds them by the ${TAP_PREFIX} name)`,
    `  4. the rule's target ${TAP_TARGET_ID}: the log group`,
    'and remove all of them when it stops (--duration, --max, Ctrl-C or an error).',
    `IAM actions needed: ${TAP_IAM_ACTIONS.join(', ')}`,
    '',
  ].join('\n');
}
