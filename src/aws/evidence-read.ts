/** Reading AWS evidence tolerantly: a call that fails (AccessDenied above all) is recorded, and the rest still runs. */

import { UserError } from '../errors.js';
import { redactSecrets } from '../secrets.js';
import { awsErrorCode } from './errors.js';

/** What could not be read, and the IAM action that would let gceb read it. */
export interface UnreadableEvidence {
  /** The IAM action, e.g. `cloudwatch:GetMetricData`. */
  action: string;
  /** What was being read, e.g. `metrics of rule 'calls'`. */
  what: string;
  /** AWS's error code (`AccessDeniedException`, `AuthorizationError`, ...). */
  code: string;
  message: string;
  /** True when AWS said the identity lacks the permission. */
  denied: boolean;
}

export type EvidenceRead<T> = { ok: true; value: T } | { ok: false; unreadable: UnreadableEvidence };

/** The codes AWS services use for "not allowed": JSON services, query services (SNS, STS, CloudWatch), S3. */
const DENIED_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'AuthorizationError', 'AuthorizationErrorException', 'UnauthorizedOperation']);

export function isAccessDenied(error: unknown): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && DENIED_CODES.has(code);
}

/**
 * Runs one evidence read. Aborts propagate; every other failure becomes an `UnreadableEvidence`
 * naming the IAM action (the one in AWS's message when it names one), with secrets removed.
 */
export async function readEvidence<T>(
  what: { action: string; what: string },
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
  run: () => Promise<T>,
): Promise<EvidenceRead<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (signal?.aborted || awsErrorCode(error) === 'AbortError') throw new UserError('Interrupted.', { exitCode: 130 });
    const raw = error instanceof Error ? error.message : String(error);
    const denied = isAccessDenied(error);
    const named = /not authorized to perform:?\s*([\w-]+:[\w]+)/.exec(raw)?.[1];
    const scrub = (text: string) => redactSecrets(text, env, env.AWS_ACCESS_KEY_ID ? [env.AWS_ACCESS_KEY_ID] : []);
    return {
      ok: false,
      unreadable: { action: named ?? what.action, what: what.what, code: awsErrorCode(error) ?? 'Error', message: scrub(raw), denied },
    };
  }
}
