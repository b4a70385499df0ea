import type { DesiredResource } from '../flows/types.js';
import type { Settings } from '../settings/types.js';
import { type LiveByKind, diff } from './diff.js';
import { addressClaimRefusals } from './addressClaims.js';
import { pairMigrations, pendingMigrationRefusals } from './migrations.js';
import { type SafetyOverrides, checkSafety, countLive } from './safety.js';
import { targetPlan } from './targeting.js';
import type { CountedPlan, Plan } from './types.js';

export interface MakePlanInput {
  readonly desired: readonly DesiredResource[];
  /** Every live resource of each kind the plan covers, ignored ones included. */
  readonly live: LiveByKind;
  /** Live resources of kinds the plan does not cover, read only to see which addresses they hold (addressClaims.ts). */
  readonly neighbours?: LiveByKind;
  readonly settings: Settings;
  /** `--max-delete-fraction` and `--max-update-fraction`; replace the settings file's values. */
  readonly overrides?: SafetyOverrides;
  /** `--target` globs: when given, the plan keeps only the changes they match (plan/targeting). */
  readonly targets?: readonly string[];
}

export interface MadePlan {
  /** The plan, with the live counts its safety rails weighed. */
  readonly plan: CountedPlan;
  /** Why the safety rails refuse the plan (empty: allowed): the CLI shows the plan, then refuses. */
  readonly refusals: readonly string[];
}

/**
 * The plan and the safety rails' verdict on it: data in, data out (octoDNS's Plan with its
 * raise_if_unsafe; changesets' assembleReleasePlan). A plan that would leave more resources of a
 * kind than Twilio allows is refused outright (UnsafePlanError).
 */
export function makePlan({ desired, live, neighbours = {}, settings, overrides, targets = [] }: MakePlanInput): MadePlan {
  const full = pairMigrations(diff(desired, live, settings), desired, live);
  // The rails weigh what will be applied: the targeted changes.
  const weighed = weighPlan(targets.length === 0 ? full : targetPlan(full, targets), { desired, live, neighbours, settings, overrides });
  return { plan: weighed.plan, refusals: [...pendingMigrationRefusals(weighed.plan, desired, live), ...weighed.refusals] };
}

/**
 * The rails a plan made from files and a saved one (apply PLANFILE, weighed against a fresh listing)
 * both meet, so that the two cannot drift apart: the plan counted against `live`, the addresses it
 * creates that a live resource holds, and checkSafety. `desired` exempts the holders a file names in
 * migrated_from; a saved plan passes none, since it deletes the resource it replaces itself.
 */
export function weighPlan(
  plan: Plan,
  {
    desired,
    live,
    neighbours,
    settings,
    overrides,
  }: Required<Omit<MakePlanInput, 'targets' | 'overrides'>> & { readonly overrides?: SafetyOverrides | undefined },
): MadePlan {
  const counted = countLive(plan, live, settings);
  return {
    plan: counted,
    refusals: [...addressClaimRefusals(counted, desired, { ...neighbours, ...live }), ...checkSafety(counted, settings, overrides)],
  };
}
