import { UserInputError } from '../errors.js';
import { FLEX_FLOW } from '../model/kinds.js';
import {
  FLEX_FLOW_ENDPOINTS,
  FLEX_FLOW_RATE_LIMITS,
  MIN_RATE,
  resourceEndpoint,
  scaleRateLimits,
  type FlexFlowEndpoint,
  type RateLimits,
} from '../model/limits.js';

/**
 * Multiplies every budget: for an emulator started with `--rate-scale K` (it prints this variable),
 * so that a scaled run keeps Twilio's shape. Real accounts whose limits Twilio raised set
 * `rate_limits:` in flexflow-sync.yaml instead.
 */
export const RATE_SCALE_ENV = 'FLEXFLOW_RATE_SCALE';

/**
 * With a budget of one request a second or less the client's bucket is as large as Twilio's (if
 * Twilio's holds one second), so a request that the network delivers a little early would find it
 * empty; such budgets wait this much longer between requests.
 */
export const JITTER_ALLOWANCE_MS = 50;

export interface PacerOptions {
  /** The collection whose endpoints `rates` limit (ResourceKind.api.collection). Default: the Flex Flows'. */
  readonly collection?: string;
  /** Default: performance.now. */
  readonly now?: () => number;
  /** Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Budget {
  readonly intervalMs: number;
  /** How far ahead of its slot a request may go: (burst - 1) intervals. */
  readonly toleranceMs: number;
  /** The time the next request is due if none went early (GCRA's theoretical arrival time). */
  due: number;
}

/**
 * One token bucket per endpoint, as a virtual schedule (GCRA): each request reserves the next slot
 * of its endpoint's budget and waits for it. The burst is half a second of the budget (at least one
 * request), so Twilio's bucket, if it holds a second, always keeps half a second in reserve against
 * network jitter. Creates, updates and deletes draw on separate budgets as Twilio limits them
 * separately, which lets creates and updates run side by side at their own rates.
 */
export class Pacer {
  readonly #budgets = new Map<FlexFlowEndpoint, Budget>();
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #collection: string;

  constructor(rates: RateLimits, options: PacerOptions = {}) {
    this.#collection = options.collection ?? FLEX_FLOW.api.collection;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    for (const endpoint of FLEX_FLOW_ENDPOINTS) {
      const rate = rates[endpoint];
      const burst = Math.max(1, Math.floor(rate / 2));
      const intervalMs = 1000 / rate + (burst >= rate ? JITTER_ALLOWANCE_MS : 0);
      this.#budgets.set(endpoint, { intervalMs, toleranceMs: (burst - 1) * intervalMs, due: -Infinity });
    }
  }

  /** Waits for the request's turn in its endpoint's budget; requests to other paths go at once. */
  async wait(method: string, path: string): Promise<void> {
    const budget = this.#budget(method, path);
    if (budget === undefined) return;
    const now = this.#now();
    const due = Math.max(budget.due, now);
    const sendAt = Math.max(now, due - budget.toleranceMs);
    budget.due = due + budget.intervalMs;
    if (sendAt > now) await this.#sleep(sendAt - now);
  }

  /**
   * A 429 says the account's bucket is empty (another client shares it, or the limits are lower
   * than configured): the next request waits a full interval instead of spending a burst.
   */
  throttled(method: string, path: string): void {
    const budget = this.#budget(method, path);
    if (budget !== undefined) budget.due = Math.max(budget.due, this.#now() + budget.toleranceMs + budget.intervalMs);
  }

  #budget(method: string, path: string): Budget | undefined {
    const endpoint = resourceEndpoint(this.#collection, method, path);
    return endpoint === undefined ? undefined : this.#budgets.get(endpoint);
  }
}

/**
 * The budgets the client paces to: Twilio's documented rates (`defaults`: a kind's `rateLimits`),
 * replaced per endpoint by the settings' `rate_limits:`, all multiplied by FLEXFLOW_RATE_SCALE when set.
 */
export function pacingRates(
  overrides: Partial<RateLimits>,
  env: Readonly<Record<string, string | undefined>>,
  defaults: RateLimits = FLEX_FLOW_RATE_LIMITS,
): RateLimits {
  const raw = env[RATE_SCALE_ENV]?.trim();
  const scale = raw === undefined || raw === '' ? 1 : Number(raw);
  if (!Number.isFinite(scale) || scale < MIN_RATE) {
    throw new UserInputError(
      `${RATE_SCALE_ENV} must be a number of at least ${MIN_RATE} (the emulator's --rate-scale), or unset for Twilio's own limits; got ${JSON.stringify(raw)}`,
    );
  }
  return scaleRateLimits({ ...defaults, ...overrides }, scale);
}
