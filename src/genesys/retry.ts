/** How hard the client tries before giving up. All times in milliseconds. */
export interface RetryPolicy {
  /** Attempts in total (first try included) for 5xx and dropped connections. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A single Retry-After longer than this is capped to it. */
  maxRetryAfterMs: number;
  /** Total time spent waiting on 429s for one request before giving up. */
  rateLimitBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  rateLimitBudgetMs: 180_000,
};

/** Capped exponential backoff with full jitter: uniform in [0, min(max, base·2^retry)). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * The wait after the `retry`-th (0-based) 429 that came without `Retry-After`:
 * capped exponential backoff with equal jitter, uniform in [c/2, c) with
 * c = min(max, base·2^retry), so repeated 429s always wait longer.
 */
export function rateLimitDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** Calls `emit` each time `next` passes while waiting; `next` then moves on by `every`. */
export interface WaitingTicker {
  next: number;
  every: number;
  emit: () => void;
}

/** `sleep`, waking for the ticker's notices on the way. */
export async function sleepNoticing(ms: number, signal: AbortSignal | undefined, ticker: WaitingTicker | undefined): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const now = Date.now();
    if (now >= until) return;
    const wake = ticker ? Math.min(until, Math.max(now, ticker.next)) : until;
    await sleep(wake - now, signal);
    if (ticker && Date.now() >= ticker.next) {
      ticker.emit();
      ticker.next += ticker.every;
    }
  }
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
