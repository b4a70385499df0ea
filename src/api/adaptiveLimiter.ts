/** How a request that held a slot ended; only `throttled` (HTTP 429) and `success` steer the limit. */
export type RequestOutcome = 'success' | 'throttled' | 'other';

export interface Permit {
  release(outcome: RequestOutcome): void;
}

export interface AdaptiveLimiterOptions {
  /** Most requests in flight, and the limit the limiter recovers to. */
  readonly max: number;
  /** false: a fixed cap of `max` that ignores 429s (the baseline the benchmark compares with). Default true. */
  readonly adaptive?: boolean;
}

/**
 * Share of a round's answers that must be 429 before the limit drops. Below it, 429s are taken as
 * the account's background refusals, which fewer requests in flight would not prevent.
 */
const OVERLOAD_SHARE = 0.3;

/**
 * Caps requests in flight and adapts the cap, AIMD-style, once per round (as many answers as the
 * limit): when at least OVERLOAD_SHARE of the round was refused with 429, the limit is above what
 * the account takes and drops by the refused share (32 in flight against a cap of 8: 24 refused,
 * limit 8); otherwise it grows by one, up to `max`. Deciding on the share rather than on each 429
 * keeps scattered 429s from collapsing the limit to 1 (halving on every 429 made a run under 20%
 * random 429s three times slower than no adaptation at all, in bench/run.ts's storm), and one burst
 * of refusals is one decision. Event-driven, so it needs no clock.
 */
export class AdaptiveLimiter {
  readonly max: number;
  readonly #adaptive: boolean;
  #limit: number;
  #inFlight = 0;
  #roundSucceeded = 0;
  #roundThrottled = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: AdaptiveLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError('max must be an integer >= 1');
    this.max = options.max;
    this.#limit = options.max;
    this.#adaptive = options.adaptive ?? true;
  }

  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  async acquire(): Promise<Permit> {
    if (this.#inFlight < this.#limit && this.#waiting.length === 0) {
      this.#inFlight += 1;
    } else {
      // #pump() counts the slot when it wakes us, so that two pumps cannot over-admit.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        if (this.#adaptive) this.#adapt(outcome);
        this.#pump();
      },
    };
  }

  #adapt(outcome: RequestOutcome): void {
    if (outcome === 'other') return;
    if (outcome === 'throttled') this.#roundThrottled += 1;
    else this.#roundSucceeded += 1;
    const answered = this.#roundThrottled + this.#roundSucceeded;
    if (answered < this.#limit) return;
    const refused = this.#roundThrottled / answered;
    if (refused >= OVERLOAD_SHARE) this.#limit = Math.max(1, Math.ceil(this.#limit * (1 - refused)));
    else if (this.#limit < this.max) this.#limit += 1;
    this.#roundThrottled = 0;
    this.#roundSucceeded = 0;
  }

  #pump(): void {
    while (this.#inFlight < this.#limit && this.#waiting.length > 0) {
      const next = this.#waiting.shift();
      this.#inFlight += 1;
      next?.();
    }
  }
}
