/** How a request that held a slot ended; only `throttled` (HTTP 429) and `success` steer the limit. */
export type RequestOutcome = 'success' | 'throttled' | 'other';

export interface Permit {
  release(outcome: RequestOutcome): void;
}

export interface AdaptiveLimiterOptions {
  /** Most requests in flight, and the limit the limiter recovers to. */
  readonly max: number;
  /** Successes it takes to raise the limit by one. Default 5. */
  readonly increaseAfter?: number;
  /** false: a fixed cap of `max` that ignores 429s (the baseline the benchmark compares with). Default true. */
  readonly adaptive?: boolean;
}

/**
 * Caps requests in flight and adapts the cap AIMD-style: a 429 halves it, every `increaseAfter`
 * successes add one back, up to `max`. A burst of 429s from requests that were already in flight
 * when the limit dropped counts as one signal (they were sent under the old limit), so one
 * overload does not collapse the limit to 1. Event-driven, so it needs no clock.
 */
export class AdaptiveLimiter {
  readonly max: number;
  readonly #increaseAfter: number;
  readonly #adaptive: boolean;
  #limit: number;
  #inFlight = 0;
  #successes = 0;
  /** Bumped on every decrease; a permit remembers the epoch it was granted in. */
  #epoch = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(options: AdaptiveLimiterOptions) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError('max must be an integer >= 1');
    this.max = options.max;
    this.#limit = options.max;
    this.#increaseAfter = options.increaseAfter ?? 5;
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
    const epoch = this.#epoch;
    let released = false;
    return {
      release: (outcome) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        if (this.#adaptive) this.#adapt(outcome, epoch);
        this.#pump();
      },
    };
  }

  #adapt(outcome: RequestOutcome, epoch: number): void {
    if (outcome === 'throttled') {
      if (epoch !== this.#epoch) return;
      this.#limit = Math.max(1, Math.floor(this.#limit / 2));
      this.#successes = 0;
      this.#epoch += 1;
    } else if (outcome === 'success' && this.#limit < this.max) {
      this.#successes += 1;
      if (this.#successes >= this.#increaseAfter) {
        this.#limit += 1;
        this.#successes = 0;
      }
    }
  }

  #pump(): void {
    while (this.#inFlight < this.#limit && this.#waiting.length > 0) {
      const next = this.#waiting.shift();
      this.#inFlight += 1;
      next?.();
    }
  }
}
