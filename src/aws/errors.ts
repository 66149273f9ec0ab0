import { UserError } from '../errors.js';
import { redactSecrets } from '../secrets.js';

/** Every EventBridge action gceb calls: all read-only except TestEventPattern, which changes nothing either. */
export const GCEB_EVENTBRIDGE_ACTIONS = [
  'events:ListEventBuses',
  'events:ListEventSources',
  'events:ListRules',
  'events:DescribeRule',
  'events:ListTargetsByRule',
  'events:TestEventPattern',
] as const;

/**
 * The read-only actions `gceb doctor` uses for AWS's own evidence: bus logging, AWS/Events metrics,
 * bus log records, and the resource policies of Lambda, SQS, SNS and CloudWatch Logs targets.
 */
export const GCEB_DOCTOR_EVIDENCE_ACTIONS = [
  'events:DescribeEventBus',
  'cloudwatch:GetMetricData',
  'logs:FilterLogEvents',
  'logs:DescribeResourcePolicies',
  'lambda:GetPolicy',
  'sqs:GetQueueUrl',
  'sqs:GetQueueAttributes',
  'sns:GetTopicAttributes',
] as const;

/** The smallest IAM policy that lets every gceb AWS feature work. */
export function minimalIamPolicy(): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'GcebReadEventBridge', Effect: 'Allow', Action: [...GCEB_EVENTBRIDGE_ACTIONS], Resource: '*' },
        { Sid: 'GcebDoctorEvidence', Effect: 'Allow', Action: [...GCEB_DOCTOR_EVIDENCE_ACTIONS], Resource: '*' },
      ],
    },
    null,
    2,
  );
}

/** What was being done when an AWS call failed: names the operation and the resource in the message. */
export interface AwsCallContext {
  operation: string;
  /** The service named in messages (default EventBridge). */
  service?: string;
  /** The IAM action the call needs (default `events:<operation>`). */
  action?: string;
  /** What the call was about when it is not a bus or rule (`s3://bucket/prefix`, a log group). */
  resource?: string;
  bus?: string;
  rule?: string;
  region?: string;
  endpoint?: string;
}

const CREDENTIAL_ERRORS = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
  'InvalidAccessKeyId',
]);

const THROTTLING_ERRORS = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'LimitExceededException']);

/** The AWS error code of an SDK error (`AccessDeniedException`, ...), or undefined for non-AWS errors. */
export function awsErrorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  if (typeof e.Code === 'string') return e.Code;
  return typeof e.code === 'string' ? e.code : undefined;
}

export function isThrottlingError(error: unknown): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && THROTTLING_ERRORS.has(code);
}

/** Errors that make every further call fail the same way: stop instead of repeating them per item. */
export function isFatalAwsError(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (code === undefined) return false;
  return code === 'AccessDeniedException' || code === 'CredentialsProviderError' || CREDENTIAL_ERRORS.has(code);
}

function where(context: AwsCallContext): string {
  const parts = [context.resource ?? '', context.rule ? `rule '${context.rule}'` : '', context.bus ? `event bus '${context.bus}'` : '', context.region ? `region ${context.region}` : '']
    .filter(Boolean)
    .join(', ');
  return parts ? ` (${parts})` : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns whatever the SDK threw into a UserError that says what failed, where, and what to do.
 * Secrets from `env` (and the access key id) are removed from the text.
 */
export function awsErrorToUserError(error: unknown, context: AwsCallContext, env: NodeJS.ProcessEnv): UserError {
  if (error instanceof UserError) return error;
  const code = awsErrorCode(error);
  const raw = messageOf(error);
  const scrub = (text: string) => redactSecrets(text, env, env.AWS_ACCESS_KEY_ID ? [env.AWS_ACCESS_KEY_ID] : []);
  const make = (message: string, hint: string, exitCode?: number) =>
    new UserError(scrub(message), { hint: scrub(hint), cause: error, ...(exitCode === undefined ? {} : { exitCode }) });
  const service = context.service ?? 'EventBridge';
  const op = `${service} ${context.operation}${where(context)}`;

  if (code === 'AbortError' || (error as { name?: string } | null)?.name === 'AbortError') {
    return new UserError('Interrupted.', { exitCode: 130 });
  }
  if (code === 'AccessDeniedException' || code === 'AccessDenied') {
    const action = /not authorized to perform:?\s*([\w-]+:[\w]+)/.exec(raw)?.[1] ?? context.action ?? `events:${context.operation}`;
    return make(
      `AWS denied ${action}: ${op} failed with ${code}: ${raw}`,
      service === 'EventBridge'
        ? `Allow ${action} for the identity in use. The minimal IAM policy for every gceb feature:\n${minimalIamPolicy()}`
        : `Allow ${action} for the identity in use${context.resource ? ` on ${context.resource}` : ''} (the README lists the actions each gceb feature needs).`,
    );
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(raw)) {
    return make(
      `No AWS credentials found for ${op}.`,
      'Set AWS_PROFILE (then `aws sso login --profile <name>` if it uses SSO), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; check with `aws sts get-caller-identity`.',
    );
  }
  if (code !== undefined && CREDENTIAL_ERRORS.has(code)) {
    const expired = code.startsWith('Expired');
    return make(
      `AWS rejected the credentials for ${op}: ${code}${expired ? ' (the session token has expired)' : ''}: ${raw}`,
      expired
        ? 'Refresh the session: `aws sso login --profile <name>` or fetch new temporary credentials, then retry.'
        : 'The access key is unknown or was revoked, or the keys do not belong together. Check AWS_PROFILE / AWS_ACCESS_KEY_ID with `aws sts get-caller-identity`.',
    );
  }
  if (service !== 'EventBridge' && (code === 'ResourceNotFoundException' || code === 'NoSuchBucket' || code === 'NoSuchKey')) {
    return make(`Not found: ${op}: ${raw || code}`, service === 'S3' ? 'Check the bucket name and prefix (s3://bucket/prefix/) and the region.' : 'Check the log group name (case-sensitive) and the region.');
  }
  if (code === 'ResourceNotFoundException') {
    const hint = context.rule
      ? `List the rules on that bus with \`gceb aws rules --bus ${context.bus ?? 'default'}\`; a rule name is case-sensitive and belongs to one bus.`
      : 'List the event buses with `gceb aws buses`; a Genesys partner bus is named aws.partner/genesys.com/cloud/<orgId>/<suffix>.';
    return make(`Not found: ${op}: ${raw}`, hint);
  }
  if (code !== undefined && THROTTLING_ERRORS.has(code)) {
    return make(
      `AWS kept throttling ${op} after retries: ${raw}`,
      'Wait a minute and retry, or lower the concurrency (e.g. --concurrency 1).',
    );
  }
  if (/Region is missing/i.test(raw)) {
    return make(
      `No AWS region set for ${op}.`,
      'Pass --aws-region (e.g. --aws-region us-east-1), or set AWS_REGION, or set a region in your AWS profile.',
    );
  }
  const netCode = (error as { code?: unknown } | null)?.code;
  if (typeof netCode === 'string' && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH)$/.test(netCode)) {
    return make(
      `Could not reach ${service} for ${op}: ${netCode}.`,
      `Check the network and the region${context.endpoint ? `, and the endpoint ${context.endpoint} (AWS_ENDPOINT_URL_${service === 'EventBridge' ? 'EVENTBRIDGE' : service === 'S3' ? 'S3' : 'CLOUDWATCH_LOGS'})` : ''}.`,
    );
  }
  if (code === 'TimeoutError') {
    return make(`${service} did not answer in time for ${op}.`, 'Check the network and retry.');
  }
  if (code !== undefined && (error as { $metadata?: unknown }).$metadata !== undefined) {
    return make(`${op} failed with ${code}: ${raw}`, 'See the AWS message above; run with GCEB_DEBUG=1 for details.');
  }
  return make(`${op} failed: ${raw}`, 'Run with GCEB_DEBUG=1 for details.');
}
