/** When to give up retrying, and how long to wait between attempts. */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default 10. */
  readonly maxAttempts: number;
  /** No retry starts later than this many ms after the first attempt. Default 120000. */
  readonly maxTotalMs: number;
  /** The first backoff ceiling; it doubles with every attempt. Default 200. */
  readonly baseDelayMs: number;
  /** The largest backoff ceiling (Retry-After may ask for longer). Default 20000. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 10,
  maxTotalMs: 120_000,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
});

/** A Retry-After header as ms to wait: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

export interface RetryDelayInput {
  /** The Retry-After header of the failed answer; undefined (as absent) when it carried none, as a header read may be. */
  readonly retryAfter?: string | undefined;
  /** A number in [0, 1): the jitter. */
  readonly random: () => number;
  /** Current time in ms since the epoch (for an HTTP-date Retry-After). Default 0. */
  readonly now?: number;
  /** Time spent since the first attempt, in ms. Default 0. */
  readonly elapsedMs?: number;
  readonly policy?: RetryPolicy;
}

/**
 * How long to wait before the next attempt, after `attempt` attempts failed (1 after the first),
 * or undefined to give up. Exponential backoff with full jitter (a uniform wait up to a doubling
 * ceiling, so that throttled clients spread out), but never shorter than the server's Retry-After.
 */
export function retryDelay(attempt: number, input: RetryDelayInput): number | undefined {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  if (attempt >= policy.maxAttempts) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = Math.floor(input.random() * ceiling);
  const serverAsks = parseRetryAfter(input.retryAfter, input.now ?? 0) ?? 0;
  const delay = Math.max(backoff, serverAsks);
  if ((input.elapsedMs ?? 0) + delay > policy.maxTotalMs) return undefined;
  return delay;
}
