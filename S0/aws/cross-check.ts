import { setTimeout as delay } from 'node:timers/promises';
import { TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { UserError } from '../errors.js';
import { EventBridgeAccess } from './discovery.js';
import { awsErrorCode, awsErrorToUserError, isFatalAwsError, isThrottlingError } from './errors.js';

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
  /** Distinct (event, pattern) pairs AWS answered: `agreed + disagreements.length`. */
  checked: number;
  agreed: number;
  disagreements: CrossCheckFinding[];
  /** Pairs AWS could not answer (throttled past the retry budget, invalid, ...). */
  errors: Array<{ rule: string; eventId: string; message: string }>;
  /** Distinct pairs sent (answered or not); input pairs with the same event and pattern are sent once. */
  distinct?: number;
}

export interface CrossCheckOptions {
  env: NodeJS.ProcessEnv;
  region?: string;
  profile?: string;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Our own retries of throttled calls on top of the SDK's: shared by the whole run. */
  retry?: { budget?: number; perPair?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** The SDK's attempts per call (its standard retry strategy); default 3. */
  sdkMaxAttempts?: number;
  /** Called after each distinct pair is settled. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Sends each distinct (event, pattern) pair to AWS TestEventPattern and
 * reports every disagreement with the local engine. Access and credential
 * failures stop the run with a UserError; anything else that keeps one pair
 * from being answered is listed in `errors`.
 */
export async function crossCheck(pairs: CrossCheckPair[], options: CrossCheckOptions): Promise<CrossCheckResult> {
  const distinct = new Map<string, CrossCheckPair>();
  for (const pair of pairs) {
    const key = `${pair.pattern}\u0000${pair.event}`;
    if (!distinct.has(key)) distinct.set(key, pair);
  }
  const queue = [...distinct.values()];
  const result: CrossCheckResult = { checked: 0, agreed: 0, disagreements: [], errors: [], distinct: queue.length };
  if (queue.length === 0) return result;

  const budget = { left: options.retry?.budget ?? 20 };
  const perPair = options.retry?.perPair ?? 4;
  const baseDelay = options.retry?.baseDelayMs ?? 1_000;
  const maxDelay = options.retry?.maxDelayMs ?? 20_000;
  const eb = new EventBridgeAccess({ env: options.env, region: options.region, profile: options.profile, maxAttempts: options.sdkMaxAttempts });
  const answers: Array<{ pair: CrossCheckPair; aws?: boolean; error?: string }> = new Array(queue.length);
  let next = 0;
  let done = 0;
  let fatal: unknown;

  async function ask(pair: CrossCheckPair): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const out = await eb.client.send(new TestEventPatternCommand({ Event: pair.event, EventPattern: pair.pattern }), {
          abortSignal: options.signal,
        });
        if (typeof out.Result !== 'boolean') throw new Error('TestEventPattern returned no Result');
        return out.Result;
      } catch (error) {
        if (!isThrottlingError(error) || attempt >= perPair || budget.left <= 0) throw error;
        budget.left -= 1;
        const cap = Math.min(maxDelay, baseDelay * 2 ** attempt);
        await delay(cap / 2 + Math.random() * (cap / 2), undefined, { signal: options.signal });
      }
    }
  }

  async function worker(): Promise<void> {
    while (fatal === undefined && next < queue.length) {
      const index = next++;
      const pair = queue[index]!;
      try {
        answers[index] = { pair, aws: await ask(pair) };
      } catch (error) {
        if (options.signal?.aborted || isFatalAwsError(error) || error instanceof UserError) {
          fatal ??= error;
          return;
        }
        const code = awsErrorCode(error);
        const text = error instanceof Error ? error.message : String(error);
        const why = isThrottlingError(error) ? 'throttled past the retry budget' : code ? `${code}: ${text}` : text;
        answers[index] = { pair, error: `not answered: ${why}` };
      }
      done += 1;
      options.onProgress?.(done, queue.length);
    }
  }

  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? 4, queue.length));
    await Promise.all(Array.from({ length: workers }, () => worker()));
  } finally {
    eb.close();
  }
  if (fatal !== undefined) {
    if (options.signal?.aborted) throw new UserError('Interrupted.', { exitCode: 130 });
    throw awsErrorToUserError(fatal, { operation: 'TestEventPattern', region: eb.region }, options.env);
  }
  for (const answer of answers) {
    if (!answer) continue;
    const { pair } = answer;
    if (answer.aws === undefined) {
      result.errors.push({ rule: pair.rule, eventId: pair.eventId, message: answer.error ?? 'not answered' });
    } else if (answer.aws === pair.local) {
      result.checked += 1;
      result.agreed += 1;
    } else {
      result.checked += 1;
      result.disagreements.push({ ...pair, aws: answer.aws });
    }
  }
  return result;
}
