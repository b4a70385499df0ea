import { FLEX_FLOW_RATE_LIMITS, flexFlowEndpoint, scaleRateLimits, type FlexFlowEndpoint, type RateLimits } from '../model/limits.js';

/**
 * Twilio's per-endpoint limits for one account, as token buckets: each endpoint's bucket holds one
 * second of its rate (a burst of 10 creates gets 2 through at once, then 2 a second) and refills
 * continuously. The clock is the emulator's, so a frozen test clock never refills: exact tests.
 * Twilio documents the rates, not the algorithm; a bucket is the usual reading of "N per second".
 */
export class RateLimiter {
  readonly #rates: RateLimits;
  readonly #now: () => number;
  #buckets = new Map<FlexFlowEndpoint, { tokens: number; at: number }>();

  /** `scale` multiplies every rate (and so every bucket), so that tests and benchmarks keep the shape in less time. */
  constructor(scale: number, now: () => number) {
    this.#rates = scaleRateLimits(FLEX_FLOW_RATE_LIMITS, scale);
    this.#now = now;
  }

  /** Takes a token for the request's endpoint; false means over the limit (429). Other paths are not limited. */
  admit(method: string, path: string): boolean {
    const endpoint = flexFlowEndpoint(method, path);
    if (endpoint === undefined) return true;
    const rate = this.#rates[endpoint];
    const now = this.#now();
    const bucket = this.#buckets.get(endpoint) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.#buckets.set(endpoint, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Full buckets again (as `POST /_emulator/reset`). */
  reset(): void {
    this.#buckets = new Map();
  }
}
