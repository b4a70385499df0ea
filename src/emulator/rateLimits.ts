import type { ResourceKind } from '../model/kind.js';
import { KINDS } from '../model/kinds.js';
import { type RateLimits, resourceEndpoint, scaleRateLimits } from '../model/limits.js';

/**
 * Twilio's per-endpoint limits for one account, as token buckets: each endpoint's bucket holds one
 * second of its rate (a burst of 10 creates gets 2 through at once, then 2 a second) and refills
 * continuously. Every kind's endpoints have their own buckets, at the kind's rates. The clock is the
 * emulator's, so a frozen test clock never refills: exact tests. Twilio documents the rates, not the
 * algorithm; a bucket is the usual reading of "N per second".
 */
export class RateLimiter {
  readonly #kinds: readonly ResourceKind[];
  readonly #rates: ReadonlyMap<ResourceKind, RateLimits>;
  readonly #now: () => number;
  #buckets = new Map<string, { tokens: number; at: number }>();

  /** `scale` multiplies every rate (and so every bucket), so that tests and benchmarks keep the shape in less time. */
  constructor(scale: number, now: () => number, kinds: readonly ResourceKind[] = KINDS) {
    this.#kinds = kinds;
    this.#rates = new Map(kinds.map((kind) => [kind, scaleRateLimits(kind.rateLimits, scale)]));
    this.#now = now;
  }

  /** Takes a token for the request's endpoint; false means over the limit (429). Other paths are not limited. */
  admit(method: string, path: string): boolean {
    for (const kind of this.#kinds) {
      const endpoint = resourceEndpoint(kind.api.collection, method, path);
      if (endpoint !== undefined) return this.#take(`${kind.name} ${endpoint}`, (this.#rates.get(kind) as RateLimits)[endpoint]);
    }
    return true;
  }

  /** Full buckets again (as `POST /_emulator/reset`). */
  reset(): void {
    this.#buckets = new Map();
  }

  #take(name: string, rate: number): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(name) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.#buckets.set(name, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
