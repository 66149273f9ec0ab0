import { UserError } from '../errors.js';

export interface CrossCheckPair {
  rule: string;
  eventId: string;
  /** The exact JSON strings sent to TestEventPattern. */
  event: string;
  pattern: string;
  /** The local engine's answer. */
  local: boolean;
}

export interface CrossCheckFinding extends CrossCheckPair {
  aws: boolean;
}

export interface CrossCheckResult {
  checked: number;
  agreed: number;
  disagreements: CrossCheckFinding[];
  /** Pairs AWS could not answer (throttled past the retry budget, invalid, ...). */
  errors: Array<{ rule: string; eventId: string; message: string }>;
}

/**
 * Sends each distinct (event, pattern) pair to AWS TestEventPattern and
 * reports every disagreement with the local engine. (Placeholder until the AWS module lands.)
 */
export async function crossCheck(
  _pairs: CrossCheckPair[],
  _options: { env: NodeJS.ProcessEnv; region?: string; concurrency?: number; signal?: AbortSignal },
): Promise<CrossCheckResult> {
  throw new UserError('--cross-check is not implemented yet.');
}
