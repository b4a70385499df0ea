import { UnsafePlanError } from '../errors.js';
import { MAX_FLOWS_PER_ACCOUNT } from '../model/limits.js';
import { compileGlobs } from '../settings/globs.js';
import type { Settings } from '../settings/types.js';
import { identityRings } from './identity.js';
import type { Plan } from './types.js';

export interface SafetyOverrides {
  /** `--max-delete-fraction`: replaces the settings file's `max_delete_fraction` for this run. */
  readonly maxDeleteFraction?: number;
  /** `--max-update-fraction`: replaces the settings file's `max_update_fraction` for this run. */
  readonly maxUpdateFraction?: number;
}

/** A share as a percentage: one decimal, or as many more as it takes to tell it from `other`. */
function percent(fraction: number, other: number): string {
  const shown = (value: number, decimals: number): string => `${Number((value * 100).toFixed(decimals))}%`;
  let decimals = 1;
  while (decimals < 10 && shown(fraction, decimals) === shown(other, decimals)) decimals += 1;
  return shown(fraction, decimals);
}

/** octoDNS's TooMuchChange for one action: more than `allowed` of the live flows. */
function tooMuch(action: 'delete' | 'update', count: number, liveCount: number, allowed: number): string | undefined {
  const fraction = count / liveCount;
  if (count === 0 || fraction <= allowed) return undefined;
  const needed = Math.ceil(fraction * 100) / 100;
  return (
    `refusing to ${action} ${count} of ${liveCount} live flows (${percent(fraction, allowed)}), more than the allowed ` +
    `${percent(allowed, fraction)}; if that is intended, raise the limit with --max-${action}-fraction ${needed} ` +
    `or max_${action}_fraction: ${needed} in flexflow-sync.yaml`
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

function names(list: readonly string[]): string {
  return list.map((name) => JSON.stringify(name)).join(', ');
}

/**
 * Why the safety rails refuse a plan, as messages; empty when they allow it. A plan made by diff
 * keeps prune, protect, ignore and the empty-folder rule by construction; a saved plan is checked
 * against them again, so an edited plan file cannot delete what the settings keep. The shares
 * (octoDNS's thresholds for deletes and for updates) count the managed live flows, and only once at
 * least `minLiveForDeleteGuard` are live.
 */
export function safetyRefusals(plan: Plan, liveCount: number, settings: Settings, overrides: SafetyOverrides = {}): string[] {
  const refusals: string[] = [];
  const deletes = plan.changes.filter((change) => change.action === 'delete').map((change) => change.friendly_name);
  const isProtected = compileGlobs(settings.protect);
  const isIgnored = compileGlobs(settings.ignore);
  if (deletes.length > 0 && !settings.prune) refusals.push(`the plan deletes ${names(deletes)}, but prune is off in the settings`);
  const protectedDeletes = deletes.filter(isProtected);
  if (protectedDeletes.length > 0) refusals.push(`the plan deletes ${names(protectedDeletes)}, which the settings protect`);
  const ignored = plan.changes.filter((change) => change.action !== 'noop' && isIgnored(change.friendly_name)).map((change) => change.friendly_name);
  if (ignored.length > 0) refusals.push(`the plan changes ${names(ignored)}, which the settings ignore`);
  if (deletes.length > 0 && deletes.length === plan.changes.length) refusals.push('the plan deletes flows but declares none (an empty flows folder never deletes anything)');
  for (const ring of identityRings(plan.changes)) {
    refusals.push(
      `the contact identities of ${names(ring)} pass round in a ring, which no order of updates can apply (Twilio refuses two enabled flows alike at any moment); ` +
        `apply it in two steps: first give ${JSON.stringify(ring[0])} a spare contact_identity (or enabled: false), then the rest`,
    );
  }
  if (liveCount >= settings.minLiveForDeleteGuard) {
    const { delete: deleteCount, update: updateCount } = plan.summary;
    for (const refusal of [
      tooMuch('delete', deleteCount, liveCount, overrides.maxDeleteFraction ?? settings.maxDeleteFraction),
      tooMuch('update', updateCount, liveCount, overrides.maxUpdateFraction ?? settings.maxUpdateFraction),
    ]) {
      if (refusal !== undefined) refusals.push(refusal);
    }
  }
  return refusals;
}

/** The refusals as one error, for the CLI to print after it has shown the refused plan. */
export function refusalError(refusals: readonly string[]): UnsafePlanError {
  return new UnsafePlanError(refusals.join('; '));
}
