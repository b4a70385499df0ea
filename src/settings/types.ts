import type { RateLimits } from '../model/limits.js';

/** The committed `flexflow-sync.yaml`: what may be deleted, and what is never touched. */
export interface Settings {
  /** Delete live flows that no file declares. Default false. */
  readonly prune: boolean;
  /** Friendly-name globs the tool never reads into the plan, never changes, never deletes. */
  readonly ignore: readonly string[];
  /** Friendly-name globs never deleted (they may still be created and updated). */
  readonly protect: readonly string[];
  /** Largest share of live flows one plan may delete. Default 0.3. */
  readonly maxDeleteFraction: number;
  /** The shares are only checked when at least this many flows are live. Default 10. */
  readonly minLiveForDeleteGuard: number;
  /** Largest share of live flows one plan may update. Default 0.3. */
  readonly maxUpdateFraction: number;
  /** Requests per second apply paces to, per endpoint, where Twilio raised the account's limits. Default: none (Twilio's documented limits). */
  readonly rateLimits: Partial<RateLimits>;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  prune: false,
  ignore: Object.freeze([]),
  protect: Object.freeze([]),
  maxDeleteFraction: 0.3,
  minLiveForDeleteGuard: 10,
  maxUpdateFraction: 0.3,
  rateLimits: Object.freeze({}),
});
