import type { SeededRng } from './rng.js';

export interface FaultSettings {
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly errorRate: number;
  readonly resetRate: number;
  /** The answers `errorRate` draws from, each equally likely. */
  readonly errorStatuses: readonly ErrorStatus[];
}

export const ERROR_STATUSES = [429, 500, 503] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

type Fault = { readonly kind: 'status'; readonly status: ErrorStatus } | { readonly kind: 'reset' };

export interface FaultDecision {
  readonly delayMs: number;
  readonly fault: Fault | null;
  /**
   * For a write: strike after the change is committed (the client sees an error, yet the change
   * happened). Never for 429, which promises the request was not processed.
   */
  readonly afterCommit: boolean;
}

/**
 * What happens to one request. It always draws four numbers, so the n-th request of a run meets
 * the same fate for a given seed, whatever the earlier requests were.
 */
export function decideFault(rng: SeededRng, settings: FaultSettings): FaultDecision {
  const jitter = rng.next();
  const roll = rng.next();
  const kind = rng.next();
  const phase = rng.next();
  const delayMs = settings.latencyMs + Math.floor(jitter * settings.jitterMs);
  let fault: Fault | null = null;
  if (roll < settings.errorRate) {
    fault = { kind: 'status', status: settings.errorStatuses[Math.floor(kind * settings.errorStatuses.length)] ?? 500 };
  } else if (roll < settings.errorRate + settings.resetRate) {
    fault = { kind: 'reset' };
  }
  const afterCommit = fault !== null && !(fault.kind === 'status' && fault.status === 429) && phase < 0.5;
  return { delayMs, fault, afterCommit };
}
