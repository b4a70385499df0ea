import { compileGlobs } from '../settings/globs.js';
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

/** The writes a targeted fault can strike, whatever the kind of resource. */
const WRITE_OPERATIONS = ['create', 'update', 'delete'] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];

/** Name globs per write operation: a write whose resource name matches is refused with a 400. */
export type TargetedFaults = Readonly<Record<WriteOperation, string | undefined>>;

/**
 * Whether a write must fail: for a test that needs one named flow to fail (a Twilio 400 on the create
 * of "Support") while everything else succeeds. Keyed on the resource's name, not on a field of Flex
 * Flows, so another kind of resource can use it with its own key. An update matches on the name the
 * resource had or is given.
 */
export function compileTargetedFaults(faults: TargetedFaults): (operation: WriteOperation, names: readonly string[]) => boolean {
  const matchers = new Map(
    WRITE_OPERATIONS.map((operation) => [operation, compileGlobs(faults[operation] === undefined ? [] : [faults[operation]])]),
  );
  return (operation, names) => names.some((name) => matchers.get(operation)?.(name) === true);
}
