import { UnsafePlanError } from '../errors.js';
import { MAX_FLOWS_PER_ACCOUNT } from '../model/limits.js';
import type { Settings } from '../settings/types.js';
import type { Plan } from './types.js';

export interface SafetyOverrides {
  /** `--max-delete-fraction`: replaces the settings file's `max_delete_fraction` for this run. */
  readonly maxDeleteFraction?: number;
}

/** A share as a percentage: one decimal, or as many more as it takes to tell it from `other`. */
function percent(fraction: number, other: number): string {
  const shown = (value: number, decimals: number): string => `${Number((value * 100).toFixed(decimals))}%`;
  let decimals = 1;
  while (decimals < 10 && shown(fraction, decimals) === shown(other, decimals)) decimals += 1;
  return shown(fraction, decimals);
}

/**
 * Refuses a plan that deletes more than the allowed share of the live flows (octoDNS's
 * TooMuchChange), once at least `minLiveForDeleteGuard` flows are live.
 */
export function checkSafety(plan: Plan, liveCount: number, settings: Settings, overrides: SafetyOverrides = {}): void {
  const allowed = overrides.maxDeleteFraction ?? settings.maxDeleteFraction;
  const deletes = plan.summary.delete;
  if (deletes === 0 || liveCount < settings.minLiveForDeleteGuard) return;
  const fraction = deletes / liveCount;
  if (fraction <= allowed) return;
  const needed = Math.ceil(fraction * 100) / 100;
  throw new UnsafePlanError(
    `refusing to delete ${deletes} of ${liveCount} live flows (${percent(fraction, allowed)}), more than the allowed ` +
      `${percent(allowed, fraction)}; if that is intended, raise the limit with --max-delete-fraction ${needed} ` +
      `or max_delete_fraction: ${needed} in flexflow-sync.yaml`,
  );
}

/**
 * Refuses, before any write, a plan that would leave the account with more flows than Twilio
 * allows: its creates would fail part-way. `liveTotal` counts every live flow, ignored ones too.
 */
export function checkAccountCap(plan: Plan, liveTotal: number): void {
  const after = liveTotal + plan.summary.create - plan.summary.delete;
  if (after <= MAX_FLOWS_PER_ACCOUNT) return;
  throw new UnsafePlanError(
    `refusing a plan that would leave ${after.toLocaleString('en-US')} flows in the account ` +
      `(${liveTotal.toLocaleString('en-US')} live + ${plan.summary.create} to create - ${plan.summary.delete} to delete); ` +
      `Twilio allows at most ${MAX_FLOWS_PER_ACCOUNT.toLocaleString('en-US')} per account: declare fewer flows, or delete unused ones (prune: true)`,
  );
}
