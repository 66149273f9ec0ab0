import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/** How to reach EventBridge. Everything comes from `env` (not `process.env`) so callers and tests control it. */
export interface AwsAccessOptions {
  env: NodeJS.ProcessEnv;
  /** Wins over AWS_REGION / AWS_DEFAULT_REGION / the profile's region. */
  region?: string;
  /** Wins over AWS_PROFILE. */
  profile?: string;
  /** The SDK's own attempts per call (its standard retry strategy); default 3. */
  maxAttempts?: number;
}

/** The region to use, or undefined to let the SDK read it from the profile. */
export function resolveAwsRegion(options: Pick<AwsAccessOptions, 'env' | 'region'>): string | undefined {
  const candidates = [options.region, options.env.AWS_REGION, options.env.AWS_DEFAULT_REGION];
  return candidates.find((r): r is string => typeof r === 'string' && r.trim() !== '')?.trim();
}

/** `AWS_ENDPOINT_URL_EVENTBRIDGE` or `AWS_ENDPOINT_URL` from `env` (for tests, LocalStack, VPC endpoints). */
export function resolveEventBridgeEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.AWS_ENDPOINT_URL_EVENTBRIDGE ?? env.AWS_ENDPOINT_URL;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * An EventBridge client with the default credential chain. Static keys in `env` are used
 * directly (unless a profile is chosen); otherwise the SDK resolves the profile, SSO, web identity,
 * container or instance credentials.
 */
export function createEventBridgeClient(options: AwsAccessOptions): EventBridgeClient {
  return new EventBridgeClient(awsClientConfig(options, resolveEventBridgeEndpoint(options.env)));
}

/** `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `S3`, `CLOUDWATCH_LOGS`) or `AWS_ENDPOINT_URL` from `env`. */
export function resolveServiceEndpoint(env: NodeJS.ProcessEnv, service: string): string | undefined {
  const value = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The configuration every gceb AWS client shares: region, endpoint override, the default
 * credential chain (static keys in `env` used directly unless a profile is chosen), retries, timeouts.
 */
export function awsClientConfig(options: AwsAccessOptions, endpoint: string | undefined) {
  const { env } = options;
  const profile = options.profile ?? (env.AWS_PROFILE || undefined);
  const staticKeys =
    !options.profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  const region = resolveAwsRegion(options);
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(staticKeys ? { credentials: staticKeys } : profile ? { profile } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  };
}
